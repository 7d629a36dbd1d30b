import Foundation
import Testing

@testable import PortholePreview

/// The watcher on real folders with the real kernel notifications.
@Suite struct ChangeWatcherTests {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("porthole-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content/clients"), withIntermediateDirectories: true)
    }

    /// Counts what a watcher yields (cancelling a waiting `next()` would
    /// end the stream, so one task reads it throughout).
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        private var reader: Task<Void, Never>?

        init(_ changes: AsyncStream<Void>) {
            reader = Task { [weak self] in
                for await _ in changes { self?.lock.withLock { self?.count += 1 } }
            }
        }

        deinit { reader?.cancel() }

        var total: Int { lock.withLock { count } }

        /// Whether a change beyond the ones seen so far comes within `seconds`.
        func more(within seconds: Double, than before: Int) async -> Bool {
            let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
            while ContinuousClock.now < deadline {
                if total > before { return true }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return total > before
        }
    }

    @Test func test_aFileSavedInAFolderMadeAfterTheStartIsSeen() async throws {
        let watcher = ChangeWatcher(.init(folders: [root.path + "/content"], files: []), interval: 1, poll: false)
        defer { watcher.close() }
        #expect(watcher.mode == .notifications)
        let seen = Seen(watcher.changes)
        let project = root.appendingPathComponent("content/clients/acme/shop/updates")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        #expect(await seen.more(within: 5, than: 0), "the new folders")
        // The new folders are watched now: a note saved in one is a change.
        try await Task.sleep(for: .milliseconds(100))
        let before = seen.total
        try "---\nstatus: green\n---\n".write(to: project.appendingPathComponent("2026-11-27.md"), atomically: true, encoding: .utf8)
        #expect(await seen.more(within: 5, than: before), "a note in a folder made after the watch began")
    }

    @Test func test_editorTemporaryFilesAndOtherFilesBesideThePasswordsFileAreNotChanges() async throws {
        let passwords = root.appendingPathComponent("passwords.yaml")
        try "acme: x\n".write(to: passwords, atomically: false, encoding: .utf8)
        let watcher = ChangeWatcher(.init(folders: [root.path + "/content"], files: [passwords.path]), interval: 1, poll: false)
        defer { watcher.close() }
        let seen = Seen(watcher.changes)
        try "x".write(to: root.appendingPathComponent("content/.portal.yaml.swp"), atomically: false, encoding: .utf8)
        try "x".write(to: root.appendingPathComponent("content/portal.yaml~"), atomically: false, encoding: .utf8)
        try "x".write(to: root.appendingPathComponent("notes.txt"), atomically: false, encoding: .utf8)
        #expect(!(await seen.more(within: 0.5, than: 0)))
        // Saved as editors do: a temporary name renamed over the file.
        try "acme: y\n".write(to: passwords, atomically: true, encoding: .utf8)
        #expect(await seen.more(within: 5, than: 0))
    }

    @Test func test_pollingTicksAndCloseEndsTheChanges() async throws {
        let watcher = ChangeWatcher(.init(folders: [root.path], files: []), interval: 0.1, poll: true)
        #expect(watcher.mode == .polling(reason: "--poll", interval: 0.1))
        let changes = watcher.changes
        var iterator = changes.makeAsyncIterator()
        #expect(await iterator.next() != nil)
        watcher.close()
        // At most the one tick already buffered, then the end.
        if await iterator.next() != nil { #expect(await iterator.next() == nil) }
    }
}
