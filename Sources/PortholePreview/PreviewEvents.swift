import Foundation

/// A problem of the last build, as an open page shows it in its overlay.
public struct PreviewProblem: Sendable, Codable, Equatable {
    /// `path:line:col` (or "porthole" when the problem has no place).
    public let place: String
    public let severity: String
    public let message: String
    /// The offending line of the source file, when there is one.
    public let source: String?
    public let column: Int?

    public init(place: String, severity: String, message: String, source: String?, column: Int?) {
        self.place = place
        self.severity = severity
        self.message = message
        self.source = source
        self.column = column
    }
}

/// What the open pages of a preview are told, over Server-Sent Events
/// (`/__porthole/events`): a new build to reload, or the problems that stop
/// the build (the last good site stays served underneath). Each page
/// carries the build it was served from, so one that connects after a
/// newer build (or to a restarted server) reloads at once.
public actor PreviewEvents {
    public enum Event: Sendable, Equatable {
        case reload(build: String)
        case problems([PreviewProblem])
    }

    /// Which run of the server: a page from another run is stale.
    private let run = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    private var generation = 0
    private var problems: [PreviewProblem] = []
    /// Folders (below the site root) of password portals shown unencrypted.
    private var unsealed: Set<String> = []
    private var listeners: [Int: AsyncStream<Event>.Continuation] = [:]
    private var nextListener = 0
    private var closed = false

    public init() {}

    /// The build an open page is from.
    public var build: String { "\(run).\(generation)" }

    /// Whether a page below `path` (site-relative) is a password portal's.
    func isUnsealed(_ path: String) -> Bool {
        guard let first = path.split(separator: "/").first else { return false }
        return unsealed.contains(String(first))
    }

    /// A build was published (or the problems were fixed): every page reloads.
    public func published(unsealedFolders: Set<String>) {
        unsealed = unsealedFolders
        generation += 1
        problems = []
        send(.reload(build: build))
    }

    /// The build failed: every page shows `problems` over what it shows.
    public func failed(_ problems: [PreviewProblem]) {
        self.problems = problems
        send(.problems(problems))
    }

    /// The events for one page, from its build `since`: at once a reload if
    /// that build is not the current one, and the current problems if any.
    func subscribe(since: String?) -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(8))
        guard !closed else {
            continuation.finish()
            return stream
        }
        if let since, since != build { continuation.yield(.reload(build: build)) }
        if !problems.isEmpty { continuation.yield(.problems(problems)) }
        let id = nextListener
        nextListener += 1
        listeners[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: Int) { listeners[id] = nil }

    private func send(_ event: Event) {
        for listener in listeners.values { listener.yield(event) }
    }

    /// Ends every page's stream, so the server can stop without waiting on them.
    public func close() {
        closed = true
        for listener in listeners.values { listener.finish() }
        listeners = [:]
    }

    /// How many pages are listening (for tests and the benchmark's wait).
    public var listenerCount: Int { listeners.count }

    /// An event as the text/event-stream format writes it.
    static func encode(_ event: Event) -> String {
        switch event {
        case .reload(let build): return "event: reload\ndata: \(build)\n\n"
        case .problems(let problems):
            let json = (try? JSONEncoder().encode(problems)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
            return "event: problems\ndata: \(json)\n\n"
        }
    }
}
