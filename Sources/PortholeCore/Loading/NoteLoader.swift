import PortholeMarkdown
import Yams

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
            guard let fields = reader.mapping(root, keys: ["status", "headline", "author"], what: "update front matter") else { continue }
            let status = fields.choice("status", RAGStatus.self, required: true)
            let headline = fields.line("headline", required: true)
            let author = fields.line("author") ?? defaultAuthor
            guard let status, let headline else { continue }
            updates.append(
                WeeklyUpdate(
                    date: date, status: status, statusLocation: fields.valueLocation("status"),
                    headline: headline, author: author,
                    note: MarkdownNote(markdown: note.body), body: note.body, bodyLine: note.bodyLine,
                    location: SourceLocation(file: display(relative))))
        }
        return updates.sorted { $0.date < $1.date }
    }

    /// `decisions/<NNNN>-<slug>.md`, by number.
    func loadDecisions(folder: String, _ log: inout DiagnosticLog) -> [Decision] {
        let decisionsFolder = "\(folder)/decisions"
        var decisions: [Decision] = []
        var numbers: [Int: String] = [:]
        for entry in ContentDisk.list(path(decisionsFolder)) ?? [] {
            guard refuseLink(entry, in: decisionsFolder, &log) else { continue }
            let relative = "\(decisionsFolder)/\(entry.name)"
            let fileLocation = SourceLocation(file: display(relative))
            guard entry.kind == .file, entry.name.hasSuffix(".md") else {
                log.warning("unexpected-file", "'\(entry.name)' is not a decision record (NNNN-slug.md); ignored", at: fileLocation)
                continue
            }
            let stem = entry.name.dropLast(3)
            let digits = stem.prefix(while: { $0.isASCII && $0.isNumber })
            let slug = String(stem.dropFirst(digits.count + 1))
            guard digits.count == 4, stem.dropFirst(4).first == "-", Slug.isValid(slug), let number = Int(digits), number > 0 else {
                log.error(
                    "invalid-slug", "decision file name must be NNNN-slug.md (four digits from 0001, then a slug), got '\(entry.name)'",
                    at: fileLocation)
                continue
            }
            if let other = numbers[number] {
                log.error("duplicate-id", "decision number \(digits) is used twice (also by \(other))", at: fileLocation)
                continue
            }
            numbers[number] = entry.name
            guard let note = readNote(relative, &log),
                let (reader, root) = readYAML(relative, lineOffset: note.yamlLineOffset, text: note.yaml, &log)
            else { continue }
            defer { log.merge(reader.log) }
            let keys = ["title", "date", "status", "deciders", "supersedes", "due", "internal", "signed_off"]
            guard let fields = reader.mapping(root, keys: keys, what: "decision front matter") else { continue }
            let title = fields.line("title", required: true)
            let date = fields.date("date", required: true)
            let status = fields.choice("status", Decision.Status.self) ?? .proposed
            let supersedes = fields.int("supersedes", in: 1...9999)
            let due = fields.date("due")
            let signedOff = loadSignOff(fields, reader)
            if signedOff != nil, status != .accepted, status != .superseded {
                reader.error(
                    "invalid-value",
                    "'signed_off' records the client's acceptance: the decision's status must be accepted (or superseded), not \(status.rawValue)",
                    at: fields.valueLocation("signed_off"))
            }
            guard let title, let date else { continue }
            decisions.append(
                Decision(
                    number: number, slug: slug, title: title, date: date, status: status,
                    deciders: fields.stringList("deciders"), supersedes: supersedes,
                    supersedesLocation: fields.valueLocation("supersedes"), due: due,
                    dueLocation: fields.valueLocation("due"),
                    isInternal: fields.bool("internal"), note: MarkdownNote(markdown: note.body),
                    body: note.body, bodyLine: note.bodyLine, location: fileLocation, signedOff: signedOff))
        }
        return decisions.sorted { $0.number < $1.number }
    }
}
