import ArgumentParser
import Foundation
import PortholeCore
import PortholePreview
import PortholeSite

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the portals on http://127.0.0.1, rebuilt and reloaded in the browser whenever a file is saved.",
        discussion: """
            Builds into .porthole/preview/ (never site/: password portals are previewed unencrypted there, behind a banner), \
            serves it, and watches content/, the themes folder and the passwords file (inotify; --poll, or a system without \
            it, looks every --interval seconds instead). Each save rebuilds what changed and reloads the open pages; a build \
            with errors shows them over every open page while the last good build stays underneath. Only 127.0.0.1 is \
            listened on unless --bind says otherwise: a preview holds unpublished content. Ctrl-C stops.
            """)

    @OptionGroup var content: ContentOptions

    @Option(help: "The port (0 picks a free one).")
    var port: Int = 8000

    @Option(help: "The address to listen on. Anything but 127.0.0.1 shows unpublished content to your network.")
    var bind: String = "127.0.0.1"

    @Flag(help: "Look for changes every --interval seconds instead of asking the kernel for notifications.")
    var poll = false

    @Option(help: "Seconds between looks for changes when polling.")
    var interval: Double = 1

    @OptionGroup var reporting: ReportingOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535 (got \(port))") }
        guard (0.1...60).contains(interval) else {
            throw ValidationError("--interval must be between 0.1 and 60 seconds (got \(interval))")
        }
        guard !bind.isEmpty, !bind.contains("/") else {
            throw ValidationError("--bind must be an IP address or a host name (got '\(bind)')")
        }
    }

    func run() async throws {
        let session = PreviewSession(options: previewOptions(), reporting: reporting, bind: bind, port: port)
        let watcher = ChangeWatcher(session.watched, interval: interval, poll: poll)
        let stop = StopSignal()
        // Ctrl-C or SIGTERM ends the preview, whatever it is doing: the
        // pages' event streams are closed first so the server need not wait
        // for them, then the watcher, then the server.
        let failure: (any Error)? = await withTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                await stop.wait()
                return nil
            }
            group.addTask {
                do {
                    try await session.run(watcher: watcher)
                    return nil
                } catch {
                    return error
                }
            }
            let first = await group.next() ?? nil
            await session.events.close()
            watcher.close()
            group.cancelAll()
            return first
        }
        guard let failure, !(failure is CancellationError) else { return }
        session.printer.printLine(
            "porthole: error: cannot serve on \(bind):\(port) (\(failure)); choose another --port, or 0 for a free one")
        throw ExitCode(1)
    }

    /// The build a preview makes: `porthole build`'s, into a folder of the
    /// project's own that is never published, password portals unsealed.
    private func previewOptions() -> BuildOptions {
        var options = content.buildOptions(output: "site", checkOnly: false)
        options.output = options.projectRoot + "/.porthole/preview"
        options.portfolio = nil
        options.strict = reporting.strict
        options.unsealedPreview = true
        return options
    }
}

/// Ctrl-C and SIGTERM, as something to wait for (instead of the default
/// action, which ends the process with a status other than 0).
final class StopSignal: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [continuation] in continuation.yield() }
            source.resume()
            sources.append(source)
        }
    }

    func wait() async {
        var iterator = stream.makeAsyncIterator()
        _ = await iterator.next()
    }
}
