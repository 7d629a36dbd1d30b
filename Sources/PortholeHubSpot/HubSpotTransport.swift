import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// When to try a request again: HubSpot's rate limit (429) and its
/// passing server errors (5xx) are retried, waiting what `Retry-After`
/// says or else an exponential back-off, never longer than `maxDelay`,
/// at most `maxAttempts` times in all (docs/hubspot.md, "Limits").
public struct RetryPolicy: Sendable {
    public var maxAttempts = 5
    public var baseDelay = 1.0
    public var maxDelay = 30.0

    public init(maxAttempts: Int = 5, baseDelay: Double = 1.0, maxDelay: Double = 30.0) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static func isRetried(_ status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// Seconds to wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(afterAttempt attempt: Int, retryAfter: String?) -> Double {
        if let retryAfter, let seconds = Double(retryAfter.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
            return min(seconds, maxDelay)
        }
        return min(baseDelay * pow(2, Double(attempt - 1)), maxDelay)
    }
}

/// HTTPS to HubSpot's API with a private app's token: JSON in and out,
/// retries, and errors as `HubSpotError`. One per command run.
public final class HubSpotTransport: Sendable {
    public let baseURL: String
    private let token: String
    private let retry: RetryPolicy
    private let client: HTTPClient
    /// Called before each wait, so the command can say why it pauses.
    private let onRetry: @Sendable (String) -> Void

    public init(
        baseURL: String, token: String, retry: RetryPolicy = RetryPolicy(), onRetry: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.retry = retry
        self.onRetry = onRetry
        var configuration = HTTPClient.Configuration()
        // A redirect could carry the token to another host: never follow one.
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(60))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async { try? await client.shutdown() }

    /// The answer's status and body. 2xx, 207 and any status in `accepting`
    /// are returned; 401, 403 and anything else are thrown, after retries.
    public func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil, accepting: Set<Int> = []
    ) async throws -> (status: Int, body: Data) {
        let label = "\(method.rawValue) \(path)"
        var request = HTTPClientRequest(url: baseURL + path + Self.queryString(query))
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "porthole-hubspot")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        var attempt = 1
        while true {
            let status: Int
            let data: Data
            let retryAfter: String?
            do {
                let response = try await client.execute(request, timeout: .seconds(90))
                status = Int(response.status.code)
                retryAfter = response.headers.first(name: "Retry-After")
                let buffer = try await response.body.collect(upTo: 64 << 20)
                data = Data(buffer.readableBytesView)
            } catch {
                guard attempt < retry.maxAttempts else { throw HubSpotError.unreachable(request: label, reason: "\(error)") }
                try await wait(retry.delay(afterAttempt: attempt, retryAfter: nil), "\(label): \(error)")
                attempt += 1
                continue
            }
            if (200...299).contains(status) || accepting.contains(status) { return (status, data) }
            if RetryPolicy.isRetried(status) && attempt < retry.maxAttempts {
                try await wait(retry.delay(afterAttempt: attempt, retryAfter: retryAfter), "\(label) answered \(status)")
                attempt += 1
                continue
            }
            throw Self.error(status: status, body: data, request: label)
        }
    }

    private func wait(_ seconds: Double, _ why: String) async throws {
        onRetry("porthole: note: \(why); retrying in \(String(format: "%.1f", seconds)) s")
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }

    static func queryString(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let pairs = query.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }
        return "?" + pairs.joined(separator: "&")
    }

    /// HubSpot's error body (`category`, `message`, `errors[].context`)
    /// as a `HubSpotError` (docs/hubspot.md, "Errors").
    static func error(status: Int, body: Data, request: String) -> HubSpotError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        let message = (object["message"] as? String).map { String($0.prefix(300)) } ?? ""
        switch status {
        case 401: return .unauthorized(message: message)
        case 403: return .forbidden(message: message, scopes: scopes(in: object))
        default: return .refused(status: status, request: request, message: message)
        }
    }

    /// The scopes a 403 names: `context.requiredGranularScopes` or
    /// `context.missingScopes`, at the top or in `errors[]`.
    static func scopes(in object: [String: Any]) -> [String] {
        var contexts: [[String: Any]] = []
        if let context = object["context"] as? [String: Any] { contexts.append(context) }
        for item in object["errors"] as? [[String: Any]] ?? [] {
            if let context = item["context"] as? [String: Any] { contexts.append(context) }
        }
        var found: [String] = []
        for context in contexts {
            for key in ["requiredGranularScopes", "missingScopes"] {
                for scope in context[key] as? [String] ?? [] where !found.contains(scope) { found.append(scope) }
            }
        }
        return found
    }
}
