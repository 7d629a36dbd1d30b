import Foundation

/// The password portals' sealers, derived on threads of their own while
/// the clients build (`DeriveKeys`): a client's task waits for its key only
/// when it comes to seal its pages, and the build takes other clients first
/// while a portal's key is not ready (`BuildClients`). The portals of one
/// thread are ready together.
///
/// Sixteen portals to a thread (`PasswordKeys.lanes`) take the least CPU
/// time: sixteen chains fill AVX-512's lanes, which take as long for one
/// chain as for sixteen, and fewer than eight go by the SHA extensions'
/// pairs (`PasswordKeys.sideBySide`). Fewer to a thread take less wall
/// time.
final class PasswordKeyRing: @unchecked Sendable {
    // @unchecked: `derived` is only touched under `condition`.
    private let condition = NSCondition()
    private var derived: [String: PageSealer.Derived] = [:]
    /// The portals whose keys are coming.
    let slugs: Set<String>

    /// (Fewer `rounds` than a portal's are for tests.)
    init(
        deriving portals: [(slug: String, password: String)], secret: [UInt8], perThread: Int = PasswordKeys.lanes,
        rounds: Int = PageSealer.iterations
    ) {
        slugs = Set(portals.map(\.slug))
        for start in stride(from: 0, to: portals.count, by: max(1, perThread)) {
            let group = Array(portals[start..<min(start + max(1, perThread), portals.count)])
            let thread = Thread { [self] in
                let sealers = PageSealer.derived(for: group, secret: secret, cores: 1, rounds: rounds)
                condition.lock()
                derived.merge(sealers) { first, _ in first }
                condition.broadcast()
                condition.unlock()
            }
            thread.name = "porthole-keys"
            thread.start()
        }
    }

    /// Whether `slug` needs no key from here, or its key is ready.
    func isReady(_ slug: String) -> Bool {
        guard slugs.contains(slug) else { return true }
        condition.lock()
        defer { condition.unlock() }
        return derived[slug] != nil
    }

    /// `slug`'s sealer, once derived; nil for a portal not asked for.
    func sealer(for slug: String) -> PageSealer.Derived? {
        guard slugs.contains(slug) else { return nil }
        condition.lock()
        defer { condition.unlock() }
        while derived[slug] == nil { condition.wait() }
        return derived[slug]
    }
}
