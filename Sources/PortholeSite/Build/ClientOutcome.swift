import PortholeCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one client's task hands back: its diagnostics and counts, never its
/// pages (the sink has them), so memory stays flat as clients grow.
struct ClientOutcome: Sendable {
    let slug: String
    var log = DiagnosticLog()
    var portal: BuildReport.PublishedPortal?
    var projects = 0
    var pages = 0
    var files = 0
    var written = 0
    var kept = 0
    /// What the manifest records for the next build.
    var entry: BuildManifest.ClientEntry?
    /// Rendered from content (false: kept whole from the previous build).
    var rendered = true
    /// The client's rows of the portfolio index, and its portfolio pages
    /// (already written, like its portal's pages).
    var portfolioRows: [PortfolioRow] = []
    /// Those rows rendered (`partials/portfolio-row`), in this client's own
    /// task rather than in the one task that writes the index at the end.
    var portfolioRowHTML: [String] = []
    var portfolioPages = 0
    var portfolioFiles: FileHashes = [:]
    /// The `team` entries of the client's projects, for the workload check
    /// across clients (`Workload`), from the content or the kept rows.
    var team: [Workload.Entry] = []
    /// The newest change time in the client's folder when its stamp was
    /// taken (`TreeStamp.waitPast`).
    var newestStamped: timespec?

    init(slug: String) {
        self.slug = slug
    }

    /// A client kept from the previous build: what the manifest recorded.
    init(replaying entry: BuildManifest.ClientEntry, slug: String, portfolioRows: [PortfolioRow] = []) {
        self.slug = slug
        for diagnostic in entry.diagnostics { log.add(diagnostic) }
        portal = .init(slug: slug, name: entry.name, access: entry.access, folder: entry.folder)
        projects = entry.projects
        pages = entry.pages
        files = entry.files.count
        rendered = false
        self.portfolioRows = portfolioRows
        team = portfolioRows.flatMap { row in
            row.team.map { Workload.Entry(project: "\(slug)/\(row.project)", assignment: $0.assignment) }
        }
        portfolioPages = entry.portfolioFiles.count
        portfolioFiles = entry.portfolioFiles
    }

    /// What a rendered client's files became, and its entry for the manifest.
    mutating func record(_ rendered: RenderedClient, _ written: WrittenClient, key: InputFingerprint.ClientKey) {
        files = rendered.files.site.count
        pages = rendered.files.site.count { $0.path.hasSuffix(".html") }
        self.written = written.counts.written
        kept = written.counts.kept
        newestStamped = written.newestStamped
        portfolioRows = rendered.portfolioRows
        portfolioRowHTML = rendered.portfolioRowHTML
        portfolioPages = rendered.files.portfolio.count
        portfolioFiles = written.portfolioFiles
        guard let portal else { return }
        var diagnostics = log.entries
        for index in diagnostics.indices { diagnostics[index].client = slug }
        entry = BuildManifest.ClientEntry(
            key: key.key, signature: key.signature, stamp: written.stamp, name: portal.name, access: portal.access,
            folder: rendered.files.folder, projects: projects, pages: pages, diagnostics: diagnostics, files: written.files,
            portfolioRecords: portfolioRows.map(\.record),
            portfolioRowMarkup: portfolioRowHTML.map { ArraySlice(BuildManifest.escape($0).utf8) }, portfolioFiles: portfolioFiles)
    }

    /// Adds the clients' outcomes to the report, in the order of their slugs.
    static func collect(_ outcomes: [ClientOutcome], into report: inout BuildReport) {
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
}

extension BuildManifest.ClientEntry {
    /// The portfolio rows; nil when a record does not decode (a manifest
    /// edited by hand), and the client is then rendered again.
    var portfolioRows: [PortfolioRow]? {
        var rows: [PortfolioRow] = []
        rows.reserveCapacity(portfolioRecords.count)
        for record in portfolioRecords {
            guard let row = PortfolioRow(record: record) else { return nil }
            rows.append(row)
        }
        return rows
    }

    /// The rows' HTML, when the manifest has one for each of `count` rows.
    func portfolioRowHTML(count: Int) -> [String]? {
        guard portfolioRowMarkup.count == count else { return nil }
        return portfolioRowMarkup.map { BuildManifest.unescape(String(decoding: $0, as: UTF8.self)) }
    }
}
