import Foundation
import PortholeTestSupport
import Testing

@testable import PortholeCore

/// "What changed since last week", the health per week, the schedule
/// variance and the workload, on real files: the fixture's project on
/// 2026-11-27, whose week runs from 21 to 27 November against the state at
/// the end of 20 November.
struct PortfolioChangesTests {
    func loaded(_ fixture: ContentFixture, today: String = "2026-11-27") throws -> (Project, Playbook, PortfolioWeek) {
        let (shared, clients, log) = load(fixture, today: today)
        #expect(!log.hasErrors, "\(lines(log))")
        let project = try #require(clients.first?.projects.first)
        return (project, try #require(shared?.playbooks[project.playbook]), PortfolioWeek(today: CalendarDate(iso: today)!))
    }

    func kinds(_ changes: [PortfolioChange]) -> [String] {
        changes.map { $0.item.isEmpty ? $0.kind.rawValue : "\($0.kind.rawValue) \($0.item)" }
    }

    func note(_ status: String) -> String { ContentFixture.update.replacingOccurrences(of: "status: amber", with: "status: \(status)") }

    @Test func test_weekIsTheSevenDaysEndingToday() {
        let week = PortfolioWeek(today: CalendarDate(iso: "2026-11-27")!)
        #expect(week.first.description == "2026-11-21" && week.previous.description == "2026-11-20")
        #expect(week.contains(CalendarDate(iso: "2026-11-21")!) && week.contains(CalendarDate(iso: "2026-11-27")!))
        #expect(!week.contains(CalendarDate(iso: "2026-11-20")!) && !week.contains(CalendarDate(iso: "2026-11-28")!))
        #expect(week.ends(count: 3).map(\.description) == ["2026-11-13", "2026-11-20", "2026-11-27"])
    }

    @Test func test_ragChangeAndNewRedCompareWithTheNoteOfLastWeek() throws {
        let fixture = try ContentFixture()
        try fixture.writeMinimal()
        try fixture.write("clients/acme/shop/updates/2026-11-17.md", note("green"))
        try fixture.write("clients/acme/shop/updates/2026-11-24.md", note("red"))
        var (project, playbook, week) = try loaded(fixture)
        var changes = PortfolioChange.of(project, playbook: playbook, week: week).filter { $0.item.isEmpty }
        #expect(kinds(changes) == ["rag-changed", "new-red"])
        #expect(changes[0].from == "green" && changes[0].to == "red" && changes[0].date?.description == "2026-11-24")
        // The same note a week later: nothing new (and not stale yet).
        (project, playbook, week) = try loaded(fixture, today: "2026-12-01")
        changes = PortfolioChange.of(project, playbook: playbook, week: week).filter { $0.item.isEmpty }
        #expect(kinds(changes) == [])
        // Ten days after the note: stale since 4 December (cadence 7 + grace 2).
        (project, playbook, week) = try loaded(fixture, today: "2026-12-04")
        changes = PortfolioChange.of(project, playbook: playbook, week: week).filter { $0.item.isEmpty }
        #expect(kinds(changes) == ["gone-stale"] && changes[0].days == 10)
    }

    @Test func test_milestonesHitMissedAndMovedWithDays() throws {
        let fixture = try ContentFixture()
        try fixture.writeMinimal()
        let project = ContentFixture.project
            .replacingOccurrences(of: "    done: 2026-09-24\n", with: "    done: 2026-11-23\n")
            .replacingOccurrences(
                of: "    forecast: 2026-11-03\n",
                with:
                    "    forecast: 2026-11-25\n    moved:\n      - { date: 2026-11-01, from: 2026-10-20 }\n      - { date: 2026-11-22, from: 2026-11-03 }\n"
            )
        try fixture.write("clients/acme/shop/project.yaml", project)
        let (loaded, playbook, week) = try loaded(fixture)
        let changes = PortfolioChange.of(loaded, playbook: playbook, week: week).filter { !$0.item.hasPrefix("R") && !$0.item.isEmpty }
        // Last week M2 was forecast for 3 November, so overdue already: moved
        // this week, but not newly missed.
        #expect(kinds(changes) == ["milestone-hit M1", "milestone-moved M2"])
        #expect(changes[0].days == 58, "done 58 days after its baseline")
        #expect(changes[1].from == "2026-11-03" && changes[1].to == "2026-11-25" && changes[1].days == 22)
        #expect(changes[1].date?.description == "2026-11-22")
        let m2 = try #require(loaded.milestones.first { $0.id == "M2" })
        #expect(m2.forecast(on: CalendarDate(iso: "2026-10-31")!).description == "2026-10-20")
        #expect(m2.isOverdue(on: CalendarDate(iso: "2026-11-20")!), "past its forecast of 3 November on 20 November")
    }

    @Test func test_missedIsOnlyTheWeekTheForecastPassed() throws {
        let fixture = try ContentFixture()
        try fixture.writeMinimal()
        var (project, playbook, week) = try loaded(fixture)
        // M2's forecast (3 November) passed long ago: overdue, not newly missed.
        #expect(!kinds(PortfolioChange.of(project, playbook: playbook, week: week)).contains("milestone-missed M2"))
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project.replacingOccurrences(of: "    forecast: 2026-11-03\n", with: "    forecast: 2026-11-24\n"))
        (project, playbook, week) = try loaded(fixture)
        let missed = PortfolioChange.of(project, playbook: playbook, week: week).filter { $0.kind == .milestoneMissed }
        #expect(kinds(missed) == ["milestone-missed M2"] && missed[0].days == 3 && missed[0].to == "2026-11-24")
    }

