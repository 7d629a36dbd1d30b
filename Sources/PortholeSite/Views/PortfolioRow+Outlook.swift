import PortholeCore

/// The row's values for the portfolio's trends and workload sections: what
/// changed this week, the weekly health, the schedule variance and the team.
/// Computed in the client's task like the rest of the row (the rules are
/// PortholeCore's), so a kept client's row carries them in the manifest.
extension PortfolioRow {
    /// `PortfolioChange`, as values a manifest line can hold.
    struct Change: Sendable, Codable, Equatable {
        var kind: String
        var item: String
        var title: String
        var from: String?
        var to: String?
        var days: Int?
        var date: CalendarDate?

        init(kind: String, item: String, title: String, from: String?, to: String?, days: Int?, date: CalendarDate?) {
            (self.kind, self.item, self.title, self.from, self.to, self.days, self.date) = (kind, item, title, from, to, days, date)
        }

        init(_ change: PortfolioChange) {
            self.init(
                kind: change.kind.rawValue, item: change.item, title: change.title, from: change.from, to: change.to,
                days: change.days, date: change.date)
        }
    }

    /// `ScheduleVariance`.
    struct Variance: Sendable, Codable, Equatable {
        var milestone: String
        var title: String
        var baseline: CalendarDate
        var forecast: CalendarDate
        var days: Int
        /// Oldest first; the last is `days`.
        var trend: [Int]

        init(milestone: String, title: String, baseline: CalendarDate, forecast: CalendarDate, days: Int, trend: [Int]) {
            (self.milestone, self.title, self.baseline, self.forecast, self.days, self.trend) = (
                milestone, title, baseline, forecast, days, trend
            )
        }

        init(_ variance: ScheduleVariance) {
            self.init(
                milestone: variance.milestone, title: variance.title, baseline: variance.baseline, forecast: variance.forecast,
                days: variance.days, trend: variance.trend)
        }
    }

    /// One `team` entry, with where it is written (for `porthole check`'s
    /// over-allocation warning, also for a client kept from the manifest).
    struct Member: Sendable, Codable, Equatable {
        var person: String
        var role: String?
        var allocation: Int
        var from: CalendarDate
        var to: CalendarDate?
        var file: String
        var line: Int
        var column: Int

        init(
            person: String, role: String?, allocation: Int, from: CalendarDate, to: CalendarDate?, file: String, line: Int,
            column: Int
        ) {
            (self.person, self.role, self.allocation, self.from, self.to) = (person, role, allocation, from, to)
            (self.file, self.line, self.column) = (file, line, column)
        }

        init(_ a: TeamAssignment) {
            self.init(
                person: a.person, role: a.role, allocation: a.allocation, from: a.from, to: a.to, file: a.location.file,
                line: a.location.line, column: a.location.column)
        }

        var assignment: TeamAssignment {
            TeamAssignment(
                person: person, role: role, allocation: allocation, from: from, to: to,
                location: SourceLocation(file: file, line: line, column: column))
        }
    }

    // MARK: Manifest record

    static let outlookFieldCount = 5
    /// Between items of a list, and between the parts of an item: control
    /// characters that no content value may hold (`Fields.string`).
    private static let itemSeparator: Character = "\u{1E}"
    private static let partSeparator: Character = "\u{1F}"

    private static func text(_ value: String?) -> String { value.map { "=" + $0 } ?? "-" }
    private static func optionalText(_ field: Substring) -> (ok: Bool, value: String?) {
        field == "-" ? (true, nil) : field.hasPrefix("=") ? (true, String(field.dropFirst())) : (false, nil)
    }
    private static func joined(_ items: [[String]]) -> String {
        items.map { $0.joined(separator: String(partSeparator)) }.joined(separator: String(itemSeparator))
    }
    private static func items(_ field: String, parts: Int) -> [[Substring]]? {
        var items: [[Substring]] = []
        // On UTF-8 bytes: both separators are ASCII, and a row is read for
        // every kept client of every build.
        for item in field.utf8.split(separator: itemSeparator.asciiValue!) {
            let split = item.split(separator: partSeparator.asciiValue!, omittingEmptySubsequences: false).map { Substring($0) }
            guard split.count == parts else { return nil }
            items.append(split)
        }
        return items
    }

