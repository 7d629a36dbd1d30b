import Foundation
import PortholeTestSupport
import Testing

@testable import PortholeCore

/// Budgets, spend, change requests and KPIs, loaded from real files, and the
/// earned-value figures worked out from them. The fixture's project has four
/// client-visible milestones (M1 done 2026-09-24, M2 due 2026-10-20, M3 due
/// 2026-12-20, M4 due 2027-02-15) and an internal one (M9), which is not
/// part of the plan.
struct MoneyTests {
    /// An open RAID item about the budget: the fixture's spend runs over, and
    /// without one every test would see `budget-risk`.
    static let budgetRisk = "  - { id: R7, title: Budget overrun on checkout work, probability: 3, impact: 3 }\n"

    static let budget = """
        budget:
          amount: 100000
          currency: GBP
          visibility: client

        """

    static func note(_ status: String, spent: String, extra: String = "") -> String {
        ContentFixture.update.replacingOccurrences(of: "status: amber\n", with: "status: \(status)\nspent: \(spent)\n\(extra)")
    }

    static func change(_ status: String, cost: String, days: Int, milestones: String, decided: String? = "2026-10-01", extra: String = "")
        -> String
    {
        """
        ---
        title: Add a gift-card flow
        status: \(status)
        cost: \(cost)
        days: \(days)
        milestones: \(milestones)
        requested_by: Jane Doe
        \(decided.map { "decided_on: \($0)\n" } ?? "")\(extra)---
        The client asked for gift cards at checkout.

        """
    }

    func loaded(_ fixture: ContentFixture, today: String = "2026-11-27") throws -> (Project, Playbook, DiagnosticLog) {
        let (shared, clients, log) = load(fixture, today: today)
        let project = try #require(clients.first?.projects.first)
        let playbook = try #require(shared?.playbooks[project.playbook])
        return (project, playbook, log)
    }

    func fixture(spent: String = "40000") throws -> ContentFixture {
        let fixture = try ContentFixture()
        try fixture.write("clients/acme/shop/project.yaml", ContentFixture.project + Self.budgetRisk + Self.budget)
        try fixture.write("clients/acme/shop/updates/2026-11-24.md", Self.note("amber", spent: spent))
        return fixture
    }

    @Test func test_earnedValueByTheMilestoneMethod() throws {
        let (project, _, log) = try loaded(try fixture())
        #expect(lines(log) == [])
        let value = try #require(EarnedValue(project: project, on: CalendarDate(iso: "2026-11-27")!))
        #expect(value.milestoneCount == 4)
        #expect(value.budgetAtCompletion == 100_000)
        #expect(value.plannedValue == 50_000) // M1 and M2 due by now
        #expect(value.earnedValue == 25_000) // M1 done
        #expect(value.actualCost == 40_000)
        #expect(value.costPerformanceIndex == 0.625)
        #expect(value.schedulePerformanceIndex == 0.5)
        #expect(value.estimateAtCompletion == 160_000)
        #expect(value.fractionSpent == 0.4 && value.fractionComplete == 0.25)
        // Before the first reading nothing is spent: no CPI, no EAC.
        let early = try #require(EarnedValue(project: project, on: CalendarDate(iso: "2026-09-30")!))
        #expect(early.actualCost == 0 && early.costPerformanceIndex == nil && early.estimateAtCompletion == nil)
        #expect(early.plannedValue == 25_000 && early.schedulePerformanceIndex == 1)
    }

    @Test func test_approvedChangesMoveTheBaselineOthersDoNot() throws {
        let fixture = try fixture()
        try fixture.write(
            "clients/acme/shop/changes/0001-gift-cards.md", Self.change("approved", cost: "20000", days: 60, milestones: "[M2]"))
        try fixture.write("clients/acme/shop/changes/0002-wishlist.md", Self.change("rejected", cost: "9000", days: 10, milestones: "[M3]"))
        try fixture.write(
            "clients/acme/shop/changes/0003-loyalty.md", Self.change("proposed", cost: "5000", days: 5, milestones: "[M4]", decided: nil))
        let (project, _, log) = try loaded(fixture)
        #expect(lines(log) == [])
        #expect(project.changeRequests.map(\.reference) == ["CR-0001", "CR-0002", "CR-0003"])
        let baseline = Baseline(project: project)
        #expect(baseline.originalBudget == 100_000 && baseline.currentBudget == 120_000)
        #expect(baseline.budgetSteps.map(\.date.description) == ["2026-09-01", "2026-10-01"])
        #expect(baseline.budget(on: CalendarDate(iso: "2026-09-30")!) == 100_000)
        #expect(baseline.currentDue["M2"]?.description == "2026-12-19")
        #expect(baseline.currentDue["M3"] == baseline.originalDue["M3"])
        let value = try #require(EarnedValue(project: project, on: CalendarDate(iso: "2026-11-27")!))
        #expect(value.plannedValue == 30_000) // only M1 is planned by now
        #expect(value.earnedValue == 30_000)
        #expect(value.schedulePerformanceIndex == 1)
        #expect(value.costPerformanceIndex == 0.75)
        #expect(value.estimateAtCompletion == 160_000)
    }

