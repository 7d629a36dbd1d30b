import Foundation
import NIOHTTP1

/// One CRM record as the v3 objects API returns it: `id`, `properties`
/// (every value a string or null) and, when asked for, the ids of
/// associated records by object type.
public struct CRMObject: Decodable, Sendable {
    public struct AssociationPage: Decodable, Sendable {
        public struct Ref: Decodable, Sendable {
            public var id: String
        }
        public var results: [Ref]
    }

    public var id: String
    public var properties: [String: String?]
    public var associations: [String: AssociationPage]?

    public func value(_ name: String) -> String? {
        guard let value = properties[name] ?? nil, !value.isEmpty else { return nil }
        return value
    }

    public func associated(_ type: String) -> [String] { associations?[type]?.results.map(\.id) ?? [] }
}

/// A HubSpot user who can own records (the owners API).
public struct CRMOwner: Decodable, Sendable {
    public var id: String
    public var firstName: String?
    public var lastName: String?
    public var email: String?

    public var displayName: String? {
        let name = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return name.isEmpty ? email : name
    }
}

/// The CRM v3 endpoints Porthole uses, with HubSpot's request and answer
/// shapes (developers.hubspot.com/docs/api/crm/understanding-the-crm):
/// cursor pages of at most 100, batches of at most 100.
public struct HubSpotAPI: Sendable {
    public static let batchLimit = 100
    public static let pageLimit = 100
    /// HubSpot-defined association type of a note to a deal
    /// (docs/api/crm/associations, "Note to deal": 214).
    public static let noteToDealAssociation = 214

    public let transport: HubSpotTransport

    public init(transport: HubSpotTransport) { self.transport = transport }

    struct Page<T: Decodable>: Decodable {
        struct Paging: Decodable {
            struct Next: Decodable { var after: String }
            var next: Next?
        }
        var results: [T]
        var paging: Paging?
    }

    struct BatchAnswer: Decodable {
        var results: [CRMObject]
    }

    // MARK: Reading

    /// Every record of `object` (`GET /crm/v3/objects/{object}`), page by
    /// page through `paging.next.after`.
    public func listAll(_ object: String, properties: [String], associations: [String] = []) async throws -> [CRMObject] {
        var query: [(String, String)] = [("limit", String(Self.pageLimit)), ("properties", properties.joined(separator: ","))]
        if !associations.isEmpty { query.append(("associations", associations.joined(separator: ","))) }
        return try await pages("/crm/v3/objects/\(object)", query: query, as: CRMObject.self)
    }

    /// Every owner (`GET /crm/v3/owners`), page by page.
    public func owners() async throws -> [CRMOwner] {
        try await pages("/crm/v3/owners", query: [("limit", String(Self.pageLimit))], as: CRMOwner.self)
    }

    func pages<T: Decodable>(_ path: String, query: [(String, String)], as type: T.Type) async throws -> [T] {
        var all: [T] = []
        var after: String?
        repeat {
            let (_, body) = try await transport.send(.GET, path, query: query + (after.map { [("after", $0)] } ?? []))
            let page: Page<T> = try decode(body, "GET \(path)")
            all += page.results
            after = page.paging?.next?.after
        } while after != nil
        return all
    }

    /// `POST /crm/v3/objects/{object}/batch/read`, 100 ids at a time; ids
    /// HubSpot does not know are left out of the answer (207 with `errors`).
    public func batchRead(_ object: String, ids: [String], properties: [String], idProperty: String? = nil) async throws -> [CRMObject] {
        struct Input: Encodable { var id: String }
        struct Body: Encodable {
            var inputs: [Input]
            var properties: [String]
            var idProperty: String?
        }
        var found: [CRMObject] = []
        for chunk in ids.chunked(Self.batchLimit) {
            let body = Body(inputs: chunk.map { Input(id: $0) }, properties: properties, idProperty: idProperty)
            let path = "/crm/v3/objects/\(object)/batch/read"
            let (_, data) = try await transport.send(.POST, path, body: try encode(body), accepting: [207])
            found += (try decode(data, "POST \(path)") as BatchAnswer).results
        }
        return found
    }

