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
            NextMilestone(id: $0.id, title: $0.title, forecast: $0.forecast, state: $0.state(today: today).rawValue,
                          isInternal: $0.isInternal)
        }
        highRisks = project.risks.filter { $0.isOpen && $0.score >= Self.highRiskScore }.count
        // An internal decision is not the client's to answer.
        let asks = project.decisions.filter { $0.awaitsClient && !$0.isInternal }
        awaiting = asks.count
        awaitingLate = asks.filter { ($0.due.map { $0 < today }) ?? false }.count
        self.warnings = warnings
        internalItems = project.milestones.filter(\.isInternal).count + project.risks.filter(\.isInternal).count
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

    /// One line of JSON (keys sorted, so the manifest is reproducible).
    var record: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
