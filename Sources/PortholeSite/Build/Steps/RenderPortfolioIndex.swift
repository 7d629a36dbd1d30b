import PortholeCore

/// Step 8: the portfolio's index, from every client's rows (rendered in the
/// clients' own tasks), and its assets. The project pages were made in the
/// clients' tasks.
struct RenderPortfolioIndex: BuildStep {
    let name = "portfolio"

    func run(_ build: inout BuildState) async -> StepResult {
        guard build.portfolioFolder != nil else { return .skipped }
        let clients = build.outcomes.compactMap { outcome -> PortfolioClient? in
            guard let portal = outcome.portal, let folder = portal.folder else { return nil }
            return PortfolioClient(
                slug: outcome.slug, name: portal.name, access: portal.access, portalURL: build.shared.portal.site.baseURL + folder + "/",
                rows: outcome.portfolioRows, warnings: outcome.log.warningCount, rowHTML: outcome.portfolioRowHTML)
        }
        build.portfolioIndex = PortfolioFiles(
            portal: build.shared.portal, theme: build.theme, stylesheet: build.stylesheet, today: build.today
        )
        .files(clients: clients)
        build.report.portfolioPages = 1 + build.outcomes.reduce(0) { $0 + $1.portfolioPages }
        return .next
    }
}
