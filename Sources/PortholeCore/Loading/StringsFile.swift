/// A theme's words file (`themes/<theme>/i18n/<lang>.yaml`): keys and the
/// text for each, read with the location of every value so a theme author
/// gets `path:line:col` for any problem, like in content.
///
/// Keys may be written flat (`milestone.state.done: Done`) or as nested
/// groups (`milestone:` / `state:` / `done: Done`); both give the key
/// `milestone.state.done`. The words themselves are the theme's, not Core's:
/// this only reads the file.
public enum StringsFile {
    public struct Entry: Sendable, Equatable {
        public let key: String
        public let text: String
        public let location: SourceLocation
    }

    /// Every entry in file order, and every problem reported with `code`
    /// (a theme's files report as "theme").
    public static func read(_ text: String, file: String, code: String = "theme") -> ([Entry], DiagnosticLog) {
        let reader = YAMLReader(file: file)
        var entries: [Entry] = []
        if let root = reader.parse(text) {
            if root.mapping == nil {
                reader.error("type", "a words file must be a mapping of keys to text", at: root)
            } else {
                collect(root, prefix: "", reader, &entries)
                checkKeys(entries, reader)
            }
        }
        var log = DiagnosticLog()
        for diagnostic in reader.log.entries {
            log.add(Diagnostic(diagnostic.severity, code, diagnostic.message, at: diagnostic.location))
        }
        return (entries, log)
    }

    /// Letters, digits, `_` and `-` between dots: a key is also a Mustache
    /// name (`{{t.milestone.state.done}}`).
    static func isKeyPart(_ part: Substring) -> Bool {
        !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    private static func collect(_ node: YAMLNode, prefix: String, _ reader: YAMLReader, _ entries: inout [Entry]) {
        for (keyNode, value) in node.mapping ?? [] {
            guard let name = keyNode.scalar?.string,
                name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isKeyPart)
            else {
                reader.error(
                    "invalid-key", "a key is words of letters, digits, '_' or '-' joined by dots, like milestone.state.done", at: keyNode)
                continue
            }
            let key = prefix + name
            if value.mapping != nil {
                collect(value, prefix: key + ".", reader, &entries)
            } else if let scalar = value.scalar, !scalar.isNull {
                if let problem = Fields.controlCharacterProblem(scalar.string) {
                    reader.error("control-character", "the text of '\(key)' contains \(problem)", at: value)
                    continue
                }
                entries.append(Entry(key: key, text: scalar.string, location: reader.location(value)))
            } else {
                reader.error(
                    "type", "'\(key)' must be text (or a group of keys), not \(value.sequence != nil ? "a list" : "empty")", at: value)
            }
        }
    }

    /// A key defined twice, or used both as text and as the group of other
    /// keys (a template could not reach both).
    private static func checkKeys(_ entries: [Entry], _ reader: YAMLReader) {
        var seen: [String: Entry] = [:]
        for entry in entries {
            if let first = seen[entry.key] {
                reader.error("duplicate-key", "'\(entry.key)' is defined twice (first at line \(first.location.line))", at: entry.location)
            } else {
                seen[entry.key] = entry
            }
        }
        for entry in entries {
            var prefix = Substring(entry.key)
            while let dot = prefix.lastIndex(of: ".") {
                prefix = prefix[..<dot]
                if let group = seen[String(prefix)] {
                    reader.error(
                        "duplicate-key", "'\(group.key)' is text, so it cannot also be the group of '\(entry.key)'", at: entry.location)
                    break
                }
            }
        }
    }
}
