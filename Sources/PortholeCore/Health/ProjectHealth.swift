/// How a project stands on one day, by the rules of its playbook: the one
/// place where "high risk", "stale", "overdue", "awaiting the client" and
/// "the RAG contradicts the data" are decided. The client's pages, the
/// agency's portfolio, `porthole check` and `porthole new update` all read
/// these values, so they cannot disagree (docs/writing-playbooks.md,
/// "`high_risk_score`").
///
/// Made from whichever project the caller has: the full project for the
/// portfolio and the check, the client-visible one for the client's pages.
/// `contradictions` looks only at client-visible items either way: the RAG
/// the client reads must agree with what the client sees.
public struct ProjectHealth: Sendable {
    /// The RAID score (probability x impact, 1 to 25) from which an open item
    /// is a high risk when the playbook does not say (`high_risk_score`).
    /// 15 is where the client's pages have always drawn "High": one factor
    /// at 5 with the other at least 3, or both at 4 (six of the 25 cells of
    /// the heat map).
    public static let defaultHighRiskScore = 15
    /// Below the high-risk score, the score from which an item is medium.
    public static let mediumRiskScore = 8
    /// An open client-visible item scoring this much (both factors 4 or
    /// more) is never compatible with a green status, whatever the
    /// playbook's high-risk score.
    public static let contradictingRiskScore = 20

    /// Why the latest status disagrees with the data.
    public enum Contradiction: Sendable {
        /// Green while this client-visible milestone is overdue.
        case overdueMilestone(Milestone)
        /// Green while this client-visible item is open and scores at least
        /// `contradictingRiskScore` (the worst one).
        case severeRisk(RaidItem)
    }

    public let today: CalendarDate
    /// The latest weekly update, whose RAG is the project's status.
    public let latestUpdate: WeeklyUpdate?
    /// The score from which an open item is a high risk in this project.
    public let highRiskScore: Int
    /// Open RAID items scoring `highRiskScore` or more, highest first.
    public let openHighRisks: [RaidItem]
    /// Milestones whose forecast has passed while not done, in the order of
    /// `project.yaml`.
    public let overdueMilestones: [Milestone]
    /// Proposed decisions that are not internal: the client's to answer.
    public let decisionsAwaitingClient: [Decision]
    /// Days since the latest update when it is older than the playbook's
    /// cadence and grace; nil when it is not stale (or there is no update,
    /// or no playbook to judge by).
    public let staleDays: Int?
    public let contradictions: [Contradiction]

    public init(project: Project, playbook: Playbook?, today: CalendarDate) {
        self.today = today
        latestUpdate = project.latestUpdate
        let threshold = Self.highRiskScore(for: playbook)
        highRiskScore = threshold
        openHighRisks = project.openRisksByScore.filter { $0.score >= threshold }
        let overdue = project.milestones.filter { $0.state(today: today) == .overdue }
        overdueMilestones = overdue
        decisionsAwaitingClient = project.decisions.filter { $0.awaitsClient && !$0.isInternal }
        if let latest = project.latestUpdate, let playbook, latest.isStale(today: today, playbook: playbook) {
            staleDays = latest.date.days(until: today)
        } else {
            staleDays = nil
        }
        var contradictions: [Contradiction] = []
        if project.latestUpdate?.status == .green {
            if let first = overdue.first(where: { !$0.isInternal }) { contradictions.append(.overdueMilestone(first)) }
            let severe = project.risks.filter { $0.isOpen && !$0.isInternal && $0.score >= Self.contradictingRiskScore }
            if let worst = severe.max(by: { $0.score < $1.score }) { contradictions.append(.severeRisk(worst)) }
        }
        self.contradictions = contradictions
    }

    /// The project's current RAG; nil before the first update.
    public var rag: RAGStatus? { latestUpdate?.status }
    public var isStale: Bool { staleDays != nil }
    /// Whether the data contradicts the latest status.
    public var ragIsContradicted: Bool { !contradictions.isEmpty }

    /// Awaited decisions whose answer date has passed.
    public var lateDecisions: [Decision] {
        decisionsAwaitingClient.filter { ($0.due.map { $0 < today }) ?? false }
    }

    /// Lower comes first where the agency looks for trouble: red, then stale
    /// or with an overdue milestone, then amber, then no update yet, then
    /// green.
    public var attentionRank: Int { Self.attentionRank(rag: rag, isStale: isStale, overdueMilestones: overdueMilestones.count) }

    public static func attentionRank(rag: RAGStatus?, isStale: Bool, overdueMilestones: Int) -> Int {
        if rag == .red { return 0 }
        if isStale || overdueMilestones > 0 { return 1 }
        if rag == .amber { return 2 }
        if rag == nil { return 3 }
        return 4
    }

    /// The playbook's `high_risk_score`, or the default.
    public static func highRiskScore(for playbook: Playbook?) -> Int {
        playbook?.highRiskScore ?? defaultHighRiskScore
    }

    /// Whether an item is a high risk in this project (open, at or above
    /// the threshold).
    public func isHighRisk(_ item: RaidItem) -> Bool { item.isOpen && item.score >= highRiskScore }

    /// The severity band of a score in this project.
    public func band(_ score: Int) -> RiskBand { RiskBand(score: score, highFrom: highRiskScore) }
}

/// Severity of a RAID score, for the heat map and every risk's badge.
public enum RiskBand: String, Sendable, CaseIterable {
    case high, medium, low

    public init(score: Int, highFrom: Int) {
        if score >= highFrom {
            self = .high
        } else if score >= ProjectHealth.mediumRiskScore {
            self = .medium
        } else {
            self = .low
        }
    }
}
