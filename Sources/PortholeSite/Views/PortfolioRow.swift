import Foundation
import PortholeCore

/// One project's line in the agency's portfolio table: what the PMO scans to
/// see where attention is needed. Made in the client's own task from the
/// full project (internal items included: this is the agency's view), then
/// kept in the build manifest, so a client kept whole by an incremental build
/// still has its rows without being loaded again.
///
/// Only values, no formatted text: the portfolio page formats them, so a
/// kept row and a fresh one render to the same bytes.
struct PortfolioRow: Sendable, Codable, Equatable {
    struct Week: Sendable, Codable, Equatable {
        var date: CalendarDate
        var status: String
    }

    struct NextMilestone: Sendable, Codable, Equatable {
        var id: String
        var title: String
        var forecast: CalendarDate
        var state: String
        var isInternal: Bool
    }

    /// Budget health (`BudgetHealth`), always: the portfolio is internal.
    struct Money: Sendable, Codable, Equatable {
        /// An ISO 4217 code, or `h` for an hours budget.
        var unit: String
        var budget: Double
        var planned: Double
        var earned: Double
        var spent: Double
        var forecast: Double?
        var overrun: Bool

        var cpi: Double? { spent > 0 ? earned / spent : nil }
        var spi: Double? { planned > 0 ? earned / planned : nil }
    }

    /// How many updates the trend shows: about two months of weekly notes.
    static let trendLength = 8

    var project: String
    var name: String
    var pm: String
    var playbook: String
    var phase: String?
    /// The latest update's RAG; nil before the first update.
    var status: String?
    /// The last `trendLength` updates, oldest first.
    var trend: [Week]
    var updated: CalendarDate?
    /// Days since the latest update, when past the playbook's cadence + grace.
    var staleDays: Int?
    var target: CalendarDate?
    var overdue: Int
    var next: NextMilestone?
    /// Open items at or above the playbook's high-risk score (`ProjectHealth`).
    var highRisks: Int
    /// Proposed decisions the client can see, so can answer.
    var awaiting: Int
    /// Of those, how many are past the date the answer was needed.
    var awaitingLate: Int
    /// Warnings of this build about files of this project.
    var warnings: Int
    /// Internal milestones, RAID items and decisions (not in the client's portal).
    var internalItems: Int
    /// The client's account manager, for the workload tables.
    var accountManager: String?
    /// The project's state at the end of each of the last `healthWeeks`
    /// weeks, oldest first (`Project.weeklyHealth`); nil: no update yet.
    var health: [WeeklyHealth?]
    /// What changed this week (`PortfolioChange.of`).
    var changes: [Change]
    /// The target milestone's forecast against its baseline.
    var variance: Variance?
    /// The project's `team` (internal: never on a client's pages).
    var team: [Member]

    /// How many week ends the health chart can show.
    static let healthWeeks = 26
    var money: Money? = nil
    /// Proposed change requests the client can see, and their total cost.
    var changesAwaiting: Int = 0
    var changesAwaitingValue: Double = 0
    /// KPIs on track by their latest reading (internal ones included); nil
    /// without KPIs.
    var kpis: KPISummary? = nil

    /// `project` is the full project (internal items included).
    init(project: Project, playbook: Playbook?, today: CalendarDate, warnings: Int, accountManager: String? = nil) {
        let health = ProjectHealth(project: project, playbook: playbook, today: today)
        self.project = project.slug
        name = project.name
        pm = project.pm
        self.playbook = playbook?.name ?? project.playbook
        phase = project.phase
        status = health.rag?.rawValue
        trend = project.updates.suffix(Self.trendLength).map { Week(date: $0.date, status: $0.status.rawValue) }
        updated = health.latestUpdate?.date
        staleDays = health.staleDays
        target = project.target
        overdue = health.overdueMilestones.count
        next = project.upcomingMilestones.first.map {
            NextMilestone(
                id: $0.id, title: $0.title, forecast: $0.forecast, state: $0.state(today: today).rawValue,
                isInternal: $0.isInternal)
        }
        highRisks = health.openHighRisks.count
        // An internal decision is not the client's to answer.
        awaiting = health.decisionsAwaitingClient.count
        awaitingLate = health.lateDecisions.count
        self.warnings = warnings
        internalItems =
            project.milestones.filter(\.isInternal).count + project.risks.filter(\.isInternal).count
            + project.decisions.filter(\.isInternal).count
        self.accountManager = accountManager
        let week = PortfolioWeek(today: today)
        self.health = week.ends(count: Self.healthWeeks).map { project.weeklyHealth(on: $0, playbook: playbook) }
        changes = PortfolioChange.of(project, playbook: playbook, week: week).map(Change.init)
        variance = ScheduleVariance(project: project, today: today, weeks: Self.trendLength).map(Variance.init)
        team = project.team.map(Member.init)
        if let budget = project.budget, let health = BudgetHealth(project: project, playbook: playbook, today: today) {
            let value = health.value
            let unit: String
            switch budget.unit {
            case .money(let currency): unit = currency
            case .hours: unit = "h"
            }
            money = Money(
                unit: unit, budget: value.budgetAtCompletion, planned: value.plannedValue, earned: value.earnedValue,
                spent: value.actualCost, forecast: value.estimateAtCompletion, overrun: health.isOverrun)
        }
        let awaitingChanges = project.changeRequests.filter(\.awaitsClient)
        changesAwaiting = awaitingChanges.count
        changesAwaitingValue = awaitingChanges.reduce(0) { $0 + $1.cost }
        kpis = KPISummary(project: project, on: today)
    }

    var rag: RAGStatus? { status.flatMap(RAGStatus.init(rawValue:)) }

