#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files into the folder that will be swapped in, keeping what did not
/// change: a file whose bytes match the published one is hard-linked from the
/// published folder instead of written (the same inode, so the same bytes and
/// mtime for rsync and deploy tools).
///
/// The folder being written is either a fresh staging folder, or the spare
/// tree: the site before last, kept after the previous swap. Bringing the
/// spare up to date touches only what differs from it, so a one-page change
/// costs a few file operations, not one per page; the swap stays atomic
/// because the published folder is never written.
///
/// A spare whose manifest is gone (a killed build, `--full`) is still reused:
/// its files are compared and overwritten in place rather than deleted and
/// created again. On ext4 without a journal, creating tens of thousands of
/// inodes right after deleting as many makes every allocation scan the
/// recently freed ones (`recently_deleted` in the kernel's profile), which
/// cost more than rendering the whole site.
struct IncrementalWriter: Sendable {
    /// The folder being written, and the published folder (the previous
    /// build) when unchanged files are linked from it
    /// (`TreePlan.Tree.linksPublished`).
    let staging: String
    let published: String?
    /// What the spare tree holds when its manifest is trusted; nil otherwise
    /// (`TreePlan.Tree.listed`).
    let listed: SpareContents?
    /// Whether `staging` is the spare tree (files may already exist there).
    let reusesSpare: Bool

    init(staging: String, published: String?, listed: SpareContents?, reusesSpare: Bool) {
        self.staging = staging
        self.published = published
        self.listed = listed
        self.reusesSpare = reusesSpare || listed != nil
    }

    struct Counts {
        var written = 0
        var kept = 0
        /// The bytes of the files written (not those kept or left alike).
        var writtenBytes = 0
        /// The metadata of the files this writer opened (written, or
        /// compared and found alike) as it left them, by the path given to
        /// `put`: a `TreeStamp` need not look them up again.
        var seen: [String: stat] = [:]
    }

    /// Puts `bytes`, whose `BuildManifest.hash` is `hash`, at `relative`
    /// (below the site root). False on failure.
    func put(
        _ bytes: [UInt8], hash: String, at relative: String, publishedHash: String?, madeFolders: inout MadeFolders,
        counts: inout Counts
    ) -> Bool {
        if listed?.hash(of: relative) == hash {
            counts.kept += 1
            return true
        }
        let path = staging + "/" + relative
        let linksPublished = published != nil && publishedHash == hash
        if reusesSpare || linksPublished { makeParent(of: path, madeFolders: &madeFolders.paths) }
        if let published, linksPublished {
            // The spare's file may be a hard link shared with the published
            // site: replace the name, never write through it.
            if reusesSpare { unlink(path) }
            if link(published + "/" + relative, path) == 0 {
                counts.kept += 1
                return true
            }
        }
        switch reusesSpare ? FileTree.overwrite(bytes, at: path) : created(bytes, at: relative, path: path, madeFolders: &madeFolders) {
        case .unchanged(let info):
            counts.kept += 1
            counts.seen[relative] = info
        case .written(let info):
            counts.written += 1
            counts.writtenBytes += bytes.count
            counts.seen[relative] = info
        case .failed: return false
        }
        return true
    }

    /// Keeps a client's published files (relative to its folder → hash);
    /// false if one is missing (someone edited the published folder), and the
    /// caller renders that client again.
    func keep(_ recorded: FileHashes, under folder: String, madeFolders: inout Set<String>, counts: inout Counts) -> Bool {
        guard let published else { return false }
        // The usual case after a small change: the spare already holds this
        // client exactly as it is published.
        if let held = listed?.files(in: folder), held == recorded {
            counts.kept += recorded.count
            return true
        }
        let held = listed?.files(in: folder)?.table
        let files = recorded.table
        // Check first, change after: a failed keep must leave the tree as the
        // manifest describes it, for the render that follows.
        for (file, hash) in files where held?[file] != hash {
            if access(published + "/" + folder + "/" + file, F_OK) != 0 { return false }
        }
        for (file, hash) in files {
            let relative = folder + "/" + file
            counts.kept += 1
            if held?[file] == hash { continue }
            let path = staging + "/" + relative
            makeParent(of: path, madeFolders: &madeFolders)
            if reusesSpare {
                // A spare without a manifest (the portfolio's) usually holds
                // the link the build before last made: the same file, left
                // as it is, rather than unlinked and linked again. Its
                // folders were checked above, so no symlink leads there.
                if FileTree.isSameFile(path, as: published + "/" + relative) { continue }
                FileTree.remove(path)
            }
            guard link(published + "/" + relative, path) == 0 else { return false }
        }
        return true
    }

