import PortholeHubSpotFormat

extension CRMSnapshot {
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