    /// Lower comes first in the portfolio (`ProjectHealth.attentionRank`),
    /// from the row's values: a row read back from the manifest has no project.
    var attentionRank: Int { ProjectHealth.attentionRank(rag: rag, isStale: staleDays != nil, overdueMilestones: overdue) }

    // MARK: Manifest record

    /// One line of tab-separated fields in a fixed order, each escaped as the
    /// manifest escapes text; a missing value is `-`, and a present one that
    /// could be empty or `-` itself starts with `=`. Not JSON: a one-update
    /// rebuild reads back the rows of every kept client (600 at 200 clients),
    /// and `JSONDecoder` took a tenth of that build.
    var record: String {
        func text(_ value: String?) -> String { value.map { "=" + $0 } ?? "-" }
        func number(_ value: Int?) -> String { value.map(String.init) ?? "-" }
        func date(_ value: CalendarDate?) -> String { value?.description ?? "-" }
        let fields: [String] =
            [
                project, name, pm, playbook, text(phase), text(status),
                trend.map { "\($0.date) \($0.status)" }.joined(separator: ","),
                date(updated), number(staleDays), date(target),
                String(overdue), String(highRisks), String(awaiting), String(awaitingLate), String(warnings), String(internalItems),
                text(next?.id), next?.title ?? "", date(next?.forecast), next?.state ?? "", next.map { $0.isInternal ? "1" : "0" } ?? "",
                text(money?.unit), moneyRecord, String(changesAwaiting), String(changesAwaitingValue),
            ] + outlookFields + [kpis.map { "\($0.onTrack)/\($0.total)" } ?? "-"]
        return fields.map(BuildManifest.escape).joined(separator: "\t")
    }

    /// The budget's figures as one field: six values separated by spaces.
    private var moneyRecord: String {
        guard let money else { return "" }
        let forecast: String = money.forecast.map { String($0) } ?? "-"
        let values: [String] = [String(money.budget), String(money.planned), String(money.earned), String(money.spent), forecast]
        return (values + [money.overrun ? "1" : "0"]).joined(separator: " ")
    }

    /// A row read back from `record`; nil when the line is not one.
    init?(record: String) {
        let fields = record.utf8.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map {
            BuildManifest.unescape(String(Substring($0)))
        }
        guard fields.count == 26 + Self.outlookFieldCount, let outlook = Self.outlook(fields[25..<25 + Self.outlookFieldCount]),
            let kpis = Self.kpiSummary(fields[25 + Self.outlookFieldCount])
        else { return nil }
        self.kpis = kpis.value
        // Each decoder says whether the field was well formed, and its value.
        func text(_ field: String) -> (ok: Bool, value: String?) {
            field == "-" ? (true, nil) : field.hasPrefix("=") ? (true, String(field.dropFirst())) : (false, nil)
        }
        func number(_ field: String) -> (ok: Bool, value: Int?) {
            field == "-" ? (true, nil) : Int(field).map { (true, $0) } ?? (false, nil)
        }
        func date(_ field: String) -> (ok: Bool, value: CalendarDate?) {
            field == "-" ? (true, nil) : CalendarDate(iso: field).map { (true, $0) } ?? (false, nil)
        }
        let (phase, status, updated, staleDays, target) = (
            text(fields[4]), text(fields[5]), date(fields[7]), number(fields[8]), date(fields[9])
        )
        let counts = fields[10...15].compactMap { Int($0) }
        guard phase.ok, status.ok, updated.ok, staleDays.ok, target.ok, counts.count == 6 else { return nil }
        var trend: [Week] = []
        for week in fields[6].split(separator: ",") {
            let parts = week.split(separator: " ")
            guard parts.count == 2, let day = CalendarDate(iso: String(parts[0])) else { return nil }
            trend.append(Week(date: day, status: String(parts[1])))
        }
        let nextID = text(fields[16])
        let forecast = date(fields[18])
        guard nextID.ok, forecast.ok else { return nil }
        if let id = nextID.value {
            guard let day = forecast.value, fields[20] == "0" || fields[20] == "1" else { return nil }
            next = NextMilestone(id: id, title: fields[17], forecast: day, state: fields[19], isInternal: fields[20] == "1")
        } else {
            next = nil
        }
        let moneyUnit = text(fields[21])
        guard moneyUnit.ok, let changesAwaiting = Int(fields[23]), let changesValue = Double(fields[24]) else { return nil }
        if let unit = moneyUnit.value {
            let parts = fields[22].split(separator: " ").map(String.init)
            guard parts.count == 6, let b = Double(parts[0]), let p = Double(parts[1]), let e = Double(parts[2]), let a = Double(parts[3])
            else { return nil }
            money = Money(unit: unit, budget: b, planned: p, earned: e, spent: a, forecast: Double(parts[4]), overrun: parts[5] == "1")
        }
        (self.changesAwaiting, changesAwaitingValue) = (changesAwaiting, changesValue)
        (project, name, pm, playbook) = (fields[0], fields[1], fields[2], fields[3])
        (self.phase, self.status, self.trend, self.updated, self.staleDays, self.target) = (
            phase.value, status.value, trend, updated.value, staleDays.value, target.value
        )
        (overdue, highRisks, awaiting, awaitingLate, warnings, internalItems) = (
            counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]
        )
        (accountManager, health, changes, variance, team) = outlook
    }

    /// `2/3` or `-` (no KPIs); nil when the field is neither.
    private static func kpiSummary(_ field: String) -> (value: KPISummary?, Void)? {
        if field == "-" { return (nil, ()) }
        let parts = field.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2 else { return nil }
        return (KPISummary(onTrack: parts[0], total: parts[1]), ())
    }
}
