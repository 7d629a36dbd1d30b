/// Partials whose output is the same on many pages of a portal, rendered
/// once per key and handed to the page templates as pre-rendered HTML, like
/// Hugo's `partialCached`. Each template lookup in swift-mustache costs a few
/// dynamic casts, and the site header, footer and project header were over a
/// third of every page's render time (docs/architecture.md).
///
/// What such a partial shows must depend only on its key: the page context
/// it is rendered with is that of the first page to ask for it. The keys are
/// values, not text made for each page: every page asks for two or three.
struct CachedPartials {
    let theme: Theme
    /// The site header and footer, by how many folders below the site root
    /// a page sits: all that changes their relative links.
    private var chrome: [Int: (header: String, footer: String)] = [:]
    private var projectHeaders: [ProjectHeaderKey: String] = [:]

    /// A project's header is the same on every page of one of its sections
    /// at one depth.
    private struct ProjectHeaderKey: Hashable {
        let project: String
        let section: ProjectSection
        let depth: Int
    }

    init(theme: Theme) {
        self.theme = theme
    }

    mutating func projectHeader(project: String, section: ProjectSection, depth: Int, context: PageContext) -> String {
        let key = ProjectHeaderKey(project: project, section: section, depth: depth)
        if let html = projectHeaders[key] { return html }
        let html = theme.render("partials/project-header", context)
        projectHeaders[key] = html
        return html
    }

    /// Adds the site header and footer that every page of the theme's base
    /// template shows; `depth` is how many folders below the site root the
    /// page sits.
    mutating func addChrome(to context: inout PageContext, depth: Int) {
        if let rendered = chrome[depth] {
            context["siteHeader"] = rendered.header
            context["siteFooter"] = rendered.footer
            return
        }
        let header = theme.render("partials/site-header", context)
        context["siteHeader"] = header
        let footer = theme.render("partials/site-footer", context)
        context["siteFooter"] = footer
        chrome[depth] = (header, footer)
    }
}
