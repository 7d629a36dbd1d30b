import Foundation
import PortholeCore
import PortholeMarkdown

/// `porthole build` and `porthole check`: load → validate → view → render →
/// write, one client per task, then the shared files and the atomic swap.
public struct SiteBuild: Sendable {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func run() async -> BuildReport {
        let clock = ContinuousClock()
        let started = clock.now
        let startedAt = InputFingerprint.now()
        var report = BuildReport()
        let loader = ContentLoader(root: options.contentRoot, displayRoot: options.contentDisplay)

        // 1. Shared content and theme: every client needs them.
        let (shared, sharedLog) = loader.loadShared()
        report.diagnostics.merge(sharedLog)
        guard let shared else { return report }
        if options.today == nil, let problem = PortalClock.sourceDateEpochProblem(options.environment) {
            report.diagnostics.error("options", problem, at: nil)
            return report
        }
        let today = options.today ?? PortalClock.today(in: shared.portal.site.timezone, environment: options.environment)
        report.today = today
        report.baseURL = shared.portal.site.baseURL
        // What the client folders look like and what the last build left
        // are read while the theme compiles and the options are checked:
        // they are most of a no-op build, and the theme a tenth of it.
        let output = OutputFolder(path: options.output)
        async let folderMetadata = options.checkOnly ? [:] : Self.metadata(of: shared.clientSlugs, in: options.contentRoot)
        async let loadedManifest = options.checkOnly ? nil : BuildManifest.load(for: output)
        // PORTHOLE_TEMPLATES=swift-mustache renders with swift-mustache
        // instead of the compiled templates: the same bytes, more slowly; a
        // way to rule the compiled templates in or out of a rendering bug.
        let (loadedTheme, themeLog) = Theme.load(
            name: shared.portal.site.theme, themesRoot: options.themesRoot,
            displayRoot: options.themesDisplay,
            compiling: options.environment["PORTHOLE_TEMPLATES"] != "swift-mustache")
        report.diagnostics.merge(themeLog)
        guard let theme = loadedTheme, let stylesheet = theme.assetPath("style.css") else {
            if loadedTheme != nil {
                report.diagnostics.error("theme", "theme '\(shared.portal.site.theme)' has no assets/style.css", at: nil)
            }
            return report
        }

        // 2. Where the portals go, and their passwords.
        var passwords = Passwords(environment: options.environment)
        if let file = options.passwordsFile {
            let (loaded, log) = Passwords.load(path: file, display: options.passwordsDisplay ?? file, contentRoot: options.contentRoot)
            report.diagnostics.merge(log)
            guard let loaded else { return report }
            passwords = loaded.merging(environment: options.environment)
        }

        let secret: SecretStore.Secret
        switch SecretStore.secret(environment: options.environment, projectRoot: options.projectRoot, create: !options.checkOnly) {
        case .success(let value): secret = value
        case .failure(let diagnostic):
            if options.checkOnly && !options.needsSecret {
                secret = SecretStore.Secret(bytes: Array("porthole-check".utf8), createdFile: nil)
            } else {
                report.diagnostics.add(diagnostic)
                return report
            }
        }
        report.createdSecretFile = secret.createdFile
        let access = PortalAccess(secret: secret.bytes)
        let dateFormats = DateText.Formats(localeIdentifier: shared.portal.site.locale)
        if options.checkOnly {
            let renderer = PortalRenderer(
                portal: shared.portal, playbooks: shared.playbooks, theme: theme, stylesheet: stylesheet,
                today: today, access: access, passwords: passwords, staging: nil, previousSite: nil,
                staged: nil, dateFormats: dateFormats)
            let outcomes = await Self.inParallel(selectedClients(shared.clientSlugs)) { renderer.build(slug: $0, loader: loader) }
            collect(outcomes, into: &report)
            return report
        }

