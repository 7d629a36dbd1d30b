import PortholeCore

/// What `porthole hubspot push` would write, decided from the content
/// alone, without I/O: the deals' and companies' values, the notes, and
/// what is left out and why. Only what the client's own portal shows goes
/// in (docs/hubspot.md, "What is never sent").
public struct PushPlan: Sendable {
    /// One HubSpot record and the values Porthole wants on it.
    public struct Record: Sendable {
        public var id: String
        /// `client` or `client/project`, for messages.
        public var label: String
        public var properties: [String: String]
    }

    /// One weekly update as a CRM note on its project's deal.
    public struct Note: Sendable {
        /// `client/project/YYYY-MM-DD`: the update's stable id.
        public var updateID: String
        public var deal: String
        public var properties: [String: String]
    }

    public var deals: [Record] = []
    public var companies: [Record] = []
    public var notes: [Note] = []
    /// Why a client or project is not sent, one line each.
    public var leftOut: [String] = []

    /// `hs_note_body`'s limit (notes API guide).
    static let noteBodyLimit = 65_536

    public struct Options: Sendable {
        public var notes: Bool
        public var includePasswordClients: Bool
        public init(notes: Bool, includePasswordClients: Bool) {
            self.notes = notes
            self.includePasswordClients = includePasswordClients
        }
    }

    /// `portalURL(client, project)` is the portal's address of the client's
    /// home (project nil) or of a project's page.
    public init(
        clients: [Client], playbooks: [String: Playbook], today: CalendarDate, options: Options,
        portalURL: (Client, Project?) -> String?
    ) {
        for client in clients {
            if client.access == .password && !options.includePasswordClients {
                if client.hubspotCompany != nil || client.projects.contains(where: { $0.hubspotDeal != nil }) {
                    leftOut.append("\(client.slug): a password portal; nothing of it is sent (--include-password-clients sends it)")
                }
                continue
            }
            var healths: [DeliveryHealth] = []
            for project in client.projects {
                let health = DeliveryHealth(
                    project: project, playbook: playbooks[project.playbook], today: today, portalURL: portalURL(client, project))
                healths.append(health)
                guard let deal = project.hubspotDeal else { continue }
                deals.append(Record(id: deal, label: "\(client.slug)/\(project.slug)", properties: health.properties))
                if options.notes { notes += Self.notes(for: project, client: client, deal: deal) }
            }
            if let company = client.hubspotCompany {
                companies.append(
                    Record(id: company, label: client.slug, properties: DeliveryHealth.rollUp(healths, portalURL: portalURL(client, nil))))
            }
        }
    }

    /// One note per weekly update: the RAG, the headline and the client's
    /// HTML of the note (its `## Internal` section already removed).
    static func notes(for project: Project, client: Client, deal: String) -> [Note] {
        project.updates.map { update in
            var body = "<p><strong>\(update.status.rawValue.uppercased())</strong>: \(escape(update.headline))</p>\n" + update.note.html
            if body.utf8.count > noteBodyLimit { body = String(decoding: Array(body.utf8.prefix(noteBodyLimit - 16)), as: UTF8.self) }
            let id = "\(client.slug)/\(project.slug)/\(update.date)"
            return Note(
                updateID: id, deal: deal,
                properties: [
                    PortholeProperties.updateID: id,
                    "hs_timestamp": "\(update.date)T00:00:00Z",
                    "hs_note_body": body,
                ])
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
