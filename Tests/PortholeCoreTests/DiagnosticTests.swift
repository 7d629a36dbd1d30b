import Foundation
import PortholeTestSupport
import Testing

@testable import PortholeCore

/// content.md "Errors": every problem as `path:line:column: severity: message`,
/// all of them in one run.
struct DiagnosticTests {
    let fixture: ContentFixture

    init() throws { fixture = try ContentFixture() }

    func diagnostics() -> [String] { lines(load(fixture).2) }

    @Test func test_yamlSyntaxErrorHasLineAndColumn() throws {
        try fixture.write("clients/acme/client.yaml", "name: Acme\naccess: [public\n")
        let found = diagnostics()
        #expect(found.count == 1)
        #expect(found[0].hasPrefix("content/clients/acme/client.yaml:3:1: error: YAML syntax error"), "\(found)")
    }

    @Test func test_nestingBeyondAnyContentIsRefusedWhereItGoesTooDeep() {
        let deep = String(repeating: "[", count: YAMLReader.maxFlowDepth + 1)
        let problem = YAMLReader.nestingProblem("name: Acme\n# [[[[ in a comment\nnote: \"[[[[ quoted\"\nlist: \(deep)\n")
        #expect(problem?.line == 4)
        #expect(problem?.column == 7 + YAMLReader.maxFlowDepth)
        #expect(problem?.message.hasPrefix("lists or mappings nested more than") == true)
        // The same brackets in a comment and in quotes are not nesting.
        #expect(YAMLReader.nestingProblem("# \(deep)\nnote: '\(deep)'\nother: \"\\\"\(deep)\"\n") == nil)
        let indented = String(repeating: " ", count: YAMLReader.maxIndent + 1) + "x: 1\n"
        let indentation = YAMLReader.nestingProblem("a:\n" + indented)
        #expect(indentation?.line == 2)
        #expect(indentation?.column == YAMLReader.maxIndent + 1)
    }

    @Test func test_missingRequiredFieldIsReportedAtTheMapping() throws {
        try fixture.write("clients/acme/shop/project.yaml", ContentFixture.project.replacingOccurrences(of: "pm: Priya Shah\n", with: ""))
        #expect(diagnostics() == ["content/clients/acme/shop/project.yaml:1:1: error: missing required field 'pm' in project"])
    }

