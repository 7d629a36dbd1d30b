import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Says when the files a preview is built from have changed: the kernel's
/// notifications (inotify) on Linux, a tick every `interval` otherwise (or
/// when notifications cannot be had, or `--poll` asks for ticks). One job:
/// it only says "look again"; what changed is the build's to find out (a
/// no-op build reads file metadata only).
public final class ChangeWatcher: @unchecked Sendable {
    public enum Mode: Sendable, Equatable {
        case notifications
        /// Why notifications are not used, and the seconds between ticks.
        case polling(reason: String, interval: Double)
    }

    /// What to watch: folders with everything below them, and single files
    /// (the passwords file), watched through their folder by name.
    public struct Targets: Sendable {
        public var folders: [String]
        public var files: [String]

        public init(folders: [String], files: [String]) {
            self.folders = folders
            self.files = files
        }
    }

    public let mode: Mode
    private let targets: Targets
    private let notifier: Notifier?
    private let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    private let lock = NSLock()
    private var closed = false

    /// Quiet time that ends a burst of events: an editor's save is several
    /// (a temporary file written, renamed over the note, its metadata set).
    static let settle = 0.03

    public init(_ targets: Targets, interval: Double, poll: Bool) {
        self.targets = targets
        if poll {
            (notifier, mode) = (nil, .polling(reason: "--poll", interval: interval))
        } else {
            switch Notifier.open(targets) {
            case .success(let notifier): (self.notifier, mode) = (notifier, .notifications)
            case .failure(let reason): (notifier, mode) = (nil, .polling(reason: reason.text, interval: interval))
            }
        }
    }

    /// One element per settled burst of changes (coalesced: a consumer
    /// still busy with the last one gets one more, not one per event).
    public var changes: AsyncStream<Void> {
        start()
        return stream
    }

    private var started = false

    private func start() {
        let first = lock.withLock {
            defer { started = true }
            return !started
        }
        guard first else { return }
        let continuation = self.continuation
        if let notifier {
            let thread = Thread { notifier.run { continuation.yield() } }
            thread.name = "porthole-watcher"
            thread.start()
        } else if case .polling(_, let interval) = mode {
            Task { [weak self] in
                while let self, !self.isClosed {
                    try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                    continuation.yield()
                }
            }
        }
    }

    private var isClosed: Bool { lock.withLock { closed } }

    /// Stops watching and ends `changes`; the kernel's watches are released.
    public func close() {
        let already = lock.withLock {
            defer { closed = true }
            return closed
        }
        guard !already else { return }
        notifier?.stop()
        continuation.finish()
    }

    deinit { close() }
}

/// The inotify side of `ChangeWatcher`: one descriptor, a watch per folder
/// (inotify is not recursive, so a new folder gets its own watch as it
/// appears), and a pipe that wakes the reading thread to stop.
final class Notifier: @unchecked Sendable {
    struct Failure: Error {
        let text: String
    }

    private let descriptor: Int32
    /// The folders asked for, watched again after the kernel's queue
    /// overflowed (folders made meanwhile were missed).
    private var roots: [String] = []
    private let wake: (read: Int32, write: Int32)
    /// Watch descriptor → folder path; and per folder, the only names that
    /// count in it (a single watched file's folder), nil for all names.
    private var folders: [Int32: String] = [:]
    private var only: [String: Set<String>] = [:]
    private let lock = NSLock()

    private static let folderEvents = UInt32(
        IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB)

    private init(descriptor: Int32, wake: (Int32, Int32)) {
        self.descriptor = descriptor
        self.wake = wake
    }

    static func open(_ targets: ChangeWatcher.Targets) -> Result<Notifier, Failure> {
        #if os(Linux)
            let fd = inotify_init1(Int32(IN_CLOEXEC))
            guard fd >= 0 else { return .failure(Failure(text: "inotify unavailable (\(String(cString: strerror(errno))))")) }
            var pipeEnds: [Int32] = [0, 0]
            guard pipe(&pipeEnds) == 0 else {
                Glibc.close(fd)
                return .failure(Failure(text: "no pipe (\(String(cString: strerror(errno))))"))
            }
            let notifier = Notifier(descriptor: fd, wake: (pipeEnds[0], pipeEnds[1]))
            notifier.roots = targets.folders
            for folder in targets.folders where !notifier.watchTree(folder) {
                notifier.stop()
                notifier.closeDescriptors()
                return .failure(
                    Failure(text: "cannot watch \(folder) (\(String(cString: strerror(errno)))); raise fs.inotify.max_user_watches"))
            }
            for file in targets.files {
                let folder = (file as NSString).deletingLastPathComponent
                let name = (file as NSString).lastPathComponent
                notifier.only[folder, default: []].insert(name)
                _ = notifier.watch(folder)
            }
            return .success(notifier)
        #else
            return .failure(Failure(text: "no file notifications on this system"))
        #endif
    }

    /// Watches `folder` and every folder below it; false when the kernel
    /// refuses one (out of watches), not when a folder vanished meanwhile.
    @discardableResult
    private func watchTree(_ folder: String) -> Bool {
        guard watch(folder) || errno == ENOENT || errno == ENOTDIR else { return false }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return true }
        for name in names where !Self.ignored(name) {
            var info = stat()
            let path = folder + "/" + name
            if lstat(path, &info) == 0, (info.st_mode & mode_t(S_IFMT)) == mode_t(S_IFDIR), !watchTree(path) { return false }
        }
        return true
    }

    private func watch(_ folder: String) -> Bool {
        let wd = inotify_add_watch(descriptor, folder, Self.folderEvents | UInt32(IN_ONLYDIR) | UInt32(IN_DONT_FOLLOW))
        guard wd >= 0 else { return false }
        lock.withLock { folders[wd] = folder }
        return true
    }

    /// Editors' temporary and backup files, and hidden names: content never
    /// reads them, and Vim's `4913` probe alone would rebuild twice a save.
    static func ignored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name == "4913"
    }

    /// Reads events until `stop`; calls `changed` once per settled burst.
    func run(changed: @escaping () -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var dirty = false
        while true {
            // Waits for the first event without a limit, then for the quiet
            // that ends the burst.
            var fds = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, dirty ? Int32(ChangeWatcher.settle * 1000) : -1)
            if ready < 0, errno == EINTR { continue }
            if ready < 0 || fds[1].revents != 0 { break }
            if ready == 0 {
                dirty = false
                changed()
                continue
            }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            if handle(buffer, count: count) { dirty = true }
        }
        closeDescriptors()
    }

    /// Applies a batch of events (new folders get watches); whether any
    /// event concerns a watched name.
    private func handle(_ buffer: [UInt8], count: Int) -> Bool {
        var relevant = false
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= count {
            let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                (
                    raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                    raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                    Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                )
            }
            let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            offset += header + length
            if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                for root in roots { watchTree(root) }
                relevant = true
                continue
            }
            let folder = lock.withLock { () -> String? in
                if mask & UInt32(IN_IGNORED) != 0 { return folders.removeValue(forKey: wd) }
                return folders[wd]
            }
            guard let folder else { continue }
            if let names = only[folder] {
                if names.contains(name) { relevant = true }
                continue
            }
            if name.isEmpty || !Self.ignored(name) { relevant = true } else { continue }
            // A folder created or moved in (a new client, project or updates
            // folder) is watched from now on, with anything already in it.
            if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { watchTree(folder + "/" + name) }
        }
        return relevant
    }

    func stop() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    private func closeDescriptors() {
        lock.withLock {
            Glibc.close(descriptor)
            Glibc.close(wake.read)
            Glibc.close(wake.write)
            folders = [:]
        }
    }
}
