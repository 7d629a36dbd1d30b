import Foundation
import PortholeCore

/// `status.json`: the project's current status for machines (dashboards,
/// Slack bots), described by `docs/status.schema.json`. Only client-visible
/// data; keys sorted so output is reproducible. Written by `PrettyJSON`
/// (`render`); its `Encodable` form is the reference the tests hold that
/// writer to.
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

    /// The document, written by `PrettyJSON` as `JSONEncoder` writes this
    /// type's `Encodable` form (`StatusDocumentTests` compares the two); an
    /// empty object if a number is not one JSON can hold, as the encoder
    /// refuses it.
    func render() -> String {
        let document = json
        guard document.isWritable else { return "{}\n" }
        return String(decoding: document.bytes, as: UTF8.self)
    }

    /// Each member under its property's name, in key order
    /// (`PrettyJSON.ordered`); an absent optional is left out, as the
    /// synthesised `Encodable` leaves it out.
    var json: PrettyJSON {
        .ordered([
            "budget": budget.map(\.json), "changeRequests": .array(changeRequests.map(\.json)), "client": .string(client),
            "decisions": .array(decisions.map(\.json)), "generated": .string(generated), "headline": headline.map(PrettyJSON.string),
            "kpis": .array(kpis.map(\.json)), "lastUpdate": lastUpdate.map(PrettyJSON.string), "links": links.json,
            "milestones": .array(milestones.map(\.json)), "openRisks": .array(openRisks.map(\.json)),
            "phase": phase.map(PrettyJSON.string), "playbook": playbook.map(PrettyJSON.string), "project": .string(project),
            "projectManager": .string(projectManager), "rag": rag.map(\.json), "schemaVersion": .int(schemaVersion),
            "stale": .bool(stale), "start": .string(start), "target": target.map(PrettyJSON.string),
        ])
    }
}

extension StatusDocument.RAG {
    var json: PrettyJSON { .ordered(["meaning": .string(meaning), "status": .string(status)]) }
}

extension StatusDocument.MilestoneEntry {
    var json: PrettyJSON {
        .ordered([
            "done": done.map(PrettyJSON.string), "due": .string(due), "forecast": .string(forecast), "gate": .bool(gate),
            "id": .string(id), "owner": owner.map(PrettyJSON.string), "state": .string(state), "title": .string(title),
        ])
    }
}

extension StatusDocument.RiskEntry {
    var json: PrettyJSON {
        .ordered([
            "id": .string(id), "impact": .int(impact), "milestone": milestone.map(PrettyJSON.string),
            "owner": owner.map(PrettyJSON.string), "probability": .int(probability), "score": .int(score),
            "status": .string(status), "title": .string(title), "type": .string(type),
        ])
    }
}

extension StatusDocument.DecisionEntry {
    var json: PrettyJSON {
        .ordered([
            "date": .string(date), "due": due.map(PrettyJSON.string), "number": .int(number), "reference": .string(reference),
            "status": .string(status), "title": .string(title), "url": .string(url),
        ])
    }
}

extension StatusDocument.BudgetEntry {
    var json: PrettyJSON {
        .ordered([
            "budget": .double(budget), "costPerformanceIndex": costPerformanceIndex.map(PrettyJSON.double),
            "earnedValue": .double(earnedValue), "estimateAtCompletion": estimateAtCompletion.map(PrettyJSON.double),
            "originalBudget": .double(originalBudget), "plannedValue": .double(plannedValue),
            "schedulePerformanceIndex": schedulePerformanceIndex.map(PrettyJSON.double), "spent": .double(spent),
            "unit": .string(unit),
        ])
    }
}

extension StatusDocument.ChangeEntry {
    var json: PrettyJSON {
        .ordered([
            "cost": .double(cost), "days": .int(days), "decidedOn": decidedOn.map(PrettyJSON.string), "due": due.map(PrettyJSON.string),
            "milestones": .array(milestones.map(PrettyJSON.string)), "number": .int(number), "reference": .string(reference),
            "status": .string(status), "title": .string(title),
        ])
    }
}

extension StatusDocument.KPIEntry {
    var json: PrettyJSON {
        .ordered([
            "baseline": .double(baseline), "direction": .string(direction), "id": .string(id), "name": .string(name),
            "target": .double(target), "unit": .string(unit),
            "values": .array(values.map { .ordered(["date": .string($0.date), "value": .double($0.value)]) }),
        ])
    }
}

extension StatusDocument.Links {
    var json: PrettyJSON { .ordered(["calendar": .string(calendar), "feed": .string(feed), "portal": .string(portal)]) }
}
