import Crypto
import PortholeCore
import PortholeMarkdown

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one client's task hands back: its diagnostics and counts, never its
/// pages (they are already on disk), so memory stays flat as clients grow.
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
        portfolioPages = entry.portfolioFiles.count
        portfolioFiles = entry.portfolioFiles
    }
}

/// Content-Security-Policy of each kind of page (site.md property 3): only
/// what the page needs. Kept in step with `HostHeaders`.
enum PagePolicy {
    /// A portal page: the theme's stylesheet, the client's brand sheet and logo.
    static let page = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"
    /// A password portal's page and its shell: the unlock script, and the
    /// logo inlined as a data: image so it is encrypted with the page.
    static let locked = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"
}

/// Loads, checks, renders and writes one client's portal.
struct PortalRenderer: Sendable {
    let portal: Portal
    let playbooks: [String: Playbook]
    let theme: Theme
    let stylesheet: String
    let today: CalendarDate
    let access: PortalAccess
    let passwords: Passwords
    /// Nil for `check`: validate only.
    let staging: String?
    /// The published folder of the previous build, for keeping unchanged files.
    let previousSite: String?
    /// What the spare tree being brought up to date holds, when its
    /// manifest is trusted.
    var staged: SpareContents?
    /// What the spare's manifest says it holds when that is not trusted as
    /// it is (`--full`): a client folder is believed once its stamp shows
    /// that nothing in it changed, and read back and compared otherwise.
    var claimedSpare: SpareContents? = nil
    /// Whether the new site is written over the spare tree.
    var reusesTree = false
    /// Whether a client's projects render side by side (`concurrentMap`):
    /// when the build renders fewer clients than there are cores.
    var splitsProjects = false
    /// The portal's date formats, and the dates formatted so far: shared by
    /// every client of the build.
    let dateFormats: DateText.Formats
    /// Where the agency's portfolio is written; nil when this build writes
    /// none (`check`, `--no-portfolio`, subset builds).
    var portfolio: PortfolioTarget? = nil

    /// Keeps a client whose inputs did not change: its files are linked from
    /// the previous build and its diagnostics replayed. Nil when that is not
    /// possible (the published folder was edited), so the client is rendered.
    func keep(slug: String, entry: BuildManifest.ClientEntry) -> ClientOutcome? {
        guard let staging, let rows = entry.portfolioRows else { return nil }
        // The portfolio first: if its pages cannot be kept, nothing of the
        // site's tree has been touched yet for the render that follows.
        if let portfolio, !keepPortfolio(slug: slug, entry: entry, in: portfolio) {
            dropPortfolioPages(slug: slug, entry: entry, in: portfolio)
            return nil
        }
        // A spare whose list is not believed as a whole (the one a `--full`
        // build left): a folder whose stamp still matches is believed.
        let verified = staged == nil ? claimedSpare?.verifiedFiles(in: entry.folder, under: staging) : nil
        let writer = IncrementalWriter(
            staging: staging, previous: previousSite,
            staged: verified.map { SpareContents(byFolder: [entry.folder: $0]) } ?? staged, reusesTree: reusesTree)
        var folders = Set<String>()
        var counts = IncrementalWriter.Counts()
        guard writer.keep(entry.files, under: entry.folder, madeFolders: &folders, counts: &counts) else {
            // The render that follows writes this client's portfolio pages
            // again: drop the links just made, never write through them.
            if let portfolio { dropPortfolioPages(slug: slug, entry: entry, in: portfolio) }
            return nil
        }
        writer.removeStale(in: entry.folder, believed: verified, keeping: entry.files)
        var outcome = ClientOutcome(replaying: entry, slug: slug, portfolioRows: rows)
        var entry = entry
        // A believed folder left as it was keeps its stamp. Otherwise its
        // files are (or may be) links to the published ones, whose change
        // time the next build's links and unlinks move: unknown, so never
        // believed.
        entry.stamp = verified == entry.files ? claimedSpare?.stamps[entry.folder] ?? "" : ""
        if portfolio != nil {
            outcome.portfolioRowHTML =
                entry.portfolioRowHTML(count: rows.count)
                ?? portfolioRowHTML(rows, slug: slug, name: entry.name, access: entry.access, folder: entry.folder)
        }
        outcome.kept = counts.kept
        outcome.entry = entry
        return outcome
    }

