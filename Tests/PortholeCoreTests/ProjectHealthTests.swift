import Foundation
import PortholeTestSupport
import Testing

@testable import PortholeCore

/// `ProjectHealth` on the fixture's project, loaded from real files: M2 is
/// overdue on 2026-11-27, R1 scores 12 (3 x 4), the latest note is amber.
struct ProjectHealthTests {
    /// The fixture's project after `edit`, with its playbook.
    func project(
        _ fixture: ContentFixture, today: String = "2026-11-27"
    ) throws -> (Project, Playbook, CalendarDate) {
        let (shared, clients, log) = load(fixture, today: today)
        #expect(!log.hasErrors, "\(lines(log))")
        let project = try #require(clients.first?.projects.first)
        let playbook = try #require(shared?.playbooks[project.playbook])
        return (project, playbook, CalendarDate(iso: today)!)
    }

    func health(_ fixture: ContentFixture, today: String = "2026-11-27") throws -> ProjectHealth {
        let (project, playbook, day) = try project(fixture, today: today)
        return ProjectHealth(project: project, playbook: playbook, today: day)
    }

    static let moreRisks = """
          - { id: R3, title: Peak traffic, probability: 4, impact: 4 }
          - { id: R4, title: Fraud rules, probability: 3, impact: 5, status: mitigated }
          - { id: R5, title: Supplier exit, probability: 5, impact: 5, internal: true }

        """

    @Test func test_highRiskScoreIs15UnlessThePlaybookSetsIt() throws {
        let fixture = try ContentFixture()
        try fixture.write("clients/acme/shop/project.yaml", ContentFixture.project + Self.moreRisks)
        var health = try health(fixture)
        #expect(ProjectHealth.defaultHighRiskScore == 15)
        #expect(health.highRiskScore == 15)
        // Open items only, internal ones included, highest first; R1 (12) is medium.
        #expect(health.openHighRisks.map(\.id) == ["R5", "R3"])
        #expect(health.band(12) == .medium && health.band(15) == .high && health.band(7) == .low)

        try fixture.write("playbooks/storefront.yaml", ContentFixture.playbook + "high_risk_score: 12\n")
        health = try self.health(fixture)
        #expect(health.highRiskScore == 12)
        #expect(health.openHighRisks.map(\.id) == ["R5", "R3", "R1"])
        #expect(health.band(12) == .high)
        let (_, playbook, _) = try project(fixture)
        #expect(playbook.highRiskScore == 12)
        #expect(ProjectHealth.highRiskScore(for: nil) == 15)
    }

    @Test func test_bandsFollowTheThreshold() {
        #expect(RiskBand(score: 15, highFrom: 15) == .high)
        #expect(RiskBand(score: 14, highFrom: 15) == .medium)
        #expect(RiskBand(score: 8, highFrom: 15) == .medium)
        #expect(RiskBand(score: 7, highFrom: 15) == .low)
        // Below the medium score, a low threshold makes a high risk directly.
        #expect(RiskBand(score: 6, highFrom: 6) == .high)
    }