        // 3. The previous build, when its manifest still describes site/.
        if let problem = output.problem(
            contentRoot: options.contentRoot, themesRoot: options.themesRoot,
            home: options.environment["HOME"])
        {
            report.diagnostics.error("output", problem, at: nil)
            return report
        }
        // The portfolio holds every client's internal content: a subset
        // build would leave it partial (and so misleading), so only a build
        // of every client writes it.
        let isSubset = !options.clients.isEmpty || options.shard != nil
        if options.portfolio != nil && isSubset {
            report.portfolioSkipped = "a \(options.shard != nil ? "--shard" : "--client") build holds only some clients"
        }
        let portfolioFolder = isSubset ? nil : options.portfolio.map(OutputFolder.init(path:))
        if let portfolioFolder {
            if let problem = Self.portfolioProblem(portfolioFolder, output: output, options: options) {
                report.diagnostics.error("portfolio", problem, at: nil)
                return report
            }
        }
        let global = InputFingerprint.global(
            contentRoot: options.contentRoot, theme: theme, today: today,
            secret: secret.bytes, toolVersion: PortholeInfo.version)
        let passwordsForKeys = passwords
        let signatures = Dictionary(
            uniqueKeysWithValues: await folderMetadata.map { slug, metadata in
                (slug, InputFingerprint.signature(metadata, password: passwordsForKeys.password(for: slug), secret: secret.bytes))
            })
        let published = await loadedManifest
        // `--full` reuses nothing of the previous build, but still keeps the
        // replaced site as the spare for the next incremental build.
        let previous = options.full ? nil : published
        let trusted = previous.flatMap { $0.global == global ? $0 : nil }
        // A subset build (--client) carries the other clients over unchanged,
        // but only when nothing site-wide changed: after a theme or date
        // change the other portals would point at assets that are gone, so
        // then every client is built.
        var selected = selectedClients(shared.clientSlugs)
        let widen = !options.clients.isEmpty && trusted == nil && previous != nil
        if widen {
            report.diagnostics.add(
                .warning(
                    "subset-widened",
                    "site-wide inputs (theme, portal.yaml, playbooks, --today or the secret) changed since the last build: building every client, not only \(options.clients.joined(separator: ", "))",
                    at: nil))
            selected = selectedClients(shared.clientSlugs, ignoringSubset: true)
        }
        let previousStart = previous.flatMap { Double($0.started) }
        // The portfolio pages recorded in the manifest are usable only if
        // the portfolio folder is still the one they were written to; if
        // not (first build, --no-portfolio or a subset build last time, the
        // folder moved or was deleted), every client is rendered once more.
        let portfolioTrusted =
            portfolioFolder.map { folder in
                trusted.map { !$0.portfolio.isEmpty && $0.portfolio == OutputFolder.ownedIdentity(of: folder.path) } ?? false
            } ?? true
        let keyFor: @Sendable (String, Bool) -> (key: InputFingerprint.ClientKey, files: [String: [UInt8]]) = { slug, keepingFiles in
            InputFingerprint.client(
                folder: options.contentRoot + "/clients/" + slug,
                password: passwordsForKeys.password(for: slug), secret: secret.bytes,
                signature: signatures[slug] ?? ("", .infinity),
                previous: previous?.clients[slug], previousStart: previousStart,
                keepingFilesAs: keepingFiles ? "clients/" + slug + "/" : nil)
        }
        // Keys are taken here only where they decide something: whether a
        // client can be kept. A client that cannot be (`--full`, a first
        // build, a site-wide change) gets its key in its own task below,
        // while other clients render, instead of all reading their inputs
        // before the first page is made.
        // A folder that looks as it did keeps the manifest's key, without
        // reading: decided here, not in a task each (200 tasks cost more
        // than the decisions). Only the others are read, in parallel.
        var keys: [(String, InputFingerprint.ClientKey)] = []
        var toRead: [String] = []
        for slug in selected where portfolioTrusted && trusted?.clients[slug] != nil {
            if let key = InputFingerprint.unchangedKey(
                signature: signatures[slug] ?? ("", .infinity), previous: previous?.clients[slug],
                previousStart: previousStart)
            {
                keys.append((slug, key))
            } else {
                toRead.append(slug)
            }
        }
        keys += await Self.inParallel(toRead) { slug in (slug, keyFor(slug, false).key) }
        var clean: [String: BuildManifest.ClientEntry] = [:]
        var signaturesMoved = false
        for (slug, key) in keys where portfolioTrusted {
            guard var entry = trusted?.clients[slug], entry.key == key.key else { continue }
            // Same bytes, other metadata (a touched file): remembered, so
            // the next build need not read the folder again.
            signaturesMoved = signaturesMoved || entry.signature != key.signature
            entry.signature = key.signature
            clean[slug] = entry
        }
        var carried: [String: BuildManifest.ClientEntry] = [:]
        if !options.clients.isEmpty, !widen, let trusted {
            for slug in shared.clientSlugs where !selected.contains(slug) {
                if let entry = trusted.clients[slug] { carried[slug] = entry }
            }
        }
        report.stages.append(("check inputs", clock.now - started))

