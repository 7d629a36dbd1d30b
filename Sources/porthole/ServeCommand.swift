import ArgumentParser
import Foundation
import PortholeCore
import PortholePreview
import PortholeSite

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build, serve the site on http://127.0.0.1 for a preview, and rebuild whenever content or the theme changes.",
        discussion: """
            The same build as `porthole build` (site/ and portfolio/), then a look for changes every --interval seconds: \
            a look that finds none costs one no-op build (file metadata only). Errors are printed as they appear and the \
            last good site stays served. Only 127.0.0.1 is listened on: a preview holds unpublished content.
            """)

    @OptionGroup var content: ContentOptions

    @Option(help: "The output folder.")
    var output: String = "site"

    @Option(help: "The port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 8000

    @Option(help: "Seconds between looks for changes.")
    var interval: Double = 1

    @OptionGroup var reporting: ReportingOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535 (got \(port))") }
        guard (0.1...60).contains(interval) else {
            throw ValidationError("--interval must be between 0.1 and 60 seconds (got \(interval))")
        }
    }

    func run() async throws {
        var settings = content.buildOptions(output: output, checkOnly: false)
        settings.strict = reporting.strict
        settings.portfolio = settings.projectRoot + "/portfolio"
        let options = settings
        let first = await Self.build(options, reporting: reporting)
        let printer = reporting.printer()
        let server = PreviewServer(folder: options.output, port: port)
        let display = Paths.display(options.output, cwd: FileManager.default.currentDirectoryPath)
        do {
            try await serve(server, first: first, options: options, display: display, printer: printer)
        } catch is CancellationError {
        } catch {
            printer.printLine("porthole: error: cannot serve on 127.0.0.1:\(port) (\(error)); choose another --port, or 0 for a free one")
            throw ExitCode(1)
        }
    }

    private func serve(
        _ server: PreviewServer, first: BuildReport, options: BuildOptions, display: String,
        printer: DiagnosticPrinter
    ) async throws {
        let (reporting, interval) = (self.reporting, self.interval)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run { bound in
                    printer.printLine("previewing \(display)/ on http://127.0.0.1:\(bound)/ (Ctrl-C stops); rebuilt when files change")
                    for portal in first.portals {
                        guard let folder = portal.folder else { continue }
                        printer.printLine("  \(portal.slug) (\(portal.access.rawValue)): http://127.0.0.1:\(bound)/\(folder)/")
                    }
                }
            }
            group.addTask {
                // Said once: a build that wrote nothing and found the same
                // problems as the last one stays quiet.
                var said = Self.gist(first)
                while true {
                    try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                    let clock = ContinuousClock()
                    let start = clock.now
                    let report = await SiteBuild(options: options).run()
                    let gist = Self.gist(report)
                    if report.wroteSite || gist != said {
                        _ = Build.describe(
                            report, options: options, reporting: reporting, quiet: false,
                            elapsed: Build.seconds(clock.now - start))
                    }
                    said = gist
                }
            }
            // The server returns on Ctrl-C or SIGTERM; the watcher goes with it.
            try await group.next()
            group.cancelAll()
        }
    }

    /// The first build, described as `porthole build` describes it.
    static func build(_ options: BuildOptions, reporting: ReportingOptions) async -> BuildReport {
        let clock = ContinuousClock()
        let start = clock.now
        let report = await SiteBuild(options: options).run()
        _ = Build.describe(report, options: options, reporting: reporting, quiet: false, elapsed: Build.seconds(clock.now - start))
        return report
    }

    /// What a build found, to tell a new problem from one already shown.
    static func gist(_ report: BuildReport) -> [String] {
        report.diagnostics.entries.map { "\($0.severity) \($0.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "") \($0.message)" }
    }
}
