/// Reading the detailed-report CSV exports of Harvest, Toggl Track and
/// Clockify into time entries for `timesheet.csv` (docs/importing-time.md).
/// Only the columns below are read; the others (billable, rates, tags,
/// clients, times of day) are ignored. Whatever the tool, the same work
/// gives the same entries: person, task (the tool's task, or the entry's
/// description when it has none), hours to the hundredth.
public enum TimeImport {
    public enum Format: String, Sendable, CaseIterable {
        case harvest, toggl, clockify

        /// Columns read, by role.
        var columns: (date: String, project: String, task: String, description: String, hours: String, person: [String]) {
            switch self {
            case .harvest: ("Date", "Project", "Task", "Notes", "Hours", ["First Name", "Last Name"])
            case .toggl: ("Start date", "Project", "Task", "Description", "Duration", ["User"])
            case .clockify: ("Start Date", "Project", "Task", "Description", "Duration (decimal)", ["User"])
            }
        }
    }

    /// One entry of the export, with the tool's project name.
    public struct Row: Sendable, Equatable {
        public let project: String
        public let entry: TimeEntry
        public let line: Int
    }

    /// Every row of `text`, or every problem (`file:line`), never both.
    public static func read(_ text: String, format: Format, file: String) -> (rows: [Row], problems: [Timesheet.Problem]) {
        let records: [CSV.Record]
        switch CSV.parse(text) {
        case .success(let parsed): records = parsed
        case .failure(.unclosedQuote(let line)):
            return ([], [Timesheet.Problem(SourceLocation(file: file, line: line), "a quoted field is not closed")])
        }
        guard let header = records.first else {
            return ([], [Timesheet.Problem(SourceLocation(file: file), "the file is empty; expected a \(format.rawValue) detailed report")])
        }
        let c = format.columns
        var index: [String: Int] = [:]
        for (position, name) in header.fields.enumerated() where index[name] == nil { index[name] = position }
        let needed = [c.date, c.project, c.task, c.description, c.hours] + c.person
        let missing = needed.filter { index[$0] == nil }
        guard missing.isEmpty else {
            let list = missing.map { "'\($0)'" }.joined(separator: ", ")
            return (
                [],
                [
                    Timesheet.Problem(
                        SourceLocation(file: file, line: header.line), "not a \(format.rawValue) detailed report: no column \(list)")
                ]
            )
        }
        var rows: [Row] = []
        var problems: [Timesheet.Problem] = []
        for record in records.dropFirst() {
            let at = SourceLocation(file: file, line: record.line)
            func field(_ name: String) -> String {
                let i = index[name]!
                return i < record.fields.count ? record.fields[i].trimmingCharacters(in: " \t") : ""
            }
            guard record.fields.count == header.fields.count else {
                problems.append(.init(at, "expected \(header.fields.count) fields like the header, got \(record.fields.count)"))
                continue
            }
            guard let date = Self.date(field(c.date)) else {
                problems.append(.init(at, "'\(c.date)' must be a date (YYYY-MM-DD or MM/DD/YYYY), got '\(field(c.date))'"))
                continue
            }
            guard let hours = Self.hours(field(c.hours), format: format), Timesheet.hoursOfAnEntry.contains(hours) else {
                let expected = format == .toggl ? "a duration as H:MM:SS, at most 24 hours" : "a number of hours from 0 to 24"
                problems.append(.init(at, "'\(c.hours)' must be \(expected), got '\(field(c.hours))'"))
                continue
            }
            let project = field(c.project)
            guard !project.isEmpty else {
                problems.append(.init(at, "'\(c.project)' is empty: an entry without a project cannot be matched"))
                continue
            }
            let person = c.person.map(field).filter { !$0.isEmpty }.joined(separator: " ")
            let task = field(c.task).isEmpty ? field(c.description) : field(c.task)
            rows.append(Row(project: project, entry: TimeEntry(date: date, person: person, task: task, hours: hours), line: record.line))
        }
        return problems.isEmpty ? (rows, []) : ([], problems)
    }

    /// `2026-11-02` or `11/02/2026`.
    static func date(_ text: String) -> CalendarDate? {
        if let iso = CalendarDate(iso: text) { return iso }
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 3, let month = parts[0], let day = parts[1], let year = parts[2] else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// Decimal hours (Harvest, Clockify) or `H:MM:SS` (Toggl), to the hundredth.
    static func hours(_ text: String, format: Format) -> Double? {
        if format == .toggl {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 3, let h = parts[0], let m = parts[1], let s = parts[2], h >= 0, (0..<60).contains(m), (0..<60).contains(s)
            else { return nil }
            return Timesheet.rounded(Double(h) + Double(m) / 60 + Double(s) / 3600)
        }
        guard let value = Fields.plainNumber(text), value >= 0 else { return nil }
        return Timesheet.rounded(value)
    }
}
