import PortholeCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The spare tree made ahead of the next build when the last one left none
/// (a first build): every file the published manifest lists, hard-linked
/// from the published site, and a spare manifest that lists them. Without
/// it, the next build makes a whole new tree of folders and links for a
/// one-page change (docs/performance.md has what that costs); with it, that
/// build writes over the spare only what changed, as every later one does.
/// `porthole serve` makes it while the PM looks at the first build.
public enum SpareTree {
    /// Makes the spare of `output`; false when there is one already, or no
    /// manifest describes the published site, or a file it lists is gone.
    public static func prepare(for output: OutputFolder) async -> Bool {
        guard ContentDisk.kind(of: output.path) == .directory, !ContentDisk.exists(output.spare),
            let published = await BuildManifest.load(for: output), !published.unchecked,
            published.site == OutputFolder.identity(of: output.path)
        else { return false }
        do { try output.prepareStaging() } catch { return false }
        // One task per top-level folder (a client's, or the shared files'),
        // as a build keeps its clients: side by side.
        let byFolder = Dictionary(grouping: published.allFiles().keys, by: { String($0.prefix { $0 != "/" }) })
        let linked = await ClientThreads.inParallel(Array(byFolder.keys)) { top in
            linkAll(byFolder[top]!, from: output.path, into: output.staging)
        }
        guard linked.allSatisfy({ $0 }), rename(output.staging, output.spare) == 0 else {
            output.discardStaging()
            return false
        }
        var spare = published
        spare.site = OutputFolder.identity(of: output.spare)
        // Its files are the published ones: their change times move with
        // every link the next builds make or remove, so no stamp holds.
        for slug in spare.clients.keys { spare.clients[slug]?.stamp = "" }
        // The portfolio's spare is another folder, which this one is not.
        spare.portfolio = ""
        spare.portfolioShared = [:]
        BuildManifest.write(spare.render(against: published), to: output.spareManifest)
        return true
    }

    /// Hard links of `paths` (below `published`) into `tree`, folders made
    /// as needed; false at the first that cannot be linked.
    private static func linkAll(_ paths: some Sequence<String>, from published: String, into tree: String) -> Bool {
        var folders = Set<String>()
        for path in paths {
            let target = tree + "/" + path
            if let slash = target.lastIndex(of: "/") {
                let folder = String(target[..<slash])
                if folders.insert(folder).inserted, !FileTree.makeDirectories(folder) { return false }
            }
            guard link(published + "/" + path, target) == 0 else { return false }
        }
        return true
    }
}