    /// The loader moves each milestone's `due` to the current baseline once,
    /// so its state, slip and next forecast follow what the client agreed;
    /// the original stays for "originally …". An internal change moves nothing.
    @Test func test_milestonesCarryTheCurrentBaselineSoTheirStateFollowsIt() throws {
        let fixture = try fixture()
        // M3: due 2026-12-20, forecast 2027-01-10 (slipping); the change agrees the forecast.
        try fixture.write(
            "clients/acme/shop/changes/0001-gift-cards.md", Self.change("approved", cost: "0", days: 21, milestones: "[M3, M4]"))
        try fixture.write(
            "clients/acme/shop/changes/0002-internal.md",
            Self.change("approved", cost: "0", days: 30, milestones: "[M4]", extra: "internal: true\n"))
        let (project, _, log) = try loaded(fixture)
        #expect(lines(log) == [])
        let today = CalendarDate(iso: "2026-11-27")!
        let m3 = try #require(project.milestones.first { $0.id == "M3" })
        #expect(m3.due.description == "2027-01-10" && m3.originalDue.description == "2026-12-20")
        #expect(m3.forecast.description == "2027-01-10")
        #expect(m3.state(today: today) == .onTrack && m3.slipDays == 0)
        // M4 has no forecast of its own: it follows the baseline; the internal change does not count.
        let m4 = try #require(project.milestones.first { $0.id == "M4" })
        #expect(m4.due.description == "2027-03-08" && m4.forecast == m4.due && m4.originalDue.description == "2027-02-15")
        let m2 = try #require(project.milestones.first { $0.id == "M2" })
        #expect(m2.originalDue == m2.due)
        // The client's view is the same baseline; applying again changes nothing.
        #expect(project.clientVisible.milestones.map(\.due) == project.milestones.filter { !$0.isInternal }.map(\.due))
        var again = project
        again.applyApprovedChanges()
        #expect(again.milestones.map(\.due) == project.milestones.map(\.due))
        #expect(again.milestones.map(\.originalDue) == project.milestones.map(\.originalDue))
        #expect(again.milestones.map(\.forecast) == project.milestones.map(\.forecast))
    }

    @Test func test_budgetsAreInternalUnlessTheySayClient() throws {
        let fixture = try ContentFixture()
        try fixture.write("clients/acme/shop/project.yaml", ContentFixture.project + Self.budgetRisk + "budget: { hours: 800 }\n")
        try fixture.write("clients/acme/shop/updates/2026-11-24.md", Self.note("amber", spent: "310.5"))
        let (project, _, log) = try loaded(fixture)
        #expect(lines(log) == [])
        #expect(project.budget?.visibility == .internal && project.budget?.unit == .hours)
        #expect(project.spend.map(\.amount) == [310.5])
        let visible = project.clientVisible
        #expect(visible.budget == nil && visible.spend.isEmpty && visible.updates.allSatisfy { $0.spent == nil })
        #expect(EarnedValue(project: visible, on: CalendarDate(iso: "2026-11-27")!) == nil)
    }

