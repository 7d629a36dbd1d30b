import Mustache

/// The compiled templates of a theme, rendered with Mustache's rules (the
/// same as swift-mustache's, see `CompiledTemplate`) into one byte buffer
/// per page.
///
/// Values are what the views build: `PageContext` dictionaries, arrays,
/// strings, numbers and booleans. Those are recognised by their exact type,
/// which costs a pointer comparison; anything else takes the general path
/// (any `MustacheParent`, any sequence, reflection), like swift-mustache.
struct CompiledTemplates: Sendable {
    private let programs: [String: TemplateProgram]

    init(templates: [String: CompiledTemplate]) {
        programs = templates.mapValues { TemplateProgram($0.nodes) }
    }

    /// UTF-8 bytes, ready to write; nil when the theme has no template of
    /// that name. `words`, when given, are below the context on the stack
    /// as `t`, so every template can name them without them being copied
    /// into each page's context.
    func render(_ name: String, _ context: Any, words: ThemeStrings.TemplateWords? = nil) -> [UInt8]? {
        guard let program = programs[name] else { return nil }
        var renderer = TemplateRenderer(programs: programs)
        if let words {
            renderer.stack.push(context: words.root)
            renderer.words = words
        }
        renderer.stack.push(context)
        renderer.run(program, 0..<program.code.count, Scope(indentation: nil, blocks: nil, escapesHTML: true))
        return renderer.output
    }
}

/// A child template's replacement for one of its parent's blocks: where its
/// instructions are.
private struct BlockBody {
    let program: TemplateProgram
    let range: Range<Int>
}

/// What a template renders within, besides the context stack: set by the
/// partial, parent or block that included it.
private struct Scope {
    /// Prefix for every line after the first (a standalone partial tag's
    /// indentation, accumulated through nested partials).
    var indentation: String?
    /// A child template's replacements for its parent's `{{$blocks}}`; the
    /// outermost child wins.
    var blocks: [String: BlockBody]?
    var escapesHTML: Bool

    func entering(indentation extra: String?) -> String? {
        guard let extra else { return indentation }
        return (indentation ?? "") + extra
    }
}

/// Exact types of the values views build, compared by identity.
private enum Kind {
    static let context = ObjectIdentifier(PageContext.self)
    static let contexts = ObjectIdentifier([PageContext].self)
    static let string = ObjectIdentifier(String.self)
    static let strings = ObjectIdentifier([String].self)
    static let bool = ObjectIdentifier(Bool.self)
    static let int = ObjectIdentifier(Int.self)
    static let anys = ObjectIdentifier([Any].self)
}

/// A value whose dynamic type was checked (`Kind`) to be exactly `T`, taken
/// out of its `Any` as it is: `as!` goes through the runtime's general cast
/// (protocols, optionals, bridging), which costs far more, on the values
/// every page looks up.
///
/// A value that came out of a generic container whose elements are `Any`
/// (a `[String: Any]` read through `MustacheParent`) is an `Any` inside an
/// `Any`: `type(of:)` sees through both, opening sees the outer one only,
/// so it is opened again.
private func exactly<T>(_ value: Any, as _: T.Type) -> T {
    func same<V>(_ value: V) -> T {
        if V.self == Any.self, T.self != Any.self { return exactly(unsafeBitCast(value, to: Any.self), as: T.self) }
        precondition(V.self == T.self, "exactly(_:as:) on a value of another type")
        return unsafeBitCast(value, to: T.self)
    }
    return _openExistential(value, do: same)
}

/// Optional values boxed in `Any` are unwrapped before rendering.
private protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    fileprivate var wrapped: Any? { self.map { $0 } }
}

/// The context stack, innermost last. A page context is kept as the
/// dictionary it is, in an array of its own that a lookup reads in place:
/// a name is then looked up without a cast out of `Any` and without a copy
/// of the dictionary (a retain and a release) for every level it passes.
/// A string, number or boolean has no names, so a lookup skips its level
/// without touching it.
private struct ContextStack {
    private enum Level: UInt8 {
        case context, leaf, other
    }