    @Test func test_highRisksRaisedAndClosedThisWeek() throws {
        let fixture = try ContentFixture()
        try fixture.writeMinimal()
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project + """
                  - { id: R3, title: Peak traffic, probability: 4, impact: 4, raised: 2026-11-21 }
                  - { id: R4, title: Low one, probability: 2, impact: 2, raised: 2026-11-22 }
                  - { id: R5, title: Fraud rules, probability: 3, impact: 5, status: closed, raised: 2026-10-01, closed: 2026-11-27 }
                  - { id: R6, title: Old closure, probability: 5, impact: 5, status: mitigated, closed: 2026-11-20 }

                """)
        let (project, playbook, week) = try loaded(fixture)
        let changes = PortfolioChange.of(project, playbook: playbook, week: week).filter { $0.item.hasPrefix("R") }
        #expect(kinds(changes) == ["new-high-risk R3", "closed-high-risk R5"])
        #expect(changes[1].to == "closed")
    }

    @Test func test_decisionsTakenAndNewlyOverdue() throws {
        let fixture = try ContentFixture()
        try fixture.writeMinimal()
        try fixture.write(
            "clients/acme/shop/decisions/0001-use-markets.md",
            ContentFixture.decision.replacingOccurrences(of: "date: 2026-10-14", with: "date: 2026-11-25"))
        let proposed = ContentFixture.decision.replacingOccurrences(of: "status: accepted", with: "status: proposed")
        try fixture.write(
            "clients/acme/shop/decisions/0002-late.md", proposed.replacingOccurrences(of: "deciders:", with: "due: 2026-11-20\ndeciders:"))
        try fixture.write(
            "clients/acme/shop/decisions/0003-older.md", proposed.replacingOccurrences(of: "deciders:", with: "due: 2026-11-19\ndeciders:"))
        try fixture.write(
            "clients/acme/shop/decisions/0004-today.md", proposed.replacingOccurrences(of: "deciders:", with: "due: 2026-11-27\ndeciders:"))
        let (project, playbook, week) = try loaded(fixture)
        let changes = PortfolioChange.of(project, playbook: playbook, week: week).filter { $0.item.hasPrefix("D-") }
        #expect(kinds(changes) == ["decision-taken D-0001", "decision-overdue D-0002"])
        #expect(changes[0].to == "accepted" && changes[1].days == 7)
    }

    @Test func test_weeklyHealthCountsStaleOnceAndNothingBeforeTheFirstNote() throws {
        let fixture = try ContentFixture()
        try fixture.writeMinimal()
        try fixture.write("clients/acme/shop/updates/2026-11-03.md", note("green"))
        let (project, playbook, week) = try loaded(fixture)
        let states = week.ends(count: 5).map { project.weeklyHealth(on: $0, playbook: playbook)?.rawValue ?? "-" }
        // 30 Oct: none; 6 Nov: green; 13 Nov: 10 days old, stale; 20 Nov: stale; 27 Nov: the amber note of the 24th.
        #expect(states == ["-", "green", "stale", "stale", "amber"])
    }

    @Test func test_varianceOfTheTargetMilestoneWithItsTrend() throws {
        let fixture = try ContentFixture()
        try fixture.writeMinimal()
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project.replacingOccurrences(
                of: "    due: 2027-02-15\n",
                with: "    due: 2027-02-15\n    forecast: 2027-03-01\n    moved:\n      - { date: 2026-11-18, from: 2027-02-15 }\n"))
        let (project, _, week) = try loaded(fixture)
        #expect(project.targetMilestone?.id == "M4")
        let variance = try #require(ScheduleVariance(project: project, today: week.today, weeks: 3))
        #expect(variance.days == 14 && variance.trend == [0, 14, 14])
    }

    @Test func test_overAllocationIsMoreThanCapacityOnOneDay() throws {
        let day = { (text: String) in CalendarDate(iso: text)! }
        let at = SourceLocation(file: "content/clients/acme/shop/project.yaml", line: 40, column: 5)
        func entry(_ person: String, _ percent: Int, _ from: String, _ to: String, line: Int) -> Workload.Entry {
            Workload.Entry(
                project: "acme/shop",
                assignment: TeamAssignment(
                    person: person, allocation: percent, from: day(from), to: day(to),
                    location: SourceLocation(file: at.file, line: line, column: 5)))
        }
        let entries = [
            // Back to back inside one week: never more than 60 on a day.
            entry("Ann", 60, "2026-11-01", "2026-12-02", line: 40), entry("Ann", 60, "2026-12-03", "2027-01-31", line: 41),
            // Exactly at her capacity of 80: not over.
            entry("Bo", 50, "2026-11-01", "2027-01-31", line: 42), entry("Bo", 30, "2026-11-01", "2027-01-31", line: 43),
            // 110 % in the weeks of 7 and 14 December.
            entry("Cy", 70, "2026-11-01", "2027-01-31", line: 44), entry("Cy", 40, "2026-12-09", "2026-12-15", line: 45),
        ]
        let capacity = [Capacity(person: "Bo", percent: 80, location: at)]
        let workload = Workload(entries: entries, capacity: capacity, today: day("2026-11-27"), weeks: 4)
        #expect(workload.weeks.map(\.description) == ["2026-11-23", "2026-11-30", "2026-12-07", "2026-12-14"])
        #expect(workload.people.map(\.name) == ["Ann", "Bo", "Cy"])
        #expect(workload.people[0].allocated == [60, 60, 60, 60] && !workload.people[0].isOverAllocated)
        #expect(workload.people[1].capacity == 80 && !workload.people[1].isOverAllocated)
        #expect(workload.people[2].allocated == [70, 70, 110, 110])
        let warnings = lines(workload.warnings())
        #expect(
            warnings == [
                "content/clients/acme/shop/project.yaml:44:5: warning: Cy is allocated 110 % in the week of 2026-12-07 to 2026-12-13, over a capacity of 100 %: 70 % here (with acme/shop 40 %)",
                "content/clients/acme/shop/project.yaml:45:5: warning: Cy is allocated 110 % in the week of 2026-12-07 to 2026-12-13, over a capacity of 100 %: 40 % here (with acme/shop 70 %)",
            ])
    }

    @Test func test_newFieldsAreCheckedWithTheirPosition() throws {
        let fixture = try ContentFixture()
        try fixture.writeMinimal()
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project + """
                  - { id: R3, title: Reopened, probability: 2, impact: 2, closed: 2026-11-01 }
                  - { id: R4, title: Backwards, probability: 2, impact: 2, status: closed, raised: 2026-11-02, closed: 2026-11-01 }
                team:
                  - { person: Ann, allocation: 120 }
                  - { person: Bo, allocation: 50, from: 2026-12-01, to: 2026-11-01 }
                  - { allocation: 50, hours: 3 }

                """)
        var found = lines(load(fixture).2).filter { $0.contains(": error: ") }
        // A portal.yaml with errors stops before the clients: checked alone.
        try fixture.write("portal.yaml", ContentFixture.portal + "capacity:\n  - { person: Ann, percent: 0 }\n  - { person: Bo }\n")
        found += lines(load(fixture).2).filter { $0.contains(": error: ") }
        #expect(
            found == [
                "content/clients/acme/shop/project.yaml:47:67: error: 'closed' is set but 'status' is open; set status to mitigated or closed",
                "content/clients/acme/shop/project.yaml:48:104: error: 'closed' 2026-11-01 is before 'raised' 2026-11-02",
                "content/clients/acme/shop/project.yaml:50:32: error: 'allocation' must be between 1 and 100, got 120",
                "content/clients/acme/shop/project.yaml:51:57: error: 'to' 2026-11-01 is before 'from' 2026-12-01",
                "content/clients/acme/shop/project.yaml:52:5: error: missing required field 'person' in team member",
                "content/clients/acme/shop/project.yaml:52:23: error: unknown key 'hours' in team member",
                "content/portal.yaml:11:29: error: 'percent' must be between 1 and 100, got 0",
                "content/portal.yaml:12:5: error: missing required field 'percent' in capacity entry",
            ])
    }
}
