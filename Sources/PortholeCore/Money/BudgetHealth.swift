/// Whether a project is on budget, by its playbook's rules: the one place
/// where "over tolerance" and "a green status the cost data contradicts"
/// are decided, for the portfolio and `porthole check`
/// (docs/writing-playbooks.md, "`budget`").
public struct BudgetHealth: Sendable {
    /// Percent over budget a forecast may be before it is an overrun.
    public static let defaultTolerancePercent = 10.0
    /// A cost performance index below this is not green.
    public static let defaultCPIThreshold = 0.9

    public let value: EarnedValue
    public let tolerancePercent: Double
    public let cpiThreshold: Double

    public init?(project: Project, playbook: Playbook?, today: CalendarDate) {
        guard let budget = project.budget, let value = EarnedValue(project: project, on: today) else { return nil }
        self.value = value
        tolerancePercent = budget.tolerancePercent ?? playbook?.budgetTolerancePercent ?? Self.defaultTolerancePercent
        cpiThreshold = playbook?.cpiThreshold ?? Self.defaultCPIThreshold
    }

    /// The budget plus its tolerance.
    public var ceiling: Double { value.budgetAtCompletion * (1 + tolerancePercent / 100) }

    /// Spend to date is already above the budget plus tolerance.
    public var spendOverTolerance: Bool { value.actualCost > ceiling }

    /// The forecast at completion is above the budget plus tolerance.
    public var forecastOverrun: Bool { (value.estimateAtCompletion ?? 0) > ceiling }

    /// The cost performance index is below the playbook's threshold.
    public var cpiBelowThreshold: Bool { (value.costPerformanceIndex.map { $0 < cpiThreshold }) ?? false }

    /// Anything the portfolio flags.
    public var isOverrun: Bool { spendOverTolerance || forecastOverrun }
}
