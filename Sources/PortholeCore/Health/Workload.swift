/// How much of each person the agency's projects ask for, week by week,
/// against what the person works (`team:` in `project.yaml`, `capacity:` in
/// `portal.yaml`). The one definition of "over-allocated" that the
/// portfolio's allocation table and `porthole check` read.
///
/// A week runs Monday to Sunday; its allocation is the highest total of any
/// one day, so two assignments that follow each other inside a week are
/// not added up, and two that overlap on any day are.
public struct Workload: Sendable {
    /// How many weeks the portfolio shows and the check looks at, from the
    /// week holding today: a quarter.
    public static let horizonWeeks = 13

    /// One team entry and the project it belongs to (`client/project`).
    public struct Entry: Sendable, Equatable {
        public var project: String
        public var assignment: TeamAssignment

        public init(project: String, assignment: TeamAssignment) {
            self.project = project
            self.assignment = assignment
        }
    }

    /// One person's weeks.
    public struct Person: Sendable, Equatable {
        public var name: String
        /// Percent of a full week the person works (100 unless `capacity:` says).
        public var capacity: Int
        /// The allocation of each week of `weeks`, in percent of a full week.
        public var allocated: [Int]
        public var entries: [Entry]

        /// Over-allocated: more than 100 % of the person's capacity.
        public func isOver(week: Int) -> Bool { allocated[week] > capacity }
        public var isOverAllocated: Bool { allocated.indices.contains { isOver(week: $0) } }
    }

    /// The Mondays of the weeks looked at.
    public let weeks: [CalendarDate]
    /// By name.
    public let people: [Person]

    public init(entries: [Entry], capacity: [Capacity], today: CalendarDate, weeks count: Int = Workload.horizonWeeks) {
        let monday = Self.monday(of: today)
        let weeks = (0..<count).map { monday.adding(days: 7 * $0) }
        self.weeks = weeks
        let capacities = Dictionary(capacity.map { ($0.person, $0.percent) }, uniquingKeysWith: { first, _ in first })
        let byPerson = Dictionary(grouping: entries, by: \.assignment.person)
        people = byPerson.keys.sorted().map { name in
            let own = byPerson[name]!
            let allocated = weeks.map { start in
                (0..<7).map { day in Self.total(own, on: start.adding(days: day)) }.max() ?? 0
            }
            return Person(name: name, capacity: capacities[name] ?? 100, allocated: allocated, entries: own)
        }
    }

    /// The Monday on or before `day`.
    public static func monday(of day: CalendarDate) -> CalendarDate { day.adding(days: -day.weekday) }

    static func total(_ entries: [Entry], on day: CalendarDate) -> Int {
        entries.reduce(0) { $0 + ($1.assignment.covers(day) ? $1.assignment.allocation : 0) }
    }

    /// One `over-allocation` warning at every team entry that takes part in
    /// a person's first over-allocated week (the entries covering its
    /// busiest day), naming the week, the total and the capacity.
    public func warnings() -> DiagnosticLog {
        var log = DiagnosticLog()
        for person in people {
            guard let week = person.allocated.indices.first(where: { person.isOver(week: $0) }) else { continue }
            let start = weeks[week]
            let end = start.adding(days: 6)
            let peak = (0..<7).map { start.adding(days: $0) }.max {
                Self.total(person.entries, on: $0) < Self.total(person.entries, on: $1)
            }!
            let involved = person.entries.filter { $0.assignment.covers(peak) }
            for entry in involved.sorted(by: { $0.assignment.location < $1.assignment.location }) {
                let others = involved.filter { $0 != entry }.map { "\($0.project) \($0.assignment.allocation) %" }
                let with = others.isEmpty ? "" : " (with \(others.joined(separator: ", ")))"
                log.warning(
                    "over-allocation",
                    "\(person.name) is allocated \(person.allocated[week]) % in the week of \(start) to \(end), over a capacity of \(person.capacity) %: \(entry.assignment.allocation) % here\(with)",
                    at: entry.assignment.location)
            }
        }
        return log
    }
}
