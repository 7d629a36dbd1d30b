/// Carries out a `PushPlan` against HubSpot: makes Porthole's properties
/// on first use, reads what the records hold, and writes only what
/// differs, so a second push of the same content changes nothing and
/// creates no note twice (docs/hubspot.md, "push").
public struct HubSpotPush: Sendable {
    /// What a push did, for the summary line.
    public struct Outcome: Sendable, Equatable {
        public var propertiesCreated = 0
        public var dealsUpdated = 0
        public var dealsUnchanged = 0
        public var companiesUpdated = 0
        public var companiesUnchanged = 0
        public var notesCreated = 0
        public var notesUpdated = 0
        public var notesUnchanged = 0
        /// Records named in content that HubSpot does not have.
        public var missing: [String] = []
    }

    let api: HubSpotAPI

    public init(api: HubSpotAPI) { self.api = api }

    public func run(_ plan: PushPlan) async throws -> Outcome {
        var outcome = Outcome()
        if !plan.deals.isEmpty { outcome.propertiesCreated += try await ensure("deals", PortholeProperties.deals) }
        if !plan.companies.isEmpty { outcome.propertiesCreated += try await ensure("companies", PortholeProperties.companies) }
        let (dealsUpdated, dealsSame, dealsFound) = try await write("deals", plan.deals, &outcome.missing)
        outcome.dealsUpdated = dealsUpdated
        outcome.dealsUnchanged = dealsSame
        let (companiesUpdated, companiesSame, _) = try await write("companies", plan.companies, &outcome.missing)
        outcome.companiesUpdated = companiesUpdated
        outcome.companiesUnchanged = companiesSame
        let notes = plan.notes.filter { dealsFound.contains($0.deal) }
        if !notes.isEmpty {
            outcome.propertiesCreated += try await ensure("notes", PortholeProperties.notes)
            (outcome.notesCreated, outcome.notesUpdated, outcome.notesUnchanged) = try await write(notes)
        }
        return outcome
    }

    /// The `porthole` group and the missing properties of `object`; how
    /// many properties were created.
    func ensure(_ object: String, _ definitions: [PropertyDefinition]) async throws -> Int {
        let existing = try await api.propertyNames(object)
        let missing = definitions.filter { !existing.contains($0.name) }
        guard !missing.isEmpty else { return 0 }
        _ = try await api.ensureGroup(object)
        try await api.createProperties(object, missing)
        return missing.count
    }

    /// Reads the records, updates those whose values differ; (updated,
    /// unchanged, ids found).
    func write(_ object: String, _ records: [PushPlan.Record], _ missing: inout [String]) async throws -> (Int, Int, Set<String>) {
        guard !records.isEmpty else { return (0, 0, []) }
        let names = Array(records[0].properties.keys).sorted()
        let current = try await api.batchRead(object, ids: records.map(\.id), properties: names)
        let byID = Dictionary(current.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var inputs: [HubSpotAPI.RecordInput] = []
        var unchanged = 0
        for record in records {
            guard let now = byID[record.id] else {
                missing.append("\(object.dropLast()) \(record.id) (\(record.label)) is not in HubSpot; skipped")
                continue
            }
            if Self.differs(record.properties, now) {
                inputs.append(.init(id: record.id, idProperty: nil, properties: record.properties))
            } else {
                unchanged += 1
            }
        }
        try await api.batchWrite(object, "update", inputs)
        return (inputs.count, unchanged, Set(byID.keys))
    }

    /// Notes by their update id: new ones created on their deal, changed
    /// ones upserted by `porthole_update_id`; (created, updated, unchanged).
    func write(_ notes: [PushPlan.Note]) async throws -> (Int, Int, Int) {
        let id = PortholeProperties.updateID
        let names = [id, "hs_note_body", "hs_timestamp"]
        let current = try await api.batchRead("notes", ids: notes.map(\.updateID), properties: names, idProperty: id)
        let byUpdate = Dictionary(current.compactMap { note in note.value(id).map { ($0, note) } }, uniquingKeysWith: { first, _ in first })
        var creates: [HubSpotAPI.NoteInput] = []
        var upserts: [HubSpotAPI.RecordInput] = []
        var unchanged = 0
        for note in notes {
            guard let now = byUpdate[note.updateID] else {
                creates.append(.init(properties: note.properties, deal: note.deal))
                continue
            }
            if Self.differs(note.properties, now) {
                upserts.append(.init(id: note.updateID, idProperty: id, properties: note.properties))
            } else {
                unchanged += 1
            }
        }
        try await api.createNotes(creates)
        try await api.batchWrite("notes", "upsert", upserts)
        return (creates.count, upserts.count, unchanged)
    }

    /// Whether any wanted value differs from the record's (absent = "").
    /// Timestamps compare by their first 19 characters: HubSpot answers
    /// with milliseconds (`…T00:00:00.000Z`).
    static func differs(_ wanted: [String: String], _ record: CRMObject) -> Bool {
        wanted.contains { name, value in
            let now = record.value(name) ?? ""
            if name == "hs_timestamp" { return now.prefix(19) != value.prefix(19) }
            return now != value
        }
    }
}
