import PortholeCore
import PortholeMarkdown

/// One client's weekly e-mail in one language (`porthole digest`,
/// docs/client-email.md): what the `email/digest-html` and
/// `email/digest-text` templates render. The client is filtered to what it
/// may see first, and every note goes through the portal's own stripping
/// (`MarkdownNote`), so the mail shows exactly what the portal shows.
struct DigestView {
    let portal: Portal
    /// Already client-visible.
    let client: Client
    let playbooks: [String: Playbook]
    /// The digest's day: the week is the seven days ending on it.
    let week: CalendarDate
    let dates: DateText
    let words: ThemeStrings
    /// The client's portal, `https://…/<folder>/`.
    let portalURL: String
    /// The language tag of the mail (`lang`).
    let language: String

    /// Milestones due (by forecast) within this many days show.
    static let milestoneHorizon = 14

    var weekStart: CalendarDate { week.adding(days: -6) }
    var isLocked: Bool { client.access == .password }

    /// The client's overall status: its worst current RAG.
    var worstStatus: RAGStatus? { client.projects.compactMap(\.currentStatus).max() }

    /// The subject: the playbook's `digest_subject` (of the client's first
    /// project whose playbook has one), else the theme's.
    func subject() -> String {
        let template = client.projects.lazy.compactMap { self.playbooks[$0.playbook]?.digestSubject }.first
        // A password portal's status is its content too: not in a subject.
        let rag = isLocked ? words[.digestLockedStatus] : worstStatus.map { words.label($0) } ?? words[.digestNoStatus]
        let values: KeyValuePairs<String, String> = ["client": client.name, "date": dates.short(week), "rag": rag]
        guard let template else { return words.format(.digestSubject, values) }
        return ThemeStrings.fill(template, placeholders: ThemeStrings.Key.digestSubject.placeholders, values)
    }

    func context() -> PageContext {
        var context: PageContext = [
            "lang": language,
            "subject": subject(),
            "agency": AgencyContext.of(portal),
            "client": ["name": client.name, "portalURL": portalURL] as PageContext,
            "week": words.format(.digestWeek, ["from": dates.medium(weekStart), "to": dates.medium(week)]),
            "weekISO": week.description,
        ]
        if isLocked {
            // A password portal's content never leaves it: a notice and the link.
            context["locked"] = true
            return context
        }
        if let status = worstStatus { context["rag"] = badge(status) }
        context["projects"] = client.projects.map(project)
        return context
    }

    func project(_ project: Project) -> PageContext {
        let url = portalURL + project.slug + "/"
        var row: PageContext = ["name": project.name, "url": url, "pm": project.pm]
        if let latest = project.latestUpdate {
            row["rag"] = badge(latest.status)
            row["headline"] = latest.headline
            row["updated"] = dates.medium(latest.date)
        }
        let updates = project.updates.filter { $0.date >= weekStart && $0.date <= week }.reversed()
        row["updates"] = portalList(
            updates.map { update in
                [
                    "date": dates.medium(update.date), "headline": update.headline, "author": update.author,
                    "rag": badge(update.status), "url": url + "updates/\(update.date)/",
                    "html": MarkdownNote.html(update.body, headingShift: 2),
                    "text": MarkdownNote.clientMarkdown(update.body).trimmingTrailingNewlines(),
                ] as PageContext
            })
        let horizon = week.adding(days: Self.milestoneHorizon)
        let due = project.upcomingMilestones.filter { $0.forecast <= horizon }
        row["milestones"] = portalList(due.map { milestone(milestone: $0, url: url) })
        let awaiting = project.decisions.filter(\.awaitsClient).sorted { ($0.due ?? .distant, $0.number) < ($1.due ?? .distant, $1.number) }
        row["decisions"] = portalList(awaiting.map { decision($0, url: url) })
        return row
    }

    private func milestone(milestone: Milestone, url: String) -> PageContext {
        let state = milestone.state(today: week)
        var row: PageContext = [
            "id": milestone.id, "title": milestone.title, "forecast": dates.medium(milestone.forecast),
            "state": words.label(state), "gate": milestone.gate,
            "url": url + "milestones/#" + CrossReferenceTargets.milestoneAnchor(milestone.id),
        ]
        if milestone.gate { row["gateLabel"] = words[.digestGate] }
        return row
    }

    private func decision(_ decision: Decision, url: String) -> PageContext {
        var row: PageContext = [
            "reference": decision.reference, "title": decision.title, "url": url + "decisions/\(decision.paddedNumber)/",
        ]
        if let due = decision.due {
            row["due"] = words.format(.digestAnswerBy, ["date": dates.medium(due)])
            row["late"] = due < week
        }
        return row
    }

    /// A RAG status for a mail: its word, meaning and shape, and colours
    /// that read on light and dark backgrounds alike (white on a mid-tone).
    func badge(_ status: RAGStatus) -> PageContext {
        let colour =
            switch status {
            case .green: "#1e7b34"
            case .amber: "#8a5300"
            case .red: "#b42318"
            }
        var badge = words.context(status)
        badge["colour"] = colour
        return badge
    }

    private func portalList(_ items: [PageContext]) -> PageContext? {
        items.isEmpty ? nil : ["items": items]
    }
}

extension CalendarDate {
    /// Sorts after every real date.
    static let distant = CalendarDate(year: 2999, month: 12, day: 31)!
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
