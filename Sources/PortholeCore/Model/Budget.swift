/// A project's budget (`project.yaml` `budget:`): an amount of money in one
/// currency, or a number of hours. Commercial data: internal unless the
/// agency says the client may see it.
public struct Budget: Sendable {
    /// What the budget and every spend figure are counted in.
    public enum Unit: Sendable, Equatable {
        /// An ISO 4217 code (`GBP`).
        case money(currency: String)
        case hours
    }

    /// Who may see the budget, its spend and its earned value.
    public enum Visibility: String, Sendable, CaseIterable {
        case client
        case `internal`
    }

    public var unit: Unit
    /// The original baseline, before approved change requests.
    public var amount: Double
    /// `tolerance`: the overrun (percent of the budget) the project accepts
    /// before it is a problem; nil for the playbook's.
    public var tolerancePercent: Double?
    /// `hourly_rate`: what an hour of the timesheet costs, in the budget's
    /// currency (a money budget with a timesheet needs it).
    public var hourlyRate: Double?
    public var visibility: Visibility
    public var location: SourceLocation

    public var isClientVisible: Bool { visibility == .client }
}

/// Spend to date, cumulative, in the budget's unit, as of one day: from a
/// weekly note's `spent:` or from the timesheet.
public struct SpendReading: Sendable, Equatable {
    public var date: CalendarDate
    public var amount: Double
    public var location: SourceLocation

    public init(date: CalendarDate, amount: Double, location: SourceLocation) {
        self.date = date
        self.amount = amount
        self.location = location
    }
}

/// One row of a project's `timesheet.csv` (written by `porthole import time`).
public struct TimeEntry: Sendable, Equatable {
    public var date: CalendarDate
    public var person: String
    public var task: String
    /// Hours, to the hundredth.
    public var hours: Double

    public init(date: CalendarDate, person: String, task: String, hours: Double) {
        self.date = date
        self.person = person
        self.task = task
        self.hours = hours
    }
}
