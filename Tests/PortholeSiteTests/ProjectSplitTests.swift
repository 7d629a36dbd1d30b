import Foundation
import PortholeTestSupport
import Testing

@testable import PortholeCore
@testable import PortholeSite

/// A rebuild that renders only one or two clients loads and renders each
/// one's projects side by side (`concurrentMap`). That must change nothing:
/// the same files, byte for byte, and the same diagnostics in the same order
/// as one project after another.
struct ProjectSplitTests {
    /// Acme with three projects of two updates and a decision each; one
    /// project.s latest update is late, so every project has diagnostics.
    func fixture() throws -> ContentFixture {
        let fixture = try ContentFixture()
        try fixture.remove("clients/acme/shop")
        for (slug, latest) in [("shop", "2026-11-12"), ("app", "2026-11-10"), ("crm", "2026-11-11")] {
            try fixture.write(
                "clients/acme/\(slug)/project.yaml",
                ContentFixture.project.replacingOccurrences(of: "Storefront rebuild", with: "Project \(slug)"))
            try fixture.write("clients/acme/\(slug)/updates/2026-11-17.md", ContentFixture.update)
            try fixture.write(
                "clients/acme/\(slug)/updates/\(latest).md",
                ContentFixture.update.replacingOccurrences(of: "on track", with: "on track in \(slug)"))
            try fixture.write("clients/acme/\(slug)/decisions/0001-use-markets.md", ContentFixture.decision)
        }
        return fixture
    }

    /// The client's diagnostics and every file rendered for it (its portal's
    /// and its portfolio pages), by path.
    func render(_ fixture: ContentFixture, split: Bool) throws -> (log: DiagnosticLog, files: [String: [UInt8]]) {
        var loader = ContentLoader(root: fixture.content.path, displayRoot: "content")
        loader.loadsProjectsInParallel = split
        let (loaded, sharedLog) = loader.loadShared()
        let shared = try #require(loaded, "\(sharedLog.entries)")
        let (theme, themeLog) = Theme.load(name: "default", themesRoot: fixture.themes.path, displayRoot: "themes")
        let loadedTheme = try #require(theme, "\(themeLog.entries)")
        let today = try #require(CalendarDate(iso: "2026-11-27"))
        let renderer = PortalRenderer(
            portal: shared.portal, playbooks: shared.playbooks, theme: loadedTheme,
            stylesheet: try #require(loadedTheme.assetPath("style.css")), today: today,
            dateFormats: DateText.Formats(localeIdentifier: "en-GB"), splitsProjects: split)
        let (client, loadLog) = loader.loadClient("acme")
        var log = loadLog
        let acme = try #require(client, "\(log.entries)")
        log.merge(ProjectRules(playbooks: shared.playbooks, today: today).check(acme))
        let rendered = try renderer.render(acme, folder: "acme", sealer: nil, portfolio: true, log: log)
        var files: [String: [UInt8]] = [:]
        for file in rendered.files.site { files["site/" + file.path] = file.bytes }
        for file in rendered.files.portfolio { files["portfolio/" + file.path] = file.bytes }
        return (log, files)
    }

    @Test func test_projectsRenderedSideBySideGiveTheSameSite() throws {
        let fixture = try fixture()
        let sequential = try render(fixture, split: false)
        let parallel = try render(fixture, split: true)

        #expect(sequential.files.keys.count { $0.hasSuffix(".html") } > 20)
        #expect(sequential.files.keys.count { $0.hasPrefix("portfolio/") } == 3)
        #expect(!sequential.log.hasErrors, "\(sequential.log.entries)")
        let projectFolders = Set(sequential.log.entries.compactMap { $0.location?.file.split(separator: "/").dropFirst(3).first })
        #expect(projectFolders == ["app", "crm", "shop"], "every project has diagnostics of its own")
        #expect(parallel.log.entries.map(\.description) == sequential.log.entries.map(\.description))
        #expect(parallel.files == sequential.files)
    }
}
