import Foundation

/// The threads clients are built on: more than one per core. A client's
/// task is synchronous work that blocks on the disk now and then (reading
/// its inputs, looking at the spare), and Swift's cooperative pool has one
/// thread per core: with a cold page cache every blocked read left a core
/// idle (1,000 clients with the cache dropped: a quarter of the wall time
/// in I/O wait). Here another client's thread runs meanwhile, as Go's
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
