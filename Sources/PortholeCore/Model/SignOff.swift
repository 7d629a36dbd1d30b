/// A client's recorded sign-off of a gate or an accepted decision
/// (`signed_off: { by, on, via }`): who gave it, on which day, and how it
/// reached the agency (the reply to a portal's "Approve" e-mail, a meeting).
public struct SignOff: Sendable {
    public var by: String
    public var on: CalendarDate
    public var via: String?
    public var location: SourceLocation

    public init(by: String, on: CalendarDate, via: String?, location: SourceLocation) {
        self.by = by
        self.on = on
        self.via = via
        self.location = location
    }
}

extension Milestone {
    /// A gate the client has still to sign off: the portal offers it the
    /// "Approve" and "Request changes" actions (docs/client-email.md).
    public var awaitsSignOff: Bool { gate && done == nil && signedOff == nil }
}
