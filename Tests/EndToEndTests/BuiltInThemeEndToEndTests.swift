import Foundation
import PortholeTestSupport
import Testing

/// The real binary in a folder that holds only `content/`: the default
/// theme built into it, `porthole theme eject`, and a theme folder beside
/// the content that still wins.
@Suite(.serialized)
struct BuiltInThemeEndToEndTests {
    static let repoThemes = ContentFixture.packageRoot.appendingPathComponent("themes")
    static let passwords = ContentFixture.packageRoot.appendingPathComponent("demo-passwords.yaml").path

    /// A fixture with no `themes` beside its content.
    func fixtureWithoutThemes(example: Bool) throws -> ContentFixture {
        let fixture = try ContentFixture(minimal: !example)
        try FileManager.default.removeItem(at: fixture.themes)
        if example {
            try FileManager.default.copyItem(at: ContentFixture.packageRoot.appendingPathComponent("content"), to: fixture.content)
        }
        return fixture
    }

    @Test func test_onlyContentBuildsWithTheBuiltInThemeToTheSameBytes() throws {
        let fixture = try fixtureWithoutThemes(example: true)
        let build = ["build", "--today", "2026-11-27", "--passwords", Self.passwords, "--quiet"]
        let secret = ["PORTHOLE_SECRET": "built-in-theme"]
        var result = try PortholeProcess.run(build, in: fixture.root, environment: secret)
        #expect(result.status == 0, "\(result.stderr)")
        result = try PortholeProcess.run(
            build + ["--themes", Self.repoThemes.path, "--output", "site-disk", "--portfolio", "portfolio-disk"],
            in: fixture.root, environment: secret)
        #expect(result.status == 0, "\(result.stderr)")
        for (embedded, disk) in [("site", "site-disk"), ("portfolio", "portfolio-disk")] {
            let builtIn = snapshotTree(fixture.root.appendingPathComponent(embedded))
            let fromDisk = snapshotTree(fixture.root.appendingPathComponent(disk))
            #expect(builtIn.count > 10, "\(embedded)")
            #expect(Set(builtIn.keys) == Set(fromDisk.keys), "\(embedded)")
            let differ = builtIn.keys.filter { builtIn[$0] != fromDisk[$0] }.sorted()
            #expect(differ.isEmpty, "\(embedded): \(differ.prefix(5))")
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.themes.path), "a build writes no theme")
    }

    @Test func test_ejectWritesThemesDefaultFileForFileAndNeverOverwrites() throws {
        let fixture = try fixtureWithoutThemes(example: false)
        var result = try PortholeProcess.run(["theme", "eject"], in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote the built-in default theme to themes/default"), "\(result.stdout)")
        #expect(result.stdout.contains("Next:"), "\(result.stdout)")
        let ejected = snapshotTree(fixture.themes.appendingPathComponent("default"))
        let original = snapshotTree(Self.repoThemes.appendingPathComponent("default"))
        #expect(!ejected.isEmpty)
        #expect(ejected == original)

        let words = fixture.themes.appendingPathComponent("default/i18n/en.yaml")
        try Data("edited".utf8).write(to: words)
        result = try PortholeProcess.run(["theme", "eject"], in: fixture.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("already exist; not overwriting"), "\(result.stderr)")
        #expect(try String(contentsOf: words, encoding: .utf8) == "edited")

        result = try PortholeProcess.run(["theme", "eject", "elsewhere/custom"], in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("--themes elsewhere"), "\(result.stdout)")
        #expect(result.stdout.contains("`theme: custom`"), "\(result.stdout)")
        #expect(snapshotTree(fixture.root.appendingPathComponent("elsewhere/custom")) == original)
    }

    @Test func test_aThemeFolderBesideTheContentOverridesTheBuiltInTheme() throws {
        let fixture = try fixtureWithoutThemes(example: false)
        let build = ["build", "--today", "2026-11-27"]
        var result = try PortholeProcess.run(["theme", "eject"], in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        let words = fixture.themes.appendingPathComponent("default/i18n/en.yaml")
        let text = try String(contentsOf: words, encoding: .utf8)
        #expect(text.contains("section.risks: Risks & issues"))
        try text.replacingOccurrences(of: "section.risks: Risks & issues", with: "section.risks: Risk register")
            .write(to: words, atomically: true, encoding: .utf8)
        result = try PortholeProcess.run(build, in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/index.html"), encoding: .utf8)
        #expect(page.contains(">Risk register</a>"))

        // A mistake in it names the folder's file, not the built-in one.
        let template = fixture.themes.appendingPathComponent("default/templates/partials/site-footer.mustache")
        try Data("{{#broken}}\n".utf8).write(to: template)
        result = try PortholeProcess.run(build, in: fixture.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("themes/default/templates/partials/site-footer.mustache:"), "\(result.stderr)")

        // Without the folder, the built-in theme again.
        try FileManager.default.removeItem(at: fixture.themes)
        result = try PortholeProcess.run(build, in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        let builtIn = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/index.html"), encoding: .utf8)
        #expect(builtIn.contains(">Risks &amp; issues</a>"))
    }

    @Test func test_aThemesFolderGivenOnTheCommandLineMustHoldTheTheme() throws {
        let fixture = try fixtureWithoutThemes(example: false)
        try FileManager.default.createDirectory(at: fixture.themes, withIntermediateDirectories: true)
        var result = try PortholeProcess.run(["check", "--today", "2026-11-27"], in: fixture.root)
        #expect(result.status == 0, "an empty themes/ beside the content: the built-in theme; \(result.stderr)")
        result = try PortholeProcess.run(["check", "--today", "2026-11-27", "--themes", "themes"], in: fixture.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("theme 'default' not found: no folder themes/default"), "\(result.stderr)")
    }
}
