import PortholeMarkdown

/// A decision record.
public struct Decision: Sendable {
    /// The words for each status are the theme's (`decision.status.*`).
    public enum Status: String, Sendable, CaseIterable {
        case proposed, accepted, rejected, superseded
    }

    /// `NNNN` from the file name.
    public var number: Int
    public var slug: String
    public var title: String
    public var date: CalendarDate
    public var status: Status
    public var deciders: [String]
    public var supersedes: Int?
    public var supersedesLocation: SourceLocation?
    /// For proposed decisions: when the client's answer is needed.
    public var due: CalendarDate?
    public var dueLocation: SourceLocation?
    public var isInternal: Bool
    public var note: MarkdownNote
    public var body: String
    public var bodyLine: Int
    public var location: SourceLocation
    /// The client's recorded sign-off (accepted or superseded decisions).
    public var signedOff: SignOff? = nil

    /// `D-0007`.
    public var reference: String { Decision.reference(number) }

    /// `0007`, the folder name of its page.
    public var paddedNumber: String { String(number).zeroPadded(to: 4) }

    public static func reference(_ number: Int) -> String { "D-" + String(number).zeroPadded(to: 4) }

    public var awaitsClient: Bool { status == .proposed }
}
