/// An outcome the project is meant to move (`project.yaml` `kpis:`), with
/// where it started and where it should get to.
public struct KPI: Sendable {
    /// Whether a higher value is better.
    public enum Direction: String, Sendable, CaseIterable {
        case up, down
    }

    public var id: String
    public var name: String
    /// Shown after each value (`%`, `£`, `s`); may be empty.
    public var unit: String
    public var baseline: Double
    public var target: Double
    public var direction: Direction
    public var isInternal: Bool
    public var location: SourceLocation

    /// How far from baseline to target the value has come: 0 at baseline,
    /// 1 at target, beyond either end when it overshoots or goes backwards.
    public func progress(_ value: Double) -> Double {
        let span = target - baseline
        guard span != 0 else { return value == target ? 1 : 0 }
        return (value - baseline) / span
    }

    /// Whether `value` has reached the target in the KPI's direction.
    public func isMet(_ value: Double) -> Bool {
        direction == .up ? value >= target : value <= target
    }
}

/// A KPI's value as one weekly note reports it.
public struct KPIReading: Sendable, Equatable {
    public var kpi: String
    public var date: CalendarDate
    public var value: Double
    public var location: SourceLocation

    public init(kpi: String, date: CalendarDate, value: Double, location: SourceLocation) {
        self.kpi = kpi
        self.date = date
        self.value = value
        self.location = location
    }
}