    /// For the render that follows a keep that failed: the keep may have
    /// changed the client's files in the spares (it removes its portfolio
    /// folder), so their lists no longer say what the spares hold, and
    /// every file is compared instead.
    func forgettingSpareLists() -> PortalRenderer {
        var renderer = self
        renderer.staged = nil
        renderer.portfolio?.staged = nil
        return renderer
    }

    func build(
        slug: String, loader: ContentLoader, key: InputFingerprint.ClientKey = .init(key: "", signature: ""),
        previous: BuildManifest.ClientEntry? = nil
    ) -> ClientOutcome {
        var outcome = ClientOutcome(slug: slug)
        let (loaded, loadLog) = loader.loadClient(slug)
        outcome.log.merge(loadLog)
        guard let client = loaded else { return outcome }
        outcome.log.merge(ProjectRules(playbooks: playbooks, today: today).check(client))
        outcome.projects = client.projects.count
        let folder = access.folder(for: client)
        outcome.portal = .init(slug: slug, name: client.name, access: client.access, folder: folder)

        var sealer: PageSealer?
        if client.access == .password && passwords.password(for: slug) == nil {
            // Never published unprotected: no password is an error, not a
            // fallback. `check` warns, so a PM without the secrets can check.
            let message =
                "\(client.name) has access: password but no password: set \(Passwords.variable(for: slug)) or give --passwords FILE"
            if staging == nil {
                outcome.log.warning("missing-password", message + " (the build will fail)", at: client.location)
            } else {
                outcome.log.error("missing-password", message, at: client.location)
                return outcome
            }
        }
        if client.access == .password, staging != nil, let password = passwords.password(for: slug) {
            guard theme.assetPath("unlock.js") != nil else {
                outcome.log.error("theme", "theme '\(theme.name)' has no assets/unlock.js, needed for password portals", at: nil)
                return outcome
            }
            do {
                sealer = try PageSealer(password: password, slug: slug, secret: access.secretBytes)
            } catch {
                outcome.log.error("crypto", "cannot derive the key for \(client.name): \(error)", at: client.location)
                return outcome
            }
        }
        guard let staging, !outcome.log.hasErrors else { return outcome }

        let files: [OutputFile]
        do {
            files = try render(client.clientVisible, folder: folder, sealer: sealer)
        } catch {
            outcome.log.error("crypto", "cannot encrypt \(client.name)'s portal: \(error)", at: client.location)
            return outcome
        }
        let verified = claimedSpare?.verifiedFiles(in: folder, under: staging)?.table
        let writer = IncrementalWriter(
            staging: staging, previous: previous?.folder == folder ? previousSite : nil,
            staged: verified.map { SpareContents(folder: folder, files: FileHashes($0)) } ?? staged?.narrowed(to: folder),
            reusesTree: reusesTree)
        let previousFiles = previous?.files.table
        var madeFolders = Set<String>()
        var counts = IncrementalWriter.Counts()
        var hashes: [String: String] = [:]
        for file in files {
            let bytes = file.bytes
            guard
                let hash = writer.put(
                    bytes, at: folder + "/" + file.path, previousHash: previousFiles?[file.path],
                    madeFolders: &madeFolders, counts: &counts)
            else {
                outcome.log.error("output", "cannot write \(staging)/\(folder)/\(file.path)", at: nil)
                return outcome
            }
            hashes[file.path] = hash
            outcome.files += 1
            if file.path.hasSuffix(".html") { outcome.pages += 1 }
        }
        outcome.written = counts.written
        outcome.kept = counts.kept
        writer.removeStale(in: folder, believed: verified.map { FileHashes($0) }, keeping: FileHashes(hashes))
        // The stamp the `--full` build that finds this tree as its spare
        // will check: kept when the build did not touch a believed folder;
        // taken again when every file was written or compared (a believed
        // folder, or no manifest to go by); none when some files were kept
        // on the trusted spare manifest's word, unopened.
        var stamp = ""
        if verified == hashes {
            stamp = claimedSpare?.stamps[folder] ?? ""
        } else if verified != nil || staged == nil,
            let taken = TreeStamp.of(staging + "/" + folder, files: hashes.keys, known: { counts.seen[folder + "/" + $0] })
        {
            stamp = taken.digest
            outcome.newestStamped = taken.newestChange
        }
        if let portfolio {
            guard writePortfolio(client, folder: folder, to: portfolio, previous: previous, outcome: &outcome) else { return outcome }
        }
        var diagnostics = outcome.log.entries
        for index in diagnostics.indices { diagnostics[index].client = slug }
        outcome.entry = BuildManifest.ClientEntry(
            key: key.key, signature: key.signature, stamp: stamp, name: client.name, access: client.access, folder: folder,
            projects: outcome.projects, pages: outcome.pages,
            diagnostics: diagnostics, files: FileHashes(hashes),
            portfolioRecords: outcome.portfolioRows.map(\.record),
            portfolioRowMarkup: outcome.portfolioRowHTML.map { ArraySlice(BuildManifest.escape($0).utf8) },
            portfolioFiles: outcome.portfolioFiles)
        return outcome
    }

