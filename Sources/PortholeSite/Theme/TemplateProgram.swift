/// A compiled template laid out flat for `TemplateRenderer`: one array of
/// instructions in which a section's body follows its opening instruction,
/// the text of every literal in one byte pool, and every name in a table.
///
/// Why flat: walking the tree (`CompiledTemplate.Node`, an `indirect` enum)
/// retained and released each node, its text and its name on every visit,
/// on every page. Here an instruction is a plain value read in place, text
/// is copied from the pool and a name's parts are read where they are.
///
/// The tree stays what the parser produces (and what its tests read); this
/// is made from it once per theme.
final class TemplateProgram: @unchecked Sendable {
    enum Operation: UInt8, Sendable {
        /// `text[operand..<operand + extent]`.
        case text
        /// `names[operand]`, HTML-escaped when `flag`.
        case variable
        /// `names[operand]`; the body is the next `body` instructions.
        case section
        case inverted
        /// `partials[operand]`; the next `body` instructions are the blocks
        /// the call defines (`{{<parent}}`), rendered only from the parent.
        case partial
        /// `blocks[operand]`; its default is the next `body` instructions.
        case block
        /// `{{% CONTENT_TYPE }}`: HTML escaping on (`flag`) or off from here.
        case contentType
    }

    /// What `operand` (and `extent`, `flag`) mean depends on the operation:
    /// see `Operation`. A text's start in the pool and its length; a name's
    /// index; a partial call's or a block's index.
    struct Instruction: Sendable {
        let operation: Operation
        let flag: Bool
        let operand: Int32
        let extent: Int32
        /// How many instructions after this one belong to it.
        let body: Int32

        init(_ operation: Operation, flag: Bool = false, operand: Int = 0, extent: Int = 0, body: Int = 0) {
            self.operation = operation
            self.flag = flag
            self.operand = Int32(operand)
            self.extent = Int32(extent)
            self.body = Int32(body)
        }
    }

    /// A name as `CompiledTemplate.Name` says it, in fields that are read in
    /// place (an enum's payload is copied out to be read).
    struct Name: Sendable {
        enum Kind: UInt8, Sendable {
            case current, path, anchoredPath, word
        }

        let kind: Kind
        /// The dotted parts; for a word, `t` and the word's own parts.
        let parts: [ContextName]
        /// A word's key (`a.b` of `{{t.a.b}}`); empty otherwise.
        let wordKey: ContextName
    }

    /// `{{>name}}` or `{{<name}}…{{/name}}`.
    struct PartialCall: Sendable {
        let name: String
        let indentation: String?
        /// The blocks a parent call defines: instruction ranges of this
        /// program.
        let blocks: [String: Range<Int>]?
    }

    /// `{{$name}}default{{/name}}`.
    struct BlockSlot: Sendable {
        let name: String
        let indentation: String?
    }

    // Buffers of the program's own, written once here and only read after
    // (hence `@unchecked Sendable`): reading one is a pointer, where reading
    // an array stored in a class retains and releases it every time.
    let code: UnsafeBufferPointer<Instruction>
    let text: UnsafeBufferPointer<UInt8>
    let names: UnsafeBufferPointer<Name>
    let partials: [PartialCall]
    let blocks: [BlockSlot]

    init(_ nodes: [CompiledTemplate.Node]) {
        var layout = Layout()
        layout.emit(nodes)
        code = Self.copy(layout.code)
        text = Self.copy(layout.text)
        names = Self.copy(layout.names)
        partials = layout.partials
        blocks = layout.blocks
    }

    deinit {
        _ = UnsafeMutableBufferPointer(mutating: names).deinitialize()
        UnsafeMutableBufferPointer(mutating: names).deallocate()
        UnsafeMutableBufferPointer(mutating: code).deallocate()
        UnsafeMutableBufferPointer(mutating: text).deallocate()
    }

    private static func copy<Element>(_ elements: [Element]) -> UnsafeBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(1, elements.count))
        _ = buffer.initialize(from: elements)
        return UnsafeBufferPointer(rebasing: buffer[..<elements.count])
    }

    private struct Layout {
        var code: [Instruction] = []
        var text: [UInt8] = []
        var names: [Name] = []
        var partials: [PartialCall] = []
        var blocks: [BlockSlot] = []

        mutating func emit(_ nodes: [CompiledTemplate.Node]) {
            for node in nodes { emit(node) }
        }

        mutating func emit(_ node: CompiledTemplate.Node) {
            switch node {
            case .text(let bytes):
                code.append(Instruction(.text, operand: text.count, extent: bytes.count))
                text += bytes
            case .variable(let name, let escaped):
                code.append(Instruction(.variable, flag: escaped, operand: add(name)))
            case .section(let name, let body):
                emit(.section, operand: add(name), body: body)
            case .inverted(let name, let body):
                emit(.inverted, operand: add(name), body: body)
            case .partial(let name, let indentation, let defined):
                let at = opening()
                var ranges: [String: Range<Int>]?
                if let defined {
                    ranges = [:]
                    for (block, body) in defined.sorted(by: { $0.key < $1.key }) {
                        let start = code.count
                        emit(body)
                        ranges?[block] = start..<code.count
                    }
                }
                partials.append(PartialCall(name: name, indentation: indentation, blocks: ranges))
                code[at] = Instruction(.partial, operand: partials.count - 1, body: code.count - at - 1)
            case .block(let name, let defaultBody, let indentation):
                blocks.append(BlockSlot(name: name, indentation: indentation))
                emit(.block, operand: blocks.count - 1, body: defaultBody)
            case .blockDefinition:
                // Only inside a parent call, whose blocks are laid out above.
                break
            case .contentType(let escapesHTML):
                code.append(Instruction(.contentType, flag: escapesHTML))
            }
        }

        /// An instruction followed by its body.
        private mutating func emit(_ operation: Operation, operand: Int, body: [CompiledTemplate.Node]) {
            let at = opening()
            emit(body)
            code[at] = Instruction(operation, operand: operand, body: code.count - at - 1)
        }

        /// A place for an instruction written once its body is laid out
        /// (the `.text` put there first is always replaced).
        private mutating func opening() -> Int {
            code.append(Instruction(.text))
            return code.count - 1
        }

        private mutating func add(_ name: CompiledTemplate.Name) -> Int {
            switch name {
            case .current:
                names.append(Name(kind: .current, parts: [], wordKey: ""))
            case .path(let parts, let anchored):
                names.append(Name(kind: anchored ? .anchoredPath : .path, parts: parts.map { ContextName($0) }, wordKey: ""))
            case .word(let key, let path):
                names.append(Name(kind: .word, parts: path.map { ContextName($0) }, wordKey: ContextName(key)))
            }
            return names.count - 1
        }
    }
}
