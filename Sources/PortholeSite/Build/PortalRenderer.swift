import Crypto
import PortholeCore
import PortholeMarkdown

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Renders one client's files: its portal's pages, feeds and calendars, and
/// (from the full client) its part of the agency's portfolio. It reads the
/// client's logo and nothing else, and writes nothing: the files go to the
/// build's sink (`BuildSink`).
struct PortalRenderer: Sendable {
    let portal: Portal
    let playbooks: [String: Playbook]
    var theme: Theme
    let stylesheet: String
    let today: CalendarDate
    /// The portal's date formats, shared by every client of the build.
    var dateFormats: DateText.Formats
    /// Whether a client's projects render side by side (`concurrentMap`):
    /// when the build renders fewer clients than there are cores.
    var splitsProjects = false
    /// `porthole serve`'s preview: a password portal's pages are rendered
    /// as its client sees them once unlocked, not sealed (BuildOptions).
    var unsealedPreview = false

    /// Every file of a client: its portal (`client`: only what the client
    /// may see) and, when the build writes one, its part of the portfolio
    /// (`client` as loaded, internal items included; `log`: its warnings).
    func render(_ client: Client, folder: String, sealer: PageSealer?, portfolio: Bool, log: DiagnosticLog) throws -> RenderedClient {
        var rendered = RenderedClient(files: ClientFiles(slug: client.slug, folder: folder, site: [], portfolio: []))
        rendered.files.site = try localized(for: client).render(client.clientVisible, folder: folder, sealer: sealer)
        if portfolio { renderPortfolio(client, folder: folder, log: log, into: &rendered) }
        return rendered
    }

    /// The renderer of a client's portal: in the client's `locale` when it
    /// has one (words, dates, numbers), else the portal's. The portfolio is
    /// the agency's and stays in the theme's language as loaded.
    func localized(for client: Client) -> PortalRenderer {
        var renderer = self
        let locale = client.locale ?? portal.site.locale
        renderer.theme = theme.localized(to: locale)
        renderer.dateFormats = dateFormats.formats(for: locale)
        return renderer
    }

    /// Every file of one client's portal, paths relative to its folder.
    func render(_ client: Client, folder: String, sealer: PageSealer?) throws -> [OutputFile] {
        var files: [OutputFile] = []
        // A password portal previewed unsealed is otherwise rendered as it is
        // published: the same policy, the logo inline, no feeds.
        let locked = sealer != nil || (unsealedPreview && client.access == .password)
        var logo: String?
        if let name = client.brand.logo, let bytes = ContentDisk.readBytes(client.folderPath + "/" + name) {
            let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? "svg"
            if locked || ext == "svg" {
                // A password portal's logo would name the client in plain
                // sight: it travels inside the encrypted pages instead. An
                // SVG is never published as a file either: opened directly,
                // it would run with the portal's origin if any script slipped
                // past the check; as an <img> data: URL it cannot run at all.
                logo = "data:\(LogoFile.mediaType(ext));base64,\(Base64.encode(bytes))"
            } else {
                let file = "logo." + SHA256.hash(data: bytes).hex.prefix(10) + "." + ext
                files.append(OutputFile(path: file, content: .bytes(bytes)))
                logo = file
            }
        }
        var brandSheet: String?
        if let color = client.brand.color {
            // Light pages use the brand colour darkened to AA on white; dark
            // pages a lightened one, AA on the dark surface. A file, not an
            // inline style, so the CSP needs no 'unsafe-inline'.
            let light = CSSColor.darkened(color)
            let dark = CSSColor.lightened(CSSColor.lightened(light, against: "#0f1216"), against: "#181c22")
            let css = ":root{--accent-light:\(light);--accent-dark:\(dark)}\n"
            let file = "brand." + SHA256.hash(data: Array(css.utf8)).hex.prefix(10) + ".css"
            files.append(OutputFile(path: file, content: .text(css)))
            brandSheet = file
        }
        let (sheet, image) = (brandSheet, logo)
        // A view memoises layout parts and dates as it goes: one per thread.
        let makeView: @Sendable () -> PortalView = { [portal, playbooks, today, dateFormats, stylesheet] in
            PortalView(
                portal: portal, client: client, playbooks: playbooks, today: today,
                dates: DateText(formats: dateFormats), words: theme.strings, stylesheet: stylesheet, brandSheet: sheet, logo: image,
                policy: locked ? PagePolicy.locked : PagePolicy.page, folder: folder, publishesFeeds: !locked,
                direction: theme.direction)
        }
        let view = makeView()
        var partials = CachedPartials(theme: theme)
        files.append(try page("index.html", "client", view.clientHome(), folder: folder, sealer: sealer, partials: &partials))
        if splitsProjects {
            let projects = client.projects.concurrentMap { project in
                var partials = CachedPartials(theme: theme)
                return Result { try render(project, of: client, view: makeView(), folder: folder, sealer: sealer, partials: &partials) }
            }
            for project in projects { files += try project.get() }
        } else {
            for project in client.projects {
                files += try render(project, of: client, view: view, folder: folder, sealer: sealer, partials: &partials)
            }
        }
        return files
    }

