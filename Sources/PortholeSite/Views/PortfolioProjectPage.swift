import PortholeCore
import PortholeMarkdown

/// `portfolio/<client>/<project>/index.html`: one project as the agency
/// sees it. Unlike the portal, `project` here is the full project: internal
/// milestones, RAID items and decisions are shown and marked, and the latest
/// update is rendered whole, its `## Internal` section included.
struct PortfolioProjectPage {
    let view: PortfolioView
    let client: Client
    let project: Project
    let playbook: Playbook?
    let row: PortfolioRow
    /// This build's warnings about the project's files.
    let warnings: [Diagnostic]
    /// The client's portal (base_url + folder, with the link token).
    let portalURL: String

    static let toRoot = "../../"

    var dates: DateText { view.dates }
    var today: CalendarDate { view.today }
    var words: ThemeStrings { view.words }
    var records: RecordRows { RecordRows(today: today, dates: dates, words: words) }
    /// Of the full project, as the row's counts.
    var health: ProjectHealth { ProjectHealth(project: project, playbook: playbook, today: today) }

    func context() -> PageContext {
        var context = view.layout(
            title: words.format(.portfolioProjectTitle, ["project": project.name, "client": client.name]), toRoot: Self.toRoot)
        context["breadcrumbs"] =
            ["items": [["label": words[.portfolioBreadcrumb], "href": Self.toRoot + "index.html"] as PageContext]] as PageContext
        context["heading"] = project.name
        context["clientName"] = client.name
        context["access"] = words.label(client.access)
        if PortfolioView.isWebAddress(portalURL) {
            context["portalURL"] = portalURL + project.slug + "/index.html"
        }
        context["facts"] = facts()
        context["trend"] = view.trend(row.trend)
        context["summaryHTML"] = MarkdownNote.html(project.summary, headingShift: 2)
        context["warnings"] = list(
            warnings.map { diagnostic -> PageContext in
                ["message": diagnostic.message, "location": diagnostic.location.map { "\($0.file):\($0.line)" } ?? ""]
            })
        if let latest = project.latestUpdate {
            context["latest"] =
                [
                    "date": dates.medium(latest.date),
                    "dateISO": latest.date.description,
                    "headline": latest.headline,
                    "author": latest.author,
                    "rag": words.context(latest.status),
                    "hadInternal": latest.note.hadInternalSection,
                    "html": MarkdownNote.agencyHTML(latest.body, headingShift: 1),
                ] as PageContext
        }
        let milestones = project.milestones.sorted { ($0.forecast, $0.id) < ($1.forecast, $1.id) }
        context["milestones"] = list(milestones.map(milestoneRow))
        let risks = project.risks.sorted {
            ($0.isOpen ? 0 : 1, -$0.score, $0.id) < ($1.isOpen ? 0 : 1, -$1.score, $1.id)
        }
        let health = health
        context["risks"] = list(risks.map { riskRow($0, health: health) })
        let decisions = project.decisions.sorted { ($0.date, $0.number) > ($1.date, $1.number) }
        context["decisions"] = list(decisions.map(decisionRow))
        context["money"] = money()
        return context
    }

    /// Budget, change requests (internal ones marked) and KPIs with their
    /// latest values: everything, whatever the budget's visibility.
    func money() -> PageContext? {
        let text = MoneyText(localeIdentifier: view.locale, words: words)
        var context: PageContext = [:]
        if let budget = project.budget, let value = EarnedValue(project: project, on: today) {
            var figures: PageContext = [
                "budget": text.amount(value.budgetAtCompletion, budget.unit),
                "original": text.amount(budget.amount, budget.unit),
                "spent": text.amount(value.actualCost, budget.unit),
                "planned": text.amount(value.plannedValue, budget.unit),
                "earned": text.amount(value.earnedValue, budget.unit),
                "cpi": value.costPerformanceIndex.map(text.index) ?? "–",
                "spi": value.schedulePerformanceIndex.map(text.index) ?? "–",
                "forecast": value.estimateAtCompletion.map { text.amount($0, budget.unit) } ?? "–",
                "visibility": budget.visibility.rawValue,
            ]
            figures["overrun"] = row.money?.overrun ?? false
            context["budget"] = figures
        }
        let unit = project.budget?.unit
        context["changes"] = list(
            project.changeRequests.map { change -> PageContext in
                [
                    "reference": change.reference, "title": change.title, "status": words.label(change.status),
                    "cost": unit.map { text.amount(change.cost, $0) } ?? text.number(change.cost),
                    "days": words.format(.changeDays, ["days": String(change.days)]), "internal": change.isInternal,
                ]
            })
        context["kpis"] = list(
            project.kpis.map { kpi -> PageContext in
                let latest = project.updates.reversed().lazy.compactMap { $0.kpiValues.first { $0.kpi == kpi.id } }.first
                return [
                    "name": kpi.name, "baseline": text.number(kpi.baseline), "target": text.number(kpi.target),
                    "latest": latest.map { text.number($0.value) } ?? "–", "unit": kpi.unit, "internal": kpi.isInternal,
                ]
            })
        return context.isEmpty || (context["budget"] == nil && context["changes"] == nil && context["kpis"] == nil) ? nil : context
    }

    /// A list for a wrapping template section: absent when empty.
    private func list(_ items: [PageContext]) -> PageContext? {
        items.isEmpty ? nil : ["items": items, "count": items.count]
    }

    func facts() -> PageContext {
        var facts: PageContext = [
            "pm": project.pm,
            "playbook": row.playbook,
            "start": dates.medium(project.start),
            "startISO": project.start.description,
            "overdue": row.overdue,
            "highRisks": row.highRisks,
            "awaiting": row.awaiting,
        ]
        if let manager = client.accountManager { facts["accountManager"] = manager }
        if let phase = project.phase { facts["phase"] = phase }
        if let target = project.target {
            facts["target"] = dates.medium(target)
            facts["targetISO"] = target.description
        }
        if let latest = project.latestUpdate { facts.merge(records.latest(latest)) { _, new in new } }
        if let days = row.staleDays {
            let allowed = playbook?.staleAfterDays ?? days
            facts["stale"] = words.format(
                .portfolioProjectStale, ["days": String(days), "playbook": row.playbook, "allowed": String(allowed)])
        }
        return facts
    }

    func milestoneRow(_ milestone: Milestone) -> PageContext {
        var row = records.milestone(milestone)
        row["internal"] = milestone.isInternal
        return row
    }

    func riskRow(_ risk: RaidItem, health: ProjectHealth) -> PageContext {
        var row = records.risk(risk, milestones: [], highRiskScore: health.highRiskScore)
        row["high"] = health.isHighRisk(risk)
        row["internal"] = risk.isInternal
        // The portfolio names a threatened milestone by its id alone.
        if let milestone = risk.milestone { row["milestone"] = milestone }
        return row
    }

    func decisionRow(_ decision: Decision) -> PageContext {
        var row = records.decision(decision)
        row["internal"] = decision.isInternal
        // An internal decision has no page in the portal: its record is here.
        if decision.isInternal { row["html"] = MarkdownNote.agencyHTML(decision.body, headingShift: 2) }
        return row
    }
}
