/// Earned value on one day, by the milestone (0/100) method: the plan is
/// the project's client-visible milestones, each an equal share of the
/// budget, earned in full when it is done and not before
/// (docs/content-format.md, "How earned value is worked out").
///
/// - BAC, the budget at completion: the current baseline budget (the
///   original plus approved change requests).
/// - PV, planned value: BAC x the share of milestones whose current
///   baseline `due` is on or before the day.
/// - EV, earned value: BAC x the share of milestones `done` on or before
///   the day.
/// - AC, actual cost: the latest spend reading on or before the day (0
///   without one).
/// - CPI = EV / AC, SPI = EV / PV, EAC = BAC / CPI (estimate at completion);
///   each nil when its divisor is 0.
///
/// Internal milestones are not part of the plan: the client's pages and the
/// agency's portfolio then show the same figures.
public struct EarnedValue: Sendable, Equatable {
    public let date: CalendarDate
    public let budgetAtCompletion: Double
    public let plannedValue: Double
    public let earnedValue: Double
    public let actualCost: Double
    /// How many milestones make the plan.
    public let milestoneCount: Int

    public init(
        date: CalendarDate, budgetAtCompletion: Double, plannedValue: Double, earnedValue: Double, actualCost: Double, milestoneCount: Int
    ) {
        self.date = date
        self.budgetAtCompletion = budgetAtCompletion
        self.plannedValue = plannedValue
        self.earnedValue = earnedValue
        self.actualCost = actualCost
        self.milestoneCount = milestoneCount
    }

    /// The project's earned value on `date`; nil when it has no budget.
    public init?(project: Project, on date: CalendarDate) {
        guard project.budget != nil else { return nil }
        let baseline = Baseline(project: project)
        let plan = project.milestones.filter { !$0.isInternal }
        let bac = baseline.currentBudget
        let count = plan.count
        let planned = plan.filter { $0.due <= date }.count
        let done = plan.filter { ($0.done.map { $0 <= date }) ?? false }.count
        self.init(
            date: date, budgetAtCompletion: bac,
            plannedValue: count == 0 ? 0 : bac * Double(planned) / Double(count),
            earnedValue: count == 0 ? 0 : bac * Double(done) / Double(count),
            actualCost: project.actualCost(on: date), milestoneCount: count)
    }

    /// Cost performance index: value earned per unit spent (1 is on budget,
    /// below 1 over).
    public var costPerformanceIndex: Double? { actualCost > 0 ? earnedValue / actualCost : nil }
    /// Schedule performance index: value earned per unit planned (1 is on
    /// schedule, below 1 behind).
    public var schedulePerformanceIndex: Double? { plannedValue > 0 ? earnedValue / plannedValue : nil }
    /// Estimate at completion at the current cost performance.
    public var estimateAtCompletion: Double? {
        guard let cpi = costPerformanceIndex, cpi > 0 else { return nil }
        return budgetAtCompletion / cpi
    }
    /// AC / BAC.
    public var fractionSpent: Double? { budgetAtCompletion > 0 ? actualCost / budgetAtCompletion : nil }
    /// EV / BAC.
    public var fractionComplete: Double? { budgetAtCompletion > 0 ? earnedValue / budgetAtCompletion : nil }
}

extension Project {
    /// Spend to date on `date`: the latest reading on or before it.
    public func actualCost(on date: CalendarDate) -> Double {
        spend.last(where: { $0.date <= date })?.amount ?? 0
    }
}
