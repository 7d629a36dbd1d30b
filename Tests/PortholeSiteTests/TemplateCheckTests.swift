import Foundation
import PortholeTestSupport
import Synchronization
import Testing

@testable import PortholeCore
@testable import PortholeSite

/// swift-mustache's syntax check runs once per set of templates and build
/// of porthole: a rebuild with the templates the last successful build
/// checked parses only the compiled templates.
struct TemplateCheckTests {
    func themeCopy() throws -> URL { try ContentFixture.themesWithDefaultCopy() }

    /// The digest `checked` is asked about, for the theme as it is now.
    func askedDigest(_ root: URL) -> String? {
        let asked = Mutex<String?>(nil)
        _ = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes") { digest in
            asked.withLock { $0 = digest }
            return false
        }
        return asked.withLock { $0 }
    }

    @Test func test_checkedTemplatesAreCompiledOnlyAndRenderTheSame() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let (full, fullLog) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        let (skipped, skippedLog) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes") { _ in true }
        let checkedTheme = try #require(full, "\(fullLog)")
        let skippedTheme = try #require(skipped, "\(skippedLog)")
        #expect(checkedTheme.checkedSyntax && !skippedTheme.checkedSyntax)
        #expect(skippedTheme.isCompiled && skippedTheme.digest == checkedTheme.digest)
        let context: PageContext = ["agency": ["name": "Northwind"] as PageContext, "year": "2026"]
        #expect(skippedTheme.render("partials/site-footer", context) == checkedTheme.render("partials/site-footer", context))
    }

    @Test func test_theDigestAskedAboutChangesWithATemplateNotWithAnAsset() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try #require(askedDigest(root))
        #expect(Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes").0?.templatesDigest == before)

        let stylesheet = root.appendingPathComponent("custom/assets/style.css")
        try (String(contentsOf: stylesheet, encoding: .utf8) + "\n/* changed */\n").write(
            to: stylesheet, atomically: true, encoding: .utf8)
        #expect(askedDigest(root) == before)

        let footer = root.appendingPathComponent("custom/templates/partials/site-footer.mustache")
        try (String(contentsOf: footer, encoding: .utf8) + "\n").write(to: footer, atomically: true, encoding: .utf8)
        #expect(askedDigest(root) != before)
    }

    /// A template only swift-mustache renders (a transform) is parsed by it
    /// whatever the manifest says: it is the engine, not only the check.
    @Test func test_aTemplateSwiftMustacheRendersIsParsedEvenWhenChecked() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let footer = root.appendingPathComponent("custom/templates/partials/site-footer.mustache")
        try ("{{uppercased(agency.name)}}\n" + String(contentsOf: footer, encoding: .utf8)).write(
            to: footer, atomically: true, encoding: .utf8)
        let (theme, log) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes") { _ in true }
        #expect(!log.hasErrors, "\(log)")
        #expect(theme?.isCompiled == false)
        #expect(
            theme?.render("partials/site-footer", ["agency": ["name": "Northwind"] as PageContext])
                .hasPrefix("NORTHWIND\n") == true)
    }

    /// The manifest of a build records its templates as checked by this
    /// binary; the next build's theme step, reading that manifest, skips
    /// the check, and does not when the record is another's.
    @Test func test_aRebuildSkipsTheCheckTheLastBuildRecorded() async throws {
        let fixture = try ContentFixture(minimal: false)
        let options = MemorySinkTests.options(fixture)
        let report = await SiteBuild(options: options).run()
        #expect(!report.diagnostics.hasErrors && report.wroteSite, "\(report.diagnostics.entries)")
        let output = OutputFolder(path: options.output)
        let manifest = try #require(await BuildManifest.load(for: output))
        let (theme, _) = Theme.load(name: "default", themesRoot: options.themesRoot, displayRoot: "themes")
        #expect(manifest.checkedTemplates == InputFingerprint.checkedTemplates(try #require(theme).templatesDigest))

        func themeStep(after previous: BuildManifest) async -> Theme? {
            var build = BuildState(options: options, destination: .disk(output))
            build.publishedManifest = Task { previous }
            guard case .next = await LoadShared().run(&build) else { return nil }
            build.publishedManifest = Task { previous }
            guard case .next = await LoadTheme().run(&build) else { return nil }
            return build.theme
        }
        #expect(await themeStep(after: manifest)?.checkedSyntax == false)
        var foreign = manifest
        foreign.checkedTemplates = InputFingerprint.checkedTemplates("another set of templates")
        #expect(await themeStep(after: foreign)?.checkedSyntax == true)
    }
}
