import PortholeCore

/// What `porthole hubspot pull` would create, decided without I/O from a
/// `CRMSnapshot` and the content as it is: a `client.yaml` per company no
/// client names yet and, with deals, a `project.yaml` per deal no project
/// names yet. Nothing existing is ever changed (docs/hubspot.md, "pull").
public struct PullPlan: Sendable {
    public struct File: Sendable, Equatable {
        /// Relative to the content folder.
        public var path: String
        public var text: String
        /// "client 'Acme Outdoor' (company 123)", for the summary.
        public var what: String
    }

    /// The content as it is: the clients' folders and what they link to.
    public struct Existing: Sendable {
        /// company id → client slug.
        public var companies: [String: String] = [:]
        public var deals: Set<String> = []
        public var clientFolders: Set<String> = []
        /// client slug → its project folders.
        public var projectFolders: [String: Set<String>] = [:]

        public init() {}

        public init(clients: [Client], folders: [String]) {
            clientFolders = Set(folders)
            for client in clients {
                if let company = client.hubspotCompany { companies[company] = client.slug }
                projectFolders[client.slug] = Set(client.projects.map(\.slug))
                deals.formUnion(client.projects.compactMap(\.hubspotDeal))
            }
        }
    }

    public var files: [File] = []
    /// Records not pulled, and why, one line each.
    public var skipped: [String] = []
    /// Companies and deals already in the content.
    public var alreadyPresent = 0

    public init(
        snapshot: CRMSnapshot, existing: Existing, playbooks: [String: Playbook], settings: HubSpotSettings, deals withDeals: Bool
    ) {
        var clientFolders = existing.clientFolders
        var companyClient = existing.companies
        var projectFolders = existing.projectFolders
        for company in snapshot.companies.sorted(by: { ($0.name, $0.id) < ($1.name, $1.id) }) {
            guard companyClient[company.id] == nil else {
                alreadyPresent += 1
                continue
            }
            let slug = Self.unique(Self.slug(company.name, fallback: "company-\(company.id)"), taken: clientFolders)
            clientFolders.insert(slug)
            companyClient[company.id] = slug
            projectFolders[slug] = []
            let contacts = company.contactIDs.compactMap { snapshot.contacts[$0] }.sorted { (Int($0.id) ?? 0) < (Int($1.id) ?? 0) }
            files.append(
                File(
                    path: "clients/\(slug)/client.yaml", text: Self.clientYAML(company, contacts: contacts),
                    what: "client '\(Self.name(company.name, company.id))' (company \(company.id))"))
        }
        guard withDeals else { return }
        for deal in snapshot.deals.sorted(by: { ($0.name, $0.id) < ($1.name, $1.id) }) {
            guard !existing.deals.contains(deal.id) else {
                alreadyPresent += 1
                continue
            }
            guard let client = deal.companyID.flatMap({ companyClient[$0] }) else {
                skipped.append("deal \(deal.id) '\(deal.name)': no associated company in HubSpot")
                continue
            }
            guard let playbookSlug = settings.playbook(pipeline: deal.pipeline, type: deal.type), let playbook = playbooks[playbookSlug]
            else {
                skipped.append(
                    "deal \(deal.id) '\(deal.name)': no playbook for pipeline '\(deal.pipeline ?? "")', type '\(deal.type ?? "")' (add a rule to hubspot.playbooks in portal.yaml)"
                )
                continue
            }
            guard let start = deal.closeDate.flatMap(CalendarDate.init(iso:)) else {
                skipped.append("deal \(deal.id) '\(deal.name)': no close date, so no start date")
                continue
            }
            // The project's dates run from the start to its last milestone;
            // the content refuses a date outside its years.
            let end = start.adding(days: (playbook.milestones.map(\.week).max() ?? 0) * 7)
            guard CalendarDate.contentYears.contains(start.year), CalendarDate.contentYears.contains(end.year) else {
                skipped.append(
                    "deal \(deal.id) '\(deal.name)': its close date \(start) would date the project outside the years 1970 to 2999")
                continue
            }
            let taken = projectFolders[client] ?? []
            let slug = Self.unique(Self.slug(deal.name, fallback: "deal-\(deal.id)"), taken: taken)
            projectFolders[client, default: []].insert(slug)
            var text = Scaffold.project(
                slug: slug, name: deal.name.isEmpty ? nil : deal.name, playbook: playbook, pm: deal.owner ?? "To be assigned", start: start)
            text += "hubspot:\n  deal: \(deal.id)\n"
            files.append(
                File(
                    path: "clients/\(client)/\(slug)/project.yaml", text: text,
                    what: "project '\(Self.name(deal.name, deal.id))' (deal \(deal.id), playbook \(playbook.slug))"))
        }
    }

    static func name(_ name: String, _ id: String) -> String { name.isEmpty ? id : name }

    static func slug(_ name: String, fallback: String) -> String {
        guard name.contains(where: { $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return fallback }
        return Scaffold.slug(fromTitle: name)
    }

    /// `slug`, or `slug-2`, `slug-3`… when taken.
    static func unique(_ slug: String, taken: Set<String>) -> String {
        guard taken.contains(slug) else { return slug }
        var n = 2
        while taken.contains("\(slug)-\(n)") { n += 1 }
        return "\(slug)-\(n)"
    }

    static func clientYAML(_ company: CRMSnapshot.Company, contacts: [CRMSnapshot.Contact]) -> String {
        var text = """
            name: \(Scaffold.quoted(name(company.name, company.id)))
            access: link                       # public | link | password (see docs/access.md)

            """
        let people = contacts.compactMap { contact -> String? in
            guard let name = contact.name else { return nil }
            var fields = ["name: \(Scaffold.quoted(name))"]
            if let role = contact.jobTitle { fields.append("role: \(Scaffold.quoted(role))") }
            if let email = contact.email, EmailAddress.isValid(email) { fields.append("email: \(Scaffold.quoted(email))") }
            return "  - { \(fields.joined(separator: ", ")) }\n"
        }
        text += people.isEmpty ? "contacts: []\n" : "contacts:\n" + people.joined()
        text += "hubspot:\n  company: \(company.id)\n"
        return text
    }
}
