import PortholeCore

extension PortalRenderer {
    /// The client's part of the portfolio, made while the client is loaded
    /// anyway (a client is never loaded twice): one row per project for the
    /// index, and the internal project pages, relative to the client's
    /// folder of the portfolio.
    ///
    /// `client` is the full client, internal items included: the portal's
    /// pages saw only `client.clientVisible`.
    func renderPortfolio(_ client: Client, folder: String, log: DiagnosticLog, into rendered: inout RenderedClient) {
        let view = portfolioView()
        let portalURL = portal.site.baseURL + folder + "/"
        var partials = CachedPartials(theme: theme)
        let warnings = log.entries.filter { $0.severity == .warning }
        for project in client.projects {
            // Diagnostics name files as the user sees them; the project's are
            // the ones below the folder holding its project.yaml.
            let projectFolder = OutputFolder.parent(of: project.location.file) + "/"
            let own = warnings.filter { $0.location?.file.hasPrefix(projectFolder) ?? false }.sorted {
                ($0.location!, $0.message) < ($1.location!, $1.message)
            }
            let playbook = playbooks[project.playbook]
            let row = PortfolioRow(
                project: project, playbook: playbook, today: today, warnings: own.count, accountManager: client.accountManager)
            rendered.portfolioRows.append(row)
            let page = PortfolioProjectPage(
                view: view, client: client, project: project, playbook: playbook, row: row,
                warnings: own, portalURL: portalURL)
            var context = page.context()
            partials.addChrome(to: &context, depth: 2)
            rendered.files.portfolio.append(
                OutputFile(path: project.slug + "/index.html", content: .bytes(theme.renderBytes("portfolio-project", context))))
        }
        rendered.portfolioRowHTML = portfolioRowHTML(
            rendered.portfolioRows, slug: client.slug, name: client.name, access: client.access, folder: folder)
    }

    /// The client's rows of the portfolio index, rendered.
    func portfolioRowHTML(_ rows: [PortfolioRow], slug: String, name: String, access: AccessMode, folder: String) -> [String] {
        let view = portfolioView()
        let client = PortfolioClient(
            slug: slug, name: name, access: access, portalURL: portal.site.baseURL + folder + "/",
            rows: rows, warnings: 0)
        return rows.map { theme.render("partials/portfolio-row", view.row($0, of: client)) }
    }

    /// The portfolio's view: this renderer's theme as loaded (the portfolio
    /// is the agency's, in the theme's English), its dates in the
    /// portfolio's locale.
    private func portfolioView() -> PortfolioView {
        PortfolioView(
            portal: portal, today: today, dates: DateText(formats: dateFormats.formats(for: PortfolioView.locale(of: portal))),
            words: theme.strings, stylesheet: stylesheet)
    }
}
