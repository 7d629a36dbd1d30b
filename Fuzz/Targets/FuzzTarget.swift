import Foundation
import PortholeCore
import PortholeMarkdown
import PortholeTestSupport

/// The content loaders that read text written by people outside the code
/// (PMs, clients' brand assets, password files), as libFuzzer targets.
///
/// Each target puts one input where a build would find it, in a small valid
/// agency (`ContentFixture`), and loads it the way a build does. Besides
/// crashes and sanitizer reports, a target stops on broken promises that
/// need no model: a diagnostic placed outside the file it names, and script
/// in a note's client HTML.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `project.yaml`: YAML with positions, milestones, risks, then the project rules.
    case project
    /// A weekly note: front matter, then the Markdown layer (outline, `## Internal`).
    case update
    /// A decision record: front matter and its fields.
    case decision
    /// `client.yaml`, and after a `--8<--` line the client's `logo.svg`.
    case client
    /// The passwords file (`--passwords`).
    case passwords
    /// A Markdown body straight into the Markdown layer, every entry point.
    case markdown
    /// HubSpot CSV exports (`hubspot pull --from-csv`), up to three split by
    /// `--8<--` lines, then the files the pull would write (HubSpotTarget.swift).
    case hubspot
    /// A project's `timesheet.csv` (`porthole import time` writes it; people
    /// edit it), loaded with the project.
    case timesheet
    /// `portal.yaml`, loaded with the playbooks as a build starts.
    case portal
    /// A change request (`changes/NNNN-*.md`): front matter and its fields.
    case change
    /// A playbook, loaded with `portal.yaml` and the other playbooks.
    case playbook
    /// A time tracker's detailed-report CSV (`porthole import time`), its
    /// first byte choosing the tool; what it imports is written as a
    /// timesheet and read back as a build reads it.
    case timeimport
    /// A theme's words file (`i18n/<lang>.yaml`), read as a theme loads it.
    case strings

    /// Where the target's input goes, under `content/`.
    var relativePath: String? {
        switch self {
        case .project: "clients/acme/shop/project.yaml"
        case .update: "clients/acme/shop/updates/2026-11-24.md"
        case .decision: "clients/acme/shop/decisions/0001-use-markets.md"
        case .client: "clients/acme/client.yaml"
        case .timesheet: "clients/acme/shop/timesheet.csv"
        case .portal: "portal.yaml"
        case .change: "clients/acme/shop/changes/0001-extra-market.md"
        case .playbook: "playbooks/storefront.yaml"
        case .passwords, .markdown, .hubspot, .timeimport, .strings: nil
        }
    }

    /// A fuzz target found a broken promise: the message names it. libFuzzer
    /// saves the input that caused it (a crash).
    public struct Violation: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs one input; throws when a promise is broken. Never crashes on
    /// any input unless the code under test does.
    public func run(_ bytes: [UInt8]) throws {
        let agency = FuzzAgency.shared
        switch self {
        case .passwords: try runPasswords(bytes, agency)
        case .hubspot: try Self.runHubSpot(bytes, agency)
        case .markdown: try Self.checkMarkdown(String(decoding: bytes, as: UTF8.self))
        case .timeimport: try Self.runTimeImport(bytes)
        case .strings: try Self.runStrings(bytes)
        case .client:
            let separator = Array("\n--8<--\n".utf8)
            var yaml = bytes
            var logo = FuzzAgency.logo
            if let range = bytes.firstRange(of: separator) {
                yaml = Array(bytes[..<range.lowerBound])
                logo = Array(bytes[range.upperBound...])
            }
            try agency.replace("clients/acme/logo.svg", logo)
            try load(yaml, at: relativePath!, agency)
        case .timesheet, .change:
            // Read only when the file is there.
            try agency.withFile(relativePath!, bytes) { try load(bytes, at: relativePath!, agency) }
        case .portal, .playbook:
            try agency.withFile(relativePath!, bytes) {
                let (_, log) = ContentLoader(root: agency.content, displayRoot: "content").loadShared()
                try Self.checkPositions(log, file: "content/" + relativePath!, bytes: bytes)
            }
        default: try load(bytes, at: relativePath!, agency)
        }
    }

    /// The client loaded with the input in place of one file, then the
    /// project rules, as `BuildClients` does.
    private func load(_ bytes: [UInt8], at relative: String, _ agency: FuzzAgency) throws {
        var loader = ContentLoader(root: agency.content, displayRoot: "content")
        loader.prefetched[relative] = bytes
        let (client, log) = loader.loadClient("acme")
        var all = log
        if let client { all.merge(ProjectRules(playbooks: agency.playbooks, today: agency.today).check(client)) }
        try Self.checkPositions(all, file: "content/" + relative, bytes: bytes)
        if let note = client?.projects.first?.updates.last, relative.contains("/updates/") {
            try Self.checkMarkdown(note.body)
        }
    }

    /// Every problem is placed in the export, and the entries it imports
    /// are written as a timesheet the build reads back unchanged, with no
    /// problem: an import never writes a file the next build refuses.
    static func runTimeImport(_ bytes: [UInt8]) throws {
        guard let first = bytes.first else { return }
        let format = TimeImport.Format.allCases[Int(first) % TimeImport.Format.allCases.count]
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        let (rows, problems) = TimeImport.read(text, format: format, file: "export.csv")
        var log = DiagnosticLog()
        for problem in problems { log.error("time-import", problem.message, at: problem.location) }
        try checkPositions(log, file: "export.csv", bytes: Array(text.utf8))
        guard !rows.isEmpty else { return }
        let entries = rows.map(\.entry)
        let (read, readProblems) = Timesheet.parse(Timesheet.text(entries), file: "timesheet.csv")
        guard readProblems.isEmpty else {
            throw Violation(description: "the imported timesheet is refused: \(readProblems.map(\.message))")
        }
        let key = { (entry: TimeEntry) in "\(entry.date) \(entry.person) \(entry.task) \(Timesheet.hoursText(entry.hours))" }
        guard read.map(key).sorted() == entries.map(key).sorted() else {
            throw Violation(description: "the timesheet reads back other entries: \(read) for \(entries)")
        }
    }

    /// Every problem and every word is placed in the file, and no word
    /// holds a control character (a theme author gets `path:line:col`).
    static func runStrings(_ bytes: [UInt8]) throws {
        let file = "themes/custom/i18n/en.yaml"
        let (entries, log) = StringsFile.read(String(decoding: bytes, as: UTF8.self), file: file)
        var all = log
        for entry in entries {
            all.warning("word", entry.key, at: entry.location)
            if let problem = ContentText.controlCharacterProblem(entry.text) {
                throw Violation(description: "the word '\(entry.key)' holds \(problem)")
            }
        }
        try checkPositions(all, file: file, bytes: bytes)
    }

    private func runPasswords(_ bytes: [UInt8], _ agency: FuzzAgency) throws {
        try agency.replaceOutside("passwords.yaml", bytes)
        let (_, log) = Passwords.load(path: agency.root + "/passwords.yaml", display: "passwords.yaml", contentRoot: agency.content)
        try Self.checkPositions(log, file: "passwords.yaml", bytes: bytes)
    }

    /// Every diagnostic about the input points inside it (content.md "Errors").
    static func checkPositions(_ log: DiagnosticLog, file: String, bytes: [UInt8]) throws {
        for diagnostic in log.entries {
            guard let location = diagnostic.location, location.file == file else { continue }
            if let problem = positionProblem(location, in: bytes) {
                throw Violation(description: "\(diagnostic): \(problem)")
            }
        }
    }

    /// Nil when `location` is inside `bytes`; columns may count characters
    /// or bytes, and one past a line's end is the place of a missing value.
    public static func positionProblem(_ location: SourceLocation, in bytes: [UInt8]) -> String? {
        // YAML (and some editors) also end a line at a lone CR; a place
        // that is inside the file counted either way is inside it.
        guard let problem = positionProblem(location, lines: bytes.split(separator: 0x0A, omittingEmptySubsequences: false)) else {
            return nil
        }
        let yamlLines = String(decoding: bytes, as: UTF8.self).split(omittingEmptySubsequences: false) {
            $0 == "\n" || $0 == "\r" || $0 == "\r\n"
        }
        return positionProblem(location, lines: yamlLines.map { Array($0.utf8)[...] }) == nil ? nil : problem
    }

    static func positionProblem(_ location: SourceLocation, lines: [ArraySlice<UInt8>]) -> String? {
        guard location.line <= lines.count else { return "line \(location.line) of \(lines.count)" }
        let line = lines[location.line - 1]
        let width = max(line.count, String(decoding: line, as: UTF8.self).count)
        guard location.column <= width + 1 else { return "column \(location.column) of a \(width)-wide line" }
        return nil
    }

    /// A note's client HTML never carries markup of its own (raw HTML is
    /// omitted) or a script URL (site.md property 3).
    static func checkMarkdown(_ markdown: String) throws {
        let note = MarkdownNote(markdown: markdown, headingShift: 1)
        for html in [note.html, MarkdownNote.html(markdown)] {
            let lower = html.lowercased()
            for marker in ["<script", "<iframe", "href=\"javascript:", "src=\"javascript:", "href=\"vbscript:", " onerror="]
            where lower.contains(marker) {
                throw Violation(description: "client HTML contains \(marker): \(html)")
            }
        }
        _ = MarkdownNote.visibleText(of: markdown)
        _ = MarkdownNote.items(in: markdown, section: "Next")
        let onTree = MarkdownNote.html(markdown, references: references)
        let onHTML = references.linking(renderedHTML: MarkdownNote(markdown: markdown).html)
        guard onHTML == onTree else {
            throw Violation(description: "ids linked on the HTML differ from the tree's:\n\(onTree)\n\(onHTML ?? "nil")")
        }
    }

    /// Ids as a page links them, one of them a single letter.
    static let references = CrossReferences([
        "M1": CrossReference(href: "../../milestones/#milestone-m1", label: "M1 <Go> & \"live\""),
        "R1": CrossReference(href: "../../risks/#raid-r1", label: "R1"),
        "D-0001": CrossReference(href: "../../decisions/0001/", label: "D-0001"),
        "D": CrossReference(href: "../../decisions/", label: "D"),
    ])
}

