import PortholeMarkdown

extension ContentLoader {
    /// Splits a note into front matter and body, reporting a missing block.
    func readNote(_ relative: String, _ log: inout DiagnosticLog) -> FrontMatter? {
        guard let text = readText(relative, &log) else { return nil }
        switch FrontMatter.split(text) {
        case .success(let note):
            return note
        case .failure(.noOpeningLine):
            log.error(
                "front-matter", "missing front matter: the file must start with a '---' line, then YAML, then a '---' line",
                at: SourceLocation(file: display(relative)))
        case .failure(.notClosed(let line, let atEnd)):
            let place = atEnd ? "the file ends before one" : "it should come before this line"
            log.error(
                "front-matter", "front matter is not closed: no '---' line after the opening one on line 1; \(place)",
                at: SourceLocation(file: display(relative), line: line))
        }
        return nil
    }

    /// `updates/<YYYY-MM-DD>.md`, oldest first.
    func loadUpdates(folder: String, defaultAuthor: String, _ log: inout DiagnosticLog) -> [WeeklyUpdate] {
        let updatesFolder = "\(folder)/updates"
        var updates: [WeeklyUpdate] = []
        for entry in ContentDisk.list(path(updatesFolder)) ?? [] {
            guard refuseLink(entry, in: updatesFolder, &log) else { continue }
            let relative = "\(updatesFolder)/\(entry.name)"
            guard entry.kind == .file, entry.name.hasSuffix(".md") else {
                log.warning(
                    "unexpected-file", "'\(entry.name)' is not a weekly update (YYYY-MM-DD.md); ignored",
                    at: SourceLocation(file: display(relative)))
                continue
            }
            let stem = String(entry.name.dropLast(3))
            guard let date = CalendarDate(iso: stem) else {
                log.error(
                    "invalid-date", "update file name must be a date that exists, as YYYY-MM-DD.md, got '\(entry.name)'",
                    at: SourceLocation(file: display(relative)))
                continue
            }
            guard let note = readNote(relative, &log),
                let (reader, root) = readYAML(relative, lineOffset: note.yamlLineOffset, text: note.yaml, &log)
            else { continue }
            defer { log.merge(reader.log) }
            guard let fields = reader.mapping(root, keys: ["status", "headline", "author", "spent", "kpis"], what: "update front matter")
            else { continue }
            let status = fields.choice("status", RAGStatus.self, required: true)
            let headline = fields.line("headline", required: true)
            let author = fields.line("author") ?? defaultAuthor
            let spent = fields.number("spent", in: 0...1e12)
            let kpiValues = loadKPIValues(fields.value("kpis"), date: date, reader)
            guard let status, let headline else { continue }
            updates.append(
                WeeklyUpdate(
                    date: date, status: status, statusLocation: fields.valueLocation("status"),
                    headline: headline, author: author,
                    note: MarkdownNote(markdown: note.body, countingWordsOf: [Playbook.UpdateStandard.summarySection]),
                    body: note.body, bodyLine: note.bodyLine,
                    location: SourceLocation(file: display(relative)), spent: spent,
                    spentLocation: spent == nil ? nil : fields.valueLocation("spent"), kpiValues: kpiValues))
        }
        return updates.sorted { $0.date < $1.date }
    }

    /// `decisions/<NNNN>-<slug>.md`, by number.
    func loadDecisions(folder: String, _ log: inout DiagnosticLog) -> [Decision] {
        let keys = ["title", "date", "status", "deciders", "supersedes", "due", "internal", "signed_off"]
        return loadNumberedNotes(folder: "\(folder)/decisions", kind: .decision, keys: keys, &log) { file, fields in
            let title = fields.line("title", required: true)
            let date = fields.date("date", required: true)
            let status = fields.choice("status", Decision.Status.self) ?? .proposed
            let supersedes = fields.int("supersedes", in: 1...9999)
            let due = fields.date("due")
            let signedOff = loadSignOff(fields, fields.reader)
            if signedOff != nil, status != .accepted, status != .superseded {
                fields.reader.error(
                    "invalid-value",
                    "'signed_off' records the client's acceptance: the decision's status must be accepted (or superseded), not \(status.rawValue)",
                    at: fields.valueLocation("signed_off"))
            }
            guard let title, let date else { return nil }
            return Decision(
                number: file.number, slug: file.slug, title: title, date: date, status: status,
                deciders: fields.stringList("deciders"), supersedes: supersedes,
                supersedesLocation: fields.valueLocation("supersedes"), due: due,
                dueLocation: fields.valueLocation("due"),
                isInternal: fields.bool("internal"), note: MarkdownNote(markdown: file.note.body),
                body: file.note.body, bodyLine: file.note.bodyLine, location: file.location, signedOff: signedOff)
        }
    }

