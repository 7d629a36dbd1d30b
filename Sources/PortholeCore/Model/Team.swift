/// One person's share of a project for a stretch of time (`team:` in
/// `project.yaml`). Internal: never reaches a client's portal.
public struct TeamAssignment: Sendable, Equatable {
    public var person: String
    public var role: String?
    /// Percent of a full working week, 1 to 100.
    public var allocation: Int
    /// First day; the project's start when not given.
    public var from: CalendarDate
    /// Last day; open-ended (nil) when neither it nor the project's target is given.
    public var to: CalendarDate?
    public var location: SourceLocation

    public init(
        person: String, role: String? = nil, allocation: Int, from: CalendarDate, to: CalendarDate?, location: SourceLocation
    ) {
        self.person = person
        self.role = role
        self.allocation = allocation
        self.from = from
        self.to = to
        self.location = location
    }

    /// Whether the assignment covers `day`.
    public func covers(_ day: CalendarDate) -> Bool { from <= day && (to.map { day <= $0 } ?? true) }
}

/// How much of a full week one person works (`capacity:` in `portal.yaml`),
/// as a percent; a person not listed works 100 %. Internal only.
public struct Capacity: Sendable, Equatable {
    public var person: String
    /// 1 to 100.
    public var percent: Int
    public var location: SourceLocation

    public init(person: String, percent: Int, location: SourceLocation) {
        self.person = person
        self.percent = percent
        self.location = location
    }
}
