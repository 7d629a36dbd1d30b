import Foundation
import PortholeTestSupport
import Testing

@testable import PortholeCore

/// `signed_off` on gates and decisions, `people` in portal.yaml and a
/// contact's `language` (docs/client-email.md): read with their locations,
/// refused where they make no sense, and counted by the gate check.
struct SignOffTests {
    /// The fixture without the note's "M1 … signed off" line.
    func fixtureWithoutSignOffLine() throws -> ContentFixture {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(of: "- M1 Discovery signed off by Jane Doe on 2026-09-24", with: "- Nothing else."))
        return fixture
    }

    func project(_ fixture: ContentFixture, gate: String) throws {
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project.replacingOccurrences(of: "    done: 2026-09-24\n    gate: true\n", with: gate))
    }

    @Test func test_recordedSignOffSatisfiesTheGateCheck() throws {
        let fixture = try fixtureWithoutSignOffLine()
        let before = lines(load(fixture).2)
        #expect(before.contains { $0.contains("gate M1") }, "\(before)")
        try project(
            fixture, gate: "    done: 2026-09-24\n    gate: true\n    signed_off: { by: Jane Doe, on: 2026-09-24, via: e-mail }\n")
        let (_, clients, log) = load(fixture)
        #expect(lines(log) == [])
        let signOff = try #require(clients[0].projects[0].milestones[0].signedOff)
        #expect(signOff.by == "Jane Doe" && signOff.on == CalendarDate(iso: "2026-09-24") && signOff.via == "e-mail")
    }

    @Test func test_decisionWithSignOffNamingTheGateSatisfiesTheCheck() throws {
        let fixture = try fixtureWithoutSignOffLine()
        try fixture.write(
            "clients/acme/shop/decisions/0002-discovery.md",
            "---\ntitle: Discovery outcome (M1)\ndate: 2026-09-24\nstatus: accepted\nsigned_off: { by: Jane Doe, on: 2026-09-24 }\n---\nAgreed.\n"
        )
        let (_, clients, log) = load(fixture)
        #expect(lines(log) == [])
        #expect(clients[0].projects[0].decisions[0].signedOff?.via == nil)
    }

    @Test func test_signOffWhereItMakesNoSenseIsAnErrorAtItsLine() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/decisions/0001-open.md",
            "---\ntitle: Still open\ndate: 2026-11-20\nstatus: proposed\nsigned_off: { by: Jane Doe, on: 2026-11-21 }\n---\nText.\n")
        try fixture.write(
            "clients/acme/shop/decisions/0002-typo.md",
            "---\ntitle: Typo\ndate: 2026-11-20\nstatus: accepted\nsigned_off: { by: Jane Doe, when: 2026-11-21 }\n---\nText.\n")
        try project(fixture, gate: "    done: 2026-09-24\n    gate: true\n")
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project.replacingOccurrences(
                of: "    forecast: 2026-11-03\n", with: "    forecast: 2026-11-03\n    signed_off: { by: Jane Doe, on: 2026-11-31 }\n"))
        let found = lines(load(fixture).2)
        let decisions = "content/clients/acme/shop/decisions/"
        #expect(
            found.contains(
                "\(decisions)0001-open.md:5:13: error: 'signed_off' records the client's acceptance: the decision's status must be accepted (or superseded), not proposed"
            ), "\(found)")
        #expect(found.contains { $0.hasPrefix("\(decisions)0002-typo.md:5:29: error: unknown key 'when' in signed_off") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("\(decisions)0002-typo.md:5:13: error: missing required field 'on' in signed_off") })
        let project = "content/clients/acme/shop/project.yaml"
        #expect(found.contains { $0.hasPrefix("\(project):") && $0.contains("'on': 2026-11-31 is not a date that exists") }, "\(found)")
    }

    @Test func test_aSignOffDatedAfterTodayIsWarned() throws {
        let fixture = try ContentFixture()
        try project(
            fixture, gate: "    done: 2026-09-24\n    gate: true\n    signed_off: { by: Jane Doe, on: 2026-12-24 }\n")
        let found = lines(load(fixture).2)
        #expect(
            found == ["content/clients/acme/shop/project.yaml:15:17: warning: sign-off is dated 2026-12-24, after today (2026-11-27)"],
            "\(found)")
    }

    @Test func test_signOffOnAMilestoneThatIsNotAGateIsAnError() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project.replacingOccurrences(
                of: "    forecast: 2026-11-03\n", with: "    forecast: 2026-11-03\n    signed_off: { by: Jane Doe, on: 2026-11-03 }\n"))
        let found = lines(load(fixture).2)
        #expect(found.contains { $0.contains("error: 'signed_off' is only for gates") }, "\(found)")
    }

    @Test func test_peopleAndContactLanguageAreReadAndChecked() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "portal.yaml", ContentFixture.portal + "people:\n  Sam Lee: sam@agency.example\n  Priya Shah: not an address\n")
        try fixture.write(
            "clients/acme/client.yaml",
            ContentFixture.client.replacingOccurrences(
                of: "email: jane@acme.example }", with: "email: jane@acme.example, language: de_DE }"))
        let found = lines(load(fixture).2)
        #expect(
            found.contains("content/portal.yaml:12:15: error: 'Priya Shah' is not given an e-mail address: 'not an address'"), "\(found)")
        try fixture.write("portal.yaml", ContentFixture.portal + "people:\n  Sam Lee: sam@agency.example\n")
        let clientErrors = lines(load(fixture).2)
        #expect(
            clientErrors.contains { $0.contains("error: 'language' must be a language tag like de or fr-CH, got 'de_DE'") },
            "\(clientErrors)")
        try fixture.write(
            "clients/acme/client.yaml",
            ContentFixture.client.replacingOccurrences(of: "jane@acme.example }", with: "jane@acme.example, language: de }"))
        let (shared, clients, log) = load(fixture)
        #expect(lines(log) == [])
        #expect(shared?.portal.people == ["Sam Lee": "sam@agency.example"])
        #expect(clients[0].contacts[0].language == "de")
    }

    @Test func test_recipientsAreTheAccountManagerWithACopyToThePM() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/decisions/0002-open.md", "---\ntitle: Still open\ndate: 2026-11-20\nstatus: proposed\n---\nText.\n")
        let (_, clients, _) = load(fixture)
        let client = clients[0]
        let people = ["Sam Lee": "sam@agency.example", "Priya Shah": "priya@agency.example"]
        let recipients = try #require(SignOffRecipients(client: client, project: client.projects[0], people: people))
        #expect(recipients.to == ["sam@agency.example"] && recipients.cc == ["priya@agency.example"] && recipients.name == "Sam Lee")
        #expect(SignOffRecipients(client: client, project: client.projects[0], people: ["Priya Shah": "priya@agency.example"]) == nil)
        let rules = ProjectRules(playbooks: [:], today: CalendarDate(iso: "2026-11-27")!)
        #expect(rules.checkSignOffRecipients(client, people: [:]).entries.isEmpty)
        let warnings = lines(rules.checkSignOffRecipients(client, people: ["Priya Shah": "priya@agency.example"]))
        #expect(
            warnings == [
                "content/clients/acme/client.yaml:5:18: warning: account manager 'Sam Lee' is not in portal.yaml's people, so the portal shows no Approve or Request changes links for Storefront rebuild"
            ], "\(warnings)")
    }
}