    /// Each level's page context; empty on a level that holds another value.
    private var contexts: [PageContext] = []
    /// Each level's other value; nil on a page context's level.
    private var others: [Any?] = []
    private var levels: [Level] = []

    init() {
        contexts.reserveCapacity(8)
        others.reserveCapacity(8)
        levels.reserveCapacity(8)
    }

    mutating func push(_ value: Any) {
        let kind = ObjectIdentifier(type(of: value))
        if kind == Kind.context {
            push(context: exactly(value, as: PageContext.self))
            return
        }
        contexts.append([:])
        others.append(value)
        levels.append(kind == Kind.string || kind == Kind.int || kind == Kind.bool ? .leaf : .other)
    }

    mutating func push(context: PageContext) {
        assert(levels.isEmpty || context["t"] == nil, "a view named a value t, which templates read as the theme's words")
        contexts.append(context)
        others.append(nil)
        levels.append(.context)
    }

    mutating func pop() {
        contexts.removeLast()
        others.removeLast()
        levels.removeLast()
    }

    /// `{{.}}`: the innermost value.
    var top: Any? {
        guard let level = levels.last else { return nil }
        if level == .context, let context = contexts.last { return context }
        return others.last ?? nil
    }

    /// `name` on the innermost level only (`{{.name}}`), or on the innermost
    /// level that has it.
    func find(_ name: ContextName, innermostOnly: Bool) -> Any? {
        levels.withUnsafeBufferPointer { levels in
            contexts.withUnsafeBufferPointer { contexts in
                var index = levels.count - 1
                let last = innermostOnly ? index : 0
                while index >= last {
                    switch levels[index] {
                    case .context:
                        if let found = contexts[index][name] { return found }
                    case .leaf:
                        break
                    case .other:
                        if let other = others[index], let found = TemplateRenderer.child(name, of: other) { return found }
                    }
                    index -= 1
                }
                return nil
            }
        }
    }
}

private struct TemplateRenderer {
    let programs: [String: TemplateProgram]
    var stack = ContextStack()
    /// The theme's words, the stack's first level (`t`).
    var words: ThemeStrings.TemplateWords?
    var output: [UInt8] = []

    init(programs: [String: TemplateProgram]) {
        self.programs = programs
        output.reserveCapacity(16_384)
    }

    /// The instructions in `range`, each with what belongs to it.
    mutating func run(_ program: TemplateProgram, _ range: Range<Int>, _ scope: Scope) {
        var escapesHTML = scope.escapesHTML
        let code = program.code
        var index = range.lowerBound
        guard let indentation = scope.indentation, !indentation.isEmpty else {
            while index < range.upperBound {
                execute(program, code[index], at: index, scope, &escapesHTML)
                index += 1 + Int(code[index].body)
            }
            return
        }
        // Indent what an instruction writes when this template's own output
        // so far ends a line (swift-mustache's rule, node by node).
        let start = output.count
        while index < range.upperBound {
            let count = output.count
            let lineStart = count > start && output[count - 1] == 0x0A && !(count - start >= 2 && output[count - 2] == 0x0D)
            execute(program, code[index], at: index, scope, &escapesHTML)
            if lineStart, output.count > count {
                output.insert(contentsOf: indentation.utf8, at: count)
            }
            index += 1 + Int(code[index].body)
        }
    }