    /// One page of a portal: rendered, and sealed for a password portal.
    func page(
        _ path: String, _ template: String, _ context: consuming PageContext, folder: String, sealer: PageSealer?,
        partials: inout CachedPartials
    ) throws -> OutputFile {
        // `consuming`: the caller's context is changed in place, not copied
        // whole for its first new key.
        // Printed copies say where the page lives (site.md: base_url).
        context["pageURL"] = portal.site.baseURL + folder + "/" + (path.hasSuffix("index.html") ? String(path.dropLast(10)) : path)
        partials.addChrome(to: &context, depth: path.utf8.count { $0 == UInt8(ascii: "/") })
        let html = theme.renderBytes(template, context)
        if let sealer {
            return OutputFile(
                path: path,
                content: .bytes(
                    try PasswordShell(portal: portal, theme: theme, locale: dateFormats.localeIdentifier, stylesheet: stylesheet).page(
                        html, path: folder + "/" + path, sealer: sealer)))
        }
        return OutputFile(path: path, content: .bytes(html))
    }

    /// Every file of one project of a portal, paths relative to its folder.
    func render(
        _ project: Project, of client: Client, view: PortalView, folder: String, sealer: PageSealer?,
        partials: inout CachedPartials
    ) throws -> [OutputFile] {
        var files: [OutputFile] = []
        func page(_ path: String, _ template: String, _ context: consuming PageContext) throws {
            files.append(try self.page(path, template, context, folder: folder, sealer: sealer, partials: &partials))
        }
        let pages = ProjectView(portal: view, project: project, playbook: playbooks[project.playbook])
        let base = project.slug + "/"
        // The project header is the same on every page of a section at one
        // depth.
        func sectionPage(
            _ path: String, _ template: String, _ section: ProjectSection, depth: Int, _ context: consuming PageContext
        ) throws {
            context["projectHeader"] = partials.projectHeader(project: project.slug, section: section, depth: depth, context: context)
            try page(path, template, context)
        }
        try page(base + "index.html", "project", pages.overview())
        try sectionPage(base + "milestones/index.html", "milestones", .milestones, depth: 2, pages.milestones())
        try sectionPage(base + "risks/index.html", "risks", .risks, depth: 2, pages.risks())
        try sectionPage(base + "decisions/index.html", "decisions", .decisions, depth: 2, pages.decisions())
        for decision in project.decisions {
            try sectionPage(
                base + "decisions/\(decision.paddedNumber)/index.html", "decision", .decisions, depth: 3, pages.decision(decision))
        }
        try sectionPage(base + "updates/index.html", "updates", .updates, depth: 2, pages.updates())
        if ProjectSection.budget.isShown(for: project) {
            try sectionPage(base + "budget/index.html", "budget", .budget, depth: 2, pages.budgetPage())
        }
        if ProjectSection.changes.isShown(for: project) {
            try sectionPage(base + "changes/index.html", "changes", .changes, depth: 2, pages.changesPage())
        }
        for index in project.updates.indices {
            try sectionPage(
                base + PortalView.updatePage(project.updates[index].date), "update", .updates, depth: 3, pages.update(at: index))
        }
        // Feeds, calendars and status.json are readable without a
        // password, so password portals do not get them (site.md).
        if sealer == nil, !(unsealedPreview && client.access == .password) {
            let links = ProjectLinks(baseURL: portal.site.baseURL, folder: folder, project: project.slug)
            files.append(
                OutputFile(
                    path: base + "feed.xml",
                    content: .bytes(
                        AtomFeed(portal: portal, client: client, project: project, links: links, dates: view.dates, words: view.words)
                            .render())))
            files.append(
                OutputFile(
                    path: base + "milestones.ics",
                    content: .text(
                        MilestoneCalendar(
                            portal: portal, client: client, project: project, links: links, today: today, dates: view.dates,
                            words: view.words
                        ).render())))
            files.append(
                OutputFile(
                    path: base + "status.json",
                    content: .text(
                        StatusDocument(
                            client: client, project: project, playbook: playbooks[project.playbook], links: links, today: today,
                            words: view.words
                        ).render())))
        }
        return files
    }
}

/// A client's files as rendered, with its rows of the portfolio index.
struct RenderedClient: Sendable {
    var files: ClientFiles
    /// One row per project, and those rows rendered (`partials/portfolio-row`)
    /// in the client's own task rather than in the one that makes the index.
    var portfolioRows: [PortfolioRow] = []
    var portfolioRowHTML: [String] = []
}
