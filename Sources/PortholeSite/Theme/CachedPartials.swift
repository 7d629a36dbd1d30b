/// Partials whose output is the same on many pages of a portal, rendered
/// once per key and handed to the page templates as pre-rendered HTML, like
/// Hugo's `partialCached`. Each template lookup in swift-mustache costs a few
/// dynamic casts, and the site header, footer and project header were over a
/// third of every page's render time (docs/architecture.md).
///
/// What such a partial shows must depend only on its key: the page context
/// it is rendered with is that of the first page to ask for it.
struct CachedPartials {
    let theme: Theme
    private var rendered: [String: String] = [:]

    init(theme: Theme) {
        self.theme = theme
    }

    mutating func render(_ partial: String, key: String, context: PageContext) -> String {
        let slot = partial + "\u{0}" + key
        if let html = rendered[slot] { return html }
        let html = theme.render(partial, context)
        rendered[slot] = html
        return html
    }

    /// Adds the site header and footer that every page of the theme's base
    /// template shows; `depth` is how many folders below the site root the
    /// page sits, which is all that changes their relative links.
    mutating func addChrome(to context: inout PageContext, depth: Int) {
        context["siteHeader"] = render("partials/site-header", key: String(depth), context: context)
        context["siteFooter"] = render("partials/site-footer", key: String(depth), context: context)
    }
}
