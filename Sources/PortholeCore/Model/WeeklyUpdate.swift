import PortholeMarkdown

/// A PM's weekly status note.
public struct WeeklyUpdate: Sendable {
    /// From the file name.
    public var date: CalendarDate
    public var status: RAGStatus
    public var statusLocation: SourceLocation
    public var headline: String
    public var author: String
    /// The parsed body: its outline for validation and its client HTML.
    public var note: MarkdownNote
    /// Markdown as written, for the internal portfolio and for re-rendering.
    public var body: String
    /// Where the body starts in the file (line after the closing `---`).
    public var bodyLine: Int
    public var location: SourceLocation
    /// `spent:`: spend to date, cumulative, in the budget's unit.
    public var spent: Double? = nil
    public var spentLocation: SourceLocation? = nil
    /// `kpis:`: the values of the project's KPIs this week, by id.
    public var kpiValues: [KPIReading] = []

    public func isStale(today: CalendarDate, playbook: Playbook) -> Bool {
        date.days(until: today) > playbook.staleAfterDays
    }
}
