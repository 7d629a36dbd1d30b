/// The weeks the portfolio reports on, counted back from the build's today
/// (docs/architecture.md, "The internal portfolio"): "this week" is the
/// seven days ending on today, and "last week" is how things stood at the
/// end of the day seven days before today. So a build on a Friday compares
/// with the Friday before, whatever the weekday.
public struct PortfolioWeek: Sendable, Equatable {
    public let today: CalendarDate

    public init(today: CalendarDate) { self.today = today }

    /// How things stood "last week": at the end of this day.
    public var previous: CalendarDate { today.adding(days: -7) }
    /// The first day of this week.
    public var first: CalendarDate { today.adding(days: -6) }

    /// Whether something dated `day` happened this week.
    public func contains(_ day: CalendarDate) -> Bool { first <= day && day <= today }

    /// The last day of each of the last `count` weeks, oldest first, the
    /// last one today: the health chart's points.
    public func ends(count: Int) -> [CalendarDate] {
        (0..<max(0, count)).reversed().map { today.adding(days: -7 * $0) }
    }
}

/// A project's state at the end of one week, for the health chart: stale
/// wins over the RAG (the RAG of a stale note is old news), so each project
/// counts once per week. Nil (not counted): no update yet on that day.
public enum WeeklyHealth: String, Sendable, CaseIterable, Codable {
    case green, amber, red, stale

    /// One letter per week in the build manifest.
    public var letter: Character {
        switch self {
        case .green: "g"
        case .amber: "a"
        case .red: "r"
        case .stale: "s"
        }
    }

    public init?(letter: Character) {
        guard let found = Self.allCases.first(where: { $0.letter == letter }) else { return nil }
        self = found
    }
}

extension Project {
    /// The newest update dated on or before `day`.
    public func update(on day: CalendarDate) -> WeeklyUpdate? { updates.last { $0.date <= day } }

    /// The RAG at the end of `day`; nil before the first update.
    public func rag(on day: CalendarDate) -> RAGStatus? { update(on: day)?.status }

    /// Stale at the end of `day` by the playbook's cadence and grace (the
    /// rule of `ProjectHealth.staleDays`, on a past day).
    public func isStale(on day: CalendarDate, playbook: Playbook?) -> Bool {
        guard let latest = update(on: day), let playbook else { return false }
        return latest.isStale(today: day, playbook: playbook)
    }

    /// The chart's state at the end of `day`.
    public func weeklyHealth(on day: CalendarDate, playbook: Playbook?) -> WeeklyHealth? {
        guard let rag = rag(on: day) else { return nil }
        if isStale(on: day, playbook: playbook) { return .stale }
        switch rag {
        case .green: return .green
        case .amber: return .amber
        case .red: return .red
        }
    }

    /// The milestone whose date is the project's end: the one due on
    /// `target` when there is one, else the one due last (the last listed
    /// of equals), as `porthole new project` sets `target` to the playbook's
    /// last milestone.
    public var targetMilestone: Milestone? {
        if let target, let onTarget = milestones.last(where: { $0.due == target }) { return onTarget }
        return milestones.enumerated().max { ($0.element.due, $0.offset) < ($1.element.due, $1.offset) }?.element
    }
}

/// The target milestone's forecast against its baseline, in days (positive:
/// late), now and at the end of each past week.
public struct ScheduleVariance: Sendable, Equatable {
    public var milestone: String
    public var title: String
    public var baseline: CalendarDate
    /// The done date once done, else the forecast.
    public var forecast: CalendarDate
    public var days: Int
    /// Days at the end of each of the last weeks, oldest first; the last is `days`.
    public var trend: [Int]

    /// `weeks`: how many week ends the trend has (`PortfolioWeek.ends`).
    public init?(project: Project, today: CalendarDate, weeks: Int) {
        guard let m = project.targetMilestone else { return nil }
        milestone = m.id
        title = m.title
        baseline = m.due
        forecast = Self.expected(m, on: today)
        days = m.due.days(until: forecast)
        trend = PortfolioWeek(today: today).ends(count: weeks).map { m.due.days(until: Self.expected(m, on: $0)) }
    }

    /// When the milestone was expected at the end of `day`: its done date if
    /// done by then, else the forecast as it stood.
    static func expected(_ m: Milestone, on day: CalendarDate) -> CalendarDate {
        if let done = m.done, done <= day { return done }
        return m.forecast(on: day)
    }
}
