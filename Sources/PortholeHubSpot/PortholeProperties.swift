/// A custom property as the properties API creates it
/// (`POST /crm/v3/properties/{object}/batch/create`).
public struct PropertyDefinition: Encodable, Sendable {
    public struct Option: Encodable, Sendable {
        var label: String
        var value: String
        var displayOrder: Int
    }

    public var name: String
    public var label: String
    public var description: String
    public var type: String
    public var fieldType: String
    public var groupName = PortholeProperties.group
    public var options: [Option]?
    public var hasUniqueValue: Bool?

    static func text(_ name: String, _ label: String, _ description: String) -> Self {
        .init(name: name, label: label, description: description, type: "string", fieldType: "text")
    }

    static func number(_ name: String, _ label: String, _ description: String) -> Self {
        .init(name: name, label: label, description: description, type: "number", fieldType: "number")
    }

    static func date(_ name: String, _ label: String, _ description: String) -> Self {
        .init(name: name, label: label, description: description, type: "date", fieldType: "date")
    }

    static func choice(_ name: String, _ label: String, _ description: String, _ values: [(String, String)]) -> Self {
        var definition = Self(name: name, label: label, description: description, type: "enumeration", fieldType: "select")
        definition.options = values.enumerated().map { Option(label: $0.element.1, value: $0.element.0, displayOrder: $0.offset) }
        return definition
    }
}

/// Porthole's own HubSpot properties, in the group `porthole`, created on
/// first use so a HubSpot admin can filter, report and build board views
/// on them (docs/hubspot.md lists them). The labels are the agency's,
/// read in HubSpot, never by a client.
public enum PortholeProperties {
    public static let group = "porthole"
    public static let groupLabel = "Porthole delivery health"

    public static let rag = "porthole_rag"
    public static let ragTrend = "porthole_rag_trend"
    public static let phase = "porthole_phase"
    public static let lastUpdate = "porthole_last_update"
    public static let daysSinceUpdate = "porthole_days_since_update"
    public static let nextMilestone = "porthole_next_milestone"
    public static let nextMilestoneForecast = "porthole_next_milestone_forecast"
    public static let overdueMilestones = "porthole_overdue_milestones"
    public static let openHighRisks = "porthole_open_high_risks"
    public static let decisionsAwaitingClient = "porthole_decisions_awaiting_client"
    public static let portalURL = "porthole_portal_url"
    public static let projects = "porthole_projects"
    public static let projectsRed = "porthole_projects_red"
    /// On notes: the weekly update's stable id, unique, so a second push
    /// finds the note it made (docs/hubspot.md, "Notes").
    public static let updateID = "porthole_update_id"

    static let ragValues = [("green", "Green"), ("amber", "Amber"), ("red", "Red")]

    public static let deals: [PropertyDefinition] = [
        .choice(rag, "Delivery RAG", "The RAG of the project's latest weekly update in Porthole.", ragValues),
        .choice(
            ragTrend, "Delivery RAG trend", "The latest RAG against the one before: better, same or worse.",
            [("better", "Better"), ("same", "Same"), ("worse", "Worse"), ("first", "First update")]),
        .text(phase, "Delivery phase", "The project's phase, from its playbook."),
        .date(lastUpdate, "Last delivery update", "The date of the latest weekly update."),
        .number(daysSinceUpdate, "Days since delivery update", "Days from the latest weekly update to the push."),
        .text(nextMilestone, "Next milestone", "The next milestone the client can see, not yet done."),
        .date(nextMilestoneForecast, "Next milestone forecast", "The forecast date of the next milestone."),
        .number(overdueMilestones, "Overdue milestones", "Client-visible milestones past their forecast and not done."),
        .number(openHighRisks, "Open high risks", "Open client-visible RAID items at or above the playbook's high-risk score."),
        .number(decisionsAwaitingClient, "Decisions awaiting the client", "Proposed client-visible decisions."),
        .text(portalURL, "Status portal", "The project's page on the client's status portal."),
    ]

    public static let companies: [PropertyDefinition] = [
        .choice(rag, "Delivery RAG (worst project)", "The worst current RAG among the client's projects.", ragValues),
        .number(projects, "Projects in Porthole", "The client's projects in Porthole."),
        .number(projectsRed, "Red projects", "The client's projects whose latest update is red."),
        .date(lastUpdate, "Last delivery update", "The newest weekly update of any of the client's projects."),
        .number(overdueMilestones, "Overdue milestones", "Across the client's projects."),
        .number(openHighRisks, "Open high risks", "Across the client's projects."),
        .number(decisionsAwaitingClient, "Decisions awaiting the client", "Across the client's projects."),
        .text(portalURL, "Status portal", "The client's status portal."),
    ]

    public static let notes: [PropertyDefinition] = {
        var id = PropertyDefinition.text(updateID, "Porthole update id", "client/project/date of the weekly update this note copies.")
        id.hasUniqueValue = true
        return [id]
    }()
}
