/// One entry of the RAID log: a risk, issue, assumption or dependency.
public struct RaidItem: Sendable {
    /// The words for each kind are the theme's (`raid.kind.*`).
    public enum Kind: String, Sendable, CaseIterable {
        case risk, issue, assumption, dependency
    }

    public enum Status: String, Sendable, CaseIterable {
        case open, mitigated, closed
    }

    public var id: String
    public var kind: Kind
    public var title: String
    /// 1…5.
    public var probability: Int
    /// 1…5.
    public var impact: Int
    public var owner: String?
    /// Markdown.
    public var mitigation: String?
    public var status: Status
    public var raised: CalendarDate?
    /// `closed`: the day the item stopped being open (mitigated or closed).
    public var closed: CalendarDate? = nil
    /// The id of the milestone it threatens.
    public var milestone: String?
    public var milestoneLocation: SourceLocation?
    public var isInternal: Bool
    public var location: SourceLocation

    /// Probability x impact, 1…25.
    public var score: Int { probability * impact }

    public var isOpen: Bool { status == .open }
}
