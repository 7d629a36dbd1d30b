extension ContentLoader {
    /// A milestone's `moved`: `{ date, from }` entries, oldest first. (Not
    /// `on`: YAML 1.1 readers such as PyYAML take that key for `true`.)
    func loadMoves(_ items: [YAMLNode], _ reader: YAMLReader) -> [Milestone.Move] {
        var moves: [Milestone.Move] = []
        for item in items {
            guard let m = reader.mapping(item, keys: ["date", "from"], what: "milestone move") else { continue }
            guard let on = m.date("date", required: true), let from = m.date("from", required: true) else { continue }
            // The forecast at a past day is read from the moves in order
            // (`Milestone.forecast(on:)`): out of order, it would be wrong.
            if let last = moves.last, on < last.on {
                reader.error(
                    "invalid-date", "'date' \(on) is before the previous move's \(last.on); list moves oldest first",
                    at: m.valueLocation("date"))
                continue
            }
            moves.append(Milestone.Move(on: on, from: from, location: m.location))
        }
        return moves
    }

    /// A project's `team`: who works on it, how much, from when to when.
    func loadTeam(_ items: [YAMLNode], start: CalendarDate, target: CalendarDate?, _ reader: YAMLReader) -> [TeamAssignment] {
        var team: [TeamAssignment] = []
        for item in items {
            let keys = ["person", "role", "allocation", "from", "to"]
            guard let t = reader.mapping(item, keys: keys, what: "team member") else { continue }
            let person = t.line("person", required: true)
            let allocation = t.int("allocation", required: true, in: 1...100)
            let from = t.date("from") ?? start
            let to = t.date("to") ?? target
            if let to, to < from {
                reader.error(
                    "invalid-date", "'to' \(to) is before 'from' \(from)",
                    at: t.value("to") != nil ? t.valueLocation("to") : t.location)
                continue
            }
            guard let person, let allocation else { continue }
            team.append(
                TeamAssignment(person: person, role: t.line("role"), allocation: allocation, from: from, to: to, location: t.location))
        }
        return team
    }

    /// `portal.yaml`'s `capacity`: people working less than a full week.
    func loadCapacity(_ items: [YAMLNode], _ reader: YAMLReader) -> [Capacity] {
        var capacity: [Capacity] = []
        var seen: [String: SourceLocation] = [:]
        for item in items {
            guard let c = reader.mapping(item, keys: ["person", "percent"], what: "capacity entry") else { continue }
            guard let person = c.line("person", required: true), let percent = c.int("percent", required: true, in: 1...100) else {
                continue
            }
            if let first = seen[person] {
                reader.error(
                    "duplicate-id", "'\(person)' already has a capacity (line \(first.line))", at: c.valueLocation("person"))
                continue
            }
            seen[person] = c.location
            capacity.append(Capacity(person: person, percent: percent, location: c.location))
        }
        return capacity
    }
}
