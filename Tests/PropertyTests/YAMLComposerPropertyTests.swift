import PropertyBased
import Testing
import Yams

@testable import PortholeCore

/// `YAMLComposer` replaces `Yams.compose` under every loader: for any text,
/// it must give the same tree (the same text, plainness and place for
/// every scalar; the same pairs and items, aliases resolved) or the same
/// error (libyaml's problem and context, at the same place), so that every
/// value and every diagnostic reads as it did.
struct YAMLComposerPropertyTests {
    /// YAML's own pieces, with the hostile ones: a text of them is often a
    /// document and often almost one.
    static let pieces: [String] =
        [
            "key: ", "status: green\n", "a: ", "b:", "- ", "-", "? ", ":", ": ", "[", "]", "{", "}", ", ", "&x ", "*x", "&y ", "*y",
            "!!str ", "!x ", "|\n", ">-\n", "'", "''", "\"", "\\\"", "#", " # c\n", "---\n", "...\n", "%YAML 1.2\n", "~", "null",
            "  ", "    ", "\n", "\n  ", "\n- ", "\r\n", "\r", "\t", "<<: ", "2026-11-27", "12.5", "é", "😀", "\u{0}", "\u{85}",
            "\u{FEFF}",
        ] + HostileText.pieces

    static func text(maxPieces: Int) -> Generator<String, some SendableSequenceType> {
        Gen<String?>.element(of: pieces).map { $0 ?? "" }.array(of: 0...maxPieces).map { $0.joined() }
    }

    /// A tree as a string both composers' trees print the same way.
    static func describe(_ node: YAMLNode) -> String {
        let place = "@\(node.mark.line):\(node.mark.column)"
        switch node.content {
        case .scalar(let scalar): return "\(scalar.isPlain ? "plain" : "quoted")\(scalar.string.debugDescription)\(place)"
        case .sequence(let items): return "[" + items.map(describe).joined(separator: ", ") + "]" + place
        case .mapping(let pairs):
            return "{" + pairs.map { describe($0.key) + ": " + describe($0.value) }.joined(separator: ", ") + "}" + place
        }
    }

    static func describe(_ node: Node) -> String {
        let place = node.mark.map { "@\($0.line):\($0.column)" } ?? "@?"
        switch node {
        case .scalar(let scalar): return "\(scalar.style == .plain ? "plain" : "quoted")\(scalar.string.debugDescription)\(place)"
        case .sequence(let items): return "[" + items.map(describe).joined(separator: ", ") + "]" + place
        case .mapping(let pairs):
            return "{" + pairs.map { describe($0.key) + ": " + describe($0.value) }.joined(separator: ", ") + "}" + place
        }
    }

    /// What `YAMLReader` took from Yams before: the tree, or the error's
    /// detail and place.
    static func yams(_ text: String) -> String {
        do {
            return try Yams.compose(yaml: text, .default, .default, .utf8).map(describe) ?? "empty"
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                return "error \(context.map { "\(problem) \($0.text)" } ?? problem) @\(mark.line):\(mark.column)"
            case .reader(let problem, let offset, _, _):
                return "reader \(problem) @\(offset.map(String.init) ?? "nil")"
            default:
                return "other \(error)"
            }
        } catch {
            return "other \(error)"
        }
    }

    static func composer(_ text: String) -> String {
        switch YAMLComposer.compose(text) {
        case .success(let node?): return describe(node)
        case .success(nil): return "empty"
        case .failure(.syntax(let detail, let line, let column)): return "error \(detail) @\(line):\(column)"
        case .failure(.reader(let problem, let offset)): return "reader \(problem) @\(offset.map(String.init) ?? "nil")"
        case .failure(.memory): return "other Memory error"
        }
    }

    @Test func test_composerGivesYamsTreesAndErrors() {
        Property.check("yaml-composer", Self.text(maxPieces: 30)) { text in
            // Yams' recursive composer overflows the stack on deep nesting,
            // which `YAMLReader` refuses before composing.
            guard YAMLReader.nestingProblem(text) == nil else { return }
            let expected = Self.yams(text)
            let found = Self.composer(text)
            try Property.require(found == expected, "\(text.debugDescription):\n  composer: \(found)\n  Yams:     \(expected)")
        }
    }

    @Test(arguments: [
        "", "# only a comment\n", "---\n", "a: 1\n", "a: &x [1, 2]\nb: *x\n", "a: *missing\n", "a: 1\n---\nb: 2\n",
        "a: 'unclosed\n", "a: [1, 2\n", "- a\nb: c\n", "a:\n  - b\n  - c: d\n", "? [x]\n: y\n", "a: |\n  text\n",
        "a: \"\\x41\\u00e9\\0\"\n", "a: 1\r\nb: 2\r\n", "\u{FEFF}a: b\n", "a: b\u{85}c\n", "a: \u{0}\n", "x: >-\n  folded\n  text\n",
        "a: b: c\n", "{a: 1, a: 2}", "- &a x\n- *a\n- &a y\n- *a\n", "!!str 5", "%YAML 1.1\n---\na: b\n",
    ])
    func test_composerGivesYamsTreeOrError(_ text: String) {
        #expect(Self.composer(text) == Self.yams(text))
    }
}
