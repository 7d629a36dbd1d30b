import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a client's folder in a written tree looked like when the build that
/// wrote it was done: every file's and folder's inode, size and change time.
///
/// `--full` must not trust the manifest's hashes blindly (it exists for a
/// tree someone may have edited), but reading the spare back to compare it
/// cost more than rendering once the page cache was cold (docs/performance.md
/// has the figures). A stamp settles it from metadata alone,
/// as git's index does for `git status`: any write, truncation, rename,
/// link or unlink changes a change time, which no tool can set back, and a
/// file added anywhere in the folder changes the change time of its folder.
/// When the stamp still matches, the manifest's hashes describe the folder;
/// when not, its files are read and compared as before.
///
/// A stamp is taken only of a folder whose every file the build wrote or
/// compared, or found under a stamp that still matched: one taken over
/// files an incremental build kept on the manifest's word would vouch for
/// whatever was in them. And, as git's racy-index rule, a build does not
/// end in the clock tick of its last write (`waitPast`): otherwise an edit
/// right after it could keep that change time, on kernels whose file times
/// move a tick (a few ms) at a time. Edits inside the folder while a build
/// is writing it are out of reach, as are file systems without a change
/// time of their own (FAT, exFAT).
enum TreeStamp {
    struct Taken {
        let digest: String
        /// The newest change time in the folder.
        let newestChange: timespec
    }

    /// The stamp of `folder` holding exactly `files` (relative to it); nil
    /// when one is missing, is not a plain file with a single name (a hard
    /// link shared with the published site changes when the other name
    /// goes), or a folder on the way is not a real folder. `known` gives
    /// the metadata of files the caller has just written or compared, as
    /// `fstat` gave it on their open files: looking each up again by path
    /// was most of the cost.
    static func of<Files: Collection<String>>(_ folder: String, files: Files, known: (String) -> stat? = { _ in nil }) -> Taken? {
        let root = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
        guard root >= 0 else { return nil }
        defer { close(root) }
        var hasher = SHA256()
        var newest = timespec()
        var record: [UInt8] = []
        record.reserveCapacity(256)
        func add(_ relative: String, kind: mode_t) -> Bool {
            var info = stat()
            if kind == S_IFREG, let seen = known(relative) {
                info = seen
            } else if (relative.isEmpty ? fstat(root, &info) : fstatat(root, relative, &info, AT_SYMLINK_NOFOLLOW)) != 0 {
                return false
            }
            guard info.st_mode & S_IFMT == kind, kind == S_IFDIR || info.st_nlink == 1 else { return false }
            if Self.isLater(info.st_ctim, than: newest) { newest = info.st_ctim }
            record.removeAll(keepingCapacity: true)
            record += relative.utf8
            record.append(0)
            let fields = (
                UInt64(info.st_ino), Int64(info.st_size), Int64(info.st_ctim.tv_sec), Int64(info.st_ctim.tv_nsec),
                Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec)
            )
            withUnsafeBytes(of: fields) { record += $0 }
            hasher.update(data: record)
            return true
        }
        // Folders first, each before what it holds: a symlink put in place
        // of one is seen before anything is looked up through it.
        for relative in [""] + FileTree.folders(of: files).sorted() where !add(relative, kind: S_IFDIR) { return nil }
        for relative in files.sorted() where !add(relative, kind: S_IFREG) { return nil }
        return Taken(digest: hasher.finalize().hex(bytes: 16), newestChange: newest)
    }

    static func isLater(_ a: timespec, than b: timespec) -> Bool {
        a.tv_sec != b.tv_sec ? a.tv_sec > b.tv_sec : a.tv_nsec > b.tv_nsec
    }

    /// Returns once the clock file times are taken from has moved past
    /// `newest`: at most a tick (a few ms), and only when the build's last
    /// write was in the current one.
    static func waitPast(_ newest: timespec) {
        for _ in 0..<100 {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME_COARSE, &now)
            if isLater(now, than: newest) { return }
            usleep(1_000)
        }
    }
}