    /// Every file of one client's portal, paths relative to its folder.
    func render(_ client: Client, folder: String, sealer: PageSealer?) throws -> [OutputFile] {
        var files: [OutputFile] = []
        var logo: String?
        if let name = client.brand.logo, let bytes = ContentDisk.readBytes(client.folderPath + "/" + name) {
            let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? "svg"
            if sealer != nil || ext == "svg" {
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
                policy: sealer == nil ? PagePolicy.page : PagePolicy.locked, folder: folder, publishesFeeds: sealer == nil)
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
        _ path: String, _ template: String, _ context: PageContext, folder: String, sealer: PageSealer?,
        partials: inout CachedPartials
    ) throws -> OutputFile {
        var context = context
        // Printed copies say where the page lives (site.md: base_url).
        context["pageURL"] = portal.site.baseURL + folder + "/" + (path.hasSuffix("index.html") ? String(path.dropLast(10)) : path)
        partials.addChrome(to: &context, depth: path.utf8.count { $0 == UInt8(ascii: "/") })
        let html = theme.renderBytes(template, context)
        if let sealer {
            return OutputFile(path: path, content: .bytes(try lockedShell(html, path: folder + "/" + path, sealer: sealer)))
        }
        return OutputFile(path: path, content: .bytes(html))
    }

    /// Every file of one project of a portal, paths relative to its folder.
    func render(
        _ project: Project, of client: Client, view: PortalView, folder: String, sealer: PageSealer?,
        partials: inout CachedPartials
    ) throws -> [OutputFile] {
        var files: [OutputFile] = []
        func page(_ path: String, _ template: String, _ context: PageContext) throws {
            files.append(try self.page(path, template, context, folder: folder, sealer: sealer, partials: &partials))
        }
        let pages = ProjectView(portal: view, project: project, playbook: playbooks[project.playbook])
        let base = project.slug + "/"
        // The project header is the same on every page of a section at one
        // depth.
        func sectionPage(_ path: String, _ template: String, _ section: ProjectSection, depth: Int, _ context: PageContext) throws {
            var context = context
            context["projectHeader"] = partials.render(
                "partials/project-header", key: "\(project.slug)/\(section)/\(depth)", context: context)
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
        for index in project.updates.indices {
            try sectionPage(
                base + "updates/\(project.updates[index].date)/index.html", "update", .updates, depth: 3, pages.update(at: index))
        }
        // Feeds, calendars and status.json are readable without a
        // password, so password portals do not get them (site.md).
        if sealer == nil {
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

    /// The published form of a password portal's page: agency branding, a
    /// password field and the encrypted page, which `unlock.js` opens.
    func lockedShell(_ html: [UInt8], path: String, sealer: PageSealer) throws -> [UInt8] {
        let sealed = try sealer.seal(html, path: path)
        let toRoot = String(repeating: "../", count: path.split(separator: "/").count - 1)
        // Only base64, digits and slug characters: safe inside a script element.
        let payload =
            "{\"v\":1,\"salt\":\"\(Base64.encode(sealer.salt))\",\"iterations\":\(PageSealer.iterations),\"path\":\"\(path)\",\"data\":\"\(Base64.encode(sealed))\"}"
        let context: PageContext = [
            "lang": portal.site.locale,
            "title": theme.strings.format(.lockedTitle, ["agency": portal.agency.name]),
            "root": toRoot,
            "stylesheet": toRoot + stylesheet,
            "script": toRoot + (theme.assetPath("unlock.js") ?? ""),
            "csp": PagePolicy.locked,
            "agency": SharedFiles.agencyContext(portal),
            "sealed": payload,
        ]
        return theme.renderBytes("locked", context)
    }
}

struct OutputFile: Sendable {
    enum Content: Sendable {
        case text(String)
        case bytes([UInt8])
    }

    let path: String
    let content: Content

    var bytes: [UInt8] {
        switch content {
        case .text(let text): Array(text.utf8)
        case .bytes(let data): data
        }
    }
}
