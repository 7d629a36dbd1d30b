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
        let rows = try parseFields(text)
        guard let header = rows.first else { throw Problem(line: 1, column: 1, message: "the file is empty") }
        let columns = Dictionary(
            header.enumerated().map { ($0.element.text.trimmed.lowercased(), $0.offset) }, uniquingKeysWith: { a, _ in a })
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
        for row in rows.dropFirst() where !row.allSatisfy({ $0.text.trimmed.isEmpty }) {
            // A value the pull writes into content follows the content's
            // rules, or the pull would write a file that does not load.
            func cell(_ names: String...) throws(Problem) -> String? {
                for name in names {
                    guard let column = columns[name], column < row.count, !row[column].text.trimmed.isEmpty else { continue }
                    let field = row[column]
                    if let problem = ContentText.controlCharacterProblem(field.text) {
                        throw Problem(
                            line: field.line, column: field.column, message: "'\(header[column].text.trimmed)' contains \(problem)")
                    }
                    return field.text.trimmed
                }
                return nil
            }
            guard let id = try cell("record id"), CRMRecordID.isValid(id) else {
                // The cell, or the row's start when the row is too short to have one.
                let place = idColumn < row.count ? row[idColumn] : row[0]
                throw Problem(line: place.line, column: place.column, message: "'Record ID' must be a HubSpot record id (digits)")
            }
            switch kind {
            case .companies:
                snapshot.companies.append(.init(id: id, name: try cell("company name", "name") ?? "", contactIDs: []))
            case .contacts:
                let contact = CRMSnapshot.Contact(
                    id: id, firstName: try cell("first name"), lastName: try cell("last name"), email: try cell("email"),
                    jobTitle: try cell("job title"))
                snapshot.contacts[id] = contact
                for company in ids(try cell("associated company ids", "associated company ids (primary)")) {
                    links.append((id, company))
                }
            case .deals:
                snapshot.deals.append(
                    .init(
                        id: id, name: try cell("deal name") ?? "",
                        companyID: ids(try cell("associated company ids (primary)", "associated company ids", "associated company id"))
                            .first,
                        pipeline: try cell("pipeline"), type: try cell("deal type"),
                        closeDate: try cell("close date").map { String($0.prefix(10)) }, owner: try cell("deal owner")))
            }
        }
        return kind
    }

    /// `123;456` (HubSpot separates associated ids with semicolons).
    static func ids(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == ";" || $0 == "," }).map { $0.trimmed }.filter { !$0.isEmpty }
    }

    /// One field of a row and where it starts (its line and character
    /// column), so that a problem points at the cell.
    struct Field: Sendable, Equatable {
        var text: String
        var line: Int
        var column: Int
    }

    /// RFC 4180: fields separated by commas, quoted with `"` (doubled
    /// inside), records by CRLF or LF; a byte-order mark is dropped.
    static func parse(_ text: String) throws(Problem) -> [[String]] {
        try parseFields(text).map { $0.map(\.text) }
    }

    /// `parse` with the place of every field. A line ends at LF, CRLF or a
    /// lone CR, inside quotes too, as an editor counts them.
    static func parseFields(_ text: String) throws(Problem) -> [[Field]] {
        var rows: [[Field]] = []
        var row: [Field] = []
        var field = Field(text: "", line: 1, column: 1)
        var quote: (line: Int, column: Int)?
        var line = 1
        var column = 1
        var characters = Array(text)
        if characters.first == "\u{FEFF}" { characters.removeFirst() }
        var index = 0
        while index < characters.count {
            let c = characters[index]
            let lineEnd = c == "\n" || c == "\r\n" || c == "\r"
            if quote != nil {
                if c == "\"" && index + 1 < characters.count && characters[index + 1] == "\"" {
                    field.text.append("\"")
                    index += 1
                    column += 1
                } else if c == "\"" {
                    quote = nil
                } else {
                    field.text.append(c)
                }
            } else if c == "\"" && field.text.isEmpty {
                quote = (line, column)
            } else if c == "," || lineEnd {
                row.append(field)
                field = Field(text: "", line: line, column: column + 1)
                if lineEnd {
                    rows.append(row)
                    row = []
                }
            } else {
                field.text.append(c)
            }
            if lineEnd {
                line += 1
                column = 1
                if quote == nil { field = Field(text: "", line: line, column: 1) }
            } else {
                column += 1
            }
            index += 1
        }
        if let quote { throw Problem(line: quote.line, column: quote.column, message: "a quoted field is not closed") }
        if !field.text.isEmpty || !row.isEmpty {
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
