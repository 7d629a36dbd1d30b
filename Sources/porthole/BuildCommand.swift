import ArgumentParser
import Foundation
import PortholeCore
import PortholeSite

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the content and write the site (built beside the output folder, then swapped in whole).",
        discussion: """
            Rebuilds are incremental: clients whose content did not change are kept, and files whose bytes did not change \
            are left untouched. A build manifest beside the output folder (.<output>.porthole-manifest) records what was built.
            """)

    @OptionGroup var content: ContentOptions

    @Option(help: "The output folder.")
    var output: String = "site"

    @OptionGroup var baseURL: BaseURLOption

    @Option(name: .customLong("client"), help: "Build only this client (repeatable); the other portals stay as they were.")
    var clients: [String] = []

    @Option(help: "Build a stable part I of N of the clients (I/N, 1-based), for a CI matrix; see docs/publishing.md.")
    var shard: String?

    @Flag(
        help:
            "Rebuild every client built and rewrite its files, ignoring the previous build (for benchmarks and after a tool change); with --client, the other portals still stay as they were."
    )
    var full = false

    @Option(
        help:
            "Where the agency's internal portfolio goes (every client and project, internal content included; never inside the output folder). Default: portfolio/ beside the content folder."
    )
    var portfolio: String?

    @Flag(name: .customLong("no-portfolio"), help: "Do not write the internal portfolio.")
    var noPortfolio = false

    @Flag(
        name: .customLong("no-flush"),
        help:
            "Swap the new site in without waiting for the disk (for a CI runner that uploads site/ and is then discarded). After a restart of the machine, the next build reads back every file the manifest lists before keeping any."
    )
    var noFlush = false

    @OptionGroup var reporting: ReportingOptions

    @Flag(help: "Print nothing but diagnostics.")
    var quiet = false

    func validate() throws {
        for client in clients where !Slug.isValid(client) {
            throw ValidationError("--client '\(client)' is not a client slug")
        }
        if portfolio != nil && noPortfolio {
            throw ValidationError("--portfolio and --no-portfolio cannot be used together")
        }
        if let shard, Self.parseShard(shard) == nil {
            throw ValidationError("--shard must be I/N with 1 <= I <= N, like 2/4 (got '\(shard)')")
        }
    }

    static func parseShard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else {
            return nil
        }
        return (index, count)
    }

    func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        var options = content.buildOptions(output: output, checkOnly: false)
        options.strict = reporting.strict
        options.clients = clients
        options.shard = shard.flatMap(Self.parseShard)
        options.full = full
        options.flushes = !noFlush
        baseURL.apply(to: &options)
        if !noPortfolio {
            let cwd = FileManager.default.currentDirectoryPath
            options.portfolio = portfolio.map { Paths.absolute($0, cwd: cwd) } ?? options.projectRoot + "/portfolio"
        }
        let progress = ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) == 1 && reporting.format == nil, start: start)
        var withProgress = options
        withProgress.progress = { done, total, pages in progress.update(done: done, total: total, pages: pages) }
        let report = await SiteBuild(options: withProgress).run()
        progress.finish()
        guard Self.describe(report, options: options, reporting: reporting, quiet: quiet, elapsed: Self.seconds(clock.now - start)) else {
            throw ExitCode(1)
        }
    }

    /// Prints a build's diagnostics and summary (`build` and `serve`);
    /// false when the build failed and wrote nothing.
    static func describe(_ report: BuildReport, options: BuildOptions, reporting: ReportingOptions, quiet: Bool, elapsed: Double) -> Bool {
        let cwd = FileManager.default.currentDirectoryPath
        let printer = reporting.printer()
        printer.print(report.diagnostics)
        if let created = report.createdSecretFile {
            printer.printLine(
                "porthole: note: created \(Paths.display(created, cwd: cwd)) (link-portal secret); keep it out of git, or set PORTHOLE_SECRET"
            )
        }
        for client in options.clients where !report.portals.contains(where: { $0.slug == client }) {
            printer.printLine("porthole: warning: no client '\(client)' in the content")
        }
        let display = Paths.display(options.output, cwd: cwd)
        guard !reporting.failed(report.diagnostics), report.wroteSite || report.unchanged else {
            // The portfolio goes in first: a site swap that failed after it
            // leaves the new portfolio beside the old site.
            let portfolioNote = report.wrotePortfolio ? "" : options.portfolio.map { " and \(Paths.display($0, cwd: cwd))" } ?? ""
            printer.printLine(
                "porthole: build failed\(reporting.strict ? " (--strict)" : ""): \(DiagnosticPrinter.summary(report.diagnostics)); \(display)\(portfolioNote) left unchanged"
            )
            return false
        }
        guard !quiet else { return true }
        let portals = report.portals.filter { $0.folder != nil }.count
        let rate = elapsed > 0 ? Int(Double(report.pages) / elapsed) : 0
        if report.unchanged {
            printer.printLine(
                "nothing changed: \(display)/ left as it was (\(portals) portals, \(report.pages) pages) in \(String(format: "%.2f", elapsed)) s; \(DiagnosticPrinter.summary(report.diagnostics))"
            )
        } else {
            printer.printLine(
                "built \(portals) portal\(portals == 1 ? "" : "s") (\(report.projects) project\(report.projects == 1 ? "" : "s"), \(report.rendered) rendered, \(portals - report.rendered) kept) in \(display)/: \(report.pages) pages, \(report.files) files (\(report.written) written, \(report.kept) unchanged) in \(String(format: "%.2f", elapsed)) s, \(rate) pages/s; \(DiagnosticPrinter.summary(report.diagnostics))"
            )
        }
        var previous = Duration.zero
        let stages = report.stages.map { stage -> String in
            defer { previous = stage.at }
            return "\(stage.name) \(String(format: "%.2f", Self.seconds(stage.at - previous))) s"
        }
        if !stages.isEmpty { printer.printLine("  stages: " + stages.joined(separator: ", ")) }
        if let folder = options.portfolio {
            let shown = Paths.display(folder, cwd: cwd)
            if let reason = report.portfolioSkipped {
                printer.printLine(
                    "porthole: note: \(shown)/ not written: \(reason), and a partial portfolio would mislead; a build of every client updates it"
                )
            } else if report.unchanged {
                printer.printLine("portfolio: \(shown)/ left as it was (\(report.portfolioPages) pages; internal: never publish it)")
            } else if report.wrotePortfolio {
                printer.printLine("portfolio: \(report.portfolioPages) pages in \(shown)/ (internal: never publish it)")
            }
        }
        return true
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// "[clients 45/200] 9,120 pages, 4,200 pages/s" on one rewritten terminal
/// line; nothing when standard error is not a terminal (CI logs stay clean).
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let start: ContinuousClock.Instant
    private let lock = NSLock()
    private var lastDraw = ContinuousClock.Instant.now
    private var drawn = false

    init(enabled: Bool, start: ContinuousClock.Instant) {
        self.enabled = enabled
        self.start = start
    }

    func update(done: Int, total: Int, pages: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        guard done == total || now - lastDraw > .milliseconds(100) else { return }
        lastDraw = now
        let elapsed = Build.seconds(now - start)
        let rate = elapsed > 0 ? Int(Double(pages) / elapsed) : 0
        FileHandle.standardError.write(Data("\r\u{1B}[2K[clients \(done)/\(total)] \(pages) pages, \(rate) pages/s".utf8))
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
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

    @OptionGroup var baseURL: BaseURLOption

    func run() async throws {
        var options = content.buildOptions(output: "site", checkOnly: true)
        options.needsSecret = true
        baseURL.apply(to: &options)
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