    private mutating func execute(
        _ program: TemplateProgram, _ instruction: TemplateProgram.Instruction, at index: Int, _ scope: Scope, _ escapesHTML: inout Bool
    ) {
        let body = index + 1..<index + 1 + Int(instruction.body)
        switch instruction.operation {
        case .text:
            let start = Int(instruction.operand)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: program.text[start..<start + Int(instruction.extent)]))
        case .variable:
            if let value = Self.represented(lookUp(program, Int(instruction.operand))) {
                write(value, escaped: instruction.flag && escapesHTML)
            }
        case .section:
            section(
                Self.represented(lookUp(program, Int(instruction.operand))), program, body,
                Scope(indentation: scope.indentation, blocks: scope.blocks, escapesHTML: escapesHTML))
        case .inverted:
            inverted(
                Self.represented(lookUp(program, Int(instruction.operand))), program, body,
                Scope(indentation: scope.indentation, blocks: scope.blocks, escapesHTML: escapesHTML))
        case .partial:
            let call = program.partials[Int(instruction.operand)]
            guard let partial = programs[call.name] else { return }
            var inherited = scope.blocks
            if let defined = call.blocks {
                let blocks = defined.mapValues { BlockBody(program: program, range: $0) }
                inherited = (scope.blocks ?? [:]).merging(blocks) { outer, _ in outer }
            }
            // A partial starts with HTML escaping, whatever its caller set.
            run(
                partial, 0..<partial.code.count,
                Scope(indentation: scope.entering(indentation: call.indentation), blocks: inherited, escapesHTML: true))
        case .block:
            let slot = program.blocks[Int(instruction.operand)]
            let inner = Scope(indentation: scope.entering(indentation: slot.indentation), blocks: scope.blocks, escapesHTML: escapesHTML)
            if let replacement = scope.blocks?[slot.name] {
                run(replacement.program, replacement.range, inner)
            } else {
                run(program, body, inner)
            }
        case .contentType:
            escapesHTML = instruction.flag
        }
    }

    // MARK: Sections

    private mutating func section(_ value: Any?, _ program: TemplateProgram, _ body: Range<Int>, _ scope: Scope) {
        guard let value else { return }
        let kind = ObjectIdentifier(type(of: value))
        if kind == Kind.contexts {
            for element in exactly(value, as: [PageContext].self) {
                stack.push(context: element)
                run(program, body, scope)
                stack.pop()
            }
        } else if kind == Kind.bool {
            if exactly(value, as: Bool.self) { run(program, body, scope) }
        } else if kind == Kind.context || kind == Kind.string || kind == Kind.int {
            within(value, program, body, scope)
        } else if let elements = Self.elements(of: value) {
            for element in elements { within(element, program, body, scope) }
        } else if let optional = value as? OptionalValue {
            section(optional.wrapped, program, body, scope)
        } else if let bool = value as? Bool {
            // A boolean of another type (NSNumber, AnyHashable).
            if bool { run(program, body, scope) }
        } else if let renderable = value as? MustacheCustomRenderable, renderable.isNull {
            return
        } else {
            within(value, program, body, scope)
        }
    }

    private mutating func inverted(_ value: Any?, _ program: TemplateProgram, _ body: Range<Int>, _ scope: Scope) {
        guard let value else { return run(program, body, scope) }
        let kind = ObjectIdentifier(type(of: value))
        if kind == Kind.bool {
            if !exactly(value, as: Bool.self) { run(program, body, scope) }
        } else if kind == Kind.contexts {
            if exactly(value, as: [PageContext].self).isEmpty { within(value, program, body, scope) }
        } else if kind == Kind.context || kind == Kind.string || kind == Kind.int {
            return
        } else if let elements = Self.elements(of: value) {
            if elements.isEmpty { within(value, program, body, scope) }
        } else if let optional = value as? OptionalValue {
            inverted(optional.wrapped, program, body, scope)
        } else if let bool = value as? Bool {
            if !bool { run(program, body, scope) }
        } else if let renderable = value as? MustacheCustomRenderable, renderable.isNull {
            run(program, body, scope)
        }
    }

    private mutating func within(_ value: Any, _ program: TemplateProgram, _ body: Range<Int>, _ scope: Scope) {
        stack.push(value)
        run(program, body, scope)
        stack.pop()
    }

    /// The elements of an array (or other sequence swift-mustache iterates),
    /// nil for any other value.
    private static func elements(of value: Any) -> [Any]? {
        let kind = ObjectIdentifier(type(of: value))
        if kind == Kind.strings { return exactly(value, as: [String].self).map { $0 } }
        if kind == Kind.anys { return value as? [Any] }
        guard let sequence = value as? any MustacheSequence else { return nil }
        return anyElements(sequence)
    }

    private static func anyElements<S: Sequence>(_ sequence: S) -> [Any] {
        sequence.map { $0 as Any }
    }

    // MARK: Lookup

    /// The value `names[index]` of a program names. The name is read where
    /// it is, not copied out of the table.
    private func lookUp(_ program: TemplateProgram, _ index: Int) -> Any? {
        let name = program.names.baseAddress! + index
        switch name.pointee.kind {
        case .current:
            return stack.top
        case .word:
            guard let words else { return lookUp(name.pointee.parts, from: stack.find(name.pointee.parts[0], innermostOnly: false)) }
            if let word = words.byKey[name.pointee.wordKey] { return word }
            // A group of words (`{{#t.update}}`), or a key the theme lacks.
            return lookUp(name.pointee.parts, from: words.root[name.pointee.parts[0]])
        case .path, .anchoredPath:
            let first = name.pointee.parts.withUnsafeBufferPointer {
                stack.find($0[0], innermostOnly: name.pointee.kind == .anchoredPath)
            }
            return name.pointee.parts.count == 1 ? first : lookUp(name.pointee.parts, from: first)
        }
    }

    /// The rest of a dotted name, inside the value its first part named.
    private func lookUp(_ parts: [ContextName], from first: Any?) -> Any? {
        // The names are read in place, not copied out of the array.
        parts.withUnsafeBufferPointer { parts in
            guard var value = first else { return nil }
            var index = 1
            while index < parts.count {
                guard let child = Self.child(parts[index], of: value) else { return nil }
                value = child
                index += 1
            }
            return value
        }
    }

    static func child(_ name: ContextName, of object: Any) -> Any? {
        let kind = ObjectIdentifier(type(of: object))
        if kind == Kind.context { return exactly(object, as: PageContext.self)[name] }
        if kind == Kind.string || kind == Kind.bool || kind == Kind.int { return nil }
        if let represented = object as? MustacheCustomRepresentation {
            return represented.representation.flatMap { child(name, of: $0) }
        }
        if let parent = object as? MustacheParent { return parent.child(named: name.text) }
        guard let match = Mirror(reflecting: object).children.first(where: { $0.label == name.text }) else { return nil }
        if let optional = match.value as? OptionalValue { return optional.wrapped }
        return match.value
    }

    /// A value that stands for another (`MustacheCustomRepresentation`,
    /// such as `NSNull`, which stands for nothing); the views' own types are
    /// passed through without a cast. `consuming`: the looked-up value is
    /// moved through instead of copied (a value witness call per lookup).
    private static func represented(_ value: consuming Any?) -> Any? {
        guard let value = consume value else { return nil }
        let kind = ObjectIdentifier(type(of: value))
        if kind == Kind.string || kind == Kind.context || kind == Kind.contexts || kind == Kind.int || kind == Kind.bool {
            return value
        }
        if let custom = value as? MustacheCustomRepresentation { return represented(custom.representation) }
        return value
    }

    // MARK: Output

    private mutating func write(_ value: Any, escaped: Bool) {
        let kind = ObjectIdentifier(type(of: value))
        let text: String
        if kind == Kind.string {
            text = exactly(value, as: String.self)
        } else if kind == Kind.int {
            text = String(exactly(value, as: Int.self))
        } else if let renderable = value as? MustacheCustomRenderable {
            text = renderable.renderText
        } else if let optional = value as? OptionalValue, let wrapped = optional.wrapped {
            text = String(describing: wrapped)
        } else {
            text = String(describing: value)
        }
        if escaped { FastHTMLContentType.append(text, escapedTo: &output) } else { output += text.utf8 }
    }
}
