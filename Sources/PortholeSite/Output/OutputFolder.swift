import CPortholeSystem
import PortholeCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The output folder and its staging sibling (site.md properties 4 and 5):
/// a build writes only inside `.<name>.staging-<pid>` next to the output and
/// then swaps it in whole, so `site/` is never missing, partial or mixed.
public struct OutputFolder: Sendable {
    /// Absolute path of the published folder (`…/site`).
    public let path: String
    public let staging: String
    /// A file in every folder Porthole writes, so a build never replaces a
    /// folder it did not create (an `--output ~/Documents` typo).
    public static let marker = ".porthole-site"
    /// Whether the swap flushes the file system first (`syncfs`). A preview
    /// folder skips it: nothing is lost if the machine stops, and on a busy
    /// disk the flush waits for everyone's writes, which a save-to-reload
    /// loop would feel. So does `--no-flush` (`BuildOptions.flushes`).
    public var flushes = true

    public init(path: String) {
        self.path = path
        let parent = OutputFolder.parent(of: path)
        let name = OutputFolder.name(of: path)
        staging = parent + "/." + name + ".staging-" + String(getpid())
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func name(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }

    /// Refuses output folders whose replacement would destroy something that
    /// is not a previous build. `what` and `option` name the folder in the
    /// message: the site (`--output`) or the portfolio (`--portfolio`).
    public func problem(
        contentRoot: String, themesRoot: String, home: String?,
        what: String = "the site", option: String = "--output"
    ) -> String? {
        let forbidden: [(String, String)] = [("/", "the file system root"), (home ?? "\u{0}", "your home folder")]
        for (path, place) in forbidden where self.path == path {
            return "refusing to write \(what) to \(place) (\(self.path))"
        }
        for (root, folder) in [(contentRoot, "content"), (themesRoot, "themes")] {
            if root == path || root.hasPrefix(path + "/") {
                return "refusing to write \(what) to \(path): it contains the \(folder) folder"
            }
            if path.hasPrefix(root + "/") {
                return "refusing to write \(what) inside the \(folder) folder (\(path))"
            }
        }
        let noun = option.dropFirst(2)
        switch ContentDisk.kind(of: path) {
        case .other, .invalidName: return nil
        case .symlink: return "\(noun) \(path) is a symbolic link; give the real folder"
        case .file: return "\(noun) \(path) is a file, not a folder"
        case .directory:
            // Every name counts here, hidden ones included: a folder holding
            // only `.git` is not empty.
            let entries = ContentDisk.list(path, includeHidden: true) ?? []
            let hasMarker = ContentDisk.exists(path + "/" + OutputFolder.marker)
            if !entries.isEmpty && !hasMarker {
                return
                    "\(noun) folder \(path) exists and was not made by porthole; refusing to replace it (remove it or choose another \(option))"
            }
            return nil
        }
    }

    /// Whether `other` is this folder, inside it, around it, or one of its
    /// working folders (`.site.staging-*`, `.site.spare`, …): two output
    /// folders must never overlap, or one build would replace the other.
    public func overlaps(_ other: String) -> Bool {
        func within(_ folder: String, _ inner: String) -> Bool { folder == inner || folder == "/" || inner.hasPrefix(folder + "/") }
        if within(path, other) || within(other, path) { return true }
        let siblings = OutputFolder.parent(of: other) == OutputFolder.parent(of: path)
        return siblings && OutputFolder.name(of: other).hasPrefix("." + OutputFolder.name(of: path) + ".")
    }

    /// A portfolio tree's record of the build that wrote it: a random
    /// token, new with every build. `--portfolio` defaults to the same
    /// folder whatever `--output` is, so builds of two sites can take turns
    /// with one portfolio, each writing over the other's spare in place: a
    /// folder's device and inode then no longer say which build's pages it
    /// holds, nor does a token per site (a site's tree can come back as its
    /// spare after it wrote it again). A build removes the token from the
    /// tree it is about to change and writes its own once the tree is whole,
    /// so a tree changed since a manifest was written, even halfway, never
    /// matches that manifest.
    static let ownerFile = ".porthole-owner"

    static func newOwnerToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }.hex
    }

    /// `identity(of:)` and the folder's owner token, as a manifest records
    /// the portfolio it describes; "" when the folder does not exist.
    static func ownedIdentity(of folder: String) -> String {
        let identity = identity(of: folder)
        guard !identity.isEmpty else { return "" }
        let token = ContentDisk.readBytes(folder + "/" + ownerFile).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return identity + "@" + token
    }

    /// Removes staging folders left by builds that were killed (their
    /// process no longer exists), then creates this build's staging folder
    /// unless the build writes over the spare tree instead.
    public func prepareStaging(creating: Bool = true) throws(Diagnostic) {
        let parent = OutputFolder.parent(of: path)
        let prefix = "." + OutputFolder.name(of: path) + "."
        if let entries = ContentDisk.list(parent, includeHidden: true) {
            var leftovers: [String] = []
            for name in entries.map(\.name) {
                guard name.hasPrefix(prefix) else { continue }
                let rest = name.dropFirst(prefix.count)
                for kind in ["staging-", "old-"] where rest.hasPrefix(kind) {
                    let digits = rest.dropFirst(kind.count).prefix { $0.isNumber }
                    if let pid = Int32(digits), pid == getpid() || kill(pid, 0) != 0 {
                        leftovers.append(parent + "/" + name)
                    }
                }
            }
            for leftover in leftovers { FileTree.remove(leftover) }
        }
        guard creating else { return }
        guard FileTree.makeDirectories(staging) else {
            throw .error("output", "cannot create \(staging): \(String(cString: strerror(errno)))", at: nil)
        }
    }

    /// The site before last, kept after a swap so the next build only
    /// rewrites what differs (see `IncrementalWriter`), and its manifest.
    public var spare: String { OutputFolder.parent(of: path) + "/." + OutputFolder.name(of: path) + ".spare" }
    var spareManifest: String { spare + ".porthole-manifest" }
    /// A spare tree that a build may write over: a real folder (not a
    /// symlink) that a previous build made.
    var hasReusableSpare: Bool {
        ContentDisk.kind(of: spare) == .directory && ContentDisk.kind(of: spare + "/" + OutputFolder.marker) == .file
    }
    /// Where a folder goes to be deleted in the background.
    var trash: String { OutputFolder.parent(of: path) + "/." + OutputFolder.name(of: path) + ".old-" + String(getpid()) }

    /// Puts `staging` in place of the output folder in one step. The replaced
    /// site becomes the spare (`keepPrevious`) or is deleted in the
    /// background, so the build does not wait for thousands of unlinks.
    /// Returns whether the replaced site was kept as the spare.
    @discardableResult
    public func swapIn(from staging: String, keepPrevious: Bool) throws(Diagnostic) -> Bool {
        if flushes && porthole_sync_filesystem(staging) != 0 {
            throw .error("output", "cannot flush the new site to the disk: \(String(cString: strerror(errno)))", at: nil)
        }
        let parent = OutputFolder.parent(of: path)
        if ContentDisk.kind(of: path) == .directory {
            if porthole_exchange_paths(staging, path) == 0 {
                // `staging` now names the previous site.
                var kept = false
                if staging != spare {
                    if ContentDisk.exists(spare) { FileTree.removeInBackground(spare, renamingTo: trash + "-spare") }
                    if keepPrevious && rename(staging, spare) == 0 {
                        kept = true
                    } else {
                        FileTree.removeInBackground(staging, renamingTo: trash)
                    }
                } else if keepPrevious {
                    kept = true
                } else {
                    FileTree.removeInBackground(spare, renamingTo: trash)
                }
                if flushes { FileTree.syncDirectory(parent) }
                return kept
            }
            // No RENAME_EXCHANGE (non-Linux, some file systems): two renames,
            // with the old site kept until the new one is in place.
            guard rename(path, trash) == 0 else {
                throw .error("output", "cannot move the previous site aside: \(String(cString: strerror(errno)))", at: nil)
            }
            guard rename(staging, path) == 0 else {
                let reason = String(cString: strerror(errno))
                _ = rename(trash, path)
                throw .error("output", "cannot put the new site in place: \(reason)", at: nil)
            }
            FileTree.removeInBackground(trash, renamingTo: trash)
            // No spare on this path: an old one would no longer match.
            if ContentDisk.exists(spare) { FileTree.removeInBackground(spare, renamingTo: trash + "-spare") }
        } else if rename(staging, path) != 0 {
            throw .error("output", "cannot create \(path): \(String(cString: strerror(errno)))", at: nil)
        }
        if flushes { FileTree.syncDirectory(parent) }
        return false
    }

    public func discardStaging() { FileTree.remove(staging) }

    /// "device:inode" of a folder, or "" when it does not exist.
    static func identity(of path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return "" }
        return "\(info.st_dev):\(info.st_ino)"
    }
}
