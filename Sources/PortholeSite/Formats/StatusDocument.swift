import Foundation
import PortholeCore

/// `status.json`: the project's current status for machines (dashboards,
/// Slack bots), described by `docs/status.schema.json`. Only client-visible
/// data; keys sorted so output is reproducible.
struct StatusDocument: Encodable {
    static let schemaVersion = 1

    struct RAG: Encodable {
        let status: String
        let meaning: String
    }

    struct MilestoneEntry: Encodable {
        let id: String
        let title: String
        let due: String
        let forecast: String
        let done: String?
        let gate: Bool
        let state: String
        let owner: String?
    }

    struct RiskEntry: Encodable {
        let id: String
        let type: String
        let title: String
        let probability: Int
        let impact: Int
        let score: Int
        let status: String
        let owner: String?
        let milestone: String?
    }

    struct DecisionEntry: Encodable {
        let number: Int
        let reference: String
        let title: String
        let date: String
        let status: String
        let due: String?
        let url: String
    }

    /// Only when the budget is client-visible (the project is client-visible,
    /// so an internal budget is already gone).
    struct BudgetEntry: Encodable {
        /// An ISO 4217 code, or `hours`.
        let unit: String
        let originalBudget: Double
        let budget: Double
        let spent: Double
        let plannedValue: Double
        let earnedValue: Double
        let costPerformanceIndex: Double?
        let schedulePerformanceIndex: Double?
        let estimateAtCompletion: Double?
    }

    struct ChangeEntry: Encodable {
        let number: Int
        let reference: String
        let title: String
        let status: String
        let cost: Double
        let days: Int
        let milestones: [String]
        let decidedOn: String?
        let due: String?
    }

    struct KPIValue: Encodable {
        let date: String
        let value: Double
    }

    struct KPIEntry: Encodable {
        let id: String
        let name: String
        let unit: String
        let baseline: Double
        let target: Double
        let direction: String
        let values: [KPIValue]
    }

    struct Links: Encodable {
        let portal: String
        let feed: String
        let calendar: String
    }

    let schemaVersion: Int
    let generated: String
    let client: String
    let project: String
    let projectManager: String
    let playbook: String?
    let phase: String?
    let start: String
    let target: String?
    let rag: RAG?
    let headline: String?
    let lastUpdate: String?
    let stale: Bool
    let milestones: [MilestoneEntry]
    let openRisks: [RiskEntry]
    let decisions: [DecisionEntry]
    let budget: BudgetEntry?
    let changeRequests: [ChangeEntry]
    let kpis: [KPIEntry]
    let links: Links

    init(client: Client, project: Project, playbook: Playbook?, links: ProjectLinks, today: CalendarDate, words: ThemeStrings) {
        let health = ProjectHealth(project: project, playbook: playbook, today: today)
        schemaVersion = Self.schemaVersion
        generated = today.description
        self.client = client.name
        self.project = project.name
        projectManager = project.pm
        self.playbook = playbook?.name
        phase = project.phase
        start = project.start.description
        target = project.target?.description
        let latest = health.latestUpdate
        rag = latest.map { RAG(status: $0.status.rawValue, meaning: words.meaning($0.status)) }
        headline = latest?.headline
        lastUpdate = latest?.date.description
        // No update yet counts as stale: there is no current status.
        stale = latest == nil || health.isStale
        milestones = project.milestones.map {
            MilestoneEntry(
                id: $0.id, title: $0.title, due: $0.due.description, forecast: $0.forecast.description,
                done: $0.done?.description, gate: $0.gate, state: $0.state(today: today).rawValue, owner: $0.owner)
        }
        // Only ids of milestones the client can see (the project is client-visible).
        let visibleMilestones = Set(project.milestones.map(\.id))
        openRisks = project.openRisksByScore.map {
            RiskEntry(
                id: $0.id, type: $0.kind.rawValue, title: $0.title, probability: $0.probability, impact: $0.impact,
                score: $0.score, status: $0.status.rawValue, owner: $0.owner,
                milestone: $0.milestone.flatMap { visibleMilestones.contains($0) ? $0 : nil })
        }
        decisions = project.decisions.map {
            DecisionEntry(
                number: $0.number, reference: $0.reference, title: $0.title, date: $0.date.description,
                status: $0.status.rawValue, due: $0.awaitsClient ? $0.due?.description : nil,
                url: links.decisionURL($0))
        }
        budget = Self.budget(project, today: today)
        let visibleIDs = visibleMilestones
        changeRequests = project.changeRequests.map {
            ChangeEntry(
                number: $0.number, reference: $0.reference, title: $0.title, status: $0.status.rawValue, cost: $0.cost,
                days: $0.days, milestones: $0.milestones.filter(visibleIDs.contains), decidedOn: $0.decidedOn?.description,
                due: $0.status == .proposed ? $0.due?.description : nil)
        }
        kpis = project.kpis.map { kpi in
            KPIEntry(
                id: kpi.id, name: kpi.name, unit: kpi.unit, baseline: kpi.baseline, target: kpi.target,
                direction: kpi.direction.rawValue,
                values: project.updates.compactMap { update in
                    update.kpiValues.first { $0.kpi == kpi.id }.map { KPIValue(date: update.date.description, value: $0.value) }
                })
        }
        self.links = Links(portal: links.projectURL, feed: links.feedURL, calendar: links.calendarURL)
    }

    static func budget(_ project: Project, today: CalendarDate) -> BudgetEntry? {
        guard let budget = project.budget, budget.isClientVisible, let value = EarnedValue(project: project, on: today) else { return nil }
        let unit: String
        switch budget.unit {
        case .money(let currency): unit = currency
        case .hours: unit = "hours"
        }
        func cents(_ x: Double) -> Double { (x * 100).rounded() / 100 }
        func four(_ x: Double?) -> Double? { x.map { ($0 * 10_000).rounded() / 10_000 } }
        return BudgetEntry(
            unit: unit, originalBudget: cents(budget.amount), budget: cents(value.budgetAtCompletion), spent: cents(value.actualCost),
            plannedValue: cents(value.plannedValue), earnedValue: cents(value.earnedValue),
            costPerformanceIndex: four(value.costPerformanceIndex), schedulePerformanceIndex: four(value.schedulePerformanceIndex),
            estimateAtCompletion: value.estimateAtCompletion.map(cents))
    }

    func render() -> String { Self.json(self) }

    /// The one JSON writer of status.json (the property tests parse what it
    /// writes for hostile text back with two JSON parsers).
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
