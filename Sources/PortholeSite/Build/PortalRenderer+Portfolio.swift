import PortholeCore

/// Where this build writes the agency's portfolio (site.md: a folder of its
/// own, never inside the site).
struct PortfolioTarget: Sendable {
    /// The fresh folder that will be swapped in for the portfolio.
    let staging: String
    /// The published portfolio, when the manifest still describes it: pages
    /// whose bytes did not change are hard-linked from it.
    let previous: String?
    /// Whether `staging` is the portfolio's spare tree, written over in place.
    var reusesTree = false
    /// What that spare holds, when the spare manifest describes it (its
    /// `portfolio` is the spare's identity): files are then compared by
    /// that list, not opened, and stale ones removed by it, not by walking
    /// the tree.
    var staged: SpareContents? = nil
}

extension PortalRenderer {
    /// The client's part of the portfolio, made while the client is loaded
    /// anyway (a client is never loaded twice): one row per project for the
    /// index, and the internal project pages, written straight into the
    /// portfolio's staging folder so memory holds only the clients in flight.
    ///
    /// `client` is the full client, internal items included: this runs after
    /// the portal's pages, which saw only `client.clientVisible`.
    func writePortfolio(
        _ client: Client, folder: String, to target: PortfolioTarget,
        previous: BuildManifest.ClientEntry?, outcome: inout ClientOutcome
    ) -> Bool {
        let view = PortfolioView(
            portal: portal, today: today, dates: DateText(formats: dateFormats), words: theme.strings,
            stylesheet: stylesheet)
        let portalURL = portal.site.baseURL + folder + "/"
        let writer = IncrementalWriter(
            staging: target.staging, previous: target.previous, staged: target.staged?.narrowed(to: client.slug),
            reusesTree: target.reusesTree)
        var madeFolders = Set<String>()
        var counts = IncrementalWriter.Counts()
        var rows: [PortfolioRow] = []
        var hashes: [String: String] = [:]
        var partials = CachedPartials(theme: theme)
        let previousPages = previous?.portfolioFiles.table
        let warnings = outcome.log.entries.filter { $0.severity == .warning }
        for project in client.projects {
            // Diagnostics name files as the user sees them; the project's are
            // the ones below the folder holding its project.yaml.
            let projectFolder = OutputFolder.parent(of: project.location.file) + "/"
            let own = warnings.filter { $0.location?.file.hasPrefix(projectFolder) ?? false }.sorted {
                ($0.location!, $0.message) < ($1.location!, $1.message)
            }
            let playbook = playbooks[project.playbook]
            let row = PortfolioRow(project: project, playbook: playbook, today: today, warnings: own.count)
            rows.append(row)
            let page = PortfolioProjectPage(
                view: view, client: client, project: project, playbook: playbook, row: row,
                warnings: own, portalURL: portalURL)
            var context = page.context()
            partials.addChrome(to: &context, depth: 2)
            let html = theme.renderBytes("portfolio-project", context)
            let path = project.slug + "/index.html"
            guard
                let hash = writer.put(
                    html, at: client.slug + "/" + path, previousHash: previousPages?[path],
                    madeFolders: &madeFolders, counts: &counts)
            else {
                outcome.log.error("output", "cannot write \(target.staging)/\(client.slug)/\(path)", at: nil)
                return false
            }
            hashes[path] = hash
        }
        outcome.portfolioRows = rows
        outcome.portfolioRowHTML = portfolioRowHTML(rows, slug: client.slug, name: client.name, access: client.access, folder: folder)
        outcome.portfolioPages = rows.count
        outcome.portfolioFiles = FileHashes(hashes)
        return true
    }

    /// The client's rows of the portfolio index, rendered.
    func portfolioRowHTML(_ rows: [PortfolioRow], slug: String, name: String, access: AccessMode, folder: String) -> [String] {
        let view = PortfolioView(
            portal: portal, today: today, dates: DateText(formats: dateFormats), words: theme.strings,
            stylesheet: stylesheet)
        let client = PortfolioClient(
            slug: slug, name: name, access: access, portalURL: portal.site.baseURL + folder + "/",
            rows: rows, warnings: 0)
        return rows.map { theme.render("partials/portfolio-row", view.row($0, of: client)) }
    }

    /// Removes a client's pages from the portfolio tree being written, after
    /// a keep that failed: the pages the spare held and the ones the keep
    /// linked, by name. Not its folder: a client called `assets` shares it
    /// with the portfolio's stylesheet, which the spare's list then still
    /// says is there. Without a list, the tree is walked at the end anyway.
    func dropPortfolioPages(slug: String, entry: BuildManifest.ClientEntry, in target: PortfolioTarget) {
        var pages = Set(entry.portfolioFiles.paths)
        if let held = target.staged?.files(in: slug) { pages.formUnion(held.paths) }
        FileTree.removeFiles(pages.map { slug + "/" + $0 }, under: target.staging)
    }

    /// Keeps a kept client's portfolio pages (hard links from the published
    /// portfolio); false when one is missing, and the client is rendered.
    func keepPortfolio(slug: String, entry: BuildManifest.ClientEntry, in target: PortfolioTarget) -> Bool {
        let writer = IncrementalWriter(
            staging: target.staging, previous: target.previous, staged: target.staged, reusesTree: target.reusesTree)
        var folders = Set<String>()
        var counts = IncrementalWriter.Counts()
        return writer.keep(entry.portfolioFiles, under: slug, madeFolders: &folders, counts: &counts)
    }
}