    /// `changes/<NNNN>-<slug>.md`, by number: read like decisions.
    func loadChangeRequests(folder: String, _ log: inout DiagnosticLog) -> [ChangeRequest] {
        let keys = ["title", "status", "cost", "days", "milestones", "requested_by", "decided_on", "due", "internal"]
        return loadNumberedNotes(folder: "\(folder)/changes", kind: .changeRequest, keys: keys, &log) { file, fields in
            let title = fields.line("title", required: true)
            let status = fields.choice("status", ChangeRequest.Status.self) ?? .proposed
            let cost = fields.number("cost", in: -1e12...1e12) ?? 0
            let days = fields.int("days", in: -3660...3660) ?? 0
            let milestones = fields.stringList("milestones")
            let decidedOn = fields.date("decided_on")
            if decidedOn == nil, status != .proposed, fields.keyLocation("decided_on") == nil {
                fields.reader.error(
                    "missing-field", "a change request that is \(status.rawValue) needs 'decided_on' (the day it was decided)",
                    at: fields.location)
            }
            guard let title else { return nil }
            return ChangeRequest(
                number: file.number, slug: file.slug, title: title, status: status, cost: cost, days: days,
                milestones: milestones,
                milestonesLocation: fields.keyLocation("milestones").map { _ in fields.valueLocation("milestones") },
                requestedBy: fields.line("requested_by"), decidedOn: decidedOn, due: fields.date("due"),
                dueLocation: fields.keyLocation("due").map { _ in fields.valueLocation("due") },
                isInternal: fields.bool("internal"), note: MarkdownNote(markdown: file.note.body),
                body: file.note.body, bodyLine: file.note.bodyLine, location: file.location)
        }
    }
}

/// What a folder of numbered notes holds, as its messages name it.
enum NumberedNoteKind {
    case decision, changeRequest

    /// "decision record", "change request".
    var what: String { self == .decision ? "decision record" : "change request" }
    /// "decision", "change request" (in "… number 0003 is used twice").
    var noun: String { self == .decision ? "decision" : "change request" }
    var frontMatter: String { self == .decision ? "decision front matter" : "change request front matter" }
}

/// One `NNNN-slug.md` file whose name was valid and whose front matter parsed.
struct NumberedNoteFile {
    let number: Int
    let slug: String
    let note: FrontMatter
    let location: SourceLocation
}

extension ContentLoader {
    /// The one reader of numbered notes (`decisions/`, `changes/`): file
    /// names `NNNN-slug.md` checked, numbers unique, front matter split and
    /// read against `keys`, then `make` turns the fields into a record.
    /// Sorted by number.
    func loadNumberedNotes<Record>(
        folder: String, kind: NumberedNoteKind, keys: [String], _ log: inout DiagnosticLog,
        make: (NumberedNoteFile, Fields) -> Record?
    ) -> [Record] {
        var records: [(number: Int, record: Record)] = []
        var numbers: [Int: String] = [:]
        for entry in ContentDisk.list(path(folder)) ?? [] {
            guard refuseLink(entry, in: folder, &log) else { continue }
            let relative = "\(folder)/\(entry.name)"
            let fileLocation = SourceLocation(file: display(relative))
            guard entry.kind == .file, entry.name.hasSuffix(".md") else {
                log.warning("unexpected-file", "'\(entry.name)' is not a \(kind.what) (NNNN-slug.md); ignored", at: fileLocation)
                continue
            }
            let stem = entry.name.dropLast(3)
            let digits = stem.prefix(while: { $0.isASCII && $0.isNumber })
            let slug = String(stem.dropFirst(digits.count + 1))
            guard digits.count == 4, stem.dropFirst(4).first == "-", Slug.isValid(slug), let number = Int(digits), number > 0 else {
                log.error(
                    "invalid-slug", "\(kind.noun) file name must be NNNN-slug.md (four digits from 0001, then a slug), got '\(entry.name)'",
                    at: fileLocation)
                continue
            }
            if let other = numbers[number] {
                log.error("duplicate-id", "\(kind.noun) number \(digits) is used twice (also by \(other))", at: fileLocation)
                continue
            }
            numbers[number] = entry.name
            guard let note = readNote(relative, &log),
                let (reader, root) = readYAML(relative, lineOffset: note.yamlLineOffset, text: note.yaml, &log)
            else { continue }
            defer { log.merge(reader.log) }
            guard let fields = reader.mapping(root, keys: keys, what: kind.frontMatter) else { continue }
            let file = NumberedNoteFile(number: number, slug: slug, note: note, location: fileLocation)
            if let record = make(file, fields) { records.append((number, record)) }
        }
        return records.sorted { $0.number < $1.number }.map(\.record)
    }
}