    /// A new file in a fresh staging tree (`relative` to it, at `path`),
    /// with its folder: both made through the folder above that
    /// (`MadeFolders.handle`), so that the kernel walks a name or two for
    /// each page rather than its whole path. A file less than two folders
    /// deep is made by its path.
    private func created(_ bytes: [UInt8], at relative: String, path: String, madeFolders: inout MadeFolders) -> FileTree.Overwrite {
        let utf8 = relative.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")), let up = utf8[..<slash].lastIndex(of: UInt8(ascii: "/")) else {
            makeParent(of: path, madeFolders: &madeFolders.paths)
            return FileTree.created(bytes, at: path)
        }
        let above = staging + "/" + relative[..<up]
        let parent = staging + "/" + relative[..<slash]
        if !madeFolders.paths.contains(parent) {
            // The folder above by its path, once; then this one inside it.
            if !madeFolders.paths.contains(above) { makeParent(of: parent, madeFolders: &madeFolders.paths) }
            let name = String(relative[utf8.index(after: up)..<slash])
            if let handle = madeFolders.handle(of: above), mkdirat(handle, name, 0o755) == 0 || errno == EEXIST {
                madeFolders.paths.insert(parent)
            } else {
                makeParent(of: path, madeFolders: &madeFolders.paths)
            }
        }
        guard let handle = madeFolders.handle(of: above) else { return FileTree.created(bytes, at: path) }
        return FileTree.created(bytes, at: String(relative[utf8.index(after: up)...]), in: handle)
    }

    private func makeParent(of path: String, madeFolders: inout Set<String>) {
        guard let slash = path.lastIndex(of: "/") else { return }
        let parent = String(path[..<slash])
        guard madeFolders.insert(parent).inserted else { return }
        // In a reused tree every folder down to the parent is checked, top
        // first: one that is a symlink (or a file) is replaced, never followed.
        if reusesSpare, let up = parent.lastIndex(of: "/"), parent.utf8.distance(from: parent.startIndex, to: up) > staging.utf8.count {
            makeParent(of: parent, madeFolders: &madeFolders)
        }
        FileTree.makeDirectories(parent, replacing: reusesSpare)
    }

    /// Removes from the spare tree what the new site (`target`) does not
    /// have, and the folders that leaves empty. Without a trusted manifest
    /// the tree itself is the only record of what it holds, so it is walked.
    func removeStale(keeping target: BuildManifest) {
        guard reusesSpare else { return }
        guard listed != nil else {
            // Client folders were walked by their own tasks, in parallel
            // (`removeStale(in:keeping:)`); here only the rest.
            let clientFolders = Set(target.clients.values.map(\.folder))
            FileTree.prune(
                staging, keeping: Set(target.shared.keys), folders: FileTree.folders(of: target.shared.keys).union(clientFolders),
                skipping: clientFolders)
            return
        }
        removeStale(
            keeping: Dictionary(target.clients.values.map { ($0.folder, $0.files) }, uniquingKeysWith: { first, _ in first }),
            shared: target.shared)
    }

    /// Removes from a spare tree whose contents are known (`listed`) what
    /// the new tree does not have: files of its folders (client folder →
    /// files), folders it no longer has, and shared files.
    func removeStale(keeping wanted: [String: FileHashes], shared: [String: String]) {
        guard reusesSpare, let listed else { return }
        var stale: [String] = listed.shared.keys.filter { shared[$0] == nil }
        for (folder, held) in listed.byFolder {
            guard let keep = wanted[folder] else {
                // A client that is gone, or whose folder changed (a new link
                // token): its files by the list, not its folder, which may
                // also hold shared files (the portfolio's `assets/`, and a
                // client called `assets`).
                stale += held.paths.map { folder + "/" + $0 }
                continue
            }
            if keep == held { continue }
            let keeping = keep.table
            stale += held.paths.filter { keeping[$0] == nil }.map { folder + "/" + $0 }
        }
        FileTree.removeFiles(stale, under: staging)
    }
}

extension IncrementalWriter {
    /// In a spare tree without a trusted manifest, removes what a folder
    /// (nil: the whole tree) holds beyond `files` (relative to it). The
    /// site's client folders are each walked by their own task.
    func removeStale(in folder: String?, keeping files: @autoclosure () -> Set<String>) {
        guard reusesSpare, listed == nil else { return }
        let files = files()
        FileTree.prune(folder.map { staging + "/" + $0 } ?? staging, keeping: files, folders: FileTree.folders(of: files))
    }

