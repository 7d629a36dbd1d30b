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
        let approved = Self.agreedChanges(project.changeRequests)
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
        // The milestones already carry both (`Project.applyApprovedChanges()`).
        originalDue = Dictionary(project.milestones.map { ($0.id, $0.originalDue) }) { a, _ in a }
        currentDue = Dictionary(project.milestones.map { ($0.id, $0.due) }) { a, _ in a }
    }

    /// The changes that move the baseline: approved and client-visible.
    static func agreedChanges(_ changes: [ChangeRequest]) -> [ChangeRequest] {
        changes.filter { $0.isApproved && !$0.isInternal }
    }

    /// Days the agreed changes move a milestone's baseline: the one
    /// definition of the shift.
    static func shift(of milestoneID: String, by agreed: [ChangeRequest]) -> Int {
        agreed.filter { $0.milestones.contains(milestoneID) }.reduce(0) { $0 + $1.days }
    }

    /// The budget in force on `date`.
    public func budget(on date: CalendarDate) -> Double {
        budgetSteps.last(where: { $0.date <= date })?.amount ?? originalBudget
    }

    /// Whether approved changes moved anything.
    public var hasMoved: Bool { currentBudget != originalBudget || originalDue != currentDue }
}

extension Project {
    /// Moves each milestone's `due` to its current baseline (`Baseline`):
    /// `due` as written plus the days of the approved client-visible changes
    /// naming it, the original kept as `originalDue`. A forecast left on the
    /// original baseline (the default when the file gives none) follows it.
    /// The loader runs this once, so every consumer (state, overdue, charts,
    /// portfolio, check) reads the current baseline from the milestone.
    /// Running it again changes nothing.
    public mutating func applyApprovedChanges() {
        let agreed = Baseline.agreedChanges(changeRequests)
        for index in milestones.indices {
            var milestone = milestones[index]
            let followsBaseline = milestone.forecast == milestone.due
            let original = milestone.originalDue
            milestone.due = original.adding(days: Baseline.shift(of: milestone.id, by: agreed))
            milestone.writtenDue = milestone.due == original ? nil : original
            if followsBaseline { milestone.forecast = milestone.due }
            milestones[index] = milestone
        }
    }
}
