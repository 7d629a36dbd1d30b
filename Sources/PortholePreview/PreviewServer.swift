import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Serves a built site on the loopback interface, so a PM can preview
/// portals as a host would serve them (password portals need a secure
/// context for WebCrypto, which `127.0.0.1` is and `file://` is not).
/// Never bound to another interface: a preview holds unpublished content.
public struct PreviewServer: Sendable {
    /// Absolute path of the folder to serve (`site/`). Requests resolve
    /// against it each time, so a build swapping in a new folder is served
    /// from the next request on.
    public let folder: String
    /// 0 picks a free port.
    public let port: Int

    public init(folder: String, port: Int) {
        self.folder = folder
        self.port = port
    }

    /// Serves until the task is cancelled or the process is interrupted;
    /// `ready` gets the port actually bound.
    public func run(ready: @escaping @Sendable (Int) async -> Void) async throws {
        var logger = Logger(label: "porthole.preview")
        logger.logLevel = .warning
        let router = Router()
        router.add(middleware: PreviewHeaders())
        router.add(middleware: ContainedPaths(folder: folder, logger: logger))
        router.add(middleware: FileMiddleware(folder + "/", searchForIndexHtml: true, logger: logger))
        let configuration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: nil)
        let requested = port
        let app = Application(
            router: router, configuration: configuration,
            onServerRunning: { channel in await ready(channel.localAddress?.port ?? requested) },
            logger: logger)
        try await app.runService()
    }
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
