import Foundation
import PortholeCore
import PortholePreview
import PortholeSite

/// One `porthole serve`: build, serve, and on every change rebuild and tell
/// the open pages (a reload, or the problems over the last good build).
struct PreviewSession: Sendable {
    let options: BuildOptions
    let reporting: ReportingOptions
    let printer: DiagnosticPrinter
    let events = PreviewEvents()
    let server: PreviewServer
    let host: String

    init(options: BuildOptions, reporting: ReportingOptions, bind: String, port: Int) {
        self.options = options
        self.reporting = reporting
        printer = reporting.printer()
        server = PreviewServer(folder: options.output, host: bind, port: port, events: events)
        // A page's address for the PM: the wildcard addresses are reached
        // through the loopback one.
        host = ["0.0.0.0", "::", "[::]"].contains(bind) ? "127.0.0.1" : (bind.contains(":") ? "[\(bind)]" : bind)
    }

    /// What a change to means a rebuild: the content, the themes folder (when
    /// the project has one; the built-in theme cannot change) and the
    /// passwords file.
    var watched: ChangeWatcher.Targets {
        var folders = [options.contentRoot]
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: options.themesRoot, isDirectory: &isFolder), isFolder.boolValue {
            folders.append(options.themesRoot)
        }
        return ChangeWatcher.Targets(folders: folders, files: options.passwordsFile.map { [$0] } ?? [])
    }

    func run(watcher: ChangeWatcher) async throws {
        let first = await build(previous: nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.run { bound in announce(first.report, port: bound, watcher: watcher) }
            }
            group.addTask {
                // The spare the first rebuild writes over, made while the PM
                // looks at the first build; a change saved meanwhile waits
                // for it, which costs no more than that rebuild making its
                // whole tree itself.
                if !first.failed { _ = await SpareTree.prepare(for: OutputFolder(path: options.output)) }
                var last = first
                for await _ in watcher.changes { last = await build(previous: last) }
            }
            // The server ends on an error (the port is taken) or when the
            // preview is stopped; the watcher goes with it.
            try await group.next()
            group.cancelAll()
        }
    }

    private func announce(_ report: BuildReport, port: Int, watcher: ChangeWatcher) {
        let how =
            switch watcher.mode {
            case .notifications: "rebuilt and reloaded when a file is saved"
            case .polling(let reason, let interval): "looking for changes every \(interval) s (\(reason))"
            }
        printer.printLine("previewing on http://\(host):\(port)/ (Ctrl-C stops); \(how)")
        if !["127.0.0.1", "localhost", "::1"].contains(server.host) {
            printer.printLine(
                "porthole: warning: listening on \(server.host): anyone who can reach this machine can read every portal, password portals unencrypted"
            )
        }
        for portal in report.portals {
            guard let folder = portal.folder else { continue }
            let note = portal.access == .password ? ", previewed unencrypted" : ""
            printer.printLine("  \(portal.slug) (\(portal.access.rawValue)\(note)): http://\(host):\(port)/\(folder)/")
        }
    }

    /// The outcome of one build, to tell what the pages must hear.
    struct Outcome: Sendable {
        let report: BuildReport
        let failed: Bool
        /// What the terminal was last told, to say a problem once.
        let gist: [String]
    }

    private func build(previous: Outcome?) async -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let report = await SiteBuild(options: options).run()
        let failed = reporting.failed(report.diagnostics) || !(report.wroteSite || report.unchanged)
        let gist = report.diagnostics.entries.map(\.description)
        // Said once: a build that wrote nothing and found the same problems
        // as the last one stays quiet.
        if previous == nil || report.wroteSite || gist != previous?.gist {
            _ = Build.describe(report, options: options, reporting: reporting, quiet: false, elapsed: Build.seconds(clock.now - start))
        }
        if failed {
            await events.failed(PreviewProblems.of(report.diagnostics, strict: reporting.strict))
        } else if report.wroteSite || previous?.failed != false {
            // A new build, or the problems fixed (even back to the very
            // build that is served): every open page reloads.
            let unsealed = report.portals.filter { $0.access == .password }.compactMap(\.folder)
            await events.published(unsealedFolders: Set(unsealed))
        }
        return Outcome(report: report, failed: failed, gist: gist)
    }
}

/// A build's problems as the preview's overlay shows them: the place, the
/// message, and the offending line read from the file.
enum PreviewProblems {
    static func of(_ log: DiagnosticLog, strict: Bool) -> [PreviewProblem] {
        let shown = log.entries.filter { $0.severity == .error || strict }
        var lines: [String: [Substring]] = [:]
        return shown.map { diagnostic in
            guard let location = diagnostic.location else {
                return PreviewProblem(
                    place: "porthole", severity: diagnostic.severity.rawValue, message: diagnostic.message, source: nil, column: nil)
            }
            if lines[location.file] == nil {
                let text = (try? String(contentsOfFile: location.file, encoding: .utf8)) ?? ""
                lines[location.file] = text.split(separator: "\n", omittingEmptySubsequences: false)
            }
            let fileLines = lines[location.file] ?? []
            let source = location.line <= fileLines.count ? String(fileLines[location.line - 1]) : nil
            return PreviewProblem(
                place: location.description, severity: diagnostic.severity.rawValue, message: diagnostic.message,
                source: source.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }, column: location.column)
        }
    }
}
