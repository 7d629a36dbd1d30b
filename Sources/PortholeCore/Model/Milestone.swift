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
    /// The current baseline: `due` as written, moved by the approved
    /// client-visible change requests naming the milestone
    /// (`Project.applyApprovedChanges()`, run once when the project is
    /// loaded). State, overdue, slip and every chart measure against this.
    public var due: CalendarDate
    /// Current forecast; the baseline when not given (and it follows the
    /// baseline when an approved change moves it).
    public var forecast: CalendarDate
    public var done: CalendarDate?
    public var gate: Bool
    public var owner: String?
    public var isInternal: Bool
    /// `moved`: each time the forecast moved, the day it moved and the
    /// forecast it moved away from, oldest first (docs/content-format.md).
    public var moves: [Move] = []
    public var location: SourceLocation
    /// The client's recorded sign-off (gates only).
    public var signedOff: SignOff? = nil
    /// `due` as written in project.yaml, kept once approved changes moved
    /// `due`; nil while nothing moved it (`originalDue` reads it).
    var writtenDue: CalendarDate? = nil

    /// The baseline as `project.yaml` gives it, before approved changes:
    /// only pages that say "originally …" show it.
    public var originalDue: CalendarDate { writtenDue ?? due }

    /// One change of the forecast: on `on` (`date:` in the file), the
    /// forecast stopped being `from` (and became the next move's `from`,
    /// or `forecast`).
    public struct Move: Sendable, Equatable {
        public var on: CalendarDate
        public var from: CalendarDate
        public var location: SourceLocation

        public init(on: CalendarDate, from: CalendarDate, location: SourceLocation) {
            self.on = on
            self.from = from
            self.location = location
        }
    }

    public func state(today: CalendarDate) -> State {
        if done != nil { return .done }
        if today > forecast { return .overdue }
        if forecast > due { return .slipping }
        return .onTrack
    }

    /// The forecast as it stood at the end of `day`: the `from` of the
    /// first move made after that day, else today's forecast. The files
    /// hold no other history of a forecast.
    public func forecast(on day: CalendarDate) -> CalendarDate {
        moves.first { $0.on > day }?.from ?? forecast
    }

    /// Done on or before `day`.
    public func isDone(on day: CalendarDate) -> Bool { done.map { $0 <= day } ?? false }

    /// Overdue at the end of `day`: not done by then and its forecast (as it
    /// stood then) before it. At today this is `state(today:) == .overdue`.
    public func isOverdue(on day: CalendarDate) -> Bool { !isDone(on: day) && day > forecast(on: day) }

    /// Days the forecast is behind the current baseline (0 when on or ahead).
    public var slipDays: Int { max(0, due.days(until: forecast)) }
}
