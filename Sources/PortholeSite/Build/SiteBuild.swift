import Foundation
import PortholeCore
import PortholeMarkdown

/// `porthole build` and `porthole check`: load → validate → view → render →
/// write, one client per task, then the shared files and the atomic swap.
public struct SiteBuild: Sendable {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func run() async -> BuildReport {
        var report = BuildReport()
        let loader = ContentLoader(root: options.contentRoot, displayRoot: options.contentDisplay)

        // 1. Shared content and theme: every client needs them.
        let (shared, sharedLog) = loader.loadShared()
        report.diagnostics.merge(sharedLog)
        guard let shared else { return report }
        let today = options.today ?? PortalClock.today(in: shared.portal.site.timezone, environment: options.environment)
        report.today = today
        report.baseURL = shared.portal.site.baseURL
        let (loadedTheme, themeLog) = Theme.load(name: shared.portal.site.theme, themesRoot: options.themesRoot,
                                                 displayRoot: options.themesDisplay)
        report.diagnostics.merge(themeLog)
        guard let theme = loadedTheme, let stylesheet = theme.assetPath("style.css") else {
            if loadedTheme != nil {
                report.diagnostics.error("theme", "theme '\(shared.portal.site.theme)' has no assets/style.css", at: nil)
            }
            return report
        }

        // 2. Where the portals go, and their passwords.
        var passwords = Passwords(environment: options.environment)
        if let file = options.passwordsFile {
            let (loaded, log) = Passwords.load(path: file, display: options.passwordsDisplay ?? file, contentRoot: options.contentRoot)
            report.diagnostics.merge(log)
            guard let loaded else { return report }
            passwords = loaded.merging(environment: options.environment)
        }

        let secret: SecretStore.Secret
        switch SecretStore.secret(environment: options.environment, projectRoot: options.projectRoot, create: !options.checkOnly) {
        case .success(let value): secret = value
        case .failure(let diagnostic):
            if options.checkOnly && !options.needsSecret {
                secret = SecretStore.Secret(bytes: Array("porthole-check".utf8), createdFile: nil)
            } else {
                report.diagnostics.add(diagnostic)
                return report
            }
        }
        report.createdSecretFile = secret.createdFile
        let access = PortalAccess(secret: secret.bytes)
        let output = OutputFolder(path: options.output)
        if !options.checkOnly {
            if let problem = output.problem(contentRoot: options.contentRoot, themesRoot: options.themesRoot,
                                            home: options.environment["HOME"]) {
                report.diagnostics.error("output", problem, at: nil)
                return report
            }
            do { try output.prepareStaging() } catch {
                report.diagnostics.add(error)
                return report
            }
        }

        // 3. Clients, in parallel, each independent of the others.
        let renderer = PortalRenderer(portal: shared.portal, playbooks: shared.playbooks, theme: theme,
                                      stylesheet: stylesheet, today: today, access: access, passwords: passwords,
                                      staging: options.checkOnly ? nil : output.staging)
        let outcomes = await withTaskGroup(of: ClientOutcome.self) { group in
            var results: [ClientOutcome] = []
            var pending = shared.clientSlugs[...]
            let width = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
            for _ in 0..<width {
                guard let slug = pending.popFirst() else { break }
                group.addTask { renderer.build(slug: slug, loader: loader) }
            }
            while let outcome = await group.next() {
                results.append(outcome)
                if let slug = pending.popFirst() {
                    group.addTask { renderer.build(slug: slug, loader: loader) }
                }
            }
            return results.sorted { $0.slug < $1.slug }
        }
        for outcome in outcomes {
            var log = outcome.log
            log.attribute(to: outcome.slug)
            report.diagnostics.merge(log)
            report.clients += outcome.portal == nil ? 0 : 1
            report.projects += outcome.projects
            report.pages += outcome.pages
            report.files += outcome.files
            if let portal = outcome.portal { report.portals.append(portal) }
        }
        let folders = Dictionary(grouping: report.portals.compactMap { $0.folder }, by: { $0 })
        for (folder, uses) in folders.sorted(by: { $0.key < $1.key }) where uses.count > 1 || SharedFiles.reservedNames.contains(folder) {
            report.diagnostics.error("invalid-slug", "client folder '\(folder)' clashes with another published folder; rename the client", at: nil)
        }

        // 4. Shared files and the swap; any error leaves the old site as it was.
        if options.checkOnly { return report }
        if report.diagnostics.hasErrors || (options.strict && report.diagnostics.warningCount > 0) {
            output.discardStaging()
            return report
        }
        let sharedFiles = SharedFiles(portal: shared.portal, theme: theme, stylesheet: stylesheet, today: today)
        let written = sharedFiles.write(into: output.staging)
        guard written.ok else {
            report.diagnostics.error("output", "cannot write the site's shared files in \(output.staging)", at: nil)
            output.discardStaging()
            return report
        }
        report.pages += written.pages
        report.files += written.files
        do {
            try output.swapIn()
            report.wroteSite = true
        } catch {
            report.diagnostics.add(error)
            output.discardStaging()
        }
        return report
    }
}
