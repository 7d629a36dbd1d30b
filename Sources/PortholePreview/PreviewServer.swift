import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Serves a built site for a preview, as a host would serve it (password
/// portals need a secure context for WebCrypto, which `127.0.0.1` is and
/// `file://` is not), plus the live reload: `/__porthole/events` tells open
/// pages of each new build or of the build's problems, and every HTML page
/// gets the script that listens (`PreviewPage`), as it is served only.
/// Bound to 127.0.0.1 unless the command is told otherwise: a preview holds
/// unpublished content.
public struct PreviewServer: Sendable {
    /// Absolute path of the folder to serve. Requests resolve against it
    /// each time, so a build swapping in a new folder is served from the
    /// next request on.
    public let folder: String
    public let host: String
    /// 0 picks a free port.
    public let port: Int
    public let events: PreviewEvents

    public init(folder: String, host: String = "127.0.0.1", port: Int, events: PreviewEvents = PreviewEvents()) {
        self.folder = folder
        self.host = host
        self.port = port
        self.events = events
    }

    /// Serves until the task is cancelled; `ready` gets the port actually
    /// bound. Signals are the caller's to handle (it closes `events` first,
    /// so open event streams do not hold the server up).
    public func run(ready: @escaping @Sendable (Int) async -> Void) async throws {
        var logger = Logger(label: "porthole.preview")
        logger.logLevel = .critical
        let router = Router()
        router.add(middleware: PreviewHeaders())
        // Hummingbird's own messages stay quiet; a refused path is worth a line.
        var refusals = logger
        refusals.logLevel = .warning
        router.add(middleware: ContainedPaths(folder: folder, logger: refusals))
        let events = self.events
        router.get("__porthole/events") { request, _ in
            Self.eventStream(events, since: request.uri.queryParameters["since"].map(String.init))
        }
        router.get("__porthole/live.js") { _, _ in Self.asset(LiveScript.javascript, type: "text/javascript; charset=utf-8") }
        router.get("__porthole/live.css") { _, _ in Self.asset(LiveScript.stylesheet, type: "text/css; charset=utf-8") }
        router.add(middleware: LiveReloadInjection(events: events, folder: folder))
        router.add(middleware: FileMiddleware(folder + "/", searchForIndexHtml: true, logger: logger))
        let configuration = ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil)
        let requested = port
        let app = Application(
            router: router, configuration: configuration,
            onServerRunning: { channel in await ready(channel.localAddress?.port ?? requested) },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [])
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// A page's text/event-stream: open until the page goes or the server stops.
    static func eventStream(_ events: PreviewEvents, since: String?) -> Response {
        let body = ResponseBody { writer in
            let stream = await events.subscribe(since: since)
            // Opens the stream at once: EventSource reports "open" on the
            // first bytes, and a comment is ignored.
            try await writer.write(ByteBuffer(string: ": porthole\n\n"))
            for await event in stream {
                try await writer.write(ByteBuffer(string: PreviewEvents.encode(event)))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }
}

/// Adds the live-reload script to every HTML page served whole.
struct LiveReloadInjection<Context: RequestContext>: RouterMiddleware {
    let events: PreviewEvents
    let folder: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Read before the file: a build swapped in meanwhile makes the page
        // newer than it says, which costs one extra reload, never a missed one.
        let build = await events.build
        let unsealed = await events.isUnsealed(request.uri.path)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound {
            // A missing page listens too: it is back as soon as a build
            // makes it (a renamed project, or a first build that failed).
            response = notFound()
        }
        guard response.status == .ok || response.status == .notFound, response.headers[.contentType]?.hasPrefix("text/html") == true else {
            return response
        }
        let collected = Collected()
        try await response.body.write(CollectingWriter(into: collected))
        let page = PreviewPage.inject(into: collected.bytes, build: build, unsealed: unsealed)
        response.headers[.contentLength] = String(page.count)
        response.headers[.eTag] = nil
        response.headers[.lastModified] = nil
        response.body = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: page))
        return response
    }
}

extension LiveReloadInjection {
    /// The site's 404 page, or a stand-in while there is no site yet.
    func notFound() -> Response {
        let page =
            (try? Data(contentsOf: URL(fileURLWithPath: folder + "/404.html"))).map { [UInt8]($0) }
            ?? Array(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head><body><p>Nothing is built here (yet).</p></body></html>"
                    .utf8)
        return Response(
            status: .notFound, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: page)))
    }
}

/// A served body, read whole (pages are small).
final class Collected: @unchecked Sendable {
    var bytes: [UInt8] = []
}

struct CollectingWriter: ResponseBodyWriter {
    let into: Collected

    mutating func write(_ buffer: ByteBuffer) async throws { into.bytes += buffer.readableBytesView }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// The headers `_headers` gives a real host, and no caching: a preview
/// must show the build that just finished.
struct PreviewHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.cacheControl] = "no-store"
        response.headers[HTTPField.Name("X-Robots-Tag")!] = "noindex, nofollow"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return response
    }
}
