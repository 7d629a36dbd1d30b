import PortholeCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File writes with plain POSIX calls: Foundation's `Data.write` fsyncs every
/// file, which would wait on the disk once per page. Durability comes once,
/// from `syncTree` before the swap.
enum FileTree {
    /// Writes bytes to a new file; false on failure. A file already at the
    /// path is replaced, never written through: in a staging folder it may be
    /// a hard link shared with the published site.
    @discardableResult
    static func write(_ bytes: [UInt8], to path: String) -> Bool {
        if case .written = created(bytes, at: path) { return true }
        return false
    }

    /// Writes bytes to a new file, as `write`, with the file's metadata once
    /// written (a `TreeStamp` then need not look the file up again).
    static func created(_ bytes: [UInt8], at path: String) -> Overwrite {
        created(bytes, at: path, in: AT_FDCWD)
    }

    /// `created` for a path below an open folder (`folder`, a descriptor):
    /// the kernel walks only that much of the path.
    static func created(_ bytes: [UInt8], at path: String, in folder: Int32) -> Overwrite {
        var fd = openat(folder, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        if fd < 0 && errno == EEXIST && unlinkat(folder, path, 0) == 0 {
            fd = openat(folder, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        }
        guard fd >= 0 else { return .failed }
        defer { close(fd) }
        var info = stat()
        return writeAll(fd, bytes) && fstat(fd, &info) == 0 ? .written(info) : .failed
    }

    @discardableResult
    static func write(_ text: String, to path: String) -> Bool {
        write(Array(text.utf8), to: path)
    }

    /// With the file's metadata as the call left it.
    enum Overwrite {
        case unchanged(stat)
        case written(stat)
        case failed
    }

    /// Puts bytes at a path in the spare tree, reusing the file that is
    /// there: left alone when it already holds these bytes (same mtime),
    /// else written over in place. A file with other names (a hard link
    /// shared with the published site) or anything but a plain file is
    /// replaced instead, never written through.
    static func overwrite(_ bytes: [UInt8], at path: String) -> Overwrite {
        // Opened first and checked with fstat: one path lookup per file, not
        // two. O_NOFOLLOW refuses a symlink, O_NONBLOCK keeps a FIFO from
        // blocking the open; anything but a plain file is then replaced.
        let fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        if fd < 0 && errno == ENOENT { return created(bytes, at: path) }
        if fd >= 0 {
            defer { close(fd) }
            var info = stat()
            if fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && info.st_nlink == 1 {
                if Int(info.st_size) == bytes.count && holds(fd, bytes) { return .unchanged(info) }
                let size = Int(info.st_size)
                guard writeAll(fd, bytes) else { return .failed }
                if size > bytes.count && ftruncate(fd, off_t(bytes.count)) != 0 { return .failed }
                return fstat(fd, &info) == 0 ? .written(info) : .failed
            }
        }
        remove(path)
        return created(bytes, at: path)
    }

    private static func holds(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return true }
        let current = [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            count = 0
            while count < buffer.count {
                let got = pread(fd, buffer.baseAddress! + count, buffer.count - count, off_t(count))
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { break }
                count += got
            }
        }
        // memcmp: Array's == compares element by element.
        return current.count == bytes.count
            && current.withUnsafeBytes { a in
                bytes.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
            }
    }

    /// Writes all of `bytes` at `start` in the file.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], at start: Int = 0) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + offset, bytes.count - offset, off_t(start + offset)) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Every folder that holds one of `files` (relative paths), at any depth.
    static func folders<Files: Sequence<String>>(of files: Files) -> Set<String> {
        var folders = Set<String>()
        for file in files {
            var folder = Substring(file)
            // On bytes: "/" is one byte, and stepping back by Characters
            // cost a grapheme check per byte of every path.
            while let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
                folder = folder[..<slash]
                if !folders.insert(String(folder)).inserted { break }
            }
        }
        return folders
    }

    /// Removes everything below `root` that is neither one of `files` nor
    /// one of `folders` (both relative to `root`).
    /// Folders in `skipping` are left as they are.
    static func prune(_ root: String, keeping files: Set<String>, folders: Set<String>, skipping: Set<String> = []) {
        func walk(_ relative: String) {
            let path = relative.isEmpty ? root : root + "/" + relative
            for entry in ContentDisk.list(path, includeHidden: true, sorted: false) ?? [] {
                let child = relative.isEmpty ? entry.name : relative + "/" + entry.name
                switch entry.kind {
                case .directory where skipping.contains(child): continue
                case .directory where folders.contains(child): walk(child)
                case .file where files.contains(child): continue
                default: remove(path + "/" + entry.name)
                }
            }
        }
        walk("")
    }

    /// Whether both paths name the same plain file (one inode, two names).
    static func isSameFile(_ path: String, as other: String) -> Bool {
        var a = stat()
        var b = stat()
        return lstat(path, &a) == 0 && lstat(other, &b) == 0 && a.st_mode & S_IFMT == S_IFREG
            && a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Removes files (relative to `root`) and the folders that leaves empty.
    static func removeFiles<Files: Sequence<String>>(_ files: Files, under root: String) {
        var folders = Set<String>()
        for relative in files {
            unlink(root + "/" + relative)
            var folder = Substring(relative)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                folders.insert(String(folder))
            }
        }
        // Deepest first; a folder that still holds files stays.
        for folder in folders.sorted(by: { $0.count > $1.count }) { rmdir(root + "/" + folder) }
    }

    /// `mkdir -p`. In a tree being reused (`replacing`), a file where a
    /// folder must now be is removed first.
    @discardableResult
    static func makeDirectories(_ path: String, replacing: Bool = false) -> Bool {
        // In a reused tree the folder is usually there already: one lstat
        // settles it (and catches a symlink in its place).
        if replacing, ContentDisk.kind(of: path) == .directory { return true }
        if mkdir(path, 0o755) == 0 { return true }
        if errno == EEXIST {
            guard replacing, ContentDisk.kind(of: path) != .directory else { return true }
            remove(path)
            return mkdir(path, 0o755) == 0
        }
        guard errno == ENOENT || (replacing && errno == ENOTDIR), let slash = path.lastIndex(of: "/"), slash != path.startIndex else {
            return false
        }
        guard makeDirectories(String(path[..<slash]), replacing: replacing) else { return false }
        return mkdir(path, 0o755) == 0 || errno == EEXIST
    }

    /// `rm -rf` that never follows a symlink out of the tree.
    static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            for entry in ContentDisk.list(path, includeHidden: true, sorted: false) ?? [] { remove(path + "/" + entry.name) }
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
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
