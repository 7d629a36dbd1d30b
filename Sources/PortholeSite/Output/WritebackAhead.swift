import CPortholeSystem
import Foundation
import Synchronization

/// Starts flushing a large build's files to disk while the clients are
/// still rendering, so that the `syncfs` before the swap (`OutputFolder`)
/// waits only for what was written last instead of the whole tree, with
/// both cores idle. One `syncfs` at a time, on a thread of its own, each
/// time another `batch` bytes were written since the last one began: the
/// kernel writes each batch in its own order, as it does at the swap.
/// Writeback started file by file (`sync_file_range`) cost more kernel
/// time than it saved; docs/performance.md has both measurements.
final class WritebackAhead: Sendable {
    /// Enough that a one-update rebuild never starts one.
    static let batch = 64 << 20

    private struct State {
        var pending = 0
        var flushing = false
        var started = 0
    }

    private let folder: String
    private let batch: Int
    private let state = Mutex(State())

    /// For a disk build whose swap flushes (not a preview's).
    static func start(for output: OutputFolder) -> WritebackAhead? {
        output.flushes ? WritebackAhead(folder: OutputFolder.parent(of: output.path), batch: batch) : nil
    }

    /// `folder`: any folder on the file system the files are written to.
    init(folder: String, batch: Int) {
        self.folder = folder
        self.batch = batch
    }

    /// How many flushes have started.
    var flushesStarted: Int { state.withLock { $0.started } }

    /// `bytes` more were written.
    func wrote(_ bytes: Int) {
        let starts = state.withLock { state in
            state.pending += bytes
            guard !state.flushing, state.pending >= batch else { return false }
            state.flushing = true
            state.pending = 0
            state.started += 1
            return true
        }
        guard starts else { return }
        Thread.detachNewThread { [self] in flush() }
    }

    /// Flushes until less than a batch was written during the last flush.
    private func flush() {
        var again = true
        while again {
            _ = porthole_sync_filesystem(folder)
            again = state.withLock { state in
                guard state.pending >= batch else {
                    state.flushing = false
                    return false
                }
                state.pending = 0
                state.started += 1
                return true
            }
        }
    }
}
