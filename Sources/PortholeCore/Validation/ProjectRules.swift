import PortholeMarkdown

/// Checks that need more than one file: references between items, and the
/// playbook's reporting standard (content.md "Errors": errors stop a build,
/// warnings are reported and the build goes on).
public struct ProjectRules: Sendable {
    public let playbooks: [String: Playbook]
    public let today: CalendarDate

    public init(playbooks: [String: Playbook], today: CalendarDate) {
        self.playbooks = playbooks
        self.today = today
    }

    public func check(_ client: Client) -> DiagnosticLog {
        var log = DiagnosticLog()
        for project in client.projects { check(project, &log) }
        return log
    }

    func check(_ project: Project, _ log: inout DiagnosticLog) {
        guard let playbook = playbooks[project.playbook] else {
            log.error(
                "unknown-reference",
                "playbook '\(project.playbook)' does not exist in playbooks/\(Suggestion.hint(for: project.playbook, in: Array(playbooks.keys)))",
                at: project.playbookLocation)
            checkReferences(project, &log)
            checkMoney(project, nil, &log)
            return
        }
        checkReferences(project, &log)
        if let phase = project.phase, !playbook.phases.isEmpty, !playbook.phases.contains(phase) {
            log.warning(
                "unknown-phase",
                "phase '\(phase)' is not one of the \(playbook.name) phases (\(playbook.phases.joined(separator: ", ")))\(Suggestion.hint(for: phase, in: playbook.phases))",
                at: project.phaseLocation ?? project.location)
        }
        let health = ProjectHealth(project: project, playbook: playbook, today: today)
        checkUpdates(project, playbook, health, &log)
        checkHealth(project, health, &log)
        checkStandard(project, &log)
        checkMoney(project, playbook, &log)
    }

    /// What `ProjectHealth` finds that the PM must act on: an overdue
    /// milestone nobody reported, and a status the data contradicts.
    func checkHealth(_ project: Project, _ health: ProjectHealth, _ log: inout DiagnosticLog) {
        let latest = health.latestUpdate
        // An overdue milestone is a forecast that has passed: the PM either
        // re-forecasts it or tells the client in the latest note. For a
        // client-visible milestone only what the client sees counts (not a
        // mention under ## Internal); an internal one may be reported there.
        for milestone in health.overdueMilestones {
            let reported =
                latest.map { update in
                    milestone.isInternal
                        ? mentions(update.body, id: milestone.id)
                        : mentions(update.headline + "\n" + MarkdownNote.visibleText(of: update.body), id: milestone.id)
                } ?? false
            if !reported {
                log.warning(
                    "overdue-milestone",
                    "milestone \(milestone.id) '\(milestone.title)' is overdue (forecast \(milestone.forecast)) and the latest update does not mention it\(milestone.isInternal ? "" : " where the client can read it"); re-forecast it or report it",
                    at: milestone.location)
            }
        }
        // The RAG the client reads must agree with what the client sees.
        guard let latest else { return }
        for contradiction in health.contradictions {
            switch contradiction {
            case .overdueMilestone(let first):
                log.warning(
                    "rag-contradiction",
                    "status is green but milestone \(first.id) is overdue; the RAG should say what the data says",
                    at: latest.statusLocation)
            case .severeRisk(let worst):
                log.warning(
                    "rag-contradiction",
                    "status is green but \(worst.kind.rawValue) \(worst.id) is open with score \(worst.score) (probability \(worst.probability) x impact \(worst.impact))",
                    at: latest.statusLocation)
            }
        }
    }

    func checkReferences(_ project: Project, _ log: inout DiagnosticLog) {
        let milestoneIDs = project.milestones.map(\.id)
        for risk in project.risks {
            if let id = risk.milestone, !milestoneIDs.contains(id) {
                log.error(
                    "unknown-reference",
                    "RAID item \(risk.id) refers to milestone '\(id)', which does not exist in this project\(Suggestion.hint(for: id, in: milestoneIDs))",
                    at: risk.milestoneLocation ?? risk.location)
            }
        }
        let numbers = Set(project.decisions.map(\.number))
        for decision in project.decisions {
            guard let earlier = decision.supersedes else { continue }
            if !numbers.contains(earlier) {
                log.error(
                    "unknown-reference",
                    "\(decision.reference) supersedes \(Decision.reference(earlier)), which does not exist in this project",
                    at: decision.supersedesLocation ?? decision.location)
            } else if earlier == decision.number {
                log.error(
                    "unknown-reference", "\(decision.reference) cannot supersede itself",
                    at: decision.supersedesLocation ?? decision.location)
            }
        }
    }

