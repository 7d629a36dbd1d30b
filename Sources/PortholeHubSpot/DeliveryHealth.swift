import PortholeCore

/// The values Porthole writes on a deal: the project's delivery health as
/// the client's own portal shows it. Made from the client-visible project
/// (no `internal: true` milestone, RAID item or decision) with the core's
/// one definition of health (`ProjectHealth`), so HubSpot, the portal and
/// the portfolio cannot disagree.
public struct DeliveryHealth: Sendable, Equatable {
    public var rag: RAGStatus?
    public var trend: String?
    public var phase: String?
    public var lastUpdate: CalendarDate?
    public var daysSinceUpdate: Int?
    public var nextMilestone: String?
    public var nextMilestoneForecast: CalendarDate?
    public var overdueMilestones: Int
    public var openHighRisks: Int
    public var decisionsAwaitingClient: Int
    public var portalURL: String?

    public init(project full: Project, playbook: Playbook?, today: CalendarDate, portalURL: String?) {
        let project = full.clientVisible
        let health = ProjectHealth(project: project, playbook: playbook, today: today)
        rag = health.rag
        trend = Self.trend(project.updates)
        phase = project.phase
        lastUpdate = health.latestUpdate?.date
        daysSinceUpdate = health.latestUpdate.map { $0.date.days(until: today) }
        let next = project.upcomingMilestones.first
        nextMilestone = next.map { "\($0.id) \($0.title)" }
        nextMilestoneForecast = next?.forecast
        overdueMilestones = health.overdueMilestones.count
        openHighRisks = health.openHighRisks.count
        decisionsAwaitingClient = health.decisionsAwaitingClient.count
        self.portalURL = portalURL
    }

    /// The latest RAG against the one before it.
    static func trend(_ updates: [WeeklyUpdate]) -> String? {
        guard let latest = updates.last?.status else { return nil }
        guard updates.count > 1 else { return "first" }
        let previous = updates[updates.count - 2].status
        return latest == previous ? "same" : latest < previous ? "better" : "worse"
    }

    /// As HubSpot property values; "" clears a value that no longer holds.
    public var properties: [String: String] {
        typealias P = PortholeProperties
        return [
            P.rag: rag?.rawValue ?? "",
            P.ragTrend: trend ?? "",
            P.phase: phase ?? "",
            P.lastUpdate: lastUpdate?.description ?? "",
            P.daysSinceUpdate: daysSinceUpdate.map(String.init) ?? "",
            P.nextMilestone: nextMilestone ?? "",
            P.nextMilestoneForecast: nextMilestoneForecast?.description ?? "",
            P.overdueMilestones: String(overdueMilestones),
            P.openHighRisks: String(openHighRisks),
            P.decisionsAwaitingClient: String(decisionsAwaitingClient),
            P.portalURL: portalURL ?? "",
        ]
    }

    /// A company's roll-up of its projects' health.
    public static func rollUp(_ projects: [DeliveryHealth], portalURL: String?) -> [String: String] {
        typealias P = PortholeProperties
        return [
            P.rag: projects.compactMap(\.rag).max()?.rawValue ?? "",
            P.projects: String(projects.count),
            P.projectsRed: String(projects.filter { $0.rag == .red }.count),
            P.lastUpdate: projects.compactMap(\.lastUpdate).max()?.description ?? "",
            P.overdueMilestones: String(projects.map(\.overdueMilestones).reduce(0, +)),
            P.openHighRisks: String(projects.map(\.openHighRisks).reduce(0, +)),
            P.decisionsAwaitingClient: String(projects.map(\.decisionsAwaitingClient).reduce(0, +)),
            P.portalURL: portalURL ?? "",
        ]
    }
}
