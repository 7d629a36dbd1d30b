import Foundation
import PortholeTestSupport
import Testing

/// Issue "The PM's standard": `porthole new` and the reporting checks, run
/// through the real binary, each asserted by its exact diagnostic line.
@Suite(.serialized)
struct ReportingStandardTests {
    func check(
        _ fixture: ContentFixture, _ extra: [String] = [], today: String = "2026-11-27",
        environment: [String: String] = [:]
    ) throws -> PortholeProcess.Result {
        try PortholeProcess.run(["check", "--today", today] + extra, in: fixture.root, environment: environment)
    }

    func warnings(_ result: PortholeProcess.Result) -> [String] {
        result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": warning: ") || $0.contains(": error: ") }
    }

    // MARK: Scaffolding

    @Test func test_newCommandsWriteContentThatPassesCheck() throws {
        let fixture = try ContentFixture()
        let run = { (arguments: [String]) in try PortholeProcess.run(arguments + ["--today", "2026-11-27"], in: fixture.root) }
        var result = try run(["new", "client", "zenith"])
        #expect(result.status == 0 && result.stdout == "created content/clients/zenith/client.yaml\n", "\(result.stderr)")
        result = try run(["new", "project", "zenith/replatform", "--playbook", "storefront", "--start", "2026-12-01", "--pm", "Ana Diaz"])
        #expect(result.status == 0, "\(result.stderr)")
        let project = try String(
            contentsOf: fixture.content.appendingPathComponent("clients/zenith/replatform/project.yaml"), encoding: .utf8)
        #expect(project.contains("playbook: storefront\n"))
        #expect(
            project.contains("  - id: M1\n    title: \"Discovery sign-off\"\n    due: 2026-12-22\n    gate: true\n"),
            "week 3 after the start")
        #expect(project.contains("phase: \"Discovery\""))
        #expect(try check(fixture).status == 0)

        result = try run(["new", "decision", "zenith/replatform", "Use Shopify Markets for multi-currency"])
        #expect(
            result.stdout == "created content/clients/zenith/replatform/decisions/0001-use-shopify-markets-for-multi-currency.md\n",
            "\(result.stderr)")
        result = try run(["new", "decision", "zenith/replatform", "Second one"])
        #expect(result.stdout.contains("decisions/0002-second-one.md"))
        let decision = try String(
            contentsOf: fixture.content.appendingPathComponent("clients/zenith/replatform/decisions/0002-second-one.md"), encoding: .utf8)
        #expect(decision.contains("status: proposed") && decision.contains("due: 2026-12-04") && decision.contains("## Consequences"))

        result = try run(["new", "update", "zenith/replatform"])
        #expect(result.stdout == "created content/clients/zenith/replatform/updates/2026-11-27.md\n", "\(result.stderr)")
        let checked = try check(fixture)
        #expect(checked.status == 0, "a fresh scaffold passes: \(checked.stderr)")
        // Every scaffold marks what the PM must write; nothing else is flagged.
        #expect(
            warnings(checked) == [
                "content/clients/zenith/replatform/decisions/0001-use-shopify-markets-for-multi-currency.md:1:1: warning: the decision still has placeholder text from 'porthole new decision'; write it before publishing",
                "content/clients/zenith/replatform/decisions/0002-second-one.md:1:1: warning: the decision still has placeholder text from 'porthole new decision'; write it before publishing",
                "content/clients/zenith/replatform/project.yaml:1:1: warning: the project summary still has placeholder text from 'porthole new project'; write it for the client",
                "content/clients/zenith/replatform/updates/2026-11-27.md:1:1: warning: the note still has placeholder text from 'porthole new update'; write this week's news before publishing",
            ])
        #expect(try check(fixture, ["--strict"]).status == 1, "placeholders cannot be published under --strict")
    }

    @Test func test_newRefusesToOverwriteAndExplainsMissingParents() throws {
        let fixture = try ContentFixture()
        let again = try PortholeProcess.run(["new", "client", "acme"], in: fixture.root)
        #expect(again.status == 1)
        #expect(again.stderr == "porthole: error: content/clients/acme/client.yaml already exists; not overwriting it\n")
        let orphan = try PortholeProcess.run(["new", "update", "nobody/shop"], in: fixture.root)
        #expect(orphan.stderr.contains("no client 'nobody' in content/clients (create it with: porthole new client nobody)"))
        let typo = try PortholeProcess.run(
            ["new", "project", "acme/x", "--playbook", "storefrnt", "--start", "2026-12-01"], in: fixture.root)
        #expect(typo.stderr.contains("no playbook 'storefrnt' (did you mean 'storefront'?)"), "\(typo.stderr)")
    }

    @Test func test_updateScaffoldCarriesTheProjectsDataForward() throws {
        let fixture = try ContentFixture()
        let result = try PortholeProcess.run(
            ["new", "update", "acme/shop", "--date", "2026-12-01", "--today", "2026-11-27"], in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        let note = try String(
            contentsOf: fixture.content.appendingPathComponent("clients/acme/shop/updates/2026-12-01.md"), encoding: .utf8)
        let sections = note.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(sections == ["## Summary", "## Progress", "## Next", "## Internal"], "the playbook's sections, in order")
        #expect(note.contains("status: amber"), "last week's RAG as the starting point")
        #expect(note.contains("- Start UAT\n- M2 Design approval moves to next week"), "last week's Next, to report on under Progress")
        #expect(note.contains("- M2 Design approved: overdue since 2026-11-03"), "overdue and soon-due milestones under Next")
        #expect(!note.contains("Secret internal checkpoint"), "internal milestones are not pre-filled into client text")
    }

    // MARK: Each standard check, by its exact line

    @Test func test_missingAndOutOfOrderSectionsAndLongSummary() throws {
        let fixture = try ContentFixture()
        let long = Array(repeating: "word", count: 21).joined(separator: " ")
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            """
            ---
            status: amber
            headline: Reordered
            ---
            ## Summary
            \(long)

            ## Next
            - M2 next week

            ## Progress
            - M1 signed off by Jane Doe

            """)
        try fixture.write(
            "clients/acme/shop/updates/2026-11-17.md", "---\nstatus: amber\nheadline: Short\n---\n## Summary\nFine.\n\n## Next\n- More\n")
        #expect(
            warnings(try check(fixture)) == [
                "content/clients/acme/shop/updates/2026-11-17.md:5:1: warning: missing required section '## Progress' (Storefront build playbook)",
                "content/clients/acme/shop/updates/2026-11-24.md:5:1: warning: summary has 21 words; the playbook's limit is 20",
                "content/clients/acme/shop/updates/2026-11-24.md:8:1: warning: section '## Next' is out of order: the Storefront build playbook wants Summary, Progress, Next",
            ])
    }

    @Test func test_staleProjectAndUnknownPhase() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/project.yaml", ContentFixture.project.replacingOccurrences(of: "phase: Build", with: "phase: Biuld"))
        #expect(
            warnings(try check(fixture, today: "2026-12-04")) == [
                "content/clients/acme/shop/project.yaml:6:8: warning: phase 'Biuld' is not one of the Storefront build phases (Discovery, Design, Build, Launch) (did you mean 'Build'?)",
                "content/clients/acme/shop/updates/2026-11-24.md:1:1: warning: latest update is 10 days old; Storefront build projects report every 7 days (2 days' grace)",
            ])
    }

    @Test func test_emptySection() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(
                of: "- Checkout complete\n- M1 Discovery signed off by Jane Doe on 2026-09-24\n", with: ""))
        #expect(
            warnings(try check(fixture)).contains(
                "content/clients/acme/shop/updates/2026-11-24.md:8:1: warning: section '## Progress' is empty; write a line, even 'Nothing this week.'"
            ))
    }

    @Test func test_greenWhileMilestoneOverdueOrRiskScore20() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(of: "status: amber", with: "status: green"))
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project.replacingOccurrences(of: "probability: 3\n    impact: 4", with: "probability: 5\n    impact: 4"))
        let found = warnings(try check(fixture))
        #expect(
            found.contains(
                "content/clients/acme/shop/updates/2026-11-24.md:2:9: warning: status is green but milestone M2 is overdue; the RAG should say what the data says"
            ), "\(found)")
        #expect(
            found.contains(
                "content/clients/acme/shop/updates/2026-11-24.md:2:9: warning: status is green but risk R1 is open with score 20 (probability 5 x impact 4)"
            ), "\(found)")
    }

    @Test func test_overdueMilestoneNotReportedToTheClient() throws {
        let fixture = try ContentFixture()
        // Mentioned only under ## Internal: the client never reads it.
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update
                .replacingOccurrences(of: "- M2 Design approval moves to next week\n", with: "")
                .replacingOccurrences(of: "Do not promise the date yet.", with: "M2 is late; do not say so yet."))
        #expect(
            warnings(try check(fixture)) == [
                "content/clients/acme/shop/project.yaml:15:5: warning: milestone M2 'Design approved' is overdue (forecast 2026-11-03) and the latest update does not mention it where the client can read it; re-forecast it or report it"
            ])
    }

    @Test func test_proposedDecisionPastItsDue() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/decisions/0002-markets.md",
            """
            ---
            title: Choose a payment provider
            date: 2026-11-01
            status: proposed
            due: 2026-11-20
            ---
            ## Context

            """)
        #expect(
            warnings(try check(fixture)) == [
                "content/clients/acme/shop/decisions/0002-markets.md:5:6: warning: D-0002 is still proposed but its answer was due 2026-11-20; record the decision or move 'due'"
            ])
    }

    @Test func test_gateDoneWithoutRecordedSignOff() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(
                of: "- M1 Discovery signed off by Jane Doe on 2026-09-24\n", with: "- M1 Discovery sign-off meeting went well\n"))
        #expect(
            warnings(try check(fixture)) == [
                "content/clients/acme/shop/project.yaml:10:5: warning: gate M1 'Discovery sign-off' is marked done on 2026-09-24, but no update from that week on, nor a decision, records its sign-off (write 'M1 signed off by …')"
            ])
    }

    @Test func test_internalHeadingAtTheWrongLevelIsFlagged() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md", ContentFixture.update.replacingOccurrences(of: "## Internal", with: "### Internal"))
        #expect(
            warnings(try check(fixture)) == [
                "content/clients/acme/shop/updates/2026-11-24.md:16:1: warning: this 'Internal' heading is level 3, so its text IS published; only a top-level '## Internal' section is kept from the client"
            ])
    }

    @Test func test_unquotedBrandColourIsAnError() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/client.yaml", ContentFixture.client.replacingOccurrences(of: "color: \"#1f6feb\"", with: "color: #1f6feb"))
        #expect(
            warnings(try check(fixture)) == [
                "content/clients/acme/client.yaml:7:3: error: 'color' is empty: a colour must be quoted in YAML (color: \"#1f6feb\"), or '#' starts a comment"
            ])
    }

    @Test func test_tooLightBrandColourIsDarkenedWithAWarning() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/client.yaml", ContentFixture.client.replacingOccurrences(of: "color: \"#1f6feb\"", with: "color: \"#ffd400\""))
        #expect(
            warnings(try check(fixture)) == [
                "content/clients/acme/client.yaml:7:10: warning: brand colour #ffd400 has a contrast of 1.4:1 on white, below the 4.5:1 of WCAG AA; the portal uses #8d7400 instead (set that to silence this)"
            ])
        let build = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        let sheet = try FileManager.default.contentsOfDirectory(atPath: fixture.site.appendingPathComponent("acme").path).first {
            $0.hasPrefix("brand.")
        }
        let css = try String(contentsOf: fixture.site.appendingPathComponent("acme/\(try #require(sheet))"), encoding: .utf8)
        #expect(build.status == 0 && css.contains("--accent-light:#8d7400"), "\(css)")
    }

    // MARK: Output formats

    @Test func test_jsonFormatIsOneObjectPerDiagnostic() throws {
        let fixture = try ContentFixture()
        let result = try check(fixture, ["--format", "json"], today: "2026-12-10")
        let objects = try result.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(objects.count == 1)
        let object = try #require(objects.first)
        #expect(object["severity"] as? String == "warning")
        #expect(object["code"] as? String == "stale-update")
        #expect(object["file"] as? String == "content/clients/acme/shop/updates/2026-11-24.md")
        #expect(object["line"] as? Int == 1 && object["column"] as? Int == 1)
        #expect(object["client"] as? String == "acme")
        #expect((object["message"] as? String)?.hasPrefix("latest update is 16 days old") == true)
    }

    @Test func test_githubAnnotationsWhenRunInGitHubActions() throws {
        let fixture = try ContentFixture()
        let result = try check(fixture, today: "2026-12-10", environment: ["GITHUB_ACTIONS": "true"])
        #expect(
            result.stdout
                == "::warning file=content/clients/acme/shop/updates/2026-11-24.md,line=1,col=1,title=porthole stale-update::latest update is 16 days old; Storefront build projects report every 7 days (2 days' grace)\n"
        )
    }

    @Test func test_strictFailsOnWarningsAndTheSummaryCountsPerClient() throws {
        let fixture = try ContentFixture()
        let relaxed = try check(fixture, today: "2026-12-10")
        #expect(relaxed.status == 0)
        #expect(
            relaxed.stderr.hasSuffix("check passed: 1 client(s), 1 project(s): 0 errors, 1 warning (acme: 0 errors, 1 warning)\n"),
            "\(relaxed.stderr)")
        let strict = try check(fixture, ["--strict"], today: "2026-12-10")
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("porthole: check failed (--strict)"))
        let build = try PortholeProcess.run(["build", "--today", "2026-12-10", "--strict"], in: fixture.root)
        #expect(build.status == 1)
        #expect(!FileManager.default.fileExists(atPath: fixture.site.path), "a strict build with warnings writes nothing")
    }

    /// The example agency is clean but for the over-allocation it plants on
    /// purpose (docs/content-format.md, `team`), so `--strict` fails on
    /// exactly those two warnings and nothing else.
    @Test func test_exampleContentPassesStrictCheckButForItsPlantedOverAllocation() throws {
        let root = ContentFixture.packageRoot
        let result = try PortholeProcess.run(
            ["check", "--strict", "--today", "2026-11-27", "--passwords", "demo-passwords.yaml"], in: root)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("0 errors, 2 warnings"), "\(result.stderr)")
        #expect(warnings(result).count == 2)
        #expect(warnings(result).allSatisfy { $0.contains("warning: Marta Kowalska is allocated 110 %") }, "\(warnings(result))")
    }
}
