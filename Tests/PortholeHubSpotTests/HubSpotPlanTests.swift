import Foundation
import PortholeCore
import PortholeTestSupport
import Testing

@testable import PortholeHubSpot
@testable import PortholeHubSpotFormat

/// The pure halves of the HubSpot exchange: retries' waits, HubSpot's error
/// bodies, CSV exports and the pull plan, without a server.
struct HubSpotPlanTests {
    @Test func retryAfterIsHonouredAndCapped() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: 1, maxDelay: 30)
        #expect(policy.delay(afterAttempt: 1, retryAfter: "3") == 3)
        #expect(policy.delay(afterAttempt: 1, retryAfter: "120") == 30)
        #expect([1, 2, 3, 4, 5, 6].map { policy.delay(afterAttempt: $0, retryAfter: nil) } == [1, 2, 4, 8, 16, 30])
        #expect(RetryPolicy.isRetried(429) && RetryPolicy.isRetried(503))
        #expect(!RetryPolicy.isRetried(401) && !RetryPolicy.isRetried(403) && !RetryPolicy.isRetried(400))
    }

    @Test func forbiddenNamesTheScopesHubSpotAsksFor() {
        let body = """
            {"status":"error","message":"This app hasn't been granted all required scopes to make this call.",
             "category":"MISSING_SCOPES","errors":[{"message":"One or more of the following scopes are required.",
             "context":{"requiredGranularScopes":["crm.objects.deals.write","crm.schemas.deals.write"]}}]}
            """
        let error = HubSpotTransport.error(status: 403, body: Data(body.utf8), request: "POST /x")
        let line = error.line(hiding: "pat-secret")
        #expect(line.contains("403 Forbidden") && line.contains("crm.objects.deals.write, crm.schemas.deals.write"))
        #expect(!line.contains("\n"))
    }

    @Test func theTokenIsNeverInAMessage() {
        let error = HubSpotError.refused(status: 400, request: "GET /x", message: "bad token pat-secret-123")
        #expect(error.line(hiding: "pat-secret-123") == "HubSpot answered 400 to GET /x: bad token [token]")
    }

    @Test func csvKeepsQuotedCommasAndNewlines() throws {
        let rows = try CSVExport.parse("\u{FEFF}Record ID,Company name\r\n1,\"Ashby, Sons \"\"& co\"\"\"\r\n2,\"Two\nlines\"\n")
        #expect(rows == [["Record ID", "Company name"], ["1", "Ashby, Sons \"& co\""], ["2", "Two\nlines"]])
    }

    @Test func csvExportsOfTheThreeKindsMakeOneSnapshot() throws {
        let deals =
            "Record ID,Deal Name,Pipeline,Deal Type,Close Date,Deal owner,Associated Company IDs (Primary)\n"
            + "501,Storefront,Sales Pipeline,New Business,2026-12-01 10:00,Marta Kowalska,103\n"
        let contacts = "Record ID,First Name,Last Name,Email,Job Title,Associated Company IDs\n9,Liam,Byrne,liam@b.example,,103;104\n"
        let companies = "Record ID,Company name\n103,Brightwater\n104,Cobalt\n"
        let snapshot = try CSVExport.read([("d.csv", deals), ("p.csv", contacts), ("c.csv", companies)]).get()
        #expect(snapshot.companies.map(\.contactIDs) == [["9"], ["9"]])
        #expect(
            snapshot.deals == [
                .init(
                    id: "501", name: "Storefront", companyID: "103", pipeline: "Sales Pipeline", type: "New Business",
                    closeDate: "2026-12-01", owner: "Marta Kowalska")
            ])
    }

    @Test func aBadRecordIDIsLocated() {
        guard case .failure(let problem) = CSVExport.read([("c.csv", "Record ID,Company name\n103,A\nx7,B\n")]) else {
            Issue.record("expected a problem")
            return
        }
        #expect(problem.line == "c.csv:3:1: error: 'Record ID' must be a HubSpot record id (digits)")
    }

    @Test func aControlCharacterInACellIsLocatedAtTheCell() {
        // Found by the hubspot fuzz target (Tests/fuzz-regressions/hubspot):
        // the pull wrote the name into client.yaml, which then did not load.
        let text = "Record ID,Company name\n103,\"Two\nlines\"\n104,\"Zephyr \u{0}Kites\"\n"
        guard case .failure(let problem) = CSVExport.read([("c.csv", text)]) else {
            Issue.record("expected a problem")
            return
        }
        #expect(problem.line == "c.csv:4:5: error: 'Company name' contains a NUL character")
    }

    @Test func aShortRowsMissingIDPointsAtTheRowNotPastIt() {
        guard case .failure(let problem) = CSVExport.read([("c.csv", "Company name,,,Record ID\nA\n")]) else {
            Issue.record("expected a problem")
            return
        }
        #expect(problem.line == "c.csv:2:1: error: 'Record ID' must be a HubSpot record id (digits)")
    }

    @Test func anUnclosedQuoteIsLocatedAtItsStart() {
        guard case .failure(let problem) = CSVExport.read([("c.csv", "Record ID,Company name\n1,\"Acme\n2,B\n")]) else {
            Issue.record("expected a problem")
            return
        }
        #expect(problem.line == "c.csv:2:3: error: a quoted field is not closed")
    }

    @Test func pullLeavesOutAnEmailTheContentWouldRefuse() {
        // Found by the hubspot fuzz target: 'ada@' passed the pull's own
        // check, and the client.yaml it wrote did not load.
        var snapshot = CRMSnapshot()
        snapshot.companies = [.init(id: "1", name: "Acme", contactIDs: ["7", "8"])]
        snapshot.contacts["7"] = .init(id: "7", firstName: "Ada", lastName: nil, email: "ada@", jobTitle: nil)
        snapshot.contacts["8"] = .init(id: "8", firstName: "Liam", lastName: nil, email: "liam@b.example", jobTitle: nil)
        let plan = PullPlan(snapshot: snapshot, existing: .init(), playbooks: [:], settings: HubSpotSettings(), deals: false)
        #expect(plan.files.first?.text.contains("  - { name: \"Ada\" }\n") == true)
        #expect(plan.files.first?.text.contains("email: \"liam@b.example\"") == true)
    }

    @Test func pullSkipsADealWhoseDatesTheContentWouldRefuse() throws {
        var snapshot = CRMSnapshot()
        snapshot.companies = [.init(id: "1", name: "Acme", contactIDs: [])]
        snapshot.deals = [
            .init(id: "5", name: "Old", companyID: "1", pipeline: nil, type: nil, closeDate: "0206-01-01", owner: nil),
            .init(id: "6", name: "Late", companyID: "1", pipeline: nil, type: nil, closeDate: "2999-12-20", owner: nil),
            .init(id: "7", name: "Now", companyID: "1", pipeline: nil, type: nil, closeDate: "2026-12-01", owner: nil),
        ]
        // The fixture's playbook: its last milestone is 3 weeks after the start, in 3000 for Late.
        let fixture = try ContentFixture()
        let playbooks = try #require(ContentLoader(root: fixture.content.path, displayRoot: "content").loadShared().0).playbooks
        let settings = HubSpotSettings(defaultPlaybook: "storefront")
        let plan = PullPlan(snapshot: snapshot, existing: .init(), playbooks: playbooks, settings: settings, deals: true)
        #expect(plan.files.map(\.path) == ["clients/acme/client.yaml", "clients/acme/now/project.yaml"])
        #expect(plan.skipped.count == 2)
    }

    @Test func pullSkipsWhatExistsAndNamesNewFoldersUniquely() {
        var snapshot = CRMSnapshot()
        snapshot.companies = [
            .init(id: "1", name: "Acme", contactIDs: []), .init(id: "2", name: "Acme", contactIDs: []),
            .init(id: "3", name: "Known", contactIDs: []),
        ]
        var existing = PullPlan.Existing()
        existing.clientFolders = ["acme"]
        existing.companies = ["3": "known"]
        let plan = PullPlan(snapshot: snapshot, existing: existing, playbooks: [:], settings: HubSpotSettings(), deals: false)
        #expect(plan.files.map(\.path) == ["clients/acme-2/client.yaml", "clients/acme-3/client.yaml"])
        #expect(plan.alreadyPresent == 1)
    }

    @Test func playbookRulesMatchValueOrLabelInOrder() {
        let here = SourceLocation(file: "portal.yaml")
        let settings = HubSpotSettings(
            playbookRules: [
                .init(pipelines: ["default", "Sales Pipeline"], types: ["newbusiness"], playbook: "build", playbookLocation: here),
                .init(pipelines: [], types: ["existingbusiness", "Existing Business"], playbook: "cro", playbookLocation: here),
            ], defaultPlaybook: nil)
        #expect(settings.playbook(pipeline: "sales pipeline", type: "newbusiness") == "build")
        #expect(settings.playbook(pipeline: "anything", type: "Existing Business") == "cro")
        #expect(settings.playbook(pipeline: "default", type: nil) == nil)
    }
}
