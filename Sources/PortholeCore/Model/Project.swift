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
    public var location: SourceLocation
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
