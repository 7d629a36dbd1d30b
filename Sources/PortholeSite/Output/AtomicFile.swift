import CPortholeSystem
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How Porthole puts a single file in place outside the site's tree (the
/// manifests, the link secret, the files `porthole new` makes): written whole
/// (or in two parts, `begin` and `finish`) under a temporary name beside it,
/// then renamed over it, or linked to its name when it must not exist yet,
/// so no reader ever sees half a file. A crash leaves at most a temporary
/// file; a new file is written unnamed (O_TMPFILE) where the file system
/// can, so a crash leaves nothing. The site and the portfolio are written
/// the same way, a whole tree at a time (`OutputFolder.swapIn`).
public enum AtomicFile {
    public enum Failure: Error, Equatable {
        /// `replacing: false` and the file exists.
        case exists
        /// The system's reason.
        case failed(String)
    }

    /// Writes `bytes` to `path`, replacing what is there unless `replacing`
    /// is false, with the permissions `mode`.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, replacing: Bool = true) -> Result<Void, Failure> {
        // Hidden (content loading and listing skip "." names), so a crash
        // between writing and renaming leaves nothing a build would read.
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        if !replacing,
            let named = writeUnnamed(bytes, to: path, folder: slash == path.startIndex ? "." : String(path[..<slash]), mode: mode)
        {
            return named
        }
        let temporary = String(path[..<slash]) + "." + path[slash...] + ".tmp-" + String(getpid())
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { return .failure(.failed(reason())) }
        let written = FileTree.writeAll(fd, bytes)
        let closed = close(fd) == 0
        guard written && closed else {
            let why = reason()
            unlink(temporary)
            return .failure(.failed(why))
        }
        defer { unlink(temporary) }
        if replacing {
            return rename(temporary, path) == 0 ? .success(()) : .failure(.failed(reason()))
        }
        // link(2) never replaces: the name is taken whole, or not at all.
        guard link(temporary, path) == 0 else { return .failure(errno == EEXIST ? .exists : .failed(reason())) }
        return .success(())
    }

    /// A new file written with no name at all, then linked to its name, so
    /// a process killed at any moment leaves the whole file or nothing, not
    /// even a temporary file. Nil where the file system cannot (then the
    /// temporary name is used).
    private static func writeUnnamed(_ bytes: [UInt8], to path: String, folder: String, mode: mode_t) -> Result<Void, Failure>? {
        let fd = porthole_open_unnamed(folder, UInt32(mode))
        guard fd >= 0 else { return errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL ? nil : .failure(.failed(reason())) }
        defer { close(fd) }
        // The mode given to open(2) is masked by the umask, as for a named file.
        guard FileTree.writeAll(fd, bytes) else { return .failure(.failed(reason())) }
        guard porthole_name_unnamed(fd, path) == 0 else { return .failure(errno == EEXIST ? .exists : .failed(reason())) }
        return .success(())
    }

    public static func write(_ text: String, to path: String, mode: mode_t = 0o644, replacing: Bool = true) -> Result<Void, Failure> {
        write(Array(text.utf8), to: path, mode: mode, replacing: replacing)
    }

    /// The first part of a file whose end is not known yet, written beside
    /// `path` under `path` + ".tmp" (hidden when `path` is, as a manifest
    /// is); `finish` appends the rest and renames it into place. Until then
    /// `path` is as it was, and a part a killed build left is written over.
    static func begin(_ bytes: [UInt8], to path: String) -> Bool {
        FileTree.write(bytes, to: path + ".tmp")
    }

    /// Appends `bytes` to what `begin` wrote for `path` and puts the whole
    /// in place; false (and `path` untouched) when either part failed.
    @discardableResult
    static func finish(_ path: String, appending bytes: [UInt8]) -> Bool {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        var info = stat()
        let written = fstat(fd, &info) == 0 && FileTree.writeAll(fd, bytes, at: Int(info.st_size))
        let closed = close(fd) == 0
        return written && closed && rename(temporary, path) == 0
    }

    /// Creates a new file whose folders may not exist yet (`porthole new
    /// client`, `new project`). The missing folders are made under a hidden
    /// temporary name beside the first of them, the file written inside,
    /// and that folder renamed into place: a crash leaves either nothing a
    /// build reads or the whole path, never a folder without its file
    /// (which the next build would report as an error). A staging folder a
    /// killed run left is hidden; the next `create` of the path removes it.
    public static func create(_ bytes: [UInt8], at path: String) -> Result<Void, Failure> {
        var missing: [String] = []
        var folder = parent(path)
        while !folder.isEmpty && access(folder, F_OK) != 0 {
            missing.append(folder)
            folder = parent(folder)
        }
        guard let top = missing.last else { return write(bytes, to: path, replacing: false) }
        let slash = top.lastIndex(of: "/").map { top.index(after: $0) } ?? top.startIndex
        let stagingPrefix = String(top[..<slash]) + "." + top[slash...] + ".tmp-"
        let staging = stagingPrefix + String(getpid())
        defer { removeTree(staging) }
        removeAbandoned(stagingPrefix)
        removeTree(staging)
        for created in [top] + missing.reversed().dropFirst() {
            guard mkdir(staging + String(created.dropFirst(top.count)), 0o755) == 0 else { return .failure(.failed(reason())) }
        }
        if case .failure(let failure) = write(bytes, to: staging + String(path.dropFirst(top.count)), replacing: false) {
            return .failure(failure)
        }
        // Over an existing empty folder rename(2) succeeds; over anything
        // else it fails, and the name was taken meanwhile.
        guard rename(staging, top) == 0 else { return .failure(errno == EEXIST || errno == ENOTEMPTY ? .exists : .failed(reason())) }
        return .success(())
    }

    /// The staging folders a killed `create` of the same path left (hidden,
    /// so no build reads them), of processes that no longer run.
    private static func removeAbandoned(_ stagingPrefix: String) {
        let folder = parent(stagingPrefix)
        let prefix = String(stagingPrefix.dropFirst(folder.isEmpty ? 0 : folder.count + 1))
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        where entry.hasPrefix(prefix) {
            guard let pid = pid_t(entry.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            removeTree(folder.isEmpty ? entry : folder + "/" + entry)
        }
    }

    private static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Removes a staging folder this process made (files and folders only).
    private static func removeTree(_ path: String) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            unlink(path)
            return
        }
        for entry in entries { removeTree(path + "/" + entry) }
        rmdir(path)
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
