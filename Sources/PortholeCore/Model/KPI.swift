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

    /// On track: `value` (the latest reading) is at or beyond the target in
    /// the KPI's direction, or has moved from the baseline toward it
    /// (docs/content-format.md, "KPIs"). At the baseline, or on the wrong
    /// side of it, it is not.
    public func isOnTrack(_ value: Double) -> Bool {
        isMet(value) || progress(value) > 0
    }
}

/// How many of a project's KPIs are on track (`KPI.isOnTrack`) by their
/// latest reading on or before a day; a KPI without a reading yet is not.
/// The portfolio's "2/3 on track".
public struct KPISummary: Sendable, Equatable, Codable {
    public let onTrack: Int
    public let total: Int

    public init(onTrack: Int, total: Int) {
        self.onTrack = onTrack
        self.total = total
    }

    /// nil for a project without KPIs. `project` as the caller sees it:
    /// the portfolio counts internal KPIs too.
    public init?(project: Project, on date: CalendarDate) {
        guard !project.kpis.isEmpty else { return nil }
        total = project.kpis.count
        onTrack =
            project.kpis.filter { kpi in
                project.latestReading(of: kpi, on: date).map { kpi.isOnTrack($0.value) } ?? false
            }.count
    }
}

extension Project {
    /// A KPI's latest value reported in a note dated on or before `date`.
    public func latestReading(of kpi: KPI, on date: CalendarDate) -> KPIReading? {
        // One pass, the notes read in place: sorting them copied every note
        // of the project for every KPI.
        var latest: (date: CalendarDate, reading: KPIReading)?
        for update in updates where update.date <= date {
            if let latest, update.date <= latest.date { continue }
            if let reading = update.kpiValues.first(where: { $0.kpi == kpi.id }) { latest = (update.date, reading) }
        }
        return latest?.reading
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
