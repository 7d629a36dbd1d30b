public struct Milestone: Sendable {
    /// Derived, never typed (content.md, "Milestone state"). The words for
    /// each state are the theme's (`milestone.state.*`).
    public enum State: String, Sendable, CaseIterable {
        case done
        case overdue
        case slipping
        case onTrack = "on-track"
    }

    public var id: String
    public var title: String
    /// Baseline date.
    public var due: CalendarDate
    /// Current forecast; the baseline when not given.
    public var forecast: CalendarDate
    public var done: CalendarDate?
    public var gate: Bool
    public var owner: String?
    public var isInternal: Bool
    public var location: SourceLocation
    /// The client's recorded sign-off (gates only).
    public var signedOff: SignOff? = nil

    public func state(today: CalendarDate) -> State {
        if done != nil { return .done }
        if today > forecast { return .overdue }
        if forecast > due { return .slipping }
        return .onTrack
    }

    /// Days the forecast is behind the baseline (0 when on or ahead).
    public var slipDays: Int { max(0, due.days(until: forecast)) }
}
