/// What changed in one project during the portfolio's week
/// (`PortfolioWeek`): the one definition the portfolio's "What changed since
/// last week" section and its JSON export read. Every rule compares the
/// project at the end of `week.previous` with today, from the files alone:
/// notes carry their date and RAG, milestones `done` and `moved`, RAID
/// items `raised` and `closed`, decisions `date` and `due`
/// (docs/content-format.md, "What changed since last week").
public struct PortfolioChange: Sendable, Equatable {
    /// In the order the section lists them.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// The RAG differs from last week's (or the first note arrived).
        case ragChanged = "rag-changed"
        /// Red now, not red last week.
        case newRed = "new-red"
        case milestoneHit = "milestone-hit"
        /// Overdue now, not overdue last week.
        case milestoneMissed = "milestone-missed"
        /// The forecast differs from last week's.
        case milestoneMoved = "milestone-moved"
        /// Raised this week, and a high risk now.
        case newHighRisk = "new-high-risk"
        /// Closed this week, scoring at the high-risk threshold.
        case closedHighRisk = "closed-high-risk"
        /// Accepted or rejected, dated this week.
        case decisionTaken = "decision-taken"
        /// Still proposed, and its answer date passed this week.
        case decisionOverdue = "decision-overdue"
        /// Stale now, not stale last week.
        case goneStale = "gone-stale"
    }

    public var kind: Kind
    /// The item's id (`M5`, `R2`, `D-0005`); empty for the project itself.
    public var item: String
    public var title: String
    /// Last week's value (a RAG, a forecast date), when the kind has one.
    public var from: String?
    /// This week's value (a RAG, a forecast date, a decision's status).
    public var to: String?
    /// Days: how far a milestone moved (positive: later), a hit milestone
    /// against its baseline (positive: late), a missed one's days overdue,
    /// a stale project's days since its note.
    public var days: Int?
    /// When it happened, where the files say.
    public var date: CalendarDate?

    public init(
        kind: Kind, item: String = "", title: String = "", from: String? = nil, to: String? = nil, days: Int? = nil,
        date: CalendarDate? = nil
    ) {
        (self.kind, self.item, self.title, self.from, self.to, self.days, self.date) = (kind, item, title, from, to, days, date)
    }

    /// Every change of `project` in `week`, by kind, then in the order of
    /// the project's files.
    public static func of(_ project: Project, playbook: Playbook?, week: PortfolioWeek) -> [PortfolioChange] {
        var changes = statusChanges(project, playbook: playbook, week: week)
        changes += milestoneChanges(project, week: week)
        changes += riskChanges(project, playbook: playbook, week: week)
        changes += decisionChanges(project, week: week)
        let order = Dictionary(uniqueKeysWithValues: Kind.allCases.enumerated().map { ($1, $0) })
        return changes.enumerated().sorted { (order[$0.element.kind]!, $0.offset) < (order[$1.element.kind]!, $1.offset) }.map(\.element)
    }

    static func statusChanges(_ project: Project, playbook: Playbook?, week: PortfolioWeek) -> [PortfolioChange] {
        var changes: [PortfolioChange] = []
        let (before, now) = (project.rag(on: week.previous), project.rag(on: week.today))
        if let now, now != before {
            let date = project.update(on: week.today)?.date
            changes.append(PortfolioChange(kind: .ragChanged, from: before?.rawValue, to: now.rawValue, date: date))
            if now == .red { changes.append(PortfolioChange(kind: .newRed, from: before?.rawValue, to: now.rawValue, date: date)) }
        }
        if project.isStale(on: week.today, playbook: playbook), !project.isStale(on: week.previous, playbook: playbook),
            let latest = project.update(on: week.today)
        {
            changes.append(PortfolioChange(kind: .goneStale, days: latest.date.days(until: week.today), date: latest.date))
        }
        return changes
    }

    static func milestoneChanges(_ project: Project, week: PortfolioWeek) -> [PortfolioChange] {
        var changes: [PortfolioChange] = []
        for m in project.milestones {
            if let done = m.done, week.contains(done) {
                changes.append(PortfolioChange(kind: .milestoneHit, item: m.id, title: m.title, days: m.due.days(until: done), date: done))
            }
            if m.isOverdue(on: week.today), !m.isOverdue(on: week.previous) {
                let forecast = m.forecast(on: week.today)
                changes.append(
                    PortfolioChange(
                        kind: .milestoneMissed, item: m.id, title: m.title, to: forecast.description,
                        days: forecast.days(until: week.today), date: forecast))
            }
            let (before, now) = (m.forecast(on: week.previous), m.forecast(on: week.today))
            if before != now, !m.isDone(on: week.previous) {
                let on = m.moves.last { week.contains($0.on) }?.on
                changes.append(
                    PortfolioChange(
                        kind: .milestoneMoved, item: m.id, title: m.title, from: before.description, to: now.description,
                        days: before.days(until: now), date: on))
            }
        }
        return changes
    }

    static func riskChanges(_ project: Project, playbook: Playbook?, week: PortfolioWeek) -> [PortfolioChange] {
        let threshold = ProjectHealth.highRiskScore(for: playbook)
        var changes: [PortfolioChange] = []
        for item in project.risks where item.score >= threshold {
            if item.isOpen, let raised = item.raised, week.contains(raised) {
                changes.append(PortfolioChange(kind: .newHighRisk, item: item.id, title: item.title, days: nil, date: raised))
            }
            if !item.isOpen, let closed = item.closed, week.contains(closed) {
                changes.append(
                    PortfolioChange(kind: .closedHighRisk, item: item.id, title: item.title, to: item.status.rawValue, date: closed))
            }
        }
        return changes
    }

    static func decisionChanges(_ project: Project, week: PortfolioWeek) -> [PortfolioChange] {
        var changes: [PortfolioChange] = []
        for d in project.decisions {
            if d.status == .accepted || d.status == .rejected, week.contains(d.date) {
                changes.append(
                    PortfolioChange(kind: .decisionTaken, item: d.reference, title: d.title, to: d.status.rawValue, date: d.date))
            }
            // The rule of `ProjectHealth.lateDecisions`, on two days.
            if d.awaitsClient, !d.isInternal, let due = d.due, week.previous <= due, due < week.today {
                changes.append(
                    PortfolioChange(kind: .decisionOverdue, item: d.reference, title: d.title, days: due.days(until: week.today), date: due)
                )
            }
        }
        return changes
    }
}
