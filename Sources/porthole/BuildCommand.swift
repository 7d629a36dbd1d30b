import ArgumentParser
import Foundation
import PortholeCore
import PortholeSite

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the content and write the site (replacing the output folder whole).")

    @OptionGroup var content: ContentOptions

    @Option(help: "The output folder.")
    var output: String = "site"

    @OptionGroup var reporting: ReportingOptions

    @Flag(help: "Print nothing but diagnostics.")
    var quiet = false

    func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        var options = content.buildOptions(output: output, checkOnly: false)
        options.strict = reporting.strict
        let report = await SiteBuild(options: options).run()
        let printer = reporting.printer()
        printer.print(report.diagnostics)
        if let created = report.createdSecretFile {
            printer.printLine("porthole: note: created \(Paths.display(created, cwd: FileManager.default.currentDirectoryPath)) (link-portal secret); keep it out of git, or set PORTHOLE_SECRET")
        }
        guard !reporting.failed(report.diagnostics), report.wroteSite else {
            printer.printLine("porthole: build failed\(reporting.strict ? " (--strict)" : ""): \(DiagnosticPrinter.summary(report.diagnostics)); \(output) left unchanged")
            throw ExitCode(1)
        }
        if !quiet {
            let seconds = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
            let display = Paths.display(options.output, cwd: FileManager.default.currentDirectoryPath)
            printer.printLine("built \(report.portals.filter { $0.folder != nil }.count) portals (\(report.projects) projects, \(report.pages) pages, \(report.files) files) in \(display)/ in \(String(format: "%.2f", seconds)) s; \(DiagnosticPrinter.summary(report.diagnostics))")
        }
    }
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the content and report every problem, writing nothing.")

    @OptionGroup var content: ContentOptions

    @OptionGroup var reporting: ReportingOptions

    func run() async throws {
        let options = content.buildOptions(output: "site", checkOnly: true)
        let report = await SiteBuild(options: options).run()
        let printer = reporting.printer()
        printer.print(report.diagnostics)
        let summary = "\(report.clients) client(s), \(report.projects) project(s): \(DiagnosticPrinter.summary(report.diagnostics))"
        if reporting.failed(report.diagnostics) {
            printer.printLine("porthole: check failed\(reporting.strict ? " (--strict)" : ""): " + summary)
            throw ExitCode(1)
        }
        printer.printLine("check passed: " + summary)
    }
}

struct Links: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print each client's portal URL, for account managers.")

    @OptionGroup var content: ContentOptions

    func run() async throws {
        var options = content.buildOptions(output: "site", checkOnly: true)
        options.needsSecret = true
        let report = await SiteBuild(options: options).run()
        if report.diagnostics.hasErrors {
            DiagnosticPrinter().print(report.diagnostics)
            throw ExitCode(1)
        }
        let base = report.baseURL ?? ""
        for portal in report.portals {
            let url = portal.folder.map { base + $0 + "/" } ?? "(not published)"
            print("\(portal.slug)\t\(portal.access.rawValue)\t\(url)")
        }
    }
}