    var outlookFields: [String] {
        let text = Self.text
        let health = String(self.health.map { $0?.letter ?? "-" })
        let changes = Self.joined(
            self.changes.map {
                [$0.kind, $0.item, $0.title, text($0.from), text($0.to), text($0.days.map(String.init)), text($0.date?.description)]
            })
        let variance = self.variance.map {
            Self.joined([
                [$0.milestone, $0.title, $0.baseline.description, $0.forecast.description, String($0.days)]
                    + [$0.trend.map(String.init).joined(separator: ",")]
            ])
        }
        let team = Self.joined(
            self.team.map {
                [$0.person, text($0.role), String($0.allocation), $0.from.description, text($0.to?.description), $0.file]
                    + [String($0.line), String($0.column)]
            })
        return [text(accountManager), health, changes, text(variance), team]
    }

    typealias Outlook = (String?, [WeeklyHealth?], [Change], Variance?, [Member])

    /// The outlook fields read back; nil when one is not well formed.
    static func outlook(_ fields: ArraySlice<String>) -> Outlook? {
        let f = Array(fields)
        let manager = optionalText(Substring(f[0]))
        var health: [WeeklyHealth?] = []
        for letter in f[1] {
            if letter == "-" {
                health.append(nil)
            } else if let state = WeeklyHealth(letter: letter) {
                health.append(state)
            } else {
                return nil
            }
        }
        guard manager.ok, let changes = self.changes(f[2]), let team = self.team(f[4]) else { return nil }
        let varianceField = optionalText(Substring(f[3]))
        guard varianceField.ok else { return nil }
        var variance: Variance?
        if let value = varianceField.value {
            guard let parts = items(value, parts: 6)?.first, let baseline = CalendarDate(iso: String(parts[2])),
                let forecast = CalendarDate(iso: String(parts[3])), let days = Int(parts[4])
            else { return nil }
            let trend = parts[5].split(separator: ",").compactMap { Int($0) }
            variance = Variance(
                milestone: String(parts[0]), title: String(parts[1]), baseline: baseline, forecast: forecast, days: days, trend: trend)
        }
        return (manager.value, health, changes, variance, team)
    }

    private static func changes(_ field: String) -> [Change]? {
        guard let items = items(field, parts: 7) else { return nil }
        var changes: [Change] = []
        for p in items {
            let (from, to, days, date) = (optionalText(p[3]), optionalText(p[4]), optionalText(p[5]), optionalText(p[6]))
            guard from.ok, to.ok, days.ok, date.ok else { return nil }
            let number = days.value.flatMap { Int($0) }
            let day = date.value.flatMap { CalendarDate(iso: $0) }
            guard (days.value == nil) == (number == nil), (date.value == nil) == (day == nil) else { return nil }
            changes.append(
                Change(kind: String(p[0]), item: String(p[1]), title: String(p[2]), from: from.value, to: to.value, days: number, date: day)
            )
        }
        return changes
    }

    private static func team(_ field: String) -> [Member]? {
        guard let items = items(field, parts: 8) else { return nil }
        var team: [Member] = []
        for p in items {
            let (role, to) = (optionalText(p[1]), optionalText(p[4]))
            guard role.ok, to.ok, let allocation = Int(p[2]), let from = CalendarDate(iso: String(p[3])),
                let line = Int(p[6]), let column = Int(p[7])
            else { return nil }
            let end = to.value.flatMap { CalendarDate(iso: $0) }
            guard (to.value == nil) == (end == nil) else { return nil }
            team.append(
                Member(
                    person: String(p[0]), role: role.value, allocation: allocation, from: from, to: end, file: String(p[5]), line: line,
                    column: column))
        }
        return team
    }
}