    @Test func test_unknownKeySuggestsNearestField() throws {
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project.replacingOccurrences(of: "playbook: storefront", with: "playbok: storefront"))
        let found = diagnostics()
        #expect(
            found.contains(
                "content/clients/acme/shop/project.yaml:2:1: error: unknown key 'playbok' in project (did you mean 'playbook'?)"),
            "\(found)")
        #expect(
            found.contains("content/clients/acme/shop/project.yaml:1:1: error: missing required field 'playbook' in project"), "\(found)")
    }

    @Test func test_unknownKeyInNestedMilestone() throws {
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project.replacingOccurrences(of: "    forecast: 2026-11-03", with: "    forcast: 2026-11-03"))
        #expect(
            diagnostics() == [
                "content/clients/acme/shop/project.yaml:18:5: error: unknown key 'forcast' in milestone (did you mean 'forecast'?)"
            ])
    }

    @Test func test_dateThatDoesNotExist() throws {
        try fixture.write(
            "clients/acme/shop/project.yaml", ContentFixture.project.replacingOccurrences(of: "due: 2026-09-26", with: "due: 2026-02-30"))
        #expect(diagnostics() == ["content/clients/acme/shop/project.yaml:12:10: error: 'due': 2026-02-30 is not a date that exists"])
    }

    @Test func test_malformedDate() throws {
        try fixture.write(
            "clients/acme/shop/project.yaml", ContentFixture.project.replacingOccurrences(of: "start: 2026-09-01", with: "start: 1st Sept"))
        #expect(
            diagnostics() == ["content/clients/acme/shop/project.yaml:4:8: error: 'start' must be a date as YYYY-MM-DD, got '1st Sept'"])
    }

    @Test func test_duplicateMilestoneId() throws {
        try fixture.write(
            "clients/acme/shop/project.yaml", ContentFixture.project.replacingOccurrences(of: "  - id: M3", with: "  - id: M2"))
        #expect(
            diagnostics() == ["content/clients/acme/shop/project.yaml:19:9: error: duplicate milestone id 'M2' (first used at line 15)"])
    }

    @Test func test_duplicateRiskId() throws {
        try fixture.write(
            "clients/acme/shop/project.yaml", ContentFixture.project.replacingOccurrences(of: "  - id: R2", with: "  - id: R1"))
        #expect(diagnostics() == ["content/clients/acme/shop/project.yaml:41:9: error: duplicate RAID id 'R1' (first used at line 31)"])
    }

    @Test func test_referenceToMissingMilestone() throws {
        try fixture.write(
            "clients/acme/shop/project.yaml", ContentFixture.project.replacingOccurrences(of: "milestone: M4", with: "milestone: M7"))
        let found = diagnostics()
        #expect(
            found == [
                "content/clients/acme/shop/project.yaml:40:16: error: RAID item R1 refers to milestone 'M7', which does not exist in this project (did you mean 'M1'?)"
            ], "\(found)")
    }

    @Test func test_referenceToMissingPlaybook() throws {
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project.replacingOccurrences(of: "playbook: storefront", with: "playbook: storefrnt"))
        #expect(
            diagnostics() == [
                "content/clients/acme/shop/project.yaml:2:11: error: playbook 'storefrnt' does not exist in playbooks/ (did you mean 'storefront'?)"
            ])
    }

    @Test func test_referenceToMissingDecision() throws {
        try fixture.write(
            "clients/acme/shop/decisions/0002-revisit.md",
            """
            ---
            title: Revisit
            date: 2026-11-01
            status: accepted
            supersedes: 9
            ---
            ## Context

            """)
        #expect(
            diagnostics() == [
                "content/clients/acme/shop/decisions/0002-revisit.md:5:13: error: D-0002 supersedes D-0009, which does not exist in this project"
            ])
    }

    @Test func test_slugThatIsNotASlug() throws {
        try fixture.write("clients/Acme_Co/client.yaml", ContentFixture.client)
        #expect(
            diagnostics() == [
                "content/clients/Acme_Co:1:1: error: client folder 'Acme_Co' is not a valid slug (lower-case letters, digits and '-', at most 63)"
            ])
    }

    @Test func test_badUpdateFileName() throws {
        try fixture.write("clients/acme/shop/updates/2026-11-31.md", ContentFixture.update)
        #expect(
            diagnostics() == [
                "content/clients/acme/shop/updates/2026-11-31.md:1:1: error: update file name must be a date that exists, as YYYY-MM-DD.md, got '2026-11-31.md'"
            ])
    }

    @Test func test_badDecisionFileName() throws {
        try fixture.write("clients/acme/shop/decisions/7-markets.md", ContentFixture.decision)
        #expect(
            diagnostics() == [
                "content/clients/acme/shop/decisions/7-markets.md:1:1: error: decision file name must be NNNN-slug.md (four digits from 0001, then a slug), got '7-markets.md'"
            ])
    }

    @Test func test_frontMatterErrorsAreOffsetByTheOpeningLine() throws {
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(of: "status: amber", with: "status: yellow"))
        #expect(
            diagnostics().contains(
                "content/clients/acme/shop/updates/2026-11-24.md:2:9: error: 'status' must be one of green, amber, red, got 'yellow'"))
    }

    @Test func test_missingFrontMatter() throws {
        try fixture.write("clients/acme/shop/updates/2026-11-24.md", "## Summary\nNo front matter.\n")
        #expect(
            diagnostics().contains(
                "content/clients/acme/shop/updates/2026-11-24.md:1:1: error: missing front matter: the file must start with a '---' line, then YAML, then a '---' line"
            ))
    }

    @Test func test_unclosedFrontMatterPointsWhereItShouldEnd() throws {
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md", "---\nstatus: amber\nheadline: Fine\n# a comment\n\n## Summary\nText.\n")
        #expect(
            diagnostics().contains(
                "content/clients/acme/shop/updates/2026-11-24.md:6:1: error: front matter is not closed: no '---' line after the opening one on line 1; it should come before this line"
            ))
    }

    /// Found by the update fuzz target: a file of just `---` was reported
    /// at line 2, which it does not have.
    @Test func test_anOpeningLineAloneIsReportedOnIt() throws {
        for text in ["---", "---  "] {
            try fixture.write("clients/acme/shop/updates/2026-11-24.md", text)
            #expect(
                diagnostics().contains(
                    "content/clients/acme/shop/updates/2026-11-24.md:1:1: error: front matter is not closed: no '---' line after the opening one on line 1; the file ends before one"
                ), "\(text)")
        }
        try fixture.write("clients/acme/shop/updates/2026-11-24.md", "---\n")
        #expect(
            diagnostics().contains(
                "content/clients/acme/shop/updates/2026-11-24.md:2:1: error: front matter is not closed: no '---' line after the opening one on line 1; the file ends before one"
            ))
    }

    @Test func test_invalidUTF8IsReportedWithItsPosition() throws {
        try fixture.writeBytes("clients/acme/client.yaml", Array("name: Acme\naccess: pu".utf8) + [0xFF, 0xFE] + Array("blic\n".utf8))
        #expect(diagnostics() == ["content/clients/acme/client.yaml:2:11: error: file is not valid UTF-8"])
    }

    @Test func test_outOfRangeProbability() throws {
        try fixture.write(
            "clients/acme/shop/project.yaml", ContentFixture.project.replacingOccurrences(of: "probability: 3", with: "probability: 7"))
        #expect(diagnostics() == ["content/clients/acme/shop/project.yaml:34:18: error: 'probability' must be between 1 and 5, got 7"])
    }

    @Test func test_symlinkInContentIsRefused() throws {
        try FileManager.default.createSymbolicLink(
            atPath: fixture.content.path + "/clients/acme/shop/updates/2026-11-25.md", withDestinationPath: "/etc/passwd")
        #expect(
            diagnostics() == [
                "content/clients/acme/shop/updates/2026-11-25.md:1:1: error: symbolic links are not allowed in content (they could lead outside it)"
            ])
    }

    @Test func test_allErrorsOfARunAreReportedTogether() throws {
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project
                .replacingOccurrences(of: "playbook: storefront", with: "playbok: storefront")
                .replacingOccurrences(of: "due: 2026-09-26", with: "due: 2026-02-30"))
        try fixture.write(
            "clients/acme/client.yaml", ContentFixture.client.replacingOccurrences(of: "access: public", with: "access: secret"))
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md", ContentFixture.update.replacingOccurrences(of: "status: amber", with: "status: blue")
        )
        let found = diagnostics().filter { $0.contains(": error: ") }
        #expect(found.count == 5, "\(found)")
        #expect(Set(found.map { $0.split(separator: ":")[0] }).count == 3)
    }

    // MARK: Warnings

    @Test func test_staleUpdateIsAWarning() throws {
        let found = lines(load(fixture, today: "2026-12-05").2)
        #expect(
            found == [
                "content/clients/acme/shop/updates/2026-11-24.md:1:1: warning: latest update is 11 days old; Storefront build projects report every 7 days (2 days' grace)"
            ])
    }

    @Test func test_updateWithinGraceIsNotStale() throws {
        #expect(lines(load(fixture, today: "2026-12-03").2) == [])
    }

    @Test func test_missingRequiredSection() throws {
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(
                of: "## Progress\n- Checkout complete\n- M1 Discovery signed off by Jane Doe on 2026-09-24\n", with: "- M1 signed off\n"))
        #expect(
            diagnostics() == [
                "content/clients/acme/shop/updates/2026-11-24.md:5:1: warning: missing required section '## Progress' (Storefront build playbook)"
            ])
    }

    @Test func test_sectionsOutOfOrder() throws {
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            """
            ---
            status: amber
            headline: Fine
            ---
            ## Summary
            Fine.

            ## Next
            - More, and M2 next week

            ## Progress
            - Done: M1 signed off

            """)
        #expect(
            diagnostics() == [
                "content/clients/acme/shop/updates/2026-11-24.md:8:1: warning: section '## Next' is out of order: the Storefront build playbook wants Summary, Progress, Next"
            ])
    }

    @Test func test_summaryOverWordLimit() throws {
        let long = Array(repeating: "word", count: 25).joined(separator: " ")
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(of: "Two sentences for a busy client.", with: long))
        #expect(
            diagnostics() == [
                "content/clients/acme/shop/updates/2026-11-24.md:5:1: warning: summary has 25 words; the playbook's limit is 20"
            ])
    }

    @Test func test_phaseNotInPlaybook() throws {
        try fixture.write(
            "clients/acme/shop/project.yaml", ContentFixture.project.replacingOccurrences(of: "phase: Build", with: "phase: Bild"))
        #expect(
            diagnostics() == [
                "content/clients/acme/shop/project.yaml:6:8: warning: phase 'Bild' is not one of the Storefront build phases (Discovery, Design, Build, Launch) (did you mean 'Build'?)"
            ])
    }
}
