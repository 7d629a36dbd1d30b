#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files into the staging folder, keeping what did not change: a file
/// whose bytes match the previous build's is hard-linked from the published
/// folder instead of written (same inode, so the same bytes and mtime for
/// rsync and deploy tools), and the swap stays atomic because the staging
/// folder is still a complete, separate tree.
struct IncrementalWriter {
    /// Staging root and published root (the previous build), absolute.
    let staging: String
    let previous: String?

    struct Counts {
        var written = 0
        var kept = 0
    }

    /// Writes `bytes` at `relative` (below the site root) unless the previous
    /// build wrote the same hash there. Returns the hash, or nil on failure.
    func put(_ bytes: [UInt8], at relative: String, previousHash: String?, madeFolders: inout Set<String>, counts: inout Counts) -> String? {
        let hash = BuildManifest.hash(bytes)
        let path = staging + "/" + relative
        if let slash = path.lastIndex(of: "/") {
            let parent = String(path[..<slash])
            if madeFolders.insert(parent).inserted { FileTree.makeDirectories(parent) }
        }
        if let previous, previousHash == hash, link(previous + "/" + relative, path) == 0 {
            counts.kept += 1
            return hash
        }
        guard FileTree.write(bytes, to: path) else { return nil }
        counts.written += 1
        return hash
    }

    /// Links every listed file of a folder from the previous build; false if
    /// any is missing (someone edited the published folder), in which case the
    /// caller renders that client again.
    func keep(_ files: [String], under folder: String, madeFolders: inout Set<String>, counts: inout Counts) -> Bool {
        guard let previous else { return false }
        for file in files {
            let relative = folder + "/" + file
            let path = staging + "/" + relative
            if let slash = path.lastIndex(of: "/") {
                let parent = String(path[..<slash])
                if madeFolders.insert(parent).inserted { FileTree.makeDirectories(parent) }
            }
            guard link(previous + "/" + relative, path) == 0 else { return false }
            counts.kept += 1
        }
        return true
    }
}
