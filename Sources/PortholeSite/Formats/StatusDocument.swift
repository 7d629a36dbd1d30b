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
        self.links = Links(portal: links.projectURL, feed: links.feedURL, calendar: links.calendarURL)
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
