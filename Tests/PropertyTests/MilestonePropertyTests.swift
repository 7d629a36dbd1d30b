import PropertyBased
import Testing

@testable import PortholeCore

/// Milestone state is derived, never typed (content.md "Milestone state"):
/// done when it has a done date; else overdue once today is past the
/// forecast; else slipping when the forecast is past the baseline; else on
/// track.
struct MilestonePropertyTests {
    static let base = CalendarDate(iso: "2026-06-01")!
    static let day = Gen<Int>.int(in: -400...400).map { MilestonePropertyTests.base.adding(days: $0) }

    static func milestone(due: CalendarDate, forecast: CalendarDate, done: CalendarDate?) -> Milestone {
        Milestone(
            id: "M1", title: "Launch", due: due, forecast: forecast, done: done, gate: false, owner: nil, isInternal: false,
            location: PortholeCore.SourceLocation(file: "project.yaml"))
    }

    static let input = zip(day, day, day.optional(valueRate: 0.3), day)

    @Test func test_stateFollowsTheDefinition() {
        Property.check("milestone-state", Self.input) { due, forecast, done, today in
            let state = Self.milestone(due: due, forecast: forecast, done: done).state(today: today)
            let expected: Milestone.State =
                done != nil ? .done : today > forecast ? .overdue : forecast > due ? .slipping : .onTrack
            try Property.require(state == expected, "\(state) instead of \(expected)")
        }
    }

    /// Time only moves an open milestone towards overdue: once overdue it
    /// stays overdue, and a done milestone stays done whatever the day.
    @Test func test_stateIsMonotonicInToday() {
        Property.check("milestone-monotonic", zip(Self.input, Gen<Int>.int(in: 0...400))) { input, later in
            let (due, forecast, done, today) = input
            let milestone = Self.milestone(due: due, forecast: forecast, done: done)
            let now = milestone.state(today: today)
            let then = milestone.state(today: today.adding(days: later))
            let rank: [Milestone.State: Int] = [.onTrack: 0, .slipping: 0, .overdue: 1, .done: 2]
            try Property.require(rank[then]! >= rank[now]!, "\(now) became \(then) \(later) days later")
            if done != nil { try Property.require(now == .done && then == .done, "a done milestone is \(now)/\(then)") }
        }
    }

    /// Slip is the forecast's lateness against the baseline, never negative,
    /// and zero exactly when the milestone cannot be slipping.
    @Test func test_slipDaysMatchTheSlippingState() {
        Property.check("milestone-slip", Self.input) { due, forecast, _, today in
            let milestone = Self.milestone(due: due, forecast: forecast, done: nil)
            try Property.require(milestone.slipDays == max(0, due.days(until: forecast)), "slip \(milestone.slipDays)")
            if milestone.state(today: today) == .slipping { try Property.require(milestone.slipDays > 0, "slipping with no slip") }
            if milestone.slipDays == 0 { try Property.require(milestone.state(today: today) != .slipping, "slipping with no slip") }
        }
    }
}