    /// Removes what a client folder holds beyond `keeping`: by `believed`,
    /// its list when its stamp showed the list exact, else as
    /// `removeStale(in:keeping:)`.
    func removeStale(in folder: String, believed: FileHashes?, keeping: FileHashes) {
        guard let believed else {
            removeStale(in: folder, keeping: Set(keeping.paths))
            return
        }
        guard believed != keeping else { return }
        let kept = keeping.table
        FileTree.removeFiles(believed.paths.filter { kept[$0] == nil }, under: staging + "/" + folder)
    }
}

/// The folders a writer has made (or found) in its tree, by path, and open
/// descriptors of some of them (`handle(of:)`), for the files it makes two
/// levels below: a page's folder (`updates/2026-11-27/`) and its
/// `index.html` are made through `updates/`. The descriptors are the
/// caller's to close (`closeHandles()`), once its files are written.
struct MadeFolders {
    var paths = Set<String>()
    private var handles: [String: Int32] = [:]
    /// The last folder asked for: a section's pages come one after another.
    private var last: (path: String, handle: Int32)?

    /// An open descriptor of the folder at `path`, opened the first time.
    mutating func handle(of path: String) -> Int32? {
        if let last, last.path == path { return last.handle }
        var handle = handles[path] ?? -1
        if handle < 0 {
            handle = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
            guard handle >= 0 else { return nil }
            handles[path] = handle
        }
        last = (path, handle)
        return handle
    }

    mutating func closeHandles() {
        for handle in handles.values { close(handle) }
        handles = [:]
        last = nil
    }
}

/// What the spare tree holds, by client folder, as its manifest says.
struct SpareContents: Sendable {
    /// Client folder → file below it → hash.
    let byFolder: [String: FileHashes]
    /// Files outside client folders → hash.
    let shared: [String: String]
    /// Client folder → its `TreeStamp` when the tree was written ("" unknown).
    let stamps: [String: String]

    init(_ manifest: BuildManifest) {
        byFolder = Dictionary(manifest.clients.values.map { ($0.folder, $0.files) }, uniquingKeysWith: { first, _ in first })
        shared = manifest.shared
        stamps = Dictionary(manifest.clients.values.map { ($0.folder, $0.stamp) }, uniquingKeysWith: { first, _ in first })
    }

    /// What the portfolio tree a manifest describes holds: per client slug
    /// its portfolio pages, and the index and assets.
    init(portfolioOf manifest: BuildManifest) {
        byFolder = manifest.clients.mapValues(\.portfolioFiles)
        shared = manifest.portfolioShared
        stamps = [:]
    }

    /// Folders' files as they are, for `IncrementalWriter.keep` (which
    /// compares whole lists), not for `hash(of:)` lookups.
    init(byFolder: [String: FileHashes]) {
        self.byFolder = byFolder
        shared = [:]
        stamps = [:]
    }

    /// Only one client folder, as far as it is known, parsed once for the
    /// page-by-page lookups of `hash(of:)`.
    init(folder: String, files: FileHashes?) {
        byFolder = files.map { [folder: FileHashes($0.table)] } ?? [:]
        shared = [:]
        stamps = [:]
    }

    /// Only `folder` of this tree, for a writer that writes nothing else
    /// but the shared files, which it does not look up here.
    func narrowed(to folder: String) -> SpareContents { SpareContents(folder: folder, files: byFolder[folder]) }

    func files(in folder: String) -> FileHashes? { byFolder[folder] }

    /// What `folder` holds in the tree at `root`, when its stamp shows that
    /// nothing in it changed since the manifest was written; nil otherwise.
    func verifiedFiles(in folder: String, under root: String) -> FileHashes? {
        guard let stamp = stamps[folder], !stamp.isEmpty, let files = byFolder[folder],
            TreeStamp.of(root + "/" + folder, files: files.paths)?.digest == stamp
        else { return nil }
        return files
    }

    /// The hash of a site-relative path. A whole tree's client folders are
    /// parsed on each lookup: a writer that looks up many pages is given
    /// the one folder (`narrowed(to:)`).
    func hash(of relative: String) -> String? {
        if let slash = relative.firstIndex(of: "/"), let files = byFolder[String(relative[..<slash])],
            let hash = files.table[String(relative[relative.index(after: slash)...])]
        {
            return hash
        }
        return shared[relative]
    }
}
