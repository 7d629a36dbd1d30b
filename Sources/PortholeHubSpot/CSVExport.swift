import PortholeCore

/// HubSpot's CSV exports of companies, contacts and deals
/// (knowledge.hubspot.com/import-and-export/export-records), read into a
/// `CRMSnapshot`. The kind of each file is told by its header row; the
/// columns read are listed in docs/hubspot.md ("From a CSV export").
public enum CSVExport {
    public enum Kind: String, Sendable { case companies, contacts, deals }

    public struct Problem: Error, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    /// Reads every export given (in any order) into one snapshot; a
    /// problem names the file (`files` are (display name, text)).
    public static func read(_ files: [(String, String)]) -> Result<CRMSnapshot, FileProblem> {
        var snapshot = CRMSnapshot()
        var links: [(contact: String, company: String)] = []
        for (name, text) in files {
            do {
                _ = try read(text, into: &snapshot, links: &links)
            } catch {
                return .failure(FileProblem(file: name, problem: error))
            }
        }
        for (contact, company) in links {
            guard let index = snapshot.companies.firstIndex(where: { $0.id == company }) else { continue }
            if !snapshot.companies[index].contactIDs.contains(contact) { snapshot.companies[index].contactIDs.append(contact) }
        }
        return .success(snapshot)
    }

    public struct FileProblem: Error, Sendable {
        public var file: String
        public var problem: Problem
        /// `path:line:col: error: message`.
        public var line: String { "\(file):\(problem.line):\(problem.column): error: \(problem.message)" }
    }

    /// Adds one export's rows to `snapshot`; returns its kind.
    static func read(
        _ text: String, into snapshot: inout CRMSnapshot, links: inout [(contact: String, company: String)]
    ) throws(Problem) -> Kind {
        let rows = try parse(text)
        guard let header = rows.first else { throw Problem(line: 1, column: 1, message: "the file is empty") }
        let columns = Dictionary(header.enumerated().map { ($0.element.trimmed.lowercased(), $0.offset) }, uniquingKeysWith: { a, _ in a })
        guard let idColumn = columns["record id"] else {
            throw Problem(line: 1, column: 1, message: "no 'Record ID' column: export with HubSpot's record ids")
        }
        let kind: Kind
        if columns["company name"] != nil || columns["name"] != nil && columns["deal name"] == nil && columns["email"] == nil {
            kind = .companies
        } else if columns["deal name"] != nil {
            kind = .deals
        } else if columns["email"] != nil || columns["first name"] != nil {
            kind = .contacts
        } else {
            throw Problem(
                line: 1, column: 1, message: "not a companies, contacts or deals export (no 'Company name', 'Deal Name' or 'Email' column)")
        }
        for (index, row) in rows.dropFirst().enumerated() where !row.allSatisfy({ $0.trimmed.isEmpty }) {
            func cell(_ names: String...) -> String? {
                for name in names {
                    if let column = columns[name], column < row.count, !row[column].trimmed.isEmpty { return row[column].trimmed }
                }
                return nil
            }
            guard let id = cell("record id"), CRMRecordID.isValid(id) else {
                throw Problem(line: index + 2, column: idColumn + 1, message: "'Record ID' must be a HubSpot record id (digits)")
            }
            switch kind {
            case .companies:
                snapshot.companies.append(.init(id: id, name: cell("company name", "name") ?? "", contactIDs: []))
            case .contacts:
                let contact = CRMSnapshot.Contact(
                    id: id, firstName: cell("first name"), lastName: cell("last name"), email: cell("email"),
                    jobTitle: cell("job title"))
                snapshot.contacts[id] = contact
                for company in ids(cell("associated company ids", "associated company ids (primary)")) {
                    links.append((id, company))
                }
            case .deals:
                snapshot.deals.append(
                    .init(
                        id: id, name: cell("deal name") ?? "",
                        companyID: ids(cell("associated company ids (primary)", "associated company ids", "associated company id")).first,
                        pipeline: cell("pipeline"), type: cell("deal type"),
                        closeDate: cell("close date").map { String($0.prefix(10)) }, owner: cell("deal owner")))
            }
        }
        return kind
    }

    /// `123;456` (HubSpot separates associated ids with semicolons).
    static func ids(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == ";" || $0 == "," }).map { $0.trimmed }.filter { !$0.isEmpty }
    }

    /// RFC 4180: fields separated by commas, quoted with `"` (doubled
    /// inside), records by CRLF or LF; a byte-order mark is dropped.
    static func parse(_ text: String) throws(Problem) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var characters = Array(text)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        while index < characters.count {
            let c = characters[index]
            if quoted {
                if c == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                line += 1
            } else {
                field.append(c)
            }
            index += 1
        }
        if quoted { throw Problem(line: line, column: 1, message: "a quoted field is not closed") }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}

extension StringProtocol {
    var trimmed: String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
