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

    /// How many updates the trend shows: about two months of weekly notes.
    static let trendLength = 8
    /// RAID score from which an open item counts as a high risk for the PMO
    /// (probability x impact on the 5x5 grid).
    static let highRiskScore = 12

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
    var highRisks: Int
    /// Proposed decisions the client can see, so can answer.
    var awaiting: Int
    /// Of those, how many are past the date the answer was needed.
    var awaitingLate: Int
    /// Warnings of this build about files of this project.
    var warnings: Int
    /// Internal milestones, RAID items and decisions (not in the client's portal).
    var internalItems: Int

    init(project: Project, playbook: Playbook?, today: CalendarDate, warnings: Int) {
        self.project = project.slug
        name = project.name
        pm = project.pm
        self.playbook = playbook?.name ?? project.playbook
        phase = project.phase
        status = project.latestUpdate?.status.rawValue
        trend = project.updates.suffix(Self.trendLength).map { Week(date: $0.date, status: $0.status.rawValue) }
        updated = project.latestUpdate?.date
        if let latest = project.latestUpdate, let playbook, latest.isStale(today: today, playbook: playbook) {
            staleDays = latest.date.days(until: today)
        }
        target = project.target
        overdue = project.milestones.filter { $0.state(today: today) == .overdue }.count
        next = project.upcomingMilestones.first.map {
            NextMilestone(
                id: $0.id, title: $0.title, forecast: $0.forecast, state: $0.state(today: today).rawValue,
                isInternal: $0.isInternal)
        }
        highRisks = project.risks.filter { $0.isOpen && $0.score >= Self.highRiskScore }.count
        // An internal decision is not the client's to answer.
        let asks = project.decisions.filter { $0.awaitsClient && !$0.isInternal }
        awaiting = asks.count
        awaitingLate = asks.filter { ($0.due.map { $0 < today }) ?? false }.count
        self.warnings = warnings
        internalItems =
            project.milestones.filter(\.isInternal).count + project.risks.filter(\.isInternal).count
            + project.decisions.filter(\.isInternal).count
    }

    var rag: RAGStatus? { status.flatMap(RAGStatus.init(rawValue:)) }

    /// Lower comes first in the portfolio: red, then stale or overdue, then
    /// amber, then projects with no update yet, then green.
    var attentionRank: Int {
        if rag == .red { return 0 }
        if staleDays != nil || overdue > 0 { return 1 }
        if rag == .amber { return 2 }
        if rag == nil { return 3 }
        return 4
    }

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
        let fields: [String] = [
            project, name, pm, playbook, text(phase), text(status),
            trend.map { "\($0.date) \($0.status)" }.joined(separator: ","),
            date(updated), number(staleDays), date(target),
            String(overdue), String(highRisks), String(awaiting), String(awaitingLate), String(warnings), String(internalItems),
            text(next?.id), next?.title ?? "", date(next?.forecast), next?.state ?? "", next.map { $0.isInternal ? "1" : "0" } ?? "",
        ]
        return fields.map(BuildManifest.escape).joined(separator: "\t")
    }

    /// A row read back from `record`; nil when the line is not one.
    init?(record: String) {
        let fields = record.split(separator: "\t", omittingEmptySubsequences: false).map { BuildManifest.unescape(String($0)) }
        guard fields.count == 21 else { return nil }
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
        (project, name, pm, playbook) = (fields[0], fields[1], fields[2], fields[3])
        (self.phase, self.status, self.trend, self.updated, self.staleDays, self.target) = (
            phase.value, status.value, trend, updated.value, staleDays.value, target.value
        )
        (overdue, highRisks, awaiting, awaitingLate, warnings, internalItems) = (
            counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]
        )
    }
}
