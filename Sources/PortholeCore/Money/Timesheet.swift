import Foundation

/// A project's `timesheet.csv`: the one format every time-tracking import
/// is written in, and read back as spend (docs/importing-time.md).
///
/// ```
/// date,person,task,hours
/// 2026-11-02,Zoe Nguyen,Test build FW-021,3.25
/// ```
///
/// Entries sorted by date, person, task and hours; hours to the hundredth.
public enum Timesheet {
    public static let fileName = "timesheet.csv"
    public static let header = ["date", "person", "task", "hours"]

    public struct Problem: Error, Sendable, Equatable {
        public let location: SourceLocation
        public let message: String

        public init(_ location: SourceLocation, _ message: String) {
            self.location = location
            self.message = message
        }
    }

    /// Every entry of a timesheet, or (none and) every problem found in it.
    public static func parse(_ text: String, file: String) -> (entries: [TimeEntry], problems: [Problem]) {
        let records: [CSV.Record]
        switch CSV.parse(text) {
        case .success(let parsed): records = parsed
        case .failure(.unclosedQuote(let line)):
            return ([], [Problem(SourceLocation(file: file, line: line), "a quoted field is not closed")])
        }
        guard let first = records.first, first.fields == header else {
            return ([], [Problem(SourceLocation(file: file), "the first line must be '\(header.joined(separator: ","))'")])
        }
        var entries: [TimeEntry] = []
        var problems: [Problem] = []
        for record in records.dropFirst() {
            let at = SourceLocation(file: file, line: record.line)
            guard record.fields.count == header.count else {
                problems.append(
                    Problem(at, "expected \(header.count) fields (\(header.joined(separator: ","))), got \(record.fields.count)"))
                continue
            }
            guard let date = CalendarDate(iso: record.fields[0]) else {
                problems.append(Problem(at, "'date' must be a date as YYYY-MM-DD, got '\(record.fields[0])'"))
                continue
            }
            guard let hours = Double(record.fields[3]), hoursOfAnEntry.contains(hours) else {
                problems.append(Problem(at, "'hours' must be a number of hours from 0 to 24, got '\(record.fields[3])'"))
                continue
            }
            entries.append(TimeEntry(date: date, person: record.fields[1], task: record.fields[2], hours: hours))
        }
        return problems.isEmpty ? (entries, []) : ([], problems)
    }

    /// The file's text for these entries, sorted.
    public static func text(_ entries: [TimeEntry]) -> String {
        let sorted = entries.sorted { ($0.date, $0.person, $0.task, $0.hours) < ($1.date, $1.person, $1.task, $1.hours) }
        return CSV.line(header) + sorted.map { CSV.line([$0.date.description, $0.person, $0.task, hoursText($0.hours)]) }.joined()
    }

    /// What one entry may hold: a day at most. The build refuses other hours
    /// in a timesheet, and the import refuses them in an export, so it never
    /// writes a file the build then refuses.
    public static let hoursOfAnEntry = 0.0...24.0

    /// 1.5 → "1.50".
    public static func hoursText(_ hours: Double) -> String { String(format: "%.2f", locale: Locale(identifier: "en_US_POSIX"), hours) }

    /// Hours to the hundredth (what the file keeps).
    public static func rounded(_ hours: Double) -> Double { (hours * 100).rounded() / 100 }

    /// Total hours to the end of each day that has entries, by date.
    public static func cumulative(_ entries: [TimeEntry]) -> [(CalendarDate, Double)] {
        var byDay: [CalendarDate: Double] = [:]
        for entry in entries { byDay[entry.date, default: 0] += entry.hours }
        var total = 0.0
        return byDay.keys.sorted().map { day in
            total += byDay[day]!
            return (day, (total * 100).rounded() / 100)
        }
    }
}
