import PortholeCore

/// The portfolio's files outside its client folders: the index of every
/// project, `robots.txt`, host headers, the theme's assets and the marker
/// that lets the next build replace the folder. The project pages are made
/// in each client's task (`PortalRenderer.renderPortfolio`).
struct PortfolioFiles {
    let portal: Portal
    let theme: Theme
    let stylesheet: String
    let today: CalendarDate

    func files(clients: [PortfolioClient]) -> [OutputFile] {
        var files = theme.assets.map { OutputFile(path: "assets/" + $0.fingerprintedName, content: .bytes($0.bytes)) }
        // The index page and the two exports are made side by side: they
        // are most of a one-update rebuild's portfolio stage.
        files += ["index.html", "portfolio.csv", "portfolio.json"].concurrentMap { path in
            let view = PortfolioView(
                portal: portal, today: today, dates: DateText(localeIdentifier: PortfolioView.locale(of: portal)), words: theme.strings,
                stylesheet: stylesheet)
            switch path {
            case "index.html":
                var context = view.index(clients)
                var partials = CachedPartials(theme: theme)
                partials.addChrome(to: &context, depth: 0)
                return OutputFile(path: path, content: .bytes(theme.renderBytes("portfolio", context)))
            default:
                let exports = PortfolioExports(today: today, entries: view.ordered(clients).map { ($0.client, $0.row) })
                return OutputFile(path: path, content: .bytes(path == "portfolio.csv" ? Array(exports.csv.utf8) : exports.json))
            }
        }
        // Internal pages are never meant to be public; if the folder is ever
        // served, search engines are told to stay out (site.md robots.txt).
        files += SharedFiles.hostFiles(
            marker:
                "This folder is the agency's internal portfolio, written by porthole build, which replaces it whole on every build.\nNever publish it with the client site.\n"
        )
        return files
    }
}
