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

    func render(_ fixture: ContentFixture, split: Bool, into staging: URL) throws -> ClientOutcome {
        var loader = ContentLoader(root: fixture.content.path, displayRoot: "content")
        loader.loadsProjectsInParallel = split
        let (loaded, sharedLog) = loader.loadShared()
        let shared = try #require(loaded, "\(sharedLog.entries)")
        let (theme, themeLog) = Theme.load(name: "default", themesRoot: fixture.themes.path, displayRoot: "themes")
        let loadedTheme = try #require(theme, "\(themeLog.entries)")
        let renderer = PortalRenderer(
            portal: shared.portal, playbooks: shared.playbooks, theme: loadedTheme,
            stylesheet: try #require(loadedTheme.assetPath("style.css")),
            today: try #require(CalendarDate(iso: "2026-11-27")), access: PortalAccess(secret: Array("s".utf8)),
            passwords: Passwords(environment: [:]), staging: staging.path, previousSite: nil, staged: nil,
            splitsProjects: split, dateFormats: DateText.Formats(localeIdentifier: "en-GB"))
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        return renderer.build(slug: "acme", loader: loader)
    }

    @Test func test_projectsRenderedSideBySideGiveTheSameSite() throws {
        let fixture = try fixture()
        let one = fixture.root.appendingPathComponent("one")
        let many = fixture.root.appendingPathComponent("many")
        let sequential = try render(fixture, split: false, into: one)
        let parallel = try render(fixture, split: true, into: many)

        #expect(sequential.projects == 3 && sequential.pages > 20)
        #expect(!sequential.log.hasErrors, "\(sequential.log.entries)")
        let projectFolders = Set(sequential.log.entries.compactMap { $0.location?.file.split(separator: "/").dropFirst(3).first })
        #expect(projectFolders == ["app", "crm", "shop"], "every project has diagnostics of its own")
        #expect(parallel.log.entries.map(\.description) == sequential.log.entries.map(\.description))
        #expect(parallel.entry?.files == sequential.entry?.files)
        let files = snapshotTree(one)
        #expect(files.count == sequential.files)
        #expect(snapshotTree(many) == files)
    }
}