        // Nothing changed: site/ (and portfolio/) stay exactly as they are,
        // not even swapped.
        if let trusted, options.clients.isEmpty, options.shard == nil, clean.count == selected.count,
            Set(trusted.clients.keys) == Set(selected), portfolioTrusted
        {
            let outcomes = selected.compactMap { slug in trusted.clients[slug].map { ClientOutcome(replaying: $0, slug: slug) } }
            collect(outcomes, into: &report)
            report.files += trusted.shared.count
            report.pages += trusted.shared.keys.filter { $0.hasSuffix(".html") }.count
            report.unchanged = true
            report.kept = report.files
            if signaturesMoved, var refreshed = published {
                // Every key was checked or recomputed in this run, so this
                // run's start is the new point from which times are racy.
                for (slug, entry) in clean { refreshed.clients[slug] = entry }
                refreshed.started = String(startedAt)
                refreshed.save(to: BuildManifest.path(for: output))
            }
            if portfolioFolder != nil { report.portfolioPages = 1 + outcomes.reduce(0) { $0 + $1.portfolioPages } }
            report.stages.append(("no changes", clock.now - started))
            if options.strict && report.diagnostics.warningCount > 0 { return report }
            return report
        }

        let previousSite = previous != nil && ContentDisk.kind(of: output.path) == .directory ? output.path : nil
        // Where the new site is written: the spare tree (the site before
        // last) brought up to date, else a fresh folder. The spare's manifest
        // says what it holds; without one (a killed build) its files are
        // compared and overwritten in place, which is still far cheaper than
        // deleting them and creating new ones. `--full` believes the
        // manifest only for client folders whose stamps still match.
        let spareManifest =
            published == nil
            ? nil
            : BuildManifest.load(path: output.spareManifest, describing: output.spare, against: published)
        let spareFiles = spareManifest.map { SpareContents($0) }
        // What the spare holds, as a list an incremental build goes by.
        let listedSpare = spareManifest?.unchecked == false ? spareFiles : nil
        let reusesSpare = output.hasReusableSpare
        let staging: String
        // From here the spare no longer matches its manifest: a build killed
        // before the swap leaves it unknown, never trusted.
        unlink(output.spareManifest)
        do { try output.prepareStaging(creating: !reusesSpare) } catch {
            report.diagnostics.add(error)
            return report
        }
        // The portfolio is made like the site: over its spare when there is
        // one (files compared and rewritten in place, unchanged pages hard
        // links to the published ones), else in a fresh folder.
        var portfolioTarget: PortfolioTarget?
        let reusesPortfolioSpare = portfolioFolder?.hasReusableSpare ?? false
        if let portfolioFolder {
            do { try portfolioFolder.prepareStaging(creating: !reusesPortfolioSpare) } catch {
                report.diagnostics.add(error)
                if !reusesSpare { output.discardStaging() }
                return report
            }
            let published = portfolioTrusted && ContentDisk.kind(of: portfolioFolder.path) == .directory
            // The spare manifest also describes the portfolio's spare when
            // its `portfolio` is that folder (the build before last wrote
            // both); `--full` trusts neither.
            let portfolioSpare =
                reusesPortfolioSpare && previous != nil
                ? spareManifest.flatMap {
                    !$0.unchecked && !$0.portfolio.isEmpty && $0.portfolio == OutputFolder.ownedIdentity(of: portfolioFolder.spare)
                        ? $0 : nil
                }
                : nil
            // From here that tree is being changed: it is this build's, and no
            // other site's manifest describes it any more.
            if reusesPortfolioSpare { unlink(portfolioFolder.spare + "/" + OutputFolder.ownerFile) }
            portfolioTarget = PortfolioTarget(
                staging: reusesPortfolioSpare ? portfolioFolder.spare : portfolioFolder.staging,
                previous: published ? portfolioFolder.path : nil, reusesTree: reusesPortfolioSpare,
                staged: portfolioSpare.map(SpareContents.init(portfolioOf:)))
        }
        staging = reusesSpare ? output.spare : output.staging
        let staged = reusesSpare && previousSite != nil ? listedSpare : nil
        // A spare left behind by a failed build is reused by the next one.
        func discard() {
            if !reusesSpare { output.discardStaging() }
            if !reusesPortfolioSpare { portfolioFolder?.discardStaging() }
        }

