import Foundation
import PortholeTestSupport
import Testing

/// The agency's internal portfolio (site.md): every client and project with
/// internal content, in its own folder, never inside the site.
@Suite(.serialized)
struct PortfolioTests {
    /// Internal text of the fixture, one per kind of internal content.
    static let internalText = [
        "Do not promise the date yet.", // the update's ## Internal section
        "Secret internal checkpoint", // an internal milestone
        "Internal staffing gap", // an internal RAID item
        "Renegotiate the retainer margin", // an internal decision
    ]

    func fixtureWithInternalDecision() throws -> ContentFixture {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/decisions/0002-margin.md",
            """
            ---
            title: Renegotiate the retainer margin
            date: 2026-11-02
            status: proposed
            internal: true
            ---
            ## Context
            Margin INTERNAL-DECISION-BODY is below target.

            """)
        return fixture
    }

    func build(_ fixture: ContentFixture, _ extra: [String] = []) throws -> PortholeProcess.Result {
        try PortholeProcess.run(["build", "--today", "2026-11-27"] + extra, in: fixture.root)
    }

    func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    func inode(_ url: URL) -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber]) as? NSNumber)?.uint64Value ?? 0
    }

    /// Allocation crosses clients: a client kept whole by an incremental
    /// build still counts (its team entries come back from the manifest),
    /// and the warning points at each team entry involved.
    @Test func test_overAllocationAcrossClientsIsWarnedAlsoWhenOneClientIsKept() throws {
        let fixture = try ContentFixture()
        try fixture.writeMinimal()
        try fixture.write(
            "clients/acme/shop/project.yaml", ContentFixture.project + "team:\n  - { person: Ann Lee, allocation: 60 }\n")
        try fixture.write("clients/beta/client.yaml", "name: Beta Ltd\naccess: public\n")
        try fixture.write(
            "clients/beta/web/project.yaml",
            ContentFixture.project + "team:\n  - { person: Ann Lee, allocation: 50, from: 2026-12-01, to: 2026-12-20 }\n")
        try fixture.write("clients/beta/web/updates/2026-11-24.md", ContentFixture.update)
        let expected = [
            "content/clients/acme/shop/project.yaml:48:5: warning: Ann Lee is allocated 110 % in the week of 2026-11-30 to 2026-12-06, over a capacity of 100 %: 60 % here (with beta/web 50 %)",
            "content/clients/beta/web/project.yaml:48:5: warning: Ann Lee is allocated 110 % in the week of 2026-11-30 to 2026-12-06, over a capacity of 100 %: 50 % here (with acme/shop 60 %)",
        ]
        func warnings(_ result: PortholeProcess.Result) -> [String] {
            result.stderr.split(separator: "\n").map(String.init).filter { $0.contains("is allocated") }
        }
        var result = try build(fixture)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(warnings(result) == expected)
        try fixture.write("clients/acme/shop/updates/2026-11-26.md", ContentFixture.update)
        result = try build(fixture)
        #expect(result.stderr.contains("1 rendered, 1 kept"), "\(result.stderr)")
        #expect(warnings(result) == expected)
        let index = try text(fixture.portfolio.appendingPathComponent("index.html"))
        #expect(index.contains("<tr data-person=\"Ann Lee\" class=\"portfolio-allocation--over\">"))
        // A capacity of 100 % written out is the default: the same warnings.
        try fixture.write("portal.yaml", ContentFixture.portal + "capacity:\n  - { person: Ann Lee, percent: 100 }\n")
        #expect(warnings(try build(fixture)) == expected)
    }

    @Test func test_internalContentReachesThePortfolioAndNeverTheSite() throws {
        let fixture = try fixtureWithInternalDecision()
        let result = try build(fixture)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("portfolio: 2 pages in portfolio/"), "\(result.stderr)")
        let page = try text(fixture.portfolio.appendingPathComponent("acme/shop/index.html"))
        for secret in Self.internalText + ["INTERNAL-DECISION-BODY"] {
            #expect(page.contains(secret), "\(secret) missing from the portfolio page")
        }
        #expect(page.contains("<div class=\"note-internal\">"), "the update's Internal section is marked")
        #expect(page.contains("tag--internal"))
        for (path, bytes) in snapshotTree(fixture.site) {
            let content = String(decoding: bytes, as: UTF8.self)
            for secret in Self.internalText + ["INTERNAL-DECISION-BODY"] {
                #expect(!content.contains(secret), "\(secret) leaked into site/\(path)")
            }
        }
        // Every page of the portfolio is internal-only and locked down like a portal page.
        let index = try text(fixture.portfolio.appendingPathComponent("index.html"))
        for html in [index, page] {
            #expect(html.contains("<meta name=\"robots\" content=\"noindex"))
            #expect(
                html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;self&#39;")
            )
            #expect(html.hasPrefix("<!DOCTYPE html>"))
        }
        #expect(try text(fixture.portfolio.appendingPathComponent("robots.txt")) == "User-agent: *\nDisallow: /\n")
        let stylesheet = try #require(index.firstMatch(of: /href="(assets\/style\.[0-9a-f]+\.css)"/)?.1)
        #expect(FileManager.default.fileExists(atPath: fixture.portfolio.appendingPathComponent(String(stylesheet)).path))
    }

    @Test func test_indexListsEveryProjectMostUrgentFirstWithPortalAddresses() throws {
        let fixture = try ContentFixture()
        try fixture.write("clients/beta/client.yaml", "name: Beta Ltd\naccess: link\n")
        try fixture.write(
            "clients/beta/web/project.yaml", ContentFixture.project.replacingOccurrences(of: "Storefront rebuild", with: "Beta web shop"))
        try fixture.write(
            "clients/beta/web/updates/2026-11-24.md", ContentFixture.update.replacingOccurrences(of: "status: amber", with: "status: red"))
        try fixture.write("clients/gamma/client.yaml", "name: Gamma plc\naccess: public\n")
        try fixture.write(
            "clients/gamma/calm/project.yaml",
            ContentFixture.project.replacingOccurrences(of: "Storefront rebuild", with: "Gamma calm project")
                .replacingOccurrences(of: "forecast: 2026-11-03", with: "forecast: 2026-12-03"))
        try fixture.write(
            "clients/gamma/calm/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(of: "status: amber", with: "status: green"))
        let result = try build(fixture)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try text(fixture.portfolio.appendingPathComponent("index.html"))
        // The projects' table: "What changed" above it names projects too.
        let index = try #require(page.range(of: "<table class=\"portfolio-table\">").map { String(page[$0.lowerBound...]) })
        let red = try #require(index.range(of: "Beta web shop")).lowerBound
        let amber = try #require(index.range(of: ">Storefront rebuild<")).lowerBound
        let green = try #require(index.range(of: "Gamma calm project")).lowerBound
        #expect(red < amber && amber < green, "red, then amber, then green")
        // The agency's own view: the link-mode portal's address with its token.
        let betaFolder = try #require(
            try FileManager.default.contentsOfDirectory(atPath: fixture.site.path).first { $0.hasPrefix("beta-") })
        #expect(index.contains("https://status.agency.example/\(betaFolder)/"))
        #expect(index.contains("https://status.agency.example/acme/"))
        #expect(index.contains("Secret link") && index.contains("Public"))
        #expect(index.contains("href=\"beta/web/index.html\""))
        // Status with a shape and a word, never colour alone.
        #expect(index.contains("<span class=\"rag__symbol\" aria-hidden=\"true\">■</span> Red"))
    }

    /// The header and footer are rendered once per depth and handed to the
    /// pages (`CachedPartials`): every page must still carry them.
    @Test func test_everyPageOfSiteAndPortfolioHasTheHeaderAndFooter() throws {
        let fixture = try ContentFixture()
        let result = try build(fixture)
        #expect(result.status == 0, "\(result.stderr)")
        var pages = 0
        for root in [fixture.site, fixture.portfolio] {
            let walker = FileManager.default.enumerator(atPath: root.path)!
            while let relative = walker.nextObject() as? String {
                guard relative.hasSuffix(".html") else { continue }
                let page = try text(root.appendingPathComponent(relative))
                pages += 1
                #expect(
                    page.contains("<header class=\"site-header\">") && page.contains("Test Agency</span>"),
                    "\(root.lastPathComponent)/\(relative): no site header")
                #expect(page.contains("<p class=\"site-footer__agency\">Test Agency"), "\(root.lastPathComponent)/\(relative): no footer")
            }
        }
        #expect(pages > 10)
    }

    @Test func test_projectPageListsTheBuildWarningsWithFileAndLine() throws {
        let fixture = try ContentFixture()
        // No "## Next" section: a warning of the playbook's standard.
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(of: "## Next\n- Start UAT\n- M2 Design approval moves to next week\n", with: ""))
        let result = try build(fixture)
        #expect(result.status == 0, "\(result.stderr)")
        let warning = try #require(result.stderr.split(separator: "\n").first { $0.contains("missing required section '## Next'") })
        let location = String(warning.prefix { $0 != " " }.dropLast().split(separator: ":").prefix(2).joined(separator: ":"))
        let page = try text(fixture.portfolio.appendingPathComponent("acme/shop/index.html"))
        #expect(page.contains("<code class=\"build-warnings__where\">\(location)</code>"), "\(location)")
        #expect(page.contains("missing required section &#39;## Next&#39;"))
        let index = try text(fixture.portfolio.appendingPathComponent("index.html"))
        #expect(index.contains("href=\"acme/shop/index.html#warnings\""))
    }

    @Test func test_hostileTextIsEscapedInThePortfolio() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project.replacingOccurrences(of: "name: Storefront rebuild", with: "name: \"<script>alert(1)</script> shop\""))
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update + "<img src=x onerror=alert(2)>\n\n[bad](javascript:alert(3))\n")
        let result = try build(fixture)
        #expect(result.status == 0, "\(result.stderr)")
        for page in ["index.html", "acme/shop/index.html"] {
            let html = try text(fixture.portfolio.appendingPathComponent(page))
            #expect(!html.contains("<script>"), "\(page)")
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; shop"), "\(page)")
            #expect(!html.contains("onerror=alert"), "\(page)")
            #expect(!html.contains("javascript:"), "\(page)")
        }
    }

    @Test func test_portfolioIsNeverWrittenInsideOrAroundTheSite() throws {
        let fixture = try ContentFixture()
        #expect(try build(fixture).status == 0)
        let site = snapshotTree(fixture.site)
        let portfolio = snapshotTree(fixture.portfolio)
        let foreign = fixture.root.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: foreign.appendingPathComponent("plan.txt"))
        let refused: [([String], String)] = [
            (["--portfolio", "site/portfolio"], "overlap the site's output folder"),
            (["--portfolio", "site"], "overlap the site's output folder"),
            (["--portfolio", "."], "overlap the site's output folder"),
            (["--output", "portfolio/site"], "overlap the site's output folder"),
            (["--portfolio", ".site.spare"], "overlap the site's output folder"),
            (["--portfolio", "content/portfolio"], "refusing to write the portfolio inside the content folder"),
            (["--portfolio", "themes"], "refusing to write the portfolio"),
            (["--portfolio", "/"], "refusing"),
            (["--portfolio", "notes"], "portfolio folder \(foreign.resolvingSymlinksInPath().path) exists and was not made by porthole"),
        ]
        for (arguments, message) in refused {
            let result = try build(fixture, arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("error: "), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(snapshotTree(fixture.site) == site, "\(arguments): site/ changed")
            #expect(snapshotTree(fixture.portfolio) == portfolio, "\(arguments): portfolio/ changed")
        }
        #expect(try text(foreign.appendingPathComponent("plan.txt")) == "keep me")
        #expect(!FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("portfolio").path))
    }

    @Test func test_noPortfolioAndAnotherFolder() throws {
        let fixture = try ContentFixture()
        let skipped = try build(fixture, ["--no-portfolio"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.portfolio.path))
        #expect(!skipped.stderr.contains("portfolio"), "\(skipped.stderr)")
        let elsewhere = try build(fixture, ["--portfolio", "internal/pmo"])
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
        #expect(elsewhere.stderr.contains("portfolio: 2 pages in internal/pmo/"), "\(elsewhere.stderr)")
        #expect(FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("internal/pmo/acme/shop/index.html").path))
        #expect(!FileManager.default.fileExists(atPath: fixture.portfolio.path))
        let both = try build(fixture, ["--portfolio", "x", "--no-portfolio"])
        #expect(both.status != 0 && both.stderr.contains("cannot be used together"))
    }

    @Test func test_checkWritesNoPortfolio() throws {
        let fixture = try ContentFixture()
        let result = try PortholeProcess.run(["check", "--today", "2026-11-27"], in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.portfolio.path))
        #expect(!FileManager.default.fileExists(atPath: fixture.site.path))
    }

    @Test func test_subsetBuildsDoNotWriteThePortfolio() throws {
        let fixture = try ContentFixture()
        #expect(try build(fixture).status == 0)
        let before = snapshotTree(fixture.portfolio)
        let index = fixture.portfolio.appendingPathComponent("index.html")
        let indexInode = inode(index)
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(of: "Do not promise", with: "Never promise"))
        for subset in [["--client", "acme"], ["--shard", "1/1"]] {
            let result = try build(fixture, subset)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(
                result.stderr.contains("porthole: note: portfolio/ not written: a \(subset[0]) build holds only some clients"),
                "\(result.stderr)")
            #expect(!result.stderr.contains("warning:"), "\(result.stderr)")
            #expect(snapshotTree(fixture.portfolio) == before)
            #expect(inode(index) == indexInode)
        }
        // The next build of every client brings it up to date.
        let full = try build(fixture)
        #expect(full.status == 0, "\(full.stderr)")
        #expect(try text(fixture.portfolio.appendingPathComponent("acme/shop/index.html")).contains("Never promise"))
    }

    @Test func test_failedBuildLeavesSiteAndPortfolioAsTheyWere() throws {
        let fixture = try ContentFixture()
        #expect(try build(fixture).status == 0)
        let site = snapshotTree(fixture.site)
        let portfolio = snapshotTree(fixture.portfolio)
        try fixture.write("clients/acme/shop/updates/2026-11-25.md", "---\nstatus: purple\nheadline: x\n---\n## Summary\nx\n")
        let result = try build(fixture)
        #expect(result.status == 1)
        #expect(result.stderr.contains("site and portfolio left unchanged"), "\(result.stderr)")
        #expect(snapshotTree(fixture.site) == site)
        #expect(snapshotTree(fixture.portfolio) == portfolio)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.root.path).filter { $0.hasPrefix(".portfolio.") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
