import PortholeCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A build written to disk: `site/` (and the portfolio's folder) replaced
/// whole by an atomic swap, made over the spare tree where there is one, with
/// unchanged files kept (see `IncrementalWriter`, `TreeStamp` and "Incremental
/// builds" in docs/architecture.md). Everything the incremental machinery
/// needs is here, so the steps above only put files.
struct DiskSink: BuildSink {
    let output: OutputFolder
    let site: TreePlan.Tree
    /// The folder the new site is written into (the spare, or a fresh one).
    let staging: String
    let portfolio: Portfolio?
    /// The manifest the last build left (describing `site/`), and the one
    /// this build goes by (nil for `--full`).
    let published: BuildManifest?
    let previous: BuildManifest?
    let full: Bool
    /// Flushes the staged files while the rest are rendered; nil when the
    /// swap does not flush (a preview, `--no-flush`).
    let writeback: WritebackAhead?

    /// Where the portfolio is written.
    struct Portfolio: Sendable {
        let folder: OutputFolder
        let tree: TreePlan.Tree
        let staging: String
    }

    /// Makes the folders ready to write: from here the spares no longer match
    /// their manifests, so a build killed before the swap leaves them
    /// unknown, never trusted.
    static func stage(
        output: OutputFolder, portfolio: OutputFolder?, trees: TreePlan, published: BuildManifest?,
        previous: BuildManifest?, full: Bool
    ) throws(Diagnostic) -> DiskSink {
        unlink(output.spareManifest)
        // On the disk before the spare's files are written over: after a
        // power loss, a manifest that came back would vouch for them.
        if trees.site.reusesSpare { FileTree.syncDirectory(OutputFolder.parent(of: output.path)) }
        try output.prepareStaging(creating: !trees.site.reusesSpare)
        var target: Portfolio?
        if let portfolio, let tree = trees.portfolio {
            do { try portfolio.prepareStaging(creating: !tree.reusesSpare) } catch {
                if !trees.site.reusesSpare { output.discardStaging() }
                throw error
            }
            // That tree is this build's now: no other site's manifest
            // describes it any more.
            if tree.reusesSpare {
                unlink(portfolio.spare + "/" + OutputFolder.ownerFile)
                FileTree.syncDirectory(portfolio.spare)
            }
            target = Portfolio(folder: portfolio, tree: tree, staging: tree.reusesSpare ? portfolio.spare : portfolio.staging)
        }
        return DiskSink(
            output: output, site: trees.site, staging: trees.site.reusesSpare ? output.spare : output.staging,
            portfolio: target, published: published, previous: previous, full: full,
            writeback: WritebackAhead.start(for: output))
    }

    /// What is beside the output folders: the facts `TreePlan` decides on.
    static func facts(output: OutputFolder, portfolio: OutputFolder?, published: BuildManifest?) -> TreePlan.Facts {
        var facts = TreePlan.Facts()
        facts.siteExists = ContentDisk.kind(of: output.path) == .directory
        facts.spareReusable = output.hasReusableSpare
        facts.spareManifest = published.flatMap { BuildManifest.load(path: output.spareManifest, describing: output.spare, against: $0) }
        if let portfolio {
            facts.portfolioExists = ContentDisk.kind(of: portfolio.path) == .directory
            facts.portfolioSpareReusable = portfolio.hasReusableSpare
            if facts.portfolioSpareReusable { facts.portfolioSpareIdentity = OutputFolder.ownedIdentity(of: portfolio.spare) }
        }
        return facts
    }

    var readsEarlierFiles: Bool { site.readsEarlierFiles || portfolio?.tree.readsEarlierFiles == true }

    func discard() {
        // A spare left behind by a failed build is reused by the next one.
        if !site.reusesSpare { output.discardStaging() }
        if let portfolio, !portfolio.tree.reusesSpare { portfolio.folder.discardStaging() }
    }
}

// MARK: - Clients

extension DiskSink {
    func keep(_ slug: String, _ entry: BuildManifest.ClientEntry) -> WrittenClient? {
        // The portfolio first: if its pages cannot be kept, nothing of the
        // site's tree has been touched yet for the render that follows.
        if let portfolio, !keepPortfolio(slug, entry, in: portfolio) {
            dropPortfolioPages(slug, entry, in: portfolio)
            return nil
        }
        // A spare whose list is not believed as a whole (the one a `--full`
        // build left): a folder whose stamp still matches is believed.
        let verified = site.listed == nil ? site.claimed?.verifiedFiles(in: entry.folder, under: staging) : nil
        let writer = IncrementalWriter(
            staging: staging, published: site.linksPublished ? output.path : nil,
            listed: verified.map { SpareContents(byFolder: [entry.folder: $0]) } ?? site.listed, reusesSpare: site.reusesSpare)
        var folders = Set<String>()
        var counts = IncrementalWriter.Counts()
        guard writer.keep(entry.files, under: entry.folder, madeFolders: &folders, counts: &counts) else {
            // The render that follows writes this client's portfolio pages
            // again: drop the links just made, never write through them.
            if let portfolio { dropPortfolioPages(slug, entry, in: portfolio) }
            return nil
        }
        writer.removeStale(in: entry.folder, believed: verified, keeping: entry.files)
        var kept = WrittenClient(files: entry.files, portfolioFiles: entry.portfolioFiles)
        kept.counts.kept = counts.kept
        // A believed folder left as it was keeps its stamp. Otherwise its
        // files are (or may be) links to the published ones, whose change
        // time the next build's links and unlinks move: unknown, so never
        // believed.
        kept.stamp = verified == entry.files ? site.claimed?.stamps[entry.folder] ?? "" : ""
        return kept
    }

    func put(_ client: ClientFiles, previous: BuildManifest.ClientEntry?, afterFailedKeep: Bool) throws(Diagnostic) -> WrittenClient {
        // After a failed keep the spares' lists no longer say what they hold
        // for this client (the keep removed its portfolio pages): every
        // file is compared instead.
        let listed = afterFailedKeep ? nil : site.listed
        let folder = client.folder
        let believed = site.claimed?.verifiedFiles(in: folder, under: staging)
        let verified = believed?.table
        let writer = IncrementalWriter(
            staging: staging, published: previous?.folder == folder && site.linksPublished ? output.path : nil,
            listed: believed.map { SpareContents(folder: folder, files: $0) } ?? listed?.narrowed(to: folder),
            reusesSpare: site.reusesSpare)
        var written = WrittenClient()
        var counts = IncrementalWriter.Counts()
        let hashes = try put(client.site, under: folder, with: writer, previous: previous?.files.table, counts: &counts)
        written.files = FileHashes(hashes)
        written.counts = WriteCounts(written: counts.written, kept: counts.kept)
        writer.removeStale(in: folder, believed: believed, keeping: written.files)
        writeback?.wrote(counts.writtenBytes)
        (written.stamp, written.newestStamped) = stamp(of: folder, hashes: hashes, verified: verified, listed: listed, counts: counts)
        if let portfolio {
            let writer = IncrementalWriter(
                staging: portfolio.staging, published: portfolio.tree.linksPublished ? portfolio.folder.path : nil,
                listed: afterFailedKeep ? nil : portfolio.tree.listed?.narrowed(to: client.slug), reusesSpare: portfolio.tree.reusesSpare)
            var counts = IncrementalWriter.Counts()
            written.portfolioFiles = FileHashes(
                try put(client.portfolio, under: client.slug, with: writer, previous: previous?.portfolioFiles.table, counts: &counts))
        }
        return written
    }

    /// Puts files below `folder` of the writer's tree; their hashes by path.
    private func put(
        _ files: [OutputFile], under folder: String, with writer: IncrementalWriter, previous: [String: String]?,
        counts: inout IncrementalWriter.Counts
    ) throws(Diagnostic) -> [String: String] {
        var madeFolders = MadeFolders()
        defer { madeFolders.closeHandles() }
        var hashes: [String: String] = [:]
        for (file, bytes, hash) in ContentHashes.hashed(files) {
            guard
                writer.put(
                    bytes, hash: hash, at: folder + "/" + file.path, publishedHash: previous?[file.path], madeFolders: &madeFolders,
                    counts: &counts)
            else { throw .error("output", "cannot write \(writer.staging)/\(folder)/\(file.path)", at: nil) }
            hashes[file.path] = hash
        }
        return hashes
    }

    /// The stamp the `--full` build that finds this tree as its spare will
    /// check: kept when the build did not touch a believed folder; taken
    /// again when every file was written or compared (a believed folder, or
    /// no list to go by); none when some files were kept on the trusted
    /// spare manifest's word, unopened.
    private func stamp(
        of folder: String, hashes: [String: String], verified: [String: String]?, listed: SpareContents?,
        counts: IncrementalWriter.Counts
    ) -> (String, timespec?) {
        if verified == hashes { return (site.claimed?.stamps[folder] ?? "", nil) }
        guard verified != nil || listed == nil,
            let taken = TreeStamp.of(staging + "/" + folder, files: hashes.keys, known: { counts.seen[folder + "/" + $0] })
        else { return ("", nil) }
        return (taken.digest, taken.newestChange)
    }

    /// Removes a client's pages from the portfolio tree being written, after
    /// a keep that failed: the pages the spare held and the ones the keep
    /// linked, by name. Not its folder: a client called `assets` shares it
    /// with the portfolio's stylesheet, which the spare's list then still
    /// says is there. Without a list, the tree is walked at the end anyway.
    private func dropPortfolioPages(_ slug: String, _ entry: BuildManifest.ClientEntry, in portfolio: Portfolio) {
        var pages = Set(entry.portfolioFiles.paths)
        if let held = portfolio.tree.listed?.files(in: slug) { pages.formUnion(held.paths) }
        FileTree.removeFiles(pages.map { slug + "/" + $0 }, under: portfolio.staging)
    }

    /// Keeps a kept client's portfolio pages (hard links from the published
    /// portfolio); false when one is missing, and the client is rendered.
    private func keepPortfolio(_ slug: String, _ entry: BuildManifest.ClientEntry, in portfolio: Portfolio) -> Bool {
        let writer = IncrementalWriter(
            staging: portfolio.staging, published: portfolio.tree.linksPublished ? portfolio.folder.path : nil,
            listed: portfolio.tree.listed, reusesSpare: portfolio.tree.reusesSpare)
        var folders = Set<String>()
        var counts = IncrementalWriter.Counts()
        return writer.keep(entry.portfolioFiles, under: slug, madeFolders: &folders, counts: &counts)
    }
}

// MARK: - Shared files and the swap

extension DiskSink {
    func putShared(_ files: [OutputFile], into manifest: inout BuildManifest) throws(Diagnostic) -> WriteCounts {
        let writer = IncrementalWriter(
            staging: staging, published: site.linksPublished ? output.path : nil, listed: site.listed, reusesSpare: site.reusesSpare)
        var folders = MadeFolders()
        defer { folders.closeHandles() }
        var counts = IncrementalWriter.Counts()
        for (file, bytes, hash) in ContentHashes.hashed(files) {
            guard
                writer.put(
                    bytes, hash: hash, at: file.path, publishedHash: previous?.shared[file.path], madeFolders: &folders, counts: &counts)
            else { throw .error("output", "cannot write \(staging)/\(file.path)", at: nil) }
            manifest.shared[file.path] = hash
        }
        writer.removeStale(keeping: manifest)
        manifest.site = OutputFolder.identity(of: staging)
        return WriteCounts(written: counts.written, kept: counts.kept)
    }

    func publish(_ manifest: BuildManifest, portfolio files: [OutputFile]?) async -> Publication {
        var manifest = manifest
        manifest.unflushed = output.flushes ? "" : MachineBoot.current
        var publication = Publication()
        // Written while the portfolio is made (on a core that would idle):
        // all of it but the portfolio's lines, which come last.
        let manifestPath = BuildManifest.path(for: output)
        let sitePart = manifest
        async let startedManifest = BuildManifest.startWrite(sitePart.renderSite(), to: manifestPath)
        do {
            if let portfolio, let files {
                manifest.portfolio = try put(portfolio: files, of: portfolio, into: &manifest)
                // The portfolio goes in first: if that fails, site/ is still as it was.
                try portfolio.folder.swapIn(from: portfolio.staging, keepPrevious: true)
                publication.wrotePortfolio = true
            }
            // The spare's manifest is rendered while the swap flushes the
            // disk, and both are put in place once it is done. After the
            // exchange the published folder (this inode) is the spare.
            let finished = manifest
            var replaced = published
            replaced?.site = OutputFolder.identity(of: output.path)
            replaced?.unchecked = full
            let replacedManifest = replaced
            async let spareText = replacedManifest?.render(against: finished)
            let keptSpare = try output.swapIn(from: staging, keepPrevious: true)
            publication.wroteSite = true
            if await startedManifest { BuildManifest.finishWrite(appending: finished.renderPortfolio(), to: manifestPath) }
            if keptSpare, let text = await spareText { BuildManifest.write(text, to: output.spareManifest) }
        } catch {
            publication.failure = error
            discard()
        }
        return publication
    }

    /// Puts the portfolio's index and assets, removes what its tree holds
    /// beyond this build's pages, and marks the tree as this build's; the
    /// identity the manifest records for it.
    private func put(portfolio files: [OutputFile], of portfolio: Portfolio, into manifest: inout BuildManifest) throws(Diagnostic)
        -> String
    {
        let tree = portfolio.tree
        let writer = IncrementalWriter(
            staging: portfolio.staging, published: tree.linksPublished ? portfolio.folder.path : nil, listed: tree.listed,
            reusesSpare: tree.reusesSpare)
        var folders = MadeFolders()
        defer { folders.closeHandles() }
        var counts = IncrementalWriter.Counts()
        for (file, bytes, hash) in ContentHashes.hashed(files) {
            let publishedHash = tree.linksPublished ? previous?.portfolioShared[file.path] : nil
            guard writer.put(bytes, hash: hash, at: file.path, publishedHash: publishedHash, madeFolders: &folders, counts: &counts)
            else { throw .error("output", "cannot write \(portfolio.staging)/\(file.path)", at: nil) }
            manifest.portfolioShared[file.path] = hash
        }
        if tree.listed != nil {
            writer.removeStale(keeping: manifest.clients.mapValues { $0.portfolioFiles }, shared: manifest.portfolioShared)
        } else {
            var kept = Set(manifest.portfolioShared.keys)
            for (slug, entry) in manifest.clients { kept.formUnion(entry.portfolioFiles.paths.map { slug + "/" + $0 }) }
            writer.removeStale(in: nil, keeping: kept)
        }
        let owner = OutputFolder.newOwnerToken()
        guard FileTree.write(Array(owner.utf8), to: portfolio.staging + "/" + OutputFolder.ownerFile) else {
            throw .error("output", "cannot write \(portfolio.staging)/\(OutputFolder.ownerFile)", at: nil)
        }
        return OutputFolder.identity(of: portfolio.staging) + "@" + owner
    }
}