        // 4. Clients, in parallel, each independent of the others: kept whole
        // when their inputs did not change, else loaded, checked and rendered.
        // With at most one client to render for every two cores (a rebuild
        // after one update), each one's projects load and render side by
        // side; with more, the clients themselves fill the cores.
        let splitsProjects = 2 * selected.count { clean[$0] == nil } <= ProcessInfo.processInfo.activeProcessorCount
        let clientLoader = {
            var loader = loader
            loader.loadsProjectsInParallel = splitsProjects
            return loader
        }()
        let renderer = PortalRenderer(
            portal: shared.portal, playbooks: shared.playbooks, theme: theme, stylesheet: stylesheet,
            today: today, access: access, passwords: passwords, staging: staging,
            previousSite: previousSite, staged: staged,
            claimedSpare: reusesSpare && staged == nil ? spareFiles : nil, reusesTree: reusesSpare,
            splitsProjects: splitsProjects, dateFormats: dateFormats, portfolio: portfolioTarget)
        let keyOf = Dictionary(uniqueKeysWithValues: keys)
        let (cleanEntries, carriedEntries) = (clean, carried)
        let progress = options.progress
        let total = selected.count + carried.count
        // The longest tasks first, so that the shortest are left for the
        // end, when a core would otherwise wait for the last client: clients
        // to render before clients kept (after a one-update change, the one
        // render no longer waits behind the keeps of the clients before it
        // in the alphabet), and password portals first among each, for
        // their key derivation. Nothing written depends on the order:
        // results arrive as tasks end.
        var ranks = [[String]](repeating: [], count: 4)
        for slug in selected + carried.keys.sorted() {
            ranks[(cleanEntries[slug] ?? carriedEntries[slug] == nil ? 0 : 2) + (passwords.password(for: slug) != nil ? 0 : 1)].append(slug)
        }
        let reportProgress: @Sendable (Int, Int) -> Void = { done, pages in progress?(done, total, pages) }
        let outcomes = await Self.inParallel(ranks.flatMap { $0 }, progress: reportProgress) { slug in
            let keptEntry = cleanEntries[slug] ?? carriedEntries[slug]
            if let entry = keptEntry, let kept = renderer.keep(slug: slug, entry: entry) {
                var kept = kept
                if carriedEntries[slug] != nil { kept.log = DiagnosticLog() }
                return kept
            }
            let renderer = keptEntry == nil ? renderer : renderer.forgettingSpareLists()
            if let key = keyOf[slug] {
                return renderer.build(slug: slug, loader: clientLoader, key: key, previous: previous?.clients[slug])
            }
            // The files read for the key are the files loaded: one read each.
            var loader = clientLoader
            let key: InputFingerprint.ClientKey
            (key, loader.prefetched) = keyFor(slug, true)
            return renderer.build(slug: slug, loader: loader, key: key, previous: previous?.clients[slug])
        }
        collect(outcomes, into: &report)
        // No edit after this build can share a change time with its writes.
        if let newest = outcomes.compactMap(\.newestStamped).max(by: { TreeStamp.isLater($1, than: $0) }) { TreeStamp.waitPast(newest) }
        report.stages.append(("clients", clock.now - started))

