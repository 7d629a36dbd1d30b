import Crypto
import Mustache
import PortholeCore
import PortholeMarkdown

/// What one client's task hands back: its diagnostics and counts, never its
/// pages (they are already on disk), so memory stays flat as clients grow.
struct ClientOutcome: Sendable {
    let slug: String
    var log = DiagnosticLog()
    var portal: BuildReport.PublishedPortal?
    var projects = 0
    var pages = 0
    var files = 0
}

/// Loads, checks, renders and writes one client's portal.
struct PortalRenderer: Sendable {
    let portal: Portal
    let playbooks: [String: Playbook]
    let theme: Theme
    let stylesheet: String
    let today: CalendarDate
    let access: PortalAccess
    /// Nil for `check`: validate only.
    let staging: String?

    func build(slug: String, loader: ContentLoader) -> ClientOutcome {
        var outcome = ClientOutcome(slug: slug)
        let (loaded, loadLog) = loader.loadClient(slug)
        outcome.log.merge(loadLog)
        guard let client = loaded else { return outcome }
        outcome.log.merge(ProjectRules(playbooks: playbooks, today: today).check(client))
        outcome.projects = client.projects.count
        var folder: String? = access.folder(for: client)
        if client.access == .password {
            // Never published unprotected: until encrypted portals land the
            // client is left out of the site entirely.
            outcome.log.warning("password-unsupported",
                                "password-protected portals are not supported yet; \(client.name)'s portal is not published",
                                at: client.location)
            folder = nil
        }
        outcome.portal = .init(slug: slug, name: client.name, access: client.access, folder: folder)
        guard let folder, let staging, !outcome.log.hasErrors else { return outcome }

        let files = render(client.clientVisible)
        let root = staging + "/" + folder
        var madeFolders = Set<String>()
        for file in files {
            let path = root + "/" + file.path
            let parent = String(path[..<path.lastIndex(of: "/")!])
            if madeFolders.insert(parent).inserted { FileTree.makeDirectories(parent) }
            let ok: Bool
            switch file.content {
            case .text(let text): ok = FileTree.write(text, to: path)
            case .bytes(let bytes): ok = FileTree.write(bytes, to: path)
            }
            if !ok {
                outcome.log.error("output", "cannot write \(path)", at: nil)
                return outcome
            }
            outcome.files += 1
            if file.path.hasSuffix(".html") { outcome.pages += 1 }
        }
        return outcome
    }

    /// Every file of one client's portal, paths relative to its folder.
    func render(_ client: Client) -> [OutputFile] {
        var files: [OutputFile] = []
        var logoFile: String?
        if let logo = client.brand.logo, let bytes = ContentDisk.readBytes(client.folderPath + "/" + logo) {
            let ext = logo.split(separator: ".").last.map { $0.lowercased() } ?? "svg"
            let name = "logo." + SHA256.hash(data: bytes).hex.prefix(10) + "." + ext
            files.append(OutputFile(path: name, content: .bytes(bytes)))
            logoFile = name
        }
        let accent = client.brand.color.map { CSSColor.darkened($0) }
        let view = PortalView(portal: portal, client: client, playbooks: playbooks, today: today,
                              dates: DateText(localeIdentifier: portal.site.locale), stylesheet: stylesheet,
                              accent: accent, logoFile: logoFile)
        func page(_ path: String, _ template: String, _ context: PageContext) {
            files.append(OutputFile(path: path, content: .text(theme.library.render(context, withTemplate: template) ?? "")))
        }
        page("index.html", "client", view.clientHome())
        for project in client.projects {
            let pages = ProjectView(portal: view, project: project, playbook: playbooks[project.playbook])
            let base = project.slug + "/"
            page(base + "index.html", "project", pages.overview())
            page(base + "milestones/index.html", "milestones", pages.milestones())
            page(base + "risks/index.html", "risks", pages.risks())
            page(base + "decisions/index.html", "decisions", pages.decisions())
            for decision in project.decisions {
                page(base + "decisions/\(decision.paddedNumber)/index.html", "decision", pages.decision(decision))
            }
            page(base + "updates/index.html", "updates", pages.updates())
            for index in project.updates.indices {
                page(base + "updates/\(project.updates[index].date)/index.html", "update", pages.update(at: index))
            }
        }
        return files
    }
}

struct OutputFile: Sendable {
    enum Content: Sendable {
        case text(String)
        case bytes([UInt8])
    }

    let path: String
    let content: Content
}