    @Test func test_badBudgetValuesAreLocated() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project + "budget:\n  amount: 1,000\n  currency: gbp\n  visibility: public\n")
        let (_, _, log) = try loaded(fixture)
        let found = lines(log)
        #expect(found.contains { $0.contains("project.yaml:48:11: error: 'amount' must be a number written in digits") })
        #expect(
            found.contains {
                $0.contains(
                    "project.yaml:49:13: error: 'currency' must be an ISO 4217 code like GBP, EUR or USD, got 'gbp' (did you mean 'GBP'?)")
            })
        #expect(found.contains { $0.contains("project.yaml:50:15: error: 'visibility' must be one of client, internal, got 'public'") })
    }

    @Test func test_checkRulesOnMoney() throws {
        let fixture = try fixture(spent: "90000")
        // Spend went down; green over a CPI of 0.28; a change names M7; a
        // proposed change is overdue; a note reports an unknown KPI.
        try fixture.write("clients/acme/shop/updates/2026-11-17.md", Self.note("amber", spent: "95000"))
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md", Self.note("green", spent: "90000", extra: "kpis: { conversion_rat: 2.4 }\n"))
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project + Self.budget
                + "kpis:\n  - { id: conversion_rate, name: Conversion rate, unit: '%', baseline: 2.1, target: 2.6, direction: up }\n")
        try fixture.write(
            "clients/acme/shop/changes/0001-gift-cards.md",
            Self.change("proposed", cost: "2000", days: 3, milestones: "[M7]", decided: nil, extra: "due: 2026-11-20\n"))
        let found = lines(try loaded(fixture).2)
        #expect(
            found.contains {
                $0.hasSuffix(
                    "changes/0001-gift-cards.md:6:13: error: CR-0001 names milestone 'M7', which does not exist in this project (did you mean 'M1'?)"
                )
            })
        #expect(
            found.contains {
                $0.hasSuffix(
                    "changes/0001-gift-cards.md:8:6: warning: CR-0001 is still proposed and its answer was due 2026-11-20; chase the client, or record the decision"
                )
            })
        #expect(
            found.contains {
                $0.hasSuffix(
                    "updates/2026-11-24.md:2:9: warning: status is green but the cost performance index is 0.28, below the playbook's 0.9")
            })
        #expect(
            found.contains {
                $0.contains(
                    "project.yaml:48:3: warning: the forecast at completion (budget / CPI) is above the budget plus its 10% tolerance, and no open RAID item is about the budget"
                )
            })
        #expect(
            found.contains {
                $0.contains("KPI 'conversion_rat' is not one of this project's kpis in project.yaml (did you mean 'conversion_rate'?)")
            })
        #expect(found.contains { $0.contains("2026-11-24.md:3:8: warning: spend to date went down from 95000 on 2026-11-17 to 90000") })
    }

    @Test func test_aBudgetRiskSilencesTheOverrunWarning() throws {
        let fixture = try fixture(spent: "90000")
        let risk = "  - { id: R7, title: Budget overrun on checkout work, probability: 3, impact: 3 }\n"
        try fixture.write("clients/acme/shop/project.yaml", ContentFixture.project + risk + Self.budget)
        #expect(!lines(try loaded(fixture).2).contains { $0.contains("budget-risk") })
    }

    @Test func test_timesheetSpendIsCumulativeHoursTimesTheRate() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project + "budget: { amount: 50000, currency: EUR, hourly_rate: 100 }\n")
        try fixture.write(
            "clients/acme/shop/timesheet.csv",
            "date,person,task,hours\n2026-11-02,Zoe Nguyen,\"Build, checkout\",3.25\n2026-11-02,Sam Lee,QA,1.00\n2026-11-03,Zoe Nguyen,QA,2.5\n"
        )
        let (project, _, log) = try loaded(fixture)
        #expect(lines(log) == [])
        #expect(project.timeEntries.count == 3 && project.timeEntries[0].task == "Build, checkout")
        #expect(project.spend.map(\.amount) == [425, 675])
        #expect(project.spend.map(\.date.description) == ["2026-11-02", "2026-11-03"])
    }

    @Test func test_badTimesheetRowsGiveFileAndLine() throws {
        let fixture = try ContentFixture()
        try fixture.write("clients/acme/shop/project.yaml", ContentFixture.project + "budget: { hours: 500 }\n")
        try fixture.write("clients/acme/shop/timesheet.csv", "date,person,task,hours\n2026-11-02,Zoe,QA,x\n2026-13-01,Zoe,QA,1\n")
        let found = lines(try loaded(fixture).2)
        #expect(found.contains { $0.hasSuffix("timesheet.csv:2:1: error: 'hours' must be a number of hours from 0 to 24, got 'x'") })
        #expect(found.contains { $0.hasSuffix("timesheet.csv:3:1: error: 'date' must be a date as YYYY-MM-DD, got '2026-13-01'") })
    }

    @Test func test_kpisAndTheirValues() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project
                + "kpis:\n  - { id: conversion_rate, name: Conversion rate, unit: '%', baseline: 2.0, target: 2.5, direction: up }\n"
                + "  - { id: margin_canary, name: Margin, baseline: 30, target: 35, direction: up, internal: true }\n")
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            Self.note("amber", spent: "1", extra: "kpis: { conversion_rate: 2.25, margin_canary: 31 }\n"))
        let (project, _, log) = try loaded(fixture)
        #expect(lines(log) == [])
        let kpi = try #require(project.kpis.first)
        #expect(kpi.progress(2.25) == 0.5 && !kpi.isMet(2.25) && kpi.isMet(2.6))
        #expect(project.latestUpdate?.kpiValues.map(\.kpi) == ["conversion_rate", "margin_canary"])
        let visible = project.clientVisible
        #expect(visible.kpis.map(\.id) == ["conversion_rate"])
        #expect(visible.latestUpdate?.kpiValues.map(\.kpi) == ["conversion_rate"])
    }

    @Test func test_aKPIIsOnTrackAtTargetOrMovingFromBaselineTowardIt() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project
                + "kpis:\n  - { id: conversion, name: Conversion, baseline: 2.0, target: 2.5, direction: up }\n"
                + "  - { id: abandonment, name: Abandonment, baseline: 70, target: 60, direction: down }\n"
                + "  - { id: lcp, name: LCP, baseline: 3, target: 2.5, direction: down }\n"
                + "  - { id: aov, name: AOV, baseline: 80, target: 90, direction: up }\n")
        // The latest reading on or before the day counts: abandonment is on
        // track on 17 November and back at its baseline on the 24th; aov
        // never has a reading.
        try fixture.write(
            "clients/acme/shop/updates/2026-11-17.md",
            Self.note("amber", spent: "1", extra: "kpis: { conversion: 1.9, abandonment: 65, lcp: 2.4 }\n"))
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md", Self.note("amber", spent: "2", extra: "kpis: { conversion: 2.1, abandonment: 70 }\n")
        )
        let (project, _, log) = try loaded(fixture)
        #expect(lines(log) == [])
        let kpis = Dictionary(uniqueKeysWithValues: project.kpis.map { ($0.id, $0) })
        let (conversion, abandonment, lcp) = (
            try #require(kpis["conversion"]), try #require(kpis["abandonment"]), try #require(kpis["lcp"])
        )
        #expect(conversion.isOnTrack(2.1) && !conversion.isOnTrack(2.0) && !conversion.isOnTrack(1.9) && conversion.isOnTrack(2.7))
        #expect(abandonment.isOnTrack(65) && !abandonment.isOnTrack(70) && !abandonment.isOnTrack(71) && abandonment.isOnTrack(55))
        #expect(lcp.isOnTrack(2.4))
        #expect(KPISummary(project: project, on: CalendarDate(iso: "2026-11-24")!) == KPISummary(onTrack: 2, total: 4))
        #expect(KPISummary(project: project, on: CalendarDate(iso: "2026-11-20")!) == KPISummary(onTrack: 2, total: 4))
        #expect(KPISummary(project: project, on: CalendarDate(iso: "2026-11-17")!)?.onTrack == 2)
        #expect(KPISummary(project: project, on: CalendarDate(iso: "2026-11-16")!)?.onTrack == 0)
        // The latest reading is the latest by date, in whatever order the
        // notes are held.
        var reversed = project
        reversed.updates.reverse()
        for day in ["2026-11-24", "2026-11-20", "2026-11-17", "2026-11-16"] {
            let date = try #require(CalendarDate(iso: day))
            #expect(KPISummary(project: reversed, on: date) == KPISummary(project: project, on: date), "\(day)")
        }
        #expect(reversed.latestReading(of: lcp, on: CalendarDate(iso: "2026-11-24")!)?.value == 2.4)
        #expect(reversed.latestReading(of: abandonment, on: CalendarDate(iso: "2026-11-24")!)?.value == 70)
    }

    @Test func test_changeRequestFileNamesAreCheckedLikeDecisions() throws {
        let fixture = try fixture()
        try fixture.write("clients/acme/shop/changes/12-gift.md", Self.change("approved", cost: "1", days: 0, milestones: "[]"))
        try fixture.write(
            "clients/acme/shop/changes/0002-x.md", Self.change("approved", cost: "1", days: 0, milestones: "[]", decided: nil))
        let found = lines(try loaded(fixture).2)
        #expect(found.contains { $0.contains("change request file name must be NNNN-slug.md") })
        #expect(found.contains { $0.contains("a change request that is approved needs 'decided_on'") })
    }

    @Test func test_csvQuotesAndLines() {
        let parsed = try? CSV.parse("a,b\n\"x, \"\"y\"\"\",\"two\nlines\"\n\nlast,1").get()
        #expect(parsed?.map(\.line) == [1, 2, 5])
        #expect(parsed?[1].fields == ["x, \"y\"", "two\nlines"])
        #expect(CSV.parse("a,\"b\n") == .failure(.unclosedQuote(line: 1)))
        #expect(CSV.line(["a,b", "c\"d", "e"]) == "\"a,b\",\"c\"\"d\",e\n")
    }
}