        // 5. Shared files and the swap; any error leaves the old site as it was.
        if report.diagnostics.hasErrors || (options.strict && report.diagnostics.warningCount > 0) {
            discard()
            return report
        }
        var manifest = BuildManifest()
        manifest.global = global
        // Carried clients were not looked at in this run: their signatures
        // are only as trustworthy as the start of the build that took them.
        manifest.started = String(carried.isEmpty ? startedAt : min(startedAt, previousStart ?? startedAt))
        for outcome in outcomes { if let entry = outcome.entry { manifest.clients[outcome.slug] = entry } }
        let writer = IncrementalWriter(staging: staging, previous: previousSite, staged: staged, reusesTree: reusesSpare)
        var folders = Set<String>()
        var counts = IncrementalWriter.Counts()
        for file in SharedFiles(portal: shared.portal, theme: theme, stylesheet: stylesheet, today: today).files() {
            let bytes = file.bytes
            guard
                let hash = writer.put(
                    bytes, at: file.path, previousHash: previous?.shared[file.path], madeFolders: &folders, counts: &counts)
            else {
                report.diagnostics.error("output", "cannot write \(staging)/\(file.path)", at: nil)
                discard()
                return report
            }
            manifest.shared[file.path] = hash
            report.files += 1
            if file.path.hasSuffix(".html") { report.pages += 1 }
        }
        report.written += counts.written
        report.kept += counts.kept
        writer.removeStale(keeping: manifest)
        manifest.site = OutputFolder.identity(of: staging)
        // Written while the portfolio is made (on a core that would idle):
        // all of it but the portfolio's lines, which come last.
        let manifestPath = BuildManifest.path(for: output)
        let sitePart = manifest
        async let startedManifest = BuildManifest.startWrite(sitePart.renderSite(), to: manifestPath)
        report.stages.append(("shared files", clock.now - started))
        if let portfolioFolder, let portfolioTarget {
            // The index needs every client's rows (rendered in their tasks).
            let files = PortfolioFiles(portal: shared.portal, theme: theme, stylesheet: stylesheet, today: today)
                .files(clients: Self.portfolioClients(outcomes, baseURL: shared.portal.site.baseURL))
            let writer = IncrementalWriter(
                staging: portfolioTarget.staging, previous: portfolioTarget.previous, staged: portfolioTarget.staged,
                reusesTree: portfolioTarget.reusesTree)
            var folders = Set<String>()
            var counts = IncrementalWriter.Counts()
            for file in files {
                guard
                    let hash = writer.put(
                        file.bytes, at: file.path,
                        previousHash: portfolioTarget.previous == nil ? nil : previous?.portfolioShared[file.path],
                        madeFolders: &folders, counts: &counts)
                else {
                    report.diagnostics.error("output", "cannot write \(portfolioTarget.staging)/\(file.path)", at: nil)
                    discard()
                    return report
                }
                manifest.portfolioShared[file.path] = hash
            }
            if portfolioTarget.staged != nil {
                writer.removeStale(keeping: manifest.clients.mapValues { $0.portfolioFiles }, shared: manifest.portfolioShared)
            } else {
                var kept = Set(manifest.portfolioShared.keys)
                for (slug, entry) in manifest.clients { kept.formUnion(entry.portfolioFiles.paths.map { slug + "/" + $0 }) }
                writer.removeStale(in: nil, keeping: kept)
            }
            report.portfolioPages = 1 + outcomes.reduce(0) { $0 + $1.portfolioPages }
            let owner = OutputFolder.newOwnerToken()
            guard FileTree.write(Array(owner.utf8), to: portfolioTarget.staging + "/" + OutputFolder.ownerFile) else {
                report.diagnostics.error("output", "cannot write \(portfolioTarget.staging)/\(OutputFolder.ownerFile)", at: nil)
                discard()
                return report
            }
            manifest.portfolio = OutputFolder.identity(of: portfolioTarget.staging) + "@" + owner
            // The portfolio goes in first: if that fails, site/ is still as it was.
            do {
                try portfolioFolder.swapIn(from: portfolioTarget.staging, keepPrevious: true)
                report.wrotePortfolio = true
            } catch {
                report.diagnostics.add(error)
                discard()
                return report
            }
        }
        if portfolioFolder != nil { report.stages.append(("portfolio", clock.now - started)) }
        // The spare's manifest is rendered while the swap flushes the disk,
        // and both are put in place once it is done. After the exchange the
        // published folder (this inode) is the spare.
        let finished = manifest
        var replaced = published
        replaced?.site = OutputFolder.identity(of: output.path)
        replaced?.unchecked = options.full
        let replacedManifest = replaced
        async let spareText = replacedManifest?.render(against: finished)
        do {
            // The replaced site becomes the next build's spare; with its
            // manifest when that is known.
            let keptSpare = try output.swapIn(from: staging, keepPrevious: true)
            report.wroteSite = true
            if await startedManifest { BuildManifest.finishWrite(appending: finished.renderPortfolio(), to: manifestPath) }
            if keptSpare, let text = await spareText { BuildManifest.write(text, to: output.spareManifest) }
        } catch {
            report.diagnostics.add(error)
            discard()
        }
        report.stages.append(("swap", clock.now - started))
        return report
    }

