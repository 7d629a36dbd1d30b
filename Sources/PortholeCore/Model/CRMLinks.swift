/// Where the agency's CRM (HubSpot) keeps the same client or project: a
/// record id, digits only, as HubSpot shows it in a record's address and in
/// the "Record ID" column of an export (docs/hubspot.md).
public enum CRMRecordID {
    /// HubSpot record ids are positive whole numbers; anything else is a
    /// typo (a name, a URL) that would update the wrong record or none.
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 20 && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }
}

/// `portal.yaml`'s `hubspot:` section: which playbook a deal pulled from
/// HubSpot starts with, chosen by its pipeline and deal type.
public struct HubSpotSettings: Sendable {
    /// One rule of `hubspot.playbooks`: a deal whose pipeline is one of
    /// `pipelines` (when given) and whose type is one of `types` (when
    /// given) gets `playbook`. Values match HubSpot's internal value or its
    /// label, in any case, so one rule serves the API and a CSV export.
    public struct PlaybookRule: Sendable {
        public var pipelines: [String]
        public var types: [String]
        public var playbook: String
        public var playbookLocation: SourceLocation

        public init(pipelines: [String], types: [String], playbook: String, playbookLocation: SourceLocation) {
            self.pipelines = pipelines
            self.types = types
            self.playbook = playbook
            self.playbookLocation = playbookLocation
        }

        public func matches(pipeline: String?, type: String?) -> Bool {
            Self.matches(pipelines, pipeline) && Self.matches(types, type)
        }

        private static func matches(_ wanted: [String], _ value: String?) -> Bool {
            guard !wanted.isEmpty else { return true }
            guard let value else { return false }
            let folded = value.lowercased()
            return wanted.contains { $0.lowercased() == folded }
        }
    }

    public var playbookRules: [PlaybookRule]
    /// For a deal no rule matches; nil: such a deal is not pulled.
    public var defaultPlaybook: String?
    public var defaultPlaybookLocation: SourceLocation?

    public init(playbookRules: [PlaybookRule] = [], defaultPlaybook: String? = nil, defaultPlaybookLocation: SourceLocation? = nil) {
        self.playbookRules = playbookRules
        self.defaultPlaybook = defaultPlaybook
        self.defaultPlaybookLocation = defaultPlaybookLocation
    }

    /// The first matching rule's playbook, else the default.
    public func playbook(pipeline: String?, type: String?) -> String? {
        playbookRules.first { $0.matches(pipeline: pipeline, type: type) }?.playbook ?? defaultPlaybook
    }
}
