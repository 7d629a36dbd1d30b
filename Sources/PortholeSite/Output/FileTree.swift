import PortholeCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File writes with plain POSIX calls: Foundation's `Data.write` fsyncs every
/// file (STACK.md, "Writing files"), which would dominate a 40,000-page
/// build. Durability comes once, from `syncTree` before the swap.
enum FileTree {
    /// Writes bytes to a new or existing file; false on failure.
    @discardableResult
    static func write(_ bytes: [UInt8], to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 { if errno == EINTR { continue }; return false }
            offset += written
        }
        return true
    }

    @discardableResult
    static func write(_ text: String, to path: String) -> Bool {
        write(Array(text.utf8), to: path)
    }

    /// `mkdir -p`.
    @discardableResult
    static func makeDirectories(_ path: String) -> Bool {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return true }
        guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return false }
        guard makeDirectories(String(path[..<slash])) else { return false }
        return mkdir(path, 0o755) == 0 || errno == EEXIST
    }

    /// `rm -rf` that never follows a symlink out of the tree.
    static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            for entry in ContentDisk.list(path, includeHidden: true) ?? [] { remove(path + "/" + entry.name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// Starts `rm -rf` on a folder and does not wait for it; removes it here
    /// when no process can be started.
    /// Renames a folder out of the way (atomic), then deletes it in the
    /// background.
    static func removeInBackground(_ path: String, renamingTo trash: String) {
        if path == trash || rename(path, trash) == 0 { removeInBackground(trash) } else { remove(path) }
    }

    static func removeInBackground(_ path: String) {
        var pid = pid_t()
        let arguments = ["rm", "-rf", "--", path]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        if posix_spawn(&pid, "/bin/rm", nil, nil, &argv, environ) != 0 { remove(path) }
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}
