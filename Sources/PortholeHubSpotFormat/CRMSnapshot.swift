/// The companies, contacts and deals a pull reads, whether from the API or
/// from HubSpot's CSV exports: the same values either way, so both give the
/// same files (docs/hubspot.md, "pull"). Plain values, in the target
/// without the HTTP client (so the CSV reading is fuzzed without it);
/// PortholeHubSpot adds the reading through the API.
public struct CRMSnapshot: Sendable, Equatable {
    public struct Company: Sendable, Equatable {
        public var id: String
        public var name: String
        public var contactIDs: [String]

        public init(id: String, name: String, contactIDs: [String]) {
            self.id = id
            self.name = name
            self.contactIDs = contactIDs
        }
    }

    public struct Contact: Sendable, Equatable {
        public var id: String
        public var firstName: String?
        public var lastName: String?
        public var email: String?
        public var jobTitle: String?

        public init(id: String, firstName: String?, lastName: String?, email: String?, jobTitle: String?) {
            self.id = id
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
            self.jobTitle = jobTitle
        }

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

        public init(
            id: String, name: String, companyID: String?, pipeline: String?, type: String?, closeDate: String?, owner: String?
        ) {
            self.id = id
            self.name = name
            self.companyID = companyID
            self.pipeline = pipeline
            self.type = type
            self.closeDate = closeDate
            self.owner = owner
        }
    }

    public var companies: [Company] = []
    public var contacts: [String: Contact] = [:]
    public var deals: [Deal] = []

    public init() {}
}
