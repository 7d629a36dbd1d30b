/// Reads one YAML document into typed values while keeping each value's
/// source location, so that every problem is reported as `path:line:col`
/// and all problems of a file are reported together.
///
/// Written by hand over libyaml's events (`YAMLComposer`) because Yams'
/// `YAMLDecoder` stops at the first error and its errors carry a coding
/// path, not a line and column.
final class YAMLReader {
    let file: String
    /// Lines above the YAML text in its file (the `---` of front matter).
    let lineOffset: Int
    private(set) var log = DiagnosticLog()
    /// The parsed text, for placing a node that libyaml marks past its end.
    private var text = "" { didSet { end = nil } }
    /// Its number of lines and the length of its last line, found once per
    /// text: every value's location asks, and splitting the text each time
    /// made a theme's strings files (hundreds of keys each) quadratic.
    private var end: TextEnd?

    init(file: String, lineOffset: Int = 0) {
        self.file = file
        self.lineOffset = lineOffset
    }

    func location(_ node: YAMLNode?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file, line: 1 + lineOffset) }
        // An empty document ("---" and nothing after it) is marked on the
        // line after the last (found by fuzzing the passwords file).
        if end == nil { end = TextEnd(text) }
        let (line, column) = end!.place(line: mark.line, column: mark.column)
        return SourceLocation(file: file, line: line + lineOffset, column: column)
    }

    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + lineOffset, column: column)
    }

    func error(_ code: String, _ message: String, at node: YAMLNode?) {
        log.error(code, message, at: location(node))
    }

    func error(_ code: String, _ message: String, at location: SourceLocation) {
        log.error(code, message, at: location)
    }

    func warning(_ code: String, _ message: String, at node: YAMLNode?) {
        log.warning(code, message, at: location(node))
    }

    /// The document's root node, or nil after reporting a syntax error.
    func parse(_ text: String) -> YAMLNode? {
        self.text = text
        if let (line, column, problem) = Self.nestingProblem(text) {
            error("yaml-nesting", problem, at: location(line: line, column: column))
            return nil
        }
        switch YAMLComposer.compose(text) {
        case .success(let node?):
            return node
        case .success(nil):
            error("empty-file", "the YAML is empty (or only comments); expected keys and values", at: location(line: 1, column: 1))
        case .failure(.syntax(let detail, let line, let column)):
            let (line, column) = Self.insideText(line: line, column: column, text)
            error("yaml-syntax", "YAML syntax error: \(detail)", at: location(line: line, column: column))
        case .failure(.reader(let problem, let offset)):
            let (line, column) = Self.lineAndColumn(ofCharacter: offset ?? 0, in: text)
            error("yaml-syntax", "cannot read YAML: \(problem)", at: location(line: line, column: column))
        case .failure(.memory):
            error("yaml-syntax", "cannot read YAML: Memory error", at: location(line: 1, column: 1))
        }
        return nil
    }

    /// Content never nests deeply; a hostile file that does would overflow
    /// the stack of the recursive YAML composer and crash the build. A
    /// linear pre-scan refuses flow nesting or indentation far beyond any
    /// real content (quoted strings and comments are skipped).
    static let maxFlowDepth = 32
    static let maxIndent = 160

    static func nestingProblem(_ text: String) -> (line: Int, column: Int, message: String)? {
        // On the contiguous bytes: String's UTF-8 view checks its storage
        // on every step, and every front matter is scanned.
        var text = text
        return text.withUTF8 { nestingProblem(bytes: $0) }
    }

    private static func nestingProblem(bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int, message: String)? {
        var depth = 0
        var line = 1
        var column = 0
        var quote: UInt8? = nil
        var escaped = false
        var atLineStart = true
        var indent = 0
        var inComment = false
        var previous: UInt8 = 0x0A
        for byte in bytes {
            column += 1
            if byte == 0x0A {
                line += 1
                column = 0
                atLineStart = true
                indent = 0
                inComment = false
                previous = byte
                continue
            }
            if atLineStart {
                if byte == 0x20 {
                    indent += 1
                    if indent > maxIndent {
                        return (line, column, "indentation deeper than \(maxIndent) columns; content is never nested this deep")
                    }
                    previous = byte
                    continue
                }
                atLineStart = false
            }
            if inComment {
                previous = byte
                continue
            }
            if let open = quote {
                // Double quotes escape with a backslash (which can itself be
                // escaped); single quotes only by doubling, handled as a
                // close and a reopen.
                if open == UInt8(ascii: "\"") && escaped {
                    escaped = false
                } else if open == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == open {
                    quote = nil
                }
                previous = byte
                continue
            }
            switch byte {
            case UInt8(ascii: "#") where previous == 0x20 || previous == 0x09 || column == 1:
                inComment = true
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if previous == 0x20 || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "{")
                    || previous == UInt8(ascii: ",") || previous == UInt8(ascii: ":") || column == indent + 1
                {
                    quote = byte
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maxFlowDepth {
                    return (line, column, "lists or mappings nested more than \(maxFlowDepth) deep; content is never nested this deep")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
            default:
                break
            }
            previous = byte
        }
        return nil
    }

    /// libyaml places an error at the end of a text without a final newline
    /// on the line after its last one; the property tests found such
    /// diagnostics pointing past the end of the file. The place becomes the
    /// end of the last line, where an editor can go.
    static func insideText(line: Int, column: Int, _ text: String) -> (Int, Int) {
        TextEnd(text).place(line: line, column: column)
    }

    /// How many lines a text has, and how long its last one is.
    struct TextEnd {
        let lines: Int
        let lastLineLength: Int

        init(_ text: String) {
            // Lines as libyaml counts them: "\r\n" ends one line, and a lone
            // CR ends a line too. Counted on bytes: CR and LF never join a
            // Character other than "\r\n" (Unicode's grapheme rules break
            // around them), and splitting into Characters cost a
            // grapheme-breaking pass over every front matter.
            var text = text
            let (lines, lastLineStart) = text.withUTF8 { bytes in
                var lines = 1
                var lastLineStart = 0
                var afterCR = false
                for (offset, byte) in bytes.enumerated() {
                    if byte == 0x0D || (byte == 0x0A && !afterCR) { lines += 1 }
                    if byte == 0x0D || byte == 0x0A { lastLineStart = offset + 1 }
                    afterCR = byte == 0x0D
                }
                return (lines, lastLineStart)
            }
            self.lines = lines
            lastLineLength = text[text.utf8.index(text.utf8.startIndex, offsetBy: lastLineStart)...].count
        }

        func place(line: Int, column: Int) -> (Int, Int) {
            line > lines ? (lines, lastLineLength + 1) : (line, column)
        }
    }

    static func lineAndColumn(ofCharacter offset: Int, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        // "\r\n" is one Character: without it a file with Windows line ends
        // had every error after the first line placed on that line, far
        // past its end (found by fuzzing the passwords file).
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    /// A mapping whose keys are checked against `keys`; nil (after an error)
    /// when the node is not a mapping.
    func mapping(_ node: YAMLNode?, keys: [String], what: String) -> Fields? {
        guard let node else { return nil }
        guard let mapping = node.mapping else {
            error("type", "\(what) must be a mapping of keys to values", at: node)
            return nil
        }
        return Fields(reader: self, node: node, mapping: mapping, keys: keys, what: what)
    }
}

/// The fields of one YAML mapping being read. Unknown and duplicate keys are
/// reported when the mapping is created; missing required keys when asked.
struct Fields {
    let reader: YAMLReader
    let node: YAMLNode
    /// The known keys read, in the order written: a mapping has a handful,
    /// looked up by name a few times each, which a scan does without
    /// hashing every name.
    private var values: [(name: String, key: YAMLNode, value: YAMLNode)] = []
    let what: String

    init(reader: YAMLReader, node: YAMLNode, mapping: [YAMLNode.Pair], keys: [String], what: String) {
        self.reader = reader
        self.node = node
        self.what = what
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                reader.error("type", "\(what) keys must be plain words", at: key)
                continue
            }
            if entry(name) != nil {
                reader.error("duplicate-key", "duplicate key '\(name)' in \(what)", at: key)
                continue
            }
            if !keys.contains(name) {
                reader.error(
                    "unknown-key",
                    "unknown key '\(name)' in \(what)\(Suggestion.hint(for: name, in: keys))", at: key)
                continue
            }
            values.append((name, key, value))
        }
    }

    var location: SourceLocation { reader.location(node) }

    /// The value node, nil when absent or YAML null (`key:` with nothing).
    func value(_ key: String) -> YAMLNode? {
        guard let node = entry(key)?.value else { return nil }
        if let scalar = node.scalar, scalar.isNull { return nil }
        return node
    }

    func valueNode(_ key: String) -> YAMLNode? { entry(key)?.value }

    private func entry(_ name: String) -> (name: String, key: YAMLNode, value: YAMLNode)? {
        values.first { $0.name == name }
    }

    func keyLocation(_ key: String) -> SourceLocation? {
        entry(key).map { reader.location($0.key) }
    }

    func valueLocation(_ key: String) -> SourceLocation {
        if let node = entry(key)?.value { return reader.location(node) }
        return keyLocation(key) ?? location
    }

    private func missing(_ key: String) {
        reader.error("missing-field", "missing required field '\(key)' in \(what)", at: location)
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let node = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard let scalar = node.scalar else {
            reader.error("type", "'\(key)' must be text, not a \(node.mapping != nil ? "mapping" : "list")", at: node)
            return nil
        }
        let text = scalar.string
        if required, text.allSatisfy(\.isWhitespace) {
            reader.error("missing-field", "'\(key)' must not be empty", at: node)
            return nil
        }
        if let problem = Self.controlCharacterProblem(text) {
            reader.error("control-character", "'\(key)' contains \(problem)", at: node)
            return nil
        }
        return text
    }

    /// A one-line string: titles, names, headlines. Line breaks in YAML
    /// block scalars are folded into spaces rather than kept.
    func line(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        // Nearly every line is one line already, with no blanks around it:
        // no line break (U+000A–U+000D; U+0085 and U+2028/9 start with
        // 0xC2 or 0xE2) and no space or tab at either end.
        let bytes = text.utf8
        if let first = bytes.first, let last = bytes.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09,
            !bytes.contains(where: { (0x0A...0x0D).contains($0) || $0 == 0xC2 || $0 == 0xE2 })
        {
            return text
        }
        // "\r\n" is one Character: `isNewline` catches it, and U+2028 too.
        let folded = text.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: " \t") }.joined(separator: " ")
        return folded.trimmingCharacters(in: " \t")
    }

    /// The content's rule (ContentText), where the loader reads it.
    static func controlCharacterProblem(_ text: String) -> String? { ContentText.controlCharacterProblem(text) }

    func date(_ key: String, required: Bool = false) -> CalendarDate? {
        guard let node = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard let text = node.scalar?.string else {
            reader.error("type", "'\(key)' must be a date (YYYY-MM-DD)", at: node)
            return nil
        }
        if let date = CalendarDate(iso: text), !CalendarDate.contentYears.contains(date.year) {
            reader.error("invalid-date", "'\(key)': \(text) is outside the years 1970 to 2999", at: node)
            return nil
        }
        guard let date = CalendarDate(iso: text) else {
            let shaped = text.utf8.count == 10 && text.split(separator: "-").count == 3
            reader.error(
                "invalid-date",
                shaped
                    ? "'\(key)': \(text) is not a date that exists"
                    : "'\(key)' must be a date as YYYY-MM-DD, got '\(text)'", at: node)
            return nil
        }
        return date
    }

    func int(_ key: String, required: Bool = false, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let node = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard let text = node.scalar?.string, let number = Int(text) else {
            reader.error("type", "'\(key)' must be a whole number", at: node)
            return nil
        }
        if let range, !range.contains(number) {
            reader.error("out-of-range", "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), got \(number)", at: node)
            return nil
        }
        return number
    }

    /// A number written in plain digits, with an optional sign and decimal
    /// point (`74200`, `2.41`, `-5`): no thousands separators, currency
    /// signs, exponents or `.nan`.
    func number(_ key: String, required: Bool = false, in range: ClosedRange<Double>? = nil) -> Double? {
        guard let node = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard let text = node.scalar?.string, let number = Self.plainNumber(text) else {
            let shown = node.scalar?.string ?? ""
            reader.error("type", "'\(key)' must be a number written in digits (like 74200 or 2.41), got '\(shown)'", at: node)
            return nil
        }
        if let range, !range.contains(number) {
            reader.error(
                "out-of-range", "'\(key)' must be between \(Self.plain(range.lowerBound)) and \(Self.plain(range.upperBound)), got \(text)",
                at: node)
            return nil
        }
        return number
    }

    /// `-12.5` → -12.5; nil for anything but an optional `-`, digits and at
    /// most one `.` with digits on both sides.
    static func plainNumber(_ text: String) -> Double? {
        var body = Substring(text)
        if body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (48...57).contains($0) } }),
            parts[0].count <= 15
        else { return nil }
        return Double(text)
    }

    /// 1000000.0 → "1000000", 0.5 → "0.5".
    static func plain(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    func bool(_ key: String, default defaultValue: Bool = false) -> Bool {
        guard let node = value(key) else { return defaultValue }
        switch node.scalar?.string.lowercased() {
        case "true": return true
        case "false": return false
        default:
            reader.error("type", "'\(key)' must be true or false", at: node)
            return defaultValue
        }
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type, required: Bool = false) -> T?
    where T.RawValue == String {
        guard let node = value(key) else {
            if required { missing(key) }
            return nil
        }
        let allowed = T.allCases.map(\.rawValue)
        guard let text = node.scalar?.string, let value = T(rawValue: text) else {
            let text = node.scalar?.string ?? ""
            reader.error(
                "invalid-value",
                "'\(key)' must be one of \(allowed.joined(separator: ", ")), got '\(text)'\(Suggestion.hint(for: text, in: allowed))",
                at: node)
            return nil
        }
        return value
    }

    func list(_ key: String, required: Bool = false) -> [YAMLNode] {
        guard let node = value(key) else {
            if required { missing(key) }
            return []
        }
        guard let sequence = node.sequence else {
            reader.error("type", "'\(key)' must be a list", at: node)
            return []
        }
        return Array(sequence)
    }

    func stringList(_ key: String, required: Bool = false) -> [String] {
        // A single name is accepted where a list is expected (`deciders: Jane`).
        if let node = value(key), node.scalar != nil { return string(key).map { [$0] } ?? [] }
        return list(key, required: required).compactMap { item in
            guard let text = item.scalar?.string else {
                reader.error("type", "items of '\(key)' must be text", at: item)
                return nil
            }
            if let problem = Self.controlCharacterProblem(text) {
                reader.error("control-character", "an item of '\(key)' contains \(problem)", at: item)
                return nil
            }
            return text
        }
    }
}
