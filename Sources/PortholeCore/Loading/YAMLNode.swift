import CYaml

/// One YAML value as libyaml read it: text, a mapping or a list, with the
/// place it starts (1-based line and column, as libyaml counts them).
///
/// Porthole's own rather than Yams' `Node`: the loaders read only text,
/// pairs and items with their places, and Yams' composer also makes an
/// event object per event and a resolved `Tag` object per node, which
/// were most of a note's front matter's cost. `YAMLComposer` builds these
/// from libyaml's events (the libyaml Yams carries), with Yams' composing
/// rules and its messages, so every diagnostic reads as before.
struct YAMLNode: Sendable {
    struct Mark: Sendable, Equatable {
        let line: Int
        let column: Int
    }

    struct Scalar: Sendable {
        let string: String
        /// Written without quotes or a block indicator: only a plain scalar
        /// can be YAML's null (`~`, `null` or nothing).
        let isPlain: Bool

        /// YAML's null: `key:` with nothing, `~` or `null`, unquoted.
        var isNull: Bool {
            guard isPlain else { return false }
            switch string {
            case "", "~", "null", "Null", "NULL": return true
            default: return false
            }
        }
    }

    typealias Pair = (key: YAMLNode, value: YAMLNode)

    enum Content: Sendable {
        case scalar(Scalar)
        case mapping([Pair])
        case sequence([YAMLNode])
    }

    let content: Content
    let mark: Mark

    var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The pairs in the order written, duplicate keys included.
    var mapping: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }
}

/// A YAML text's single document, composed from libyaml's events.
enum YAMLComposer {
    /// Why a text is not one YAML document. `detail` and the place are
    /// what Yams gave for the same text: libyaml's problem and context.
    enum Failure: Error, Equatable {
        case syntax(detail: String, line: Int, column: Int)
        /// Bytes libyaml cannot read; `offset` in Characters of the text.
        case reader(problem: String, offset: Int?)
        case memory
    }

    /// The document's root; nil for a text with no document (empty, or
    /// only comments).
    static func compose(_ text: String) -> Result<YAMLNode?, Failure> {
        var text = text
        return text.withUTF8 { bytes in
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else { return .failure(.memory) }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
            var composer = Composer(parser: parser, bytes: bytes)
            defer { composer.deleteEvent() }
            do throws(Failure) {
                return .success(try composer.singleRoot())
            } catch {
                return .failure(error)
            }
        }
    }

    private struct Composer {
        let parser: UnsafeMutablePointer<yaml_parser_t>
        let bytes: UnsafeBufferPointer<UInt8>
        var anchors: [String: YAMLNode] = [:]

        /// The one event libyaml hands out at a time: read it, then `next`
        /// again (which deletes it first).
        private var event = yaml_event_t()
        private var holdsEvent = false

        init(parser: UnsafeMutablePointer<yaml_parser_t>, bytes: UnsafeBufferPointer<UInt8>) {
            self.parser = parser
            self.bytes = bytes
        }

        /// As Yams' `Parser.singleRoot`: the stream's start, one document,
        /// the stream's end.
        mutating func singleRoot() throws(Failure) -> YAMLNode? {
            try next() // the stream's start
            guard parser.pointee.stream_end_produced == 0 else { return nil }
            try next()
            guard event.type != YAML_STREAM_END_EVENT else { return nil }
            try next()
            let root = try node()
            try next() // the document's end
            try next()
            guard event.type == YAML_STREAM_END_EVENT else {
                throw .syntax(
                    detail: "but found another document expected a single document in the stream", line: currentMark.line,
                    column: currentMark.column)
            }
            return root
        }

        /// The node whose first event is the current one; the current event
        /// is then its last.
        private mutating func node() throws(Failure) -> YAMLNode {
            let mark = currentMark
            switch event.type {
            case YAML_ALIAS_EVENT:
                guard let node = anchors[Self.string(event.data.alias.anchor)] else {
                    throw .syntax(detail: "found undefined alias", line: mark.line, column: mark.column)
                }
                return node
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                var value = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
                // Yams decoded a scalar with Foundation, which drops a byte
                // order mark at its start: so does this.
                if value.count >= 3, value[0] == 0xEF, value[1] == 0xBB, value[2] == 0xBF {
                    value = UnsafeBufferPointer(rebasing: value.dropFirst(3))
                }
                let string = String(decoding: value, as: UTF8.self)
                let node = YAMLNode(content: .scalar(.init(string: string, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE)), mark: mark)
                if let anchor = scalar.anchor { anchors[Self.string(anchor)] = node }
                return node
            case YAML_SEQUENCE_START_EVENT:
                let anchor = event.data.sequence_start.anchor.map(Self.string)
                var items: [YAMLNode] = []
                try next()
                while event.type != YAML_SEQUENCE_END_EVENT {
                    items.append(try node())
                    try next()
                }
                let node = YAMLNode(content: .sequence(items), mark: mark)
                if let anchor { anchors[anchor] = node }
                return node
            case YAML_MAPPING_START_EVENT:
                let anchor = event.data.mapping_start.anchor.map(Self.string)
                var pairs: [YAMLNode.Pair] = []
                try next()
                while event.type != YAML_MAPPING_END_EVENT {
                    let key = try node()
                    try next()
                    pairs.append((key, try node()))
                    try next()
                }
                let node = YAMLNode(content: .mapping(pairs), mark: mark)
                if let anchor { anchors[anchor] = node }
                return node
            default:
                preconditionFailure("libyaml gave a node's place an event of type \(event.type.rawValue)")
            }
        }

        /// Deletes the current event and parses the next.
        private mutating func next() throws(Failure) {
            deleteEvent()
            guard yaml_parser_parse(parser, &event) == 1 else { throw failure() }
            holdsEvent = true
        }

        mutating func deleteEvent() {
            if holdsEvent { yaml_event_delete(&event) }
            holdsEvent = false
        }

        private var currentMark: YAMLNode.Mark { YAMLNode.Mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1) }

        /// libyaml's error, as Yams' `YamlError(from:with:)` reads it.
        private func failure() -> Failure {
            let state = parser.pointee
            let problem = state.problem.map { String(cString: $0) } ?? ""
            switch state.error {
            case YAML_READER_ERROR:
                return .reader(problem: problem, offset: characterOffset(ofByte: state.problem_offset))
            case YAML_SCANNER_ERROR, YAML_PARSER_ERROR, YAML_COMPOSER_ERROR:
                let detail = state.context.map { "\(problem) \(String(cString: $0))" } ?? problem
                return .syntax(detail: detail, line: state.problem_mark.line + 1, column: state.problem_mark.column + 1)
            default:
                return .memory
            }
        }

        /// A byte offset in the text as an offset in Characters, nil when
        /// it is past the end or not on a Character's boundary.
        private func characterOffset(ofByte offset: Int) -> Int? {
            let text = String(decoding: bytes, as: UTF8.self)
            guard let index = text.utf8.index(text.utf8.startIndex, offsetBy: offset, limitedBy: text.utf8.endIndex)?.samePosition(in: text)
            else { return nil }
            return text.distance(from: text.startIndex, to: index)
        }

        /// An anchor's name (libyaml's are never NULL where one is read).
        private static func string(_ pointer: UnsafeMutablePointer<UInt8>?) -> String {
            guard let pointer else { return "" }
            return String(cString: pointer)
        }
    }
}
