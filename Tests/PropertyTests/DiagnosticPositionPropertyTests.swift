import Foundation
import PortholeCore
import PortholeTestSupport
import PropertyBased
import Testing

/// A diagnostic's `path:line:col` must point into the file it names
/// (content.md "Errors"): an editor jumps there. Valid content files are
/// broken at random (YAML and Markdown tokens, cut lines, stray and invalid
/// bytes), loaded as a build loads them, and every position checked.
struct DiagnosticPositionPropertyTests {
    static let files: [(path: String, text: String)] = [
        ("portal.yaml", ContentFixture.portal), ("playbooks/storefront.yaml", ContentFixture.playbook),
        ("clients/acme/client.yaml", ContentFixture.client), ("clients/acme/shop/project.yaml", ContentFixture.project),
        ("clients/acme/shop/updates/2026-11-24.md", ContentFixture.update),
        ("clients/acme/shop/decisions/0001-use-markets.md", ContentFixture.decision),
    ]

    static let tokens: [[UInt8]] =
        [
            ":", ": ", "- ", "\t", "\"", "'", "{", "}", "[", "]", "---", "\n", "\n\n", "&a ", "*a", "!!binary ", "? ", "|", ">-",
            "#", "%YAML 1.2\n", "\u{FEFF}", "é", "😀", "\r", "\r\n", "key: value\n", " ", "    ", "\n  - ", "null", "~",
            "2026-13-45", "99999999999999999999", "<<: *a\n", "\u{0}", "\u{7}", "## Internal\n", "\\", "\u{2028}",
        ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80]]

    /// One edit: where (a fraction of the file), what, and which token.
    enum Edit {
        case insert(Double, Int)
        case delete(Double, Int)
        case truncate(Double)
        case duplicateLine(Double)
    }

    static let edit: Generator<Edit, some SendableSequenceType> = zip(
        Gen<Int>.int(in: 0...9), Gen<Double>.double(in: 0...1), Gen<Int>.int(in: 0..<tokens.count)
    ).map { kind, at, token in
        switch kind {
        case 0...5: .insert(at, token)
        case 6, 7: .delete(at, token % 12 + 1)
        case 8: .truncate(at)
        default: .duplicateLine(at)
        }
    }

    static func apply(_ edits: [Edit], to text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        for edit in edits {
            switch edit {
            case .insert(let at, let token): bytes.insert(contentsOf: tokens[token], at: Int(at * Double(bytes.count)))
            case .delete(let at, let count):
                let start = Int(at * Double(bytes.count))
                bytes.removeSubrange(start..<min(bytes.count, start + count))
            case .truncate(let at): bytes.removeSubrange(Int(at * Double(bytes.count))...)
            case .duplicateLine(let at):
                let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                let index = min(lines.count - 1, Int(at * Double(lines.count)))
                var copy = Array(lines.prefix(index + 1).joined(separator: [0x0A]))
                copy.append(0x0A)
                copy += lines[index...].joined(separator: [0x0A])
                bytes = copy
            }
        }
        return bytes
    }

    /// Nil when `location` is inside `bytes`, else why not. Columns may
    /// count characters or bytes; either must stay within the line (one past
    /// its end is the place of a missing value).
    static func problem(_ location: PortholeCore.SourceLocation, in bytes: [UInt8]) -> String? {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard location.line <= lines.count else { return "line \(location.line) of \(lines.count)" }
        let line = lines[location.line - 1]
        let width = max(line.count, String(decoding: line, as: UTF8.self).count)
        guard location.column <= width + 1 else { return "column \(location.column) of a \(width)-wide line" }
        return nil
    }

    @Test func test_everyDiagnosticPointsInsideTheFileItNames() throws {
        let input = zip(Gen<Int>.int(in: 0..<Self.files.count), Self.edit.array(of: 1...4))
        Property.check("diagnostic-positions", cases: max(1, Property.cases / 2), input) { fileIndex, edits in
            let fixture = try ContentFixture()
            try fixture.writeBytes(Self.files[fileIndex].path, Self.apply(edits, to: Self.files[fileIndex].text))
            let loader = ContentLoader(root: fixture.content.path, displayRoot: "content")
            let (shared, sharedLog) = loader.loadShared()
            var log = sharedLog
            for slug in shared?.clientSlugs ?? [] {
                let (client, clientLog) = loader.loadClient(slug)
                log.merge(clientLog)
                if let client, let shared {
                    log.merge(ProjectRules(playbooks: shared.playbooks, today: CalendarDate(iso: "2026-11-27")!).check(client))
                }
            }
            for diagnostic in log.entries {
                guard let location = diagnostic.location else { continue }
                try Property.require(location.file.hasPrefix("content/"), "\(diagnostic) names a file outside content/")
                let path = fixture.root.appendingPathComponent(location.file).path
                // A folder or a missing file has no lines; it is named at 1:1.
                guard ContentDisk.kind(of: path) == .file, let bytes = ContentDisk.readBytes(path) else {
                    try Property.require(location.line == 1 && location.column == 1, "\(diagnostic) has a place in no file")
                    continue
                }
                if let problem = Self.problem(location, in: bytes) {
                    let shown = String(decoding: bytes, as: UTF8.self)
                    throw Property.Failure(description: "\(diagnostic): \(problem) in\n\(shown)")
                }
            }
        }
    }
}
