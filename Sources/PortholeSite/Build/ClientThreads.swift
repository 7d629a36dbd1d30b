import Foundation

/// The threads clients are built on: more than one per core when the
/// clients read back what an earlier build wrote. A client's task is
/// synchronous work that then blocks on the disk now and then (looking at
/// the spare, comparing its files), and Swift's cooperative pool has one
/// thread per core: with a cold page cache every blocked read left a core
/// idle. Here another client's thread runs meanwhile, as Go's
/// scheduler does for a goroutine in a system call. The width of
/// `inParallel` bounds the clients in flight, so memory does not grow with
/// the thread count.
///
/// Written by hand: the standard library has the `TaskExecutor` protocol
/// but no thread-pool executor, and swift-nio's event loops are meant for
/// non-blocking work.
final class ClientThreads: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` and `stopping` are only touched under `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false

    init(count: Int) {
        for _ in 0..<max(1, count) {
            let thread = Thread { [self] in run() }
            thread.name = "porthole-client"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads end once the queue is empty.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            guard !jobs.isEmpty else {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

extension ClientThreads {
    /// Runs `work` for every item, at most a few per core at a time, so
    /// memory holds only the clients in flight, each on a thread of its own,
    /// so that one blocked on the disk idles no core. Items are taken in
    /// order, but one that is not `ready` is passed over while a later one
    /// is.
    /// `waitsOnDisk`: whether the work may wait on reads the page cache
    /// does not hold (an earlier build's tree; a rebuild's walk of every
    /// input's metadata before it decides).
    static func inParallel<T: Sendable>(
        _ items: [String], waitsOnDisk: Bool = true, progress: (@Sendable (Int, Int) -> Void)? = nil,
        ready: (String) -> Bool = { _ in true }, _ work: @escaping @Sendable (String) -> T
    ) async -> [T] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let width = max(2, cores * 2)
        let threads = ClientThreads(count: threadCount(cores: cores, items: items.count, waitsOnDisk: waitsOnDisk))
        defer { threads.stop() }
        return await withTaskGroup(of: T.self) { group in
            var results: [T] = []
            var pending = items
            for _ in 0..<width {
                guard let item = take(from: &pending, ready: ready) else { break }
                group.addTask(executorPreference: threads) { work(item) }
            }
            var pages = 0
            while let result = await group.next() {
                results.append(result)
                if let outcome = result as? ClientOutcome { pages += outcome.pages }
                progress?(results.count, pages)
                if let item = take(from: &pending, ready: ready) { group.addTask(executorPreference: threads) { work(item) } }
            }
            return results
        }
    }

    /// Half as many threads again as cores (3 on 2 cores) for work that
    /// waits on the disk: a cold build gains from every extra thread and a
    /// warm one loses a little to each, and this is where the two met. Work
    /// that reads nothing back (a first build into new folders, `check`)
    /// reads only the inputs, which a CI runner's checkout has just
    /// written: a thread per core. The figures are in docs/performance.md,
    /// "A thread per core for a clean build".
    static func threadCount(cores: Int, items: Int, waitsOnDisk: Bool) -> Int {
        max(1, min(waitsOnDisk ? cores + (cores + 1) / 2 : cores, items))
    }

    /// The first of `pending` that is `ready`, else the first; taken out.
    static func take(from pending: inout [String], ready: (String) -> Bool) -> String? {
        guard !pending.isEmpty else { return nil }
        return pending.remove(at: pending.firstIndex(where: ready) ?? 0)
    }
}
