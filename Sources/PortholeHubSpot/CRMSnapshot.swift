/// The companies, contacts and deals a pull reads, whether from the API or
/// from HubSpot's CSV exports: the same values either way, so both give the
/// same files (docs/hubspot.md, "pull").
public struct CRMSnapshot: Sendable, Equatable {
    public struct Company: Sendable, Equatable {
        public var id: String
        public var name: String
        public var contactIDs: [String]
    }

    public struct Contact: Sendable, Equatable {
        public var id: String
        public var firstName: String?
        public var lastName: String?
        public var email: String?
        public var jobTitle: String?

        public var name: String? {
            let name = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return name.isEmpty ? email : name
        }
    }

    public struct Deal: Sendable, Equatable {
        public var id: String
        public var name: String
        public var companyID: String?
        /// Internal value (API) or label (CSV); `portal.yaml`'s rules match either.
        public var pipeline: String?
        public var type: String?
        /// `YYYY-MM-DD`, the date part of HubSpot's close date.
        public var closeDate: String?
        /// The owner's name.
        public var owner: String?
    }

    public var companies: [Company] = []
    public var contacts: [String: Contact] = [:]
    public var deals: [Deal] = []

    public init() {}

    /// The API's properties a pull asks for.
    static let companyProperties = ["name"]
    static let contactProperties = ["firstname", "lastname", "email", "jobtitle"]
    static let dealProperties = ["dealname", "pipeline", "dealtype", "closedate", "hubspot_owner_id"]

    /// Reads companies (with their contacts) and, with `deals`, their deals
    /// and owners through the API.
    public static func read(from api: HubSpotAPI, deals withDeals: Bool) async throws -> CRMSnapshot {
        var snapshot = CRMSnapshot()
        let companies = try await api.listAll(
            "companies", properties: companyProperties, associations: withDeals ? ["contacts", "deals"] : ["contacts"])
        var dealCompany: [String: String] = [:]
        for company in companies {
            snapshot.companies.append(
                Company(id: company.id, name: company.value("name") ?? "", contactIDs: company.associated("contacts")))
            for deal in company.associated("deals") where dealCompany[deal] == nil { dealCompany[deal] = company.id }
        }
        let contactIDs = Array(Set(snapshot.companies.flatMap(\.contactIDs))).sorted()
        for contact in try await api.batchRead("contacts", ids: contactIDs, properties: contactProperties) {
            snapshot.contacts[contact.id] = Contact(
                id: contact.id, firstName: contact.value("firstname"), lastName: contact.value("lastname"),
                email: contact.value("email"), jobTitle: contact.value("jobtitle"))
        }
        guard withDeals, !dealCompany.isEmpty else { return snapshot }
        let owners = Dictionary(try await api.owners().map { ($0.id, $0.displayName) }, uniquingKeysWith: { first, _ in first })
        for deal in try await api.batchRead("deals", ids: dealCompany.keys.sorted(), properties: dealProperties) {
            snapshot.deals.append(
                Deal(
                    id: deal.id, name: deal.value("dealname") ?? "", companyID: dealCompany[deal.id],
                    pipeline: deal.value("pipeline"), type: deal.value("dealtype"),
                    closeDate: deal.value("closedate").map { String($0.prefix(10)) },
                    owner: deal.value("hubspot_owner_id").flatMap { owners[$0] ?? nil }))
        }
        return snapshot
    }
}
