import ArgumentParser
import Foundation
import PortholeCore
import PortholeSite

struct Digest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write each client's weekly status e-mail as .eml files, one per client and contact language; sends nothing.",
        discussion: """
            The week is the seven days ending on --week (default: today). Each file is a complete message (From the \
            agency's contact, To the client's contacts) that an SMTP server takes as it is; recipients.tsv lists each \
            file with its recipients. See docs/client-email.md for handing them to SMTP from CI.
            """)

    @OptionGroup var content: ContentOptions

    @Option(help: "The last day of the week to report, as YYYY-MM-DD. Default: today.")
    var week: String?

    @Option(help: "The folder the .eml files go to.")
    var output: String = "digest"

    @OptionGroup var reporting: ReportingOptions

    func validate() throws {
        if let week, CalendarDate(iso: week).map({ CalendarDate.contentYears.contains($0.year) }) != true {
            throw ValidationError("--week must be a date that exists, as YYYY-MM-DD between 1970 and 2999 (got '\(week)')")
        }
    }

    func run() async throws {
        let cwd = FileManager.default.currentDirectoryPath
        var build = content.buildOptions(output: "site", checkOnly: true)
        build.strict = reporting.strict
        let options = ClientDigest.Options(
            build: build, week: week.flatMap(CalendarDate.init(iso:)), output: Paths.absolute(output, cwd: cwd))
        let report = await ClientDigest(options: options).run()
        let printer = reporting.printer()
        printer.print(report.diagnostics)
        if reporting.failed(report.diagnostics) || (report.written.isEmpty && !report.mails.isEmpty) {
            printer.printLine(
                "porthole: digest failed\(reporting.strict ? " (--strict)" : ""): \(DiagnosticPrinter.summary(report.diagnostics)); nothing written"
            )
            throw ExitCode(1)
        }
        let shown = Paths.display(options.output, cwd: cwd)
        printer.printLine(
            "wrote \(report.mails.count) e-mail\(report.mails.count == 1 ? "" : "s") to \(shown)/ (recipients in \(shown)/\(ClientDigest.recipientsFile)); nothing was sent; \(DiagnosticPrinter.summary(report.diagnostics))"
        )
    }
}
