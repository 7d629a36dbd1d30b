import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `transform` of every element, on all cores at once (the calling
    /// thread is one of them), in the elements' order.
    ///
    /// For the work inside one client when a build has only one or two
    /// clients to render (a rebuild after one update): its projects load and
    /// render side by side instead of one after another on one core while
    /// the others idle. Across clients a build already runs in parallel, so
    /// callers use this only when that leaves cores free.
    public func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.put(transform(self[index]), at: index)
        }
        return slots.values
    }
}

/// Each index written once, by one thread; read after all are written.
private final class Slots<T: Sendable>: @unchecked Sendable {
    // @unchecked: `values` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: [T?]

    init(count: Int) { stored = Array(repeating: nil, count: count) }

    func put(_ value: T, at index: Int) {
        lock.lock()
        stored[index] = value
        lock.unlock()
    }

    var values: [T] {
        lock.lock()
        defer { lock.unlock() }
        return stored.map { $0! }
    }
}