/// The valid agency the targets load into, written once per process.
final class FuzzAgency: @unchecked Sendable {
    static let shared = FuzzAgency()
    static let logo = Array(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>\n".utf8)

    let fixture: ContentFixture
    let root: String
    let content: String
    let playbooks: [String: Playbook]
    let today = CalendarDate(iso: "2026-11-27")!

    private init() {
        // The fixture's files; a failure here is the machine's, not an input's.
        fixture = try! ContentFixture()
        try! fixture.write("clients/acme/client.yaml", ContentFixture.client + "  logo: logo.svg\n")
        root = fixture.root.path
        content = fixture.content.path
        try! fixture.writeBytes("clients/acme/logo.svg", Self.logo)
        let (shared, _) = ContentLoader(root: content, displayRoot: "content").loadShared()
        playbooks = shared!.playbooks
    }

    func replace(_ relative: String, _ bytes: [UInt8]) throws { try Self.put(bytes, at: content + "/" + relative) }

    /// Runs `body` with `bytes` at `relative`, then puts back what was there
    /// (or nothing): the regression tests run every target in one process,
    /// on this one agency.
    func withFile(_ relative: String, _ bytes: [UInt8], _ body: () throws -> Void) throws {
        let path = content + "/" + relative
        let folder = String(path[..<path.lastIndex(of: "/")!])
        let madeFolder = mkdir(folder, 0o755) == 0
        let original = FileManager.default.contents(atPath: path).map { Array($0) }
        try Self.put(bytes, at: path)
        defer {
            if let original { try? Self.put(original, at: path) } else { unlink(path) }
            if madeFolder { rmdir(folder) }
        }
        try body()
    }

    func replaceOutside(_ name: String, _ bytes: [UInt8]) throws { try Self.put(bytes, at: root + "/" + name) }

    /// Plain POSIX writes: Foundation's `Data.write` syncs every file, which
    /// would make these targets a hundred times slower.
    static func put(_ bytes: [UInt8], at path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FuzzTarget.Violation(description: "cannot write \(path)") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            guard result > 0 else { throw FuzzTarget.Violation(description: "cannot write \(path)") }
            written += result
        }
    }
}