    // MARK: Writing

    /// One record's new values for `batch/update` (by record id) or
    /// `batch/upsert` (by the unique `idProperty`).
    public struct RecordInput: Encodable, Sendable, Equatable {
        public var id: String
        public var idProperty: String?
        public var properties: [String: String]
    }

    /// `POST /crm/v3/objects/{object}/batch/{update|upsert}`, 100 at a time.
    public func batchWrite(_ object: String, _ verb: String, _ inputs: [RecordInput]) async throws {
        struct Body: Encodable { var inputs: [RecordInput] }
        for chunk in inputs.chunked(Self.batchLimit) {
            _ = try await transport.send(.POST, "/crm/v3/objects/\(object)/batch/\(verb)", body: try encode(Body(inputs: chunk)))
        }
    }

    /// A new note and the deal it belongs to, for `batch/create`.
    public struct NoteInput: Encodable, Sendable {
        struct Association: Encodable, Sendable {
            struct To: Encodable, Sendable { var id: String }
            struct Kind: Encodable, Sendable {
                var associationCategory = "HUBSPOT_DEFINED"
                var associationTypeId = HubSpotAPI.noteToDealAssociation
            }
            var to: To
            var types = [Kind()]
        }
        public var properties: [String: String]
        var associations: [Association]

        public init(properties: [String: String], deal: String) {
            self.properties = properties
            associations = [Association(to: .init(id: deal))]
        }
    }

    /// `POST /crm/v3/objects/notes/batch/create`, 100 at a time.
    public func createNotes(_ inputs: [NoteInput]) async throws {
        struct Body: Encodable { var inputs: [NoteInput] }
        for chunk in inputs.chunked(Self.batchLimit) {
            _ = try await transport.send(.POST, "/crm/v3/objects/notes/batch/create", body: try encode(Body(inputs: chunk)))
        }
    }

    // MARK: Properties

    /// The names of `object`'s properties (`GET /crm/v3/properties/{object}`).
    public func propertyNames(_ object: String) async throws -> Set<String> {
        struct Property: Decodable { var name: String }
        struct Answer: Decodable { var results: [Property] }
        let path = "/crm/v3/properties/\(object)"
        let (_, data) = try await transport.send(.GET, path)
        return Set((try decode(data, "GET \(path)") as Answer).results.map(\.name))
    }

    /// Creates the `porthole` group when missing
    /// (`GET`/`POST /crm/v3/properties/{object}/groups`); true when created.
    public func ensureGroup(_ object: String) async throws -> Bool {
        let path = "/crm/v3/properties/\(object)/groups/\(PortholeProperties.group)"
        let (status, _) = try await transport.send(.GET, path, accepting: [404])
        guard status == 404 else { return false }
        struct Group: Encodable {
            var name = PortholeProperties.group
            var label = PortholeProperties.groupLabel
            var displayOrder = -1
        }
        _ = try await transport.send(.POST, "/crm/v3/properties/\(object)/groups", body: try encode(Group()))
        return true
    }

    /// `POST /crm/v3/properties/{object}/batch/create`.
    public func createProperties(_ object: String, _ definitions: [PropertyDefinition]) async throws {
        struct Body: Encodable { var inputs: [PropertyDefinition] }
        for chunk in definitions.chunked(Self.batchLimit) {
            _ = try await transport.send(.POST, "/crm/v3/properties/\(object)/batch/create", body: try encode(Body(inputs: chunk)))
        }
    }

    // MARK: JSON

    func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    func decode<T: Decodable>(_ data: Data, _ request: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw HubSpotError.malformed(request: request, reason: "\(error)".prefix(200).description)
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
