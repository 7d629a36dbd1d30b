/// A standard project type: it fixes how projects of that type report.
public struct Playbook: Sendable {
    public struct UpdateStandard: Sendable {
        public var cadenceDays: Int
        public var graceDays: Int
        /// Required level-2 headings of a weekly note, in this order.
        public var requiredSections: [String]
        /// `summary_max_words`: the most words the note's summary section
        /// (`summarySection`) may have.
        public var summaryMaxWords: Int?

        /// The title (any case) of the section `summaryMaxWords` limits:
        /// the one section of a note whose words are counted.
        public static let summarySection = "summary"
    }

    /// A standard gate or milestone scaffolded into a new project.
    public struct MilestoneTemplate: Sendable {
        public var id: String
        public var title: String
        public var gate: Bool
        public var week: Int
    }

    public var slug: String
    public var name: String
    public var phases: [String]
    public var update: UpdateStandard
    public var milestones: [MilestoneTemplate]
    /// `high_risk_score`: the RAID score from which an open item is a high
    /// risk in this playbook's projects; nil for the default
    /// (`ProjectHealth.defaultHighRiskScore`).
    public var highRiskScore: Int? = nil
    /// `budget.tolerance`: percent over budget a project may forecast before
    /// it is a problem; nil for `BudgetHealth.defaultTolerancePercent`.
    public var budgetTolerancePercent: Double? = nil
    /// `budget.cpi_threshold`: the cost performance index below which a
    /// green status is contradicted; nil for `BudgetHealth.defaultCPIThreshold`.
    public var cpiThreshold: Double? = nil
    public var location: SourceLocation
    /// `digest_subject`: the weekly e-mail's subject for clients of this
    /// playbook's projects (`{client}`, `{date}`, `{rag}`); nil for the
    /// theme's (docs/client-email.md).
    public var digestSubject: String? = nil

    /// The values a `digest_subject` may name.
    public static let digestSubjectPlaceholders = ["client", "date", "rag"]

    /// How old the latest update may be before the project is stale.
    public var staleAfterDays: Int { update.cadenceDays + update.graceDays }
}
