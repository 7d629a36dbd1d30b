import Foundation
import PortholeTestSupport
import Testing

/// The real binary with a theme of its own: a word changed in the theme's
/// `i18n/en.yaml` changes on the pages, feeds and calendars, and a
/// playbook's `high_risk_score` moves what is "High" everywhere.
@Suite(.serialized)
struct ThemeWordsTests {
    /// A copy of the default theme in the fixture, `en.yaml` edited.
    func themeWithWords(_ fixture: ContentFixture, _ edits: [(String, String)]) throws {
        try FileManager.default.removeItem(at: fixture.themes)
        let theme = fixture.themes.appendingPathComponent("default")
        try FileManager.default.createDirectory(at: fixture.themes, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ContentFixture.packageRoot.appendingPathComponent("themes/default"), to: theme)
        let words = theme.appendingPathComponent("i18n/en.yaml")
        var text = try String(contentsOf: words, encoding: .utf8)
        for (old, new) in edits {
            #expect(text.contains(old), "\(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        try text.write(to: words, atomically: true, encoding: .utf8)
    }

    func read(_ base: URL, _ path: String) throws -> String {
        try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func test_aWordChangedInTheThemeChangesInTheOutput() throws {
        let fixture = try ContentFixture()
        let build = ["build", "--today", "2026-11-27"]
        var result = try PortholeProcess.run(build, in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        let overview = try read(fixture.site, "acme/shop/index.html")
        #expect(overview.contains(">Risks &amp; issues</a>"))
        #expect(overview.contains("At risk"))
        #expect(try read(fixture.site, "acme/shop/milestones.ics").contains("CATEGORIES:Overdue"))

        try themeWithWords(
            fixture,
            [
                ("section.risks: Risks & issues", "section.risks: Risk register"),
                ("rag.meaning.amber: At risk", "rag.meaning.amber: Needs attention"),
                ("milestone.state.overdue: Overdue", "milestone.state.overdue: Late"),
                ("access.public: Public", "access.public: Open to all"),
            ])
        result = try PortholeProcess.run(build, in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        let changed = try read(fixture.site, "acme/shop/index.html")
        #expect(changed.contains(">Risk register</a>") && !changed.contains("Risks &amp; issues"))
        #expect(changed.contains("Needs attention") && !changed.contains("At risk"))
        #expect(changed.contains("(3 days ago)"), "the latest update, 2026-11-24: ICU's words, not the theme's")
        #expect(try read(fixture.site, "acme/shop/milestones/index.html").contains(">Late</span>"))
        #expect(try read(fixture.site, "acme/shop/milestones.ics").contains("CATEGORIES:Late"))
        #expect(try read(fixture.site, "acme/shop/feed.xml").contains("(Needs attention)"))
        #expect(try read(fixture.site, "acme/shop/status.json").contains("\"meaning\" : \"Needs attention\""))
        #expect(try read(fixture.portfolio, "index.html").contains("Open to all"))
    }

    @Test func test_aThemeWithABrokenWordsFileDoesNotBuild() throws {
        let fixture = try ContentFixture()
        try themeWithWords(fixture, [("rag.label.red: Red\n", "rag.label.red: Red\nrag.label.red: Crimson\n")])
        let result = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("themes/default/i18n/en.yaml:"), "\(result.stderr)")
        #expect(result.stderr.contains("error: 'rag.label.red' is defined twice"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.site.path))
    }

    /// R1 scores 12 (3 x 4): medium by default, high when the playbook
    /// says `high_risk_score: 12`, on the client's pages and in the portfolio.
    @Test func test_thePlaybooksHighRiskScoreDecidesWhatIsHighEverywhere() throws {
        let fixture = try ContentFixture()
        let build = ["build", "--today", "2026-11-27"]
        var result = try PortholeProcess.run(build, in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try read(fixture.site, "acme/shop/risks/index.html").contains(
                "<span class=\"score score--medium\" title=\"Probability 3 × impact 4\">Medium · 12</span>"))
        var portfolio = try read(fixture.portfolio, "acme/shop/index.html")
        #expect(portfolio.contains("<div><dt>Open high risks</dt><dd>0</dd></div>"))
        #expect(!portfolio.contains("High risk</span>"))
        #expect(try read(fixture.portfolio, "index.html").contains("scoring 15 or more"))

        try fixture.write("playbooks/storefront.yaml", ContentFixture.playbook + "high_risk_score: 12\n")
        result = try PortholeProcess.run(build, in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        let risks = try read(fixture.site, "acme/shop/risks/index.html")
        #expect(risks.contains("<span class=\"score score--high\" title=\"Probability 3 × impact 4\">High · 12</span>"))
        portfolio = try read(fixture.portfolio, "acme/shop/index.html")
        #expect(portfolio.contains("<div><dt>Open high risks</dt><dd>1</dd></div>"))
        #expect(portfolio.contains("High risk</span>"))
    }
}
