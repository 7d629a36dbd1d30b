/// One engagement for a client, with its plan, RAID log, notes and decisions.
public struct Project: Sendable {
    public var slug: String
    public var clientSlug: String
    public var name: String
    public var playbook: String
    public var playbookLocation: SourceLocation
    public var pm: String
    public var start: CalendarDate
    public var target: CalendarDate?
    public var phase: String?
    public var phaseLocation: SourceLocation?
    /// Markdown.
    public var summary: String
    public var milestones: [Milestone]
    public var risks: [RaidItem]
    /// Oldest first.
    public var updates: [WeeklyUpdate]
    /// By number.
    public var decisions: [Decision]
    /// `team`: who works on the project, how much and when (internal only).
    public var team: [TeamAssignment] = []
    public var location: SourceLocation
    /// `budget:`; nil when the project has none (or the client may not see it).
    public var budget: Budget? = nil
    /// Spend to date as each note or the timesheet reports it, oldest first
    /// (one reading per day; `Project.spend` in Money/).
    public var spend: [SpendReading] = []
    /// `timesheet.csv`, by date.
    public var timeEntries: [TimeEntry] = []
    /// `changes/`, by number.
    public var changeRequests: [ChangeRequest] = []
    /// `kpis:`.
    public var kpis: [KPI] = []
    /// `time_tracking.project`: the project's name in the time-tracking
    /// tool, for `porthole import time`.
    public var timeTrackingName: String? = nil
    /// `hubspot.deal`: the HubSpot deal record id.
    public var hubspotDeal: String? = nil

    /// The newest weekly note, whose RAG is the project's current status.
    public var latestUpdate: WeeklyUpdate? { updates.last }
    public var currentStatus: RAGStatus? { latestUpdate?.status }
}

/// Red / amber / green.
public enum RAGStatus: String, Sendable, CaseIterable, Comparable {
    case green, amber, red

    private var rank: Int { self == .green ? 0 : self == .amber ? 1 : 2 }
    public static func < (a: RAGStatus, b: RAGStatus) -> Bool { a.rank < b.rank }
}
