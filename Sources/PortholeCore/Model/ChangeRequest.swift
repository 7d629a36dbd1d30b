import PortholeMarkdown

/// A change of scope the client approves in writing
/// (`changes/<NNNN>-<slug>.md`): what it costs and how many days it moves
/// the milestones it names.
public struct ChangeRequest: Sendable {
    /// The words for each status are the theme's (`change.status.*`).
    public enum Status: String, Sendable, CaseIterable {
        case proposed, approved, rejected, withdrawn
    }

    /// `NNNN` from the file name.
    public var number: Int
    public var slug: String
    public var title: String
    public var status: Status
    /// In the budget's unit; 0 when not given.
    public var cost: Double
    /// Days of schedule impact on `milestones` (negative brings them forward).
    public var days: Int
    /// Ids of the milestones whose baseline moves.
    public var milestones: [String]
    public var milestonesLocation: SourceLocation?
    public var requestedBy: String?
    /// When the client approved, rejected or it was withdrawn.
    public var decidedOn: CalendarDate?
    /// For a proposed change: when the client's answer is needed.
    public var due: CalendarDate?
    public var dueLocation: SourceLocation?
    public var isInternal: Bool
    public var note: MarkdownNote
    public var body: String
    public var bodyLine: Int
    public var location: SourceLocation

    /// `CR-0003`.
    public var reference: String { "CR-" + paddedNumber }

    /// `0003`, the anchor of its row on the change log.
    public var paddedNumber: String { String(number).zeroPadded(to: 4) }

    public var isApproved: Bool { status == .approved }
    public var awaitsClient: Bool { status == .proposed && !isInternal }
}
