/// A theme template compiled once per build into a tree, which is then laid
/// out flat (`TemplateProgram`) for `TemplateRenderer` to run with plain
/// dictionary lookups.
///
/// Why not swift-mustache's own renderer: each name it looks up costs several
/// protocol casts (custom representation, parent, lambda, renderable) on every
/// level of the context stack, and at agency scale template lookups were a
/// third of a full build's CPU (docs/architecture.md, "Where the time goes").
/// swift-mustache still parses and checks every template (its errors, with
/// line and column, are the ones a theme author sees); this compiler then
/// re-reads the text with the same whitespace rules (standalone lines,
/// partial and block indentation), so both give the same bytes. That is
/// tested on the default theme and on the tricky cases.
///
/// Covered: variables, sections, inverted sections, comments, partials,
/// parents and blocks (inheritance), set delimiters and the CONTENT_TYPE
/// pragma. swift-mustache's extensions (transforms such as `{{first()}}`,
/// dynamic partials `{{>*name}}`) are not: a theme that uses them renders
/// through swift-mustache, more slowly but the same.
struct CompiledTemplate: Sendable {
    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, [Node])
        case inverted(Name, [Node])
        /// `indentation` is set for a standalone partial tag: every line of
        /// the partial is indented like the tag.
        case partial(String, indentation: String?, blocks: [String: [Node]]?)
        /// `{{$name}}default{{/name}}`: a child template may replace it.
        case block(String, default: [Node], indentation: String?)
        /// A block's replacement, only inside `{{<parent}}`.
        case blockDefinition(String, [Node])
        case contentType(escapesHTML: Bool)
    }

    enum Name: Sendable, Equatable {
        /// `{{.}}`
        case current
        /// `{{a.b}}`: `a` is looked up the context stack, `b` inside it;
        /// `anchored` (`{{.a}}`) looks at the innermost context only.
        case path([String], anchored: Bool)
        /// `{{t.a.b}}`: one of the theme's words, `a.b` (`TemplateWords`).
        /// Views never name a value `t`, so it is always the words below
        /// every page context, and is looked up there directly.
        case word(String, path: [String])

        init(_ text: String) {
            let parts = text.split(separator: ".").map(String.init)
            if text == "." || parts.isEmpty {
                self = .current
            } else if text.first != ".", parts[0] == "t", parts.count > 1 {
                self = .word(parts.dropFirst().joined(separator: "."), path: parts)
            } else {
                self = .path(parts, anchored: text.first == ".")
            }
        }
    }

    /// A template this compiler does not cover (see above), or text
    /// swift-mustache would have refused.
    struct Unsupported: Error {}

    /// A set-delimiter tag with a one-character opening delimiter: swift-
    /// mustache 2.1.1's parser traps (a Swift runtime crash) on an empty
    /// section under such delimiters, so the theme is refused before it is
    /// handed to it. Line and column are 1-based, of the tag.
    struct ShortDelimiter: Error {
        let line: Int
        let column: Int
    }

    let nodes: [Node]

    init(_ text: String) throws {
        var reader = Reader(Array(text))
        nodes = try Self.parse(&reader, State())
    }

    // MARK: Parsing, with swift-mustache's whitespace rules

    private struct State {
        var sectionName: String?
        /// At the start of a line (only spaces or tabs read so far).
        var newLine = true
        /// Inside `{{<parent}}…{{/parent}}`; `parentTopLevel` directly inside.
        var inParent = false
        var parentTopLevel = false
        var parentIndentation: [Character]?
        var open: [Character] = ["{", "{"]
        var close: [Character] = ["}", "}"]

        func inSection(_ name: String, newLine: Bool) -> State {
            var state = self
            state.sectionName = name
            state.parentTopLevel = false
            if !newLine { state.newLine = false }
            return state
        }
    }

    private struct Reader {
        let characters: [Character]
        var position = 0

        init(_ characters: [Character]) { self.characters = characters }

        var atEnd: Bool { position == characters.count }
        /// swift-mustache reads "\0" past the end.
        var current: Character { atEnd ? "\0" : characters[position] }
        mutating func advance() { position += 1 }

        @discardableResult
        mutating func read(while test: (Character) -> Bool) -> [Character] {
            let start = position
            while !atEnd, test(characters[position]) { position += 1 }
            return Array(characters[start..<position])
        }

        /// Consumes `expected` if it comes next; past the end is an error.
        mutating func read(_ expected: [Character]) throws -> Bool {
            guard characters.count - position >= expected.count else { throw Unsupported() }
            guard Array(characters[position..<position + expected.count]) == expected else { return false }
            position += expected.count
            return true
        }
    }

    private static func isSpace(_ c: Character) -> Bool { c == " " || c == "\t" }
    private static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    private static let partialNameCharacters = nameCharacters.union(["/"])
    private static let pragmaCharacters = nameCharacters.subtracting(["(", ")"])

    private static func parse(_ reader: inout Reader, _ initial: State) throws -> [Node] {
        var level = Level(state: initial)
        while !reader.atEnd {
            if level.state.newLine { level.readIndentation(&reader) }
            let text = try readText(&reader, level.state)
            if reader.current.isNewline {
                level.endLine(text, &reader)
                continue
            }
            level.appendText(text)
            if reader.atEnd { break }
            let closesSection = try level.readTag(&reader)
            if closesSection { return level.nodes }
        }
        guard level.state.sectionName == nil else { throw Unsupported() }
        return level.nodes
    }

    /// The nodes of one template, section or block as they are read, with
    /// what the reading is at.
    private struct Level {
        var nodes: [Node] = []
        var state: State
        /// The indentation of the current line, held back until we know
        /// whether the line is a standalone tag (then it is dropped).
        var indentation: [Character] = []

        init(state: State) { self.state = state }

        /// The spaces and tabs that start a line; inside a parent, less the
        /// indentation of its first line.
        mutating func readIndentation(_ reader: inout Reader) {
            let white = reader.read(while: isSpace)
            if state.inParent, !state.parentTopLevel {
                if let parentIndentation = state.parentIndentation {
                    indentation = Array(white.dropFirst(parentIndentation.count))
                } else {
                    state.parentIndentation = white
                }
            } else {
                indentation = white
            }
        }

        /// The text before a newline, with the newline.
        mutating func endLine(_ text: [Character], _ reader: inout Reader) {
            nodes.append(.text(bytes(indentation + text + [reader.current])))
            state.newLine = true
            reader.advance()
        }

        /// The text before a tag: the line is not a standalone tag's.
        mutating func appendText(_ text: [Character]) {
            guard !text.isEmpty else { return }
            nodes.append(.text(bytes(indentation + text)))
            indentation = []
            state.newLine = false
        }

        mutating func flushIndentation() {
            if !indentation.isEmpty {
                nodes.append(.text(bytes(indentation)))
                indentation = []
            }
        }

        /// The tag after an opening delimiter; true when it closes this
        /// level's section.
        mutating func readTag(_ reader: inout Reader) throws -> Bool {
            var standalone = false
            switch reader.current {
            case "#", "^":
                standalone = try readSection(&reader)
            case "/":
                reader.advance()
                let name = try parseName(&reader, state)
                guard name == state.sectionName else { throw Unsupported() }
                if !isStandalone(&reader, state) { flushIndentation() }
                return true
            case "!":
                reader.advance()
                try skipComment(&reader, state)
                standalone = isStandalone(&reader, state)
            case "{", "&":
                let triple = reader.current == "{"
                flushIndentation()
                reader.advance()
                let name = try parseName(&reader, state)
                if triple { guard try reader.read(["}"]) else { throw Unsupported() } }
                nodes.append(.variable(Name(name), escaped: false))
            case ">":
                standalone = try readPartial(&reader)
            case "<":
                standalone = try readParent(&reader)
            case "$":
                standalone = try readBlock(&reader)
            case "=":
                standalone = try readDelimiters(&reader)
            case "%":
                reader.advance()
                nodes.append(try pragma(&reader, state))
                standalone = isStandalone(&reader, state)
            default:
                flushIndentation()
                nodes.append(.variable(Name(try parseName(&reader, state)), escaped: true))
            }
            state.newLine = standalone
            return false
        }

        /// `{{#name}}…{{/name}}` or `{{^name}}…{{/name}}`; true when the
        /// opening tag is standalone.
        mutating func readSection(_ reader: inout Reader) throws -> Bool {
            let inverted = reader.current == "^"
            reader.advance()
            let name = try parseName(&reader, state)
            let standalone = isStandalone(&reader, state)
            if !standalone { flushIndentation() }
            let body = try parse(&reader, state.inSection(name, newLine: standalone))
            nodes.append(inverted ? .inverted(Name(name), body) : .section(Name(name), body))
            return standalone
        }

        /// `{{>name}}`, indented like its tag when the tag is standalone.
        mutating func readPartial(_ reader: inout Reader) throws -> Bool {
            reader.advance()
            reader.read(while: \.isWhitespace)
            if reader.current == "*" { throw Unsupported() } // dynamic partial
            let name = try parsePartialName(&reader, state)
            let lineIndentation = String(indentation)
            flushIndentation()
            let standalone = isStandalone(&reader, state)
            nodes.append(.partial(name, indentation: standalone ? lineIndentation : nil, blocks: nil))
            return standalone
        }

        /// `{{<parent}}…{{/parent}}`: the parent partial with the blocks
        /// defined inside (text between them is not output).
        mutating func readParent(_ reader: inout Reader) throws -> Bool {
            reader.advance()
            reader.read(while: \.isWhitespace)
            let name = try parsePartialName(&reader, state)
            if name.first == "*" { throw Unsupported() }
            let lineIndentation = String(indentation)
            flushIndentation()
            let standalone = isStandalone(&reader, state)
            var inner = state
            inner.sectionName = name
            inner.newLine = true
            inner.inParent = true
            inner.parentTopLevel = true
            var blocks: [String: [Node]] = [:]
            for node in try parse(&reader, inner) {
                switch node {
                case .blockDefinition(let block, let body): blocks[block] = body
                case .text: break
                default: throw Unsupported()
                }
            }
            nodes.append(.partial(name, indentation: lineIndentation, blocks: blocks))
            return standalone
        }

        /// `{{$name}}…{{/name}}`: a block's replacement directly inside a
        /// parent, anywhere else a block with its default.
        mutating func readBlock(_ reader: inout Reader) throws -> Bool {
            reader.advance()
            let name = try parseName(&reader, state)
            if state.parentTopLevel {
                let standalone = isStandalone(&reader, state)
                nodes.append(.blockDefinition(name, try parse(&reader, state.inSection(name, newLine: standalone))))
                return standalone
            }
            let lineIndentation = String(indentation)
            flushIndentation()
            let standalone = isStandalone(&reader, state)
            let body = try parse(&reader, state.inSection(name, newLine: standalone))
            nodes.append(.block(name, default: body, indentation: lineIndentation))
            return standalone
        }

        /// `{{=<% %>=}}`: new delimiters from here on.
        mutating func readDelimiters(_ reader: inout Reader) throws -> Bool {
            let tag = reader.position - state.open.count
            reader.advance()
            state = try setDelimiters(&reader, state)
            if state.open.count < 2 {
                let before = reader.characters[..<tag]
                let line = before.filter(\.isNewline).count + 1
                let column = before.count - (before.lastIndex(where: \.isNewline).map { $0 + 1 } ?? 0) + 1
                throw ShortDelimiter(line: line, column: column)
            }
            return isStandalone(&reader, state)
        }
    }

    /// Text up to a newline (left unread) or an opening delimiter (consumed).
    private static func readText(_ reader: inout Reader, _ state: State) throws -> [Character] {
        guard let first = state.open.first else { return [] }
        var text: [Character] = []
        while !reader.atEnd {
            text += reader.read { $0 != "\n" && $0 != "\r\n" && $0 != first }
            if reader.current.isNewline {
                break
            } else if reader.current == first {
                if try reader.read(state.open) { break }
                text.append(first)
                reader.advance()
            }
        }
        return text
    }

    private static func parseName(_ reader: inout Reader, _ state: State) throws -> String {
        reader.read(while: \.isWhitespace)
        let name = reader.read(while: nameCharacters.contains)
        reader.read(while: \.isWhitespace)
        guard try reader.read(state.close) else { throw Unsupported() }
        // Parentheses are swift-mustache transforms.
        guard !name.contains("("), !name.contains(")") else { throw Unsupported() }
        return String(name)
    }

    private static func parsePartialName(_ reader: inout Reader, _ state: State) throws -> String {
        reader.read(while: \.isWhitespace)
        let name = reader.read(while: partialNameCharacters.contains)
        reader.read(while: \.isWhitespace)
        guard try reader.read(state.close) else { throw Unsupported() }
        return String(name)
    }

    private static func skipComment(_ reader: inout Reader, _ state: State) throws {
        while !reader.atEnd {
            if try reader.characters.count - reader.position >= state.close.count && reader.read(state.close) { return }
            reader.advance()
        }
        throw Unsupported()
    }

    private static func setDelimiters(_ reader: inout Reader, _ state: State) throws -> State {
        reader.read(while: \.isWhitespace)
        let open = reader.read { !$0.isWhitespace }
        reader.read(while: \.isWhitespace)
        let close = reader.read { $0 != "=" && !$0.isWhitespace }
        reader.read(while: \.isWhitespace)
        guard !reader.atEnd, try reader.read(["="]), try reader.read(state.close),
            !open.isEmpty, !close.isEmpty
        else { throw Unsupported() }
        var state = state
        state.open = open
        state.close = close
        state.parentTopLevel = false
        return state
    }

    private static func pragma(_ reader: inout Reader, _ state: State) throws -> Node {
        reader.read(while: \.isWhitespace)
        let variable = String(reader.read(while: pragmaCharacters.contains))
        reader.read(while: \.isWhitespace)
        guard try reader.read([":"]) else { throw Unsupported() }
        reader.read(while: \.isWhitespace)
        let value = String(reader.read(while: pragmaCharacters.contains))
        reader.read(while: \.isWhitespace)
        guard try reader.read(state.close), variable == "CONTENT_TYPE" else { throw Unsupported() }
        switch value {
        // Porthole's fast HTML escaping produces the same bytes as HTML's.
        case "HTML", FastHTMLContentType.name: return .contentType(escapesHTML: true)
        case "TEXT": return .contentType(escapesHTML: false)
        default: throw Unsupported()
        }
    }

    /// A tag alone on its line (bar spaces): the line, newline included, is
    /// not output.
    private static func isStandalone(_ reader: inout Reader, _ state: State) -> Bool {
        guard state.newLine else { return false }
        if reader.atEnd { return true }
        var ahead = reader
        ahead.read(while: isSpace)
        guard ahead.current.isNewline else { return false }
        ahead.advance()
        reader.position = ahead.position
        return true
    }

    private static func bytes(_ characters: [Character]) -> [UInt8] {
        Array(String(characters).utf8)
    }
}