    @Test func test_highRiskScoreMustBeAWholeNumberFrom1To25() throws {
        let fixture = try ContentFixture()
        let file = fixture.path("playbooks/storefront.yaml")
        let line = ContentFixture.playbook.split(separator: "\n", omittingEmptySubsequences: false).count
        for (value, message) in [
            ("30", "'high_risk_score' must be between 1 and 25, got 30"), ("0", "'high_risk_score' must be between 1 and 25, got 0"),
            ("high", "'high_risk_score' must be a whole number"),
        ] {
            try fixture.write("playbooks/storefront.yaml", ContentFixture.playbook + "high_risk_score: \(value)\n")
            let (_, _, log) = load(fixture)
            #expect(lines(log).contains("\(file):\(line):18: error: \(message)"), "\(lines(log))")
        }
        try fixture.write("playbooks/storefront.yaml", ContentFixture.playbook + "high_risk_scor: 12\n")
        let (_, _, log) = load(fixture)
        #expect(
            lines(log).contains("\(file):\(line):1: error: unknown key 'high_risk_scor' in playbook (did you mean 'high_risk_score'?)"),
            "\(lines(log))")
    }

    @Test func test_overdueMilestonesAndTheAttentionRank() throws {
        let fixture = try ContentFixture()
        var health = try health(fixture)
        #expect(health.rag == .amber)
        #expect(health.overdueMilestones.map(\.id) == ["M2"])
        #expect(health.staleDays == nil)
        #expect(!health.ragIsContradicted, "amber is not contradicted")
        #expect(health.attentionRank == 1, "overdue comes before amber")
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md", ContentFixture.update.replacingOccurrences(of: "status: amber", with: "status: red"))
        health = try self.health(fixture)
        #expect(health.attentionRank == 0, "red comes first")
        let ranks: [Int] = [.amber, nil, .green].map { ProjectHealth.attentionRank(rag: $0, isStale: false, overdueMilestones: 0) }
        #expect(ranks == [2, 3, 4], "then amber, then no update yet, then green")
    }

    @Test func test_staleWhenOlderThanCadenceAndGrace() throws {
        let fixture = try ContentFixture()
        // 2026-11-24 + 7 + 2 days: fine on 2026-12-03, stale from 2026-12-04.
        #expect(try health(fixture, today: "2026-12-03").staleDays == nil)
        let health = try health(fixture, today: "2026-12-04")
        #expect(health.staleDays == 10)
        #expect(health.isStale)
        let (project, _, day) = try project(fixture, today: "2026-12-04")
        #expect(ProjectHealth(project: project, playbook: nil, today: day).staleDays == nil, "no playbook, no cadence")
    }

    @Test func test_greenContradictedByAVisibleOverdueMilestoneOrASevereRisk() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(of: "status: amber", with: "status: green"))
        try fixture.write("clients/acme/shop/project.yaml", ContentFixture.project + Self.moreRisks)
        var health = try health(fixture)
        // R5 scores 25 but is internal: the client does not see it.
        #expect(health.contradictions.count == 1)
        guard case .overdueMilestone(let milestone) = health.contradictions.first else {
            Issue.record("expected the overdue milestone")
            return
        }
        #expect(milestone.id == "M2")
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project + Self.moreRisks + "  - { id: R6, title: Launch freeze, probability: 4, impact: 5 }\n")
        health = try self.health(fixture)
        #expect(health.ragIsContradicted)
        guard health.contradictions.count == 2, case .severeRisk(let risk) = health.contradictions[1] else {
            Issue.record("expected the severe risk: \(health.contradictions)")
            return
        }
        #expect(risk.id == "R6")
    }

    @Test func test_decisionsAwaitingTheClientLeaveOutInternalOnes() throws {
        let fixture = try ContentFixture()
        func proposed(_ title: String, due: String, isInternal: Bool = false) -> String {
            "---\ntitle: \(title)\ndate: 2026-11-02\nstatus: proposed\ndue: \(due)\ninternal: \(isInternal)\n---\n## Context\nWhy.\n"
        }
        try fixture.write("clients/acme/shop/decisions/0002-late.md", proposed("Late answer", due: "2026-11-20"))
        try fixture.write("clients/acme/shop/decisions/0003-soon.md", proposed("Soon", due: "2026-12-10"))
        try fixture.write("clients/acme/shop/decisions/0004-ours.md", proposed("Our own", due: "2026-11-01", isInternal: true))
        let health = try health(fixture)
        #expect(health.decisionsAwaitingClient.map(\.number) == [2, 3])
        #expect(health.lateDecisions.map(\.number) == [2])
    }

    @Test func test_newUpdateListsTheRisksAtThePlaybooksThreshold() throws {
        let fixture = try ContentFixture()
        let playbook = ContentFixture.playbook.replacingOccurrences(
            of: "sections: [Summary, Progress, Next]", with: "sections: [Summary, Progress, Next, Risks and issues]")
        try fixture.write("playbooks/storefront.yaml", playbook)
        var (project, book, day) = try project(fixture)
        var text = Scaffold.update(project: project, playbook: book, date: day, today: day)
        #expect(text.contains("## Risks and issues\nNo open risk scores 15 or more.\n"), "\(text)")
        try fixture.write("playbooks/storefront.yaml", playbook + "high_risk_score: 12\n")
        (project, book, day) = try self.project(fixture)
        text = Scaffold.update(project: project, playbook: book, date: day, today: day)
        #expect(text.contains("- R1 Payment gateway certification may slip (score 12): [Write: what changed this week.]"), "\(text)")
    }
}
