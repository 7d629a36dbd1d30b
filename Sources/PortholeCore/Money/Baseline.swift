/// A project's baseline after its approved change requests: the budget and
/// the milestones' due dates the project is now measured against, next to
/// the originals (content.md, "Change requests").
///
/// An approved change adds its `cost` to the budget from its `decided_on`
/// day (the start of the project when it has none) and moves the baseline
/// `due` of each milestone it names by its `days`. Proposed, rejected and
/// withdrawn changes move nothing, and neither does an internal one: the
/// baseline is what the client agreed, the same on the portal and in the
/// portfolio.
public struct Baseline: Sendable {
    /// The budget as `project.yaml` gives it.
    public let originalBudget: Double
    /// Plus every approved change's cost.
    public let currentBudget: Double
    /// The budget in force from each day on: the original from the start,
    /// then one step per approved change, by date.
    public let budgetSteps: [(date: CalendarDate, amount: Double)]
    /// Each milestone's baseline `due` as written.
    public let originalDue: [String: CalendarDate]
    /// Each milestone's baseline after approved changes.
    public let currentDue: [String: CalendarDate]

    public init(project: Project) {
        let approved = project.changeRequests.filter { $0.isApproved && !$0.isInternal }
        let original = project.budget?.amount ?? 0
        originalBudget = original
        var steps: [(date: CalendarDate, amount: Double)] = [(project.start, original)]
        var running = original
        let byDate = approved.sorted { ($0.decidedOn ?? project.start, $0.number) < ($1.decidedOn ?? project.start, $1.number) }
        for change in byDate where change.cost != 0 {
            running += change.cost
            let day = max(change.decidedOn ?? project.start, project.start)
            if let last = steps.last, last.date == day {
                steps[steps.count - 1].amount = running
            } else {
                steps.append((day, running))
            }
        }
        currentBudget = running
        budgetSteps = steps
        var originalDue: [String: CalendarDate] = [:]
        var currentDue: [String: CalendarDate] = [:]
        for milestone in project.milestones {
            originalDue[milestone.id] = milestone.due
            let shift = approved.filter { $0.milestones.contains(milestone.id) }.reduce(0) { $0 + $1.days }
            currentDue[milestone.id] = milestone.due.adding(days: shift)
        }
        self.originalDue = originalDue
        self.currentDue = currentDue
    }

    /// The budget in force on `date`.
    public func budget(on date: CalendarDate) -> Double {
        budgetSteps.last(where: { $0.date <= date })?.amount ?? originalBudget
    }

    /// A milestone's baseline `due` after approved changes.
    public func due(of milestone: Milestone) -> CalendarDate { currentDue[milestone.id] ?? milestone.due }

    /// When a milestone is expected, by the current baseline: its forecast,
    /// except that a forecast left on the original baseline (the default
    /// when the file gives none) follows the baseline when an approved
    /// change moved it. The milestones page and the calendar show this date
    /// (docs/content-format.md, "Change requests").
    public func forecast(of milestone: Milestone) -> CalendarDate {
        milestone.forecast == milestone.due ? due(of: milestone) : milestone.forecast
    }

    /// Days the forecast is behind the current baseline (0 when on or ahead).
    public func slipDays(of milestone: Milestone) -> Int { max(0, due(of: milestone).days(until: forecast(of: milestone))) }

    /// Whether approved changes moved anything.
    public var hasMoved: Bool { currentBudget != originalBudget || originalDue != currentDue }
}
