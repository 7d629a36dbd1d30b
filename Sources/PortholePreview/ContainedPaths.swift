import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Keeps every request inside the served folder (issue 18): a path with a
/// `..` segment, once, twice or three times percent-encoded or with a
/// backslash, a path that is not valid percent-encoding, and a path that
/// resolves through a symbolic link to anything outside the folder are all
/// answered 404, as if nothing were there, and logged as a warning.
/// Hummingbird's `FileMiddleware` refuses a literal `..` itself, but with a
/// 400 that tells a prober it found something, and it follows links.
struct ContainedPaths<Context: RequestContext>: RouterMiddleware {
    /// The served folder, as given (resolved per request: a build swaps a
    /// new folder in under the same name).
    let folder: String
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let reason = Self.refusal(request.uri.path, in: folder) {
            logger.warning("refused \(request.method) \(request.uri.path): \(reason)")
            throw HTTPError(.notFound)
        }
        return try await next(request, context)
    }

    /// Why the path must not be served, or nil.
    static func refusal(_ raw: String, in folder: String) -> String? {
        var path = raw
        for _ in 0..<3 {
            if hasParentSegment(path) { return "a '..' segment" }
            guard path.contains("%") else { break }
            guard let decoded = path.removingPercentEncoding else { return "not valid percent-encoding" }
            path = decoded
        }
        if hasParentSegment(path) { return "a '..' segment" }
        guard let decoded = raw.removingPercentEncoding else { return "not valid percent-encoding" }
        if decoded.utf8.contains(0) { return "a NUL byte" }
        return leavesFolder(decoded, folder) ? "resolves outside the served folder" : nil
    }

    static func hasParentSegment(_ path: String) -> Bool {
        path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains { $0 == ".." }
    }

    /// Whether the file the path names exists and its real path (links
    /// followed) is outside the folder's real path.
    static func leavesFolder(_ path: String, _ folder: String) -> Bool {
        guard let root = realPath(folder) else { return false }
        guard let target = realPath(folder + "/" + path) else { return false }
        return target != root && !target.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
