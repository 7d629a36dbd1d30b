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
    let templates: [String: CompiledTemplate]

    /// UTF-8 bytes, ready to write; nil when the theme has no template of
    /// that name. `words`, when given, are below the context on the stack
    /// as `t`, so every template can name them without them being copied
    /// into each page's context.
    func render(_ name: String, _ context: Any, words: ThemeStrings.TemplateWords? = nil) -> [UInt8]? {
        guard let template = templates[name] else { return nil }
        var renderer = TemplateRenderer(templates: templates)
        if let words {
            renderer.stack.push(context: words.root)
            renderer.words = words
        }
        renderer.stack.push(context)
        renderer.render(template.nodes, Scope(indentation: nil, blocks: nil, escapesHTML: true))
        return renderer.output
    }
}

/// What a template renders within, besides the context stack: set by the
/// partial, parent or block that included it.
private struct Scope {
    /// Prefix for every line after the first (a standalone partial tag's
    /// indentation, accumulated through nested partials).
    var indentation: String?
    /// A child template's replacements for its parent's `{{$blocks}}`; the
    /// outermost child wins.
    var blocks: [String: [CompiledTemplate.Node]]?
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
            push(context: value as! PageContext)
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
    func find(_ name: String, innermostOnly: Bool) -> Any? {
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
    let templates: [String: CompiledTemplate]
    var stack = ContextStack()
    /// The theme's words, the stack's first level (`t`).
    var words: ThemeStrings.TemplateWords?
    var output: [UInt8] = []

    init(templates: [String: CompiledTemplate]) {
        self.templates = templates
        output.reserveCapacity(16_384)
    }

    mutating func render(_ nodes: [CompiledTemplate.Node], _ scope: Scope) {
        var escapesHTML = scope.escapesHTML
        guard let indentation = scope.indentation, !indentation.isEmpty else {
            for node in nodes { render(node, scope, &escapesHTML) }
            return
        }
        // Indent what a node writes when this template's own output so far
        // ends a line (swift-mustache's rule, node by node).
        let start = output.count
        for node in nodes {
            let count = output.count
            let lineStart = count > start && output[count - 1] == 0x0A && !(count - start >= 2 && output[count - 2] == 0x0D)
            render(node, scope, &escapesHTML)
            if lineStart, output.count > count {
                output.insert(contentsOf: indentation.utf8, at: count)
            }
        }
    }

    private mutating func render(_ node: CompiledTemplate.Node, _ scope: Scope, _ escapesHTML: inout Bool) {
        switch node {
        case .text(let bytes):
            output += bytes
        case .variable(let name, let escaped):
            if let value = Self.represented(lookUp(name)) { write(value, escaped: escaped && escapesHTML) }
        case .section(let name, let body):
            section(
                Self.represented(lookUp(name)), body, Scope(indentation: scope.indentation, blocks: scope.blocks, escapesHTML: escapesHTML))
        case .inverted(let name, let body):
            inverted(
                Self.represented(lookUp(name)), body, Scope(indentation: scope.indentation, blocks: scope.blocks, escapesHTML: escapesHTML))
        case .partial(let name, let indentation, let blocks):
            guard let template = templates[name] else { return }
            var inherited = scope.blocks
            if let blocks {
                inherited = (scope.blocks ?? [:]).merging(blocks) { outer, _ in outer }
            }
            // A partial starts with HTML escaping, whatever its caller set.
            render(template.nodes, Scope(indentation: scope.entering(indentation: indentation), blocks: inherited, escapesHTML: true))
        case .block(let name, let defaultBody, let indentation):
            render(
                scope.blocks?[name] ?? defaultBody,
                Scope(indentation: scope.entering(indentation: indentation), blocks: scope.blocks, escapesHTML: escapesHTML))
        case .blockDefinition:
            break
        case .contentType(let escapes):
            escapesHTML = escapes
        }
    }

    // MARK: Sections

    private mutating func section(_ value: Any?, _ body: [CompiledTemplate.Node], _ scope: Scope) {
        guard let value else { return }
        let kind = ObjectIdentifier(type(of: value))
        if kind == Kind.contexts {
            for element in value as! [PageContext] {
                stack.push(context: element)
                render(body, scope)
                stack.pop()
            }
        } else if kind == Kind.bool {
            if value as! Bool { render(body, scope) }
        } else if kind == Kind.context || kind == Kind.string || kind == Kind.int {
            within(value, body, scope)
        } else if let elements = Self.elements(of: value) {
            for element in elements { within(element, body, scope) }
        } else if let optional = value as? OptionalValue {
            section(optional.wrapped, body, scope)
        } else if let bool = value as? Bool {
            // A boolean of another type (NSNumber, AnyHashable).
            if bool { render(body, scope) }
        } else if let renderable = value as? MustacheCustomRenderable, renderable.isNull {
            return
        } else {
            within(value, body, scope)
        }
    }

    private mutating func inverted(_ value: Any?, _ body: [CompiledTemplate.Node], _ scope: Scope) {
        guard let value else { return render(body, scope) }
        let kind = ObjectIdentifier(type(of: value))
        if kind == Kind.bool {
            if !(value as! Bool) { render(body, scope) }
        } else if kind == Kind.contexts {
            if (value as! [PageContext]).isEmpty { within(value, body, scope) }
        } else if kind == Kind.context || kind == Kind.string || kind == Kind.int {
            return
        } else if let elements = Self.elements(of: value) {
            if elements.isEmpty { within(value, body, scope) }
        } else if let optional = value as? OptionalValue {
            inverted(optional.wrapped, body, scope)
        } else if let bool = value as? Bool {
            if !bool { render(body, scope) }
        } else if let renderable = value as? MustacheCustomRenderable, renderable.isNull {
            render(body, scope)
        }
    }

    private mutating func within(_ value: Any, _ body: [CompiledTemplate.Node], _ scope: Scope) {
        stack.push(value)
        render(body, scope)
        stack.pop()
    }

    /// The elements of an array (or other sequence swift-mustache iterates),
    /// nil for any other value.
    private static func elements(of value: Any) -> [Any]? {
        let kind = ObjectIdentifier(type(of: value))
        if kind == Kind.strings { return (value as! [String]).map { $0 } }
        if kind == Kind.anys { return value as? [Any] }
        guard let sequence = value as? any MustacheSequence else { return nil }
        return anyElements(sequence)
    }

    private static func anyElements<S: Sequence>(_ sequence: S) -> [Any] {
        sequence.map { $0 as Any }
    }

    // MARK: Lookup

    private func lookUp(_ name: CompiledTemplate.Name) -> Any? {
        switch name {
        case .current:
            return stack.top
        case .word(let key, let path):
            guard let words else { return lookUp(path, from: stack.find(path[0], innermostOnly: false)) }
            if let word = words.byKey[key] { return word }
            // A group of words (`{{#t.update}}`), or a key the theme lacks.
            return lookUp(path, from: words.root[path[0]])
        case .path(let parts, let anchored):
            return lookUp(parts, from: parts.withUnsafeBufferPointer { stack.find($0[0], innermostOnly: anchored) })
        }
    }

    /// The rest of a dotted name, inside the value its first part named.
    private func lookUp(_ parts: [String], from first: Any?) -> Any? {
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

    static func child(_ name: String, of object: Any) -> Any? {
        let kind = ObjectIdentifier(type(of: object))
        if kind == Kind.context { return (object as! PageContext)[name] }
        if kind == Kind.string || kind == Kind.bool || kind == Kind.int { return nil }
        if let represented = object as? MustacheCustomRepresentation {
            return represented.representation.flatMap { child(name, of: $0) }
        }
        if let parent = object as? MustacheParent { return parent.child(named: name) }
        guard let match = Mirror(reflecting: object).children.first(where: { $0.label == name }) else { return nil }
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
            text = value as! String
        } else if kind == Kind.int {
            text = String(value as! Int)
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
