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
struct IncrementalWriter: Sendable {
    /// The folder being written, and the published folder (the previous build).
    let staging: String
    let previous: String?
    /// What the spare tree holds (site-relative path → hash); nil for a fresh
    /// staging folder.
    let staged: [String: String]?

    struct Counts {
        var written = 0
        var kept = 0
    }

    /// Puts `bytes` at `relative` (below the site root). Returns the hash, or
    /// nil on failure.
    func put(_ bytes: [UInt8], at relative: String, previousHash: String?, madeFolders: inout Set<String>, counts: inout Counts) -> String? {
        let hash = BuildManifest.hash(bytes)
        if staged?[relative] == hash {
            counts.kept += 1
            return hash
        }
        let path = staging + "/" + relative
        prepare(path, madeFolders: &madeFolders)
        if let previous, previousHash == hash, link(previous + "/" + relative, path) == 0 {
            counts.kept += 1
            return hash
        }
        guard FileTree.write(bytes, to: path) else { return nil }
        counts.written += 1
        return hash
    }

    /// Keeps a client's published files (relative to its folder → hash);
    /// false if one is missing (someone edited the published folder), and the
    /// caller renders that client again.
    func keep(_ files: [String: String], under folder: String, madeFolders: inout Set<String>, counts: inout Counts) -> Bool {
        guard let previous else { return false }
        // Check first, change after: a failed keep must leave the tree as the
        // manifest describes it, for the render that follows.
        for (file, hash) in files where staged?[folder + "/" + file] != hash {
            if access(previous + "/" + folder + "/" + file, F_OK) != 0 { return false }
        }
        for (file, hash) in files {
            let relative = folder + "/" + file
            counts.kept += 1
            if staged?[relative] == hash { continue }
            let path = staging + "/" + relative
            prepare(path, madeFolders: &madeFolders)
            guard link(previous + "/" + relative, path) == 0 else { return false }
        }
        return true
    }

    /// Makes the parent folder, and in the spare tree removes the old file
    /// first: it may be a hard link shared with the published site, which
    /// must never be written through.
    private func prepare(_ path: String, madeFolders: inout Set<String>) {
        if let slash = path.lastIndex(of: "/") {
            let parent = String(path[..<slash])
            if madeFolders.insert(parent).inserted { FileTree.makeDirectories(parent) }
        }
        if staged != nil { unlink(path) }
    }

    /// Removes from the spare tree what the new site does not have, and the
    /// folders that leaves empty.
    func removeStale(keeping target: Set<String>) {
        guard let staged else { return }
        var folders = Set<String>()
        for relative in staged.keys where !target.contains(relative) {
            unlink(staging + "/" + relative)
            var folder = relative
            while let slash = folder.lastIndex(of: "/") {
                folder = String(folder[..<slash])
                folders.insert(folder)
            }
        }
        // Deepest first; a folder that still holds files stays.
        for folder in folders.sorted(by: { $0.count > $1.count }) { rmdir(staging + "/" + folder) }
    }
}