    func checkUpdates(_ project: Project, _ playbook: Playbook, _ health: ProjectHealth, _ log: inout DiagnosticLog) {
        guard let latest = project.latestUpdate else {
            log.warning("no-updates", "project has no weekly updates yet (add updates/YYYY-MM-DD.md)", at: project.location)
            return
        }
        if let days = health.staleDays {
            log.warning(
                "stale-update",
                "latest update is \(days) days old; \(playbook.name) projects report every \(playbook.update.cadenceDays) days (\(playbook.update.graceDays) days' grace)",
                at: latest.location)
        }
        for update in project.updates { checkSections(update, playbook, &log) }
        if TextSearch.contains(project.summary, Scaffold.placeholderMarker) {
            log.warning(
                "placeholder", "the project summary still has placeholder text from 'porthole new project'; write it for the client",
                at: project.location)
        }
        for decision in project.decisions {
            if TextSearch.contains(decision.title, Scaffold.placeholderMarker)
                || TextSearch.contains(decision.body, Scaffold.placeholderMarker)
            {
                log.warning(
                    "placeholder", "the decision still has placeholder text from 'porthole new decision'; write it before publishing",
                    at: decision.location)
            }
            for heading in decision.note.misplacedInternalHeadings {
                log.warning(
                    "internal-heading-level",
                    "this 'Internal' heading is level \(heading.level), so its text IS published; only a top-level '## Internal' section is kept from the client",
                    at: SourceLocation(file: decision.location.file, line: decision.bodyLine - 1 + heading.line, column: heading.column))
            }
        }
    }

    /// A summary whose words the loader did not count: a loader that makes
    /// a weekly note must count them (`MarkdownNote`'s `countingWordsOf`),
    /// or the limit would go unchecked without a word.
    private static func uncounted(_ summary: NoteSection) -> Int? {
        assertionFailure("the summary of a weekly note was loaded without its words counted")
        return nil
    }

    /// The playbook's required sections, present and in order, and the
    /// summary within its word limit.
    func checkSections(_ update: WeeklyUpdate, _ playbook: Playbook, _ log: inout DiagnosticLog) {
        let sections = update.note.sections
        func location(_ section: NoteSection) -> SourceLocation {
            SourceLocation(file: update.location.file, line: update.bodyLine - 1 + section.line, column: section.column)
        }
        for heading in update.note.misplacedInternalHeadings {
            log.warning(
                "internal-heading-level",
                "this 'Internal' heading is level \(heading.level)\(heading.level == 2 ? " inside another block" : ""), so its text IS published; only a top-level '## Internal' section is kept from the client",
                at: SourceLocation(file: update.location.file, line: update.bodyLine - 1 + heading.line, column: heading.column))
        }
        if TextSearch.contains(update.headline, Scaffold.placeholderMarker) || TextSearch.contains(update.body, Scaffold.placeholderMarker)
        {
            log.warning(
                "placeholder", "the note still has placeholder text from 'porthole new update'; write this week's news before publishing",
                at: update.location)
        }
        let required = playbook.update.requiredSections
        // Headings match in any case; each title lower-cased once, not once
        // per section the playbook asks for.
        let titles = sections.map { $0.title.lowercased() }
        var lastIndex = -1
        for name in required {
            guard let index = titles.firstIndex(of: name.lowercased()) else {
                log.warning(
                    "missing-section", "missing required section '## \(name)' (\(playbook.name) playbook)",
                    at: SourceLocation(file: update.location.file, line: update.bodyLine))
                continue
            }
            if index < lastIndex {
                log.warning(
                    "section-order",
                    "section '## \(sections[index].title)' is out of order: the \(playbook.name) playbook wants \(required.joined(separator: ", "))",
                    at: location(sections[index]))
            }
            lastIndex = max(lastIndex, index)
        }
        for section in sections where !section.hasWords {
            log.warning(
                "empty-section", "section '## \(section.title)' is empty; write a line, even 'Nothing this week.'",
                at: location(section))
        }
        if let limit = playbook.update.summaryMaxWords,
            let summary = titles.firstIndex(of: Playbook.UpdateStandard.summarySection).map({ sections[$0] }),
            let words = summary.wordCount ?? Self.uncounted(summary), words > limit
        {
            log.warning(
                "summary-too-long", "summary has \(words) words; the playbook's limit is \(limit)",
                at: location(summary))
        }
    }
}