    /// Why the portfolio cannot go where it was asked to (site.md: never
    /// inside the site, so publishing site/ can never publish it), on top of
    /// the checks every output folder gets.
    static func portfolioProblem(_ portfolio: OutputFolder, output: OutputFolder, options: BuildOptions) -> String? {
        if output.overlaps(portfolio.path) || portfolio.overlaps(output.path) {
            return
                "refusing to write the portfolio to \(portfolio.path): it would overlap the site's output folder \(output.path) (publishing the site must never publish the portfolio); choose another --portfolio"
        }
        return portfolio.problem(
            contentRoot: options.contentRoot, themesRoot: options.themesRoot, home: options.environment["HOME"],
            what: "the portfolio", option: "--portfolio")
    }

    /// Every client of this build as the portfolio index lists it.
    static func portfolioClients(_ outcomes: [ClientOutcome], baseURL: String) -> [PortfolioClient] {
        outcomes.compactMap { outcome in
            guard let portal = outcome.portal, let folder = portal.folder else { return nil }
            return PortfolioClient(
                slug: outcome.slug, name: portal.name, access: portal.access, portalURL: baseURL + folder + "/",
                rows: outcome.portfolioRows, warnings: outcome.log.warningCount, rowHTML: outcome.portfolioRowHTML)
        }
    }

    /// What every client folder looks like from outside (`InputFingerprint`).
    static func metadata(of slugs: [String], in contentRoot: String) async -> [String: InputFingerprint.FolderMetadata] {
        Dictionary(
            uniqueKeysWithValues: await inParallel(slugs) { slug in
                (slug, InputFingerprint.metadata(of: contentRoot + "/clients/" + slug))
            })
    }

    /// The clients this run builds: all, `--client` ones, or a `--shard`.
    func selectedClients(_ all: [String], ignoringSubset: Bool = false) -> [String] {
        var selected = all
        if !options.clients.isEmpty && !ignoringSubset { selected = all.filter { options.clients.contains($0) } }
        if let shard = options.shard {
            selected = selected.filter { InputFingerprint.shard(of: $0, count: shard.count) == shard.index - 1 }
        }
        return selected
    }

    func collect(_ outcomes: [ClientOutcome], into report: inout BuildReport) {
        for outcome in outcomes.sorted(by: { $0.slug < $1.slug }) {
            var log = outcome.log
            log.attribute(to: outcome.slug)
            report.diagnostics.merge(log)
            report.clients += outcome.portal == nil ? 0 : 1
            report.projects += outcome.projects
            report.pages += outcome.pages
            report.files += outcome.files
            report.written += outcome.written
            report.kept += outcome.kept
            report.rendered += outcome.rendered ? 1 : 0
            if let portal = outcome.portal { report.portals.append(portal) }
        }
        let folders = Dictionary(grouping: report.portals.compactMap { $0.folder }, by: { $0 })
        for (folder, uses) in folders.sorted(by: { $0.key < $1.key }) where uses.count > 1 || SharedFiles.reservedNames.contains(folder) {
            report.diagnostics.error(
                "invalid-slug", "client folder '\(folder)' clashes with another published folder; rename the client", at: nil)
        }
    }

    /// Runs `work` for every item, at most a few per core at a time, so
    /// memory holds only the clients in flight, each on a thread of its own
    /// (`ClientThreads`), so that one blocked on the disk idles no core.
    static func inParallel<T: Sendable>(
        _ items: [String], progress: (@Sendable (Int, Int) -> Void)? = nil,
        _ work: @escaping @Sendable (String) -> T
    ) async -> [T] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let width = max(2, cores * 2)
        // Half as many threads again as cores (3 on 2 cores): measured on
        // 2 cores, a cold 1,000-client `--full` took 33.8 s on 2 threads,
        // 28.4 s on 3 and 26.6 s on 4; a warm 200-client one 3.18, 3.25 and
        // 3.36 s (each extra thread costs 2-3 % more CPU when nothing blocks).
        let threads = ClientThreads(count: min(cores + (cores + 1) / 2, items.count))
        defer { threads.stop() }
        return await withTaskGroup(of: T.self) { group in
            var results: [T] = []
            var pending = items[...]
            for _ in 0..<width {
                guard let item = pending.popFirst() else { break }
                group.addTask(executorPreference: threads) { work(item) }
            }
            var pages = 0
            while let result = await group.next() {
                results.append(result)
                if let outcome = result as? ClientOutcome { pages += outcome.pages }
                progress?(results.count, pages)
                if let item = pending.popFirst() { group.addTask(executorPreference: threads) { work(item) } }
            }
            return results
        }
    }
}
