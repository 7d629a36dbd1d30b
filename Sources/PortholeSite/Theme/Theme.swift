import Crypto
import Mustache
import PortholeCore

/// A theme folder: Mustache templates and static assets (site.md "assets/").
/// Loaded and checked once per build, then shared by every client's render.
public struct Theme: Sendable {
    /// Templates every theme must have: one per kind of page.
    public static let requiredTemplates = [
        "base", "landing", "not-found", "client", "project", "milestones", "risks",
        "decisions", "decision", "updates", "update", "locked", "partials/project-header",
        "partials/site-header", "partials/site-footer",
        // The agency's internal portfolio (site.md), written beside the site.
        "portfolio", "portfolio-project", "partials/portfolio-row",
    ]

    public struct Asset: Sendable {
        /// `style.css`, as referenced in templates.
        public let name: String
        /// `style.3f2a9c1e.css`, the published name: content-addressed, so a
        /// host may cache it forever and a change is never served stale.
        public let fingerprintedName: String
        public let bytes: [UInt8]
    }

    public let name: String
    /// How pages are rendered: Porthole's compiled templates, or
    /// swift-mustache for a theme that uses its extensions (CompiledTemplate).
    enum Engine: Sendable {
        case compiled(CompiledTemplates)
        case swiftMustache(MustacheLibrary)
    }
    let engine: Engine
    public let assets: [Asset]
    /// The words Porthole's code puts on pages (`i18n/<lang>.yaml`).
    public let strings: ThemeStrings
    /// Hash of every template and asset, for the build manifest.
    public let digest: String
    /// Every template the theme has (`email/digest-html`), for outputs whose
    /// templates a theme may lack (`porthole digest`).
    public var templateNames: Set<String> = []

    /// Whether the theme renders through Porthole's compiled templates.
    public var isCompiled: Bool {
        if case .compiled = engine { return true }
        return false
    }

    /// A template rendered with a view's context; "" for a template the
    /// theme does not have (loading already reported it).
    func render(_ template: String, _ context: PageContext) -> String {
        String(decoding: renderBytes(template, context), as: UTF8.self)
    }

    /// The same as UTF-8 bytes, for pages that go straight to a file.
    func renderBytes(_ template: String, _ context: PageContext) -> [UInt8] {
        // Every template can name the words as `t` (docs/themes.md).
        switch engine {
        case .compiled(let templates): return templates.render(template, context, root: strings.templateWords.root) ?? []
        case .swiftMustache(let library):
            var context = context
            context["t"] = strings.templateWords.root["t"]
            return Array((library.render(context, withTemplate: template) ?? "").utf8)
        }
    }

    /// Published path of an asset, by its source name.
    public func assetPath(_ name: String) -> String? {
        assets.first { $0.name == name }.map { "assets/" + $0.fingerprintedName }
    }

    /// Loads `<themesRoot>/<name>/templates`, `assets` and `i18n`, reporting
    /// every problem (parse errors with line and column, missing templates,
    /// partials or words) instead of letting Mustache render them as empty
    /// text. `compiling: false` renders with swift-mustache even when the
    /// compiled templates could (for comparing the two). `language` picks
    /// the words (`ThemeStrings`).
    public static func load(
        name: String, themesRoot: String, displayRoot: String, compiling: Bool = true,
        language: String = ThemeStrings.fallbackLanguage
    ) -> (Theme?, DiagnosticLog) {
        let folder = themesRoot + "/" + name
        guard ContentDisk.kind(of: folder) == .directory else {
            var log = DiagnosticLog()
            log.error("missing-theme", "theme '\(name)' not found: no folder \(displayRoot + "/" + name)", at: nil)
            return (nil, log)
        }
        return load(
            name: name, source: .folder(folder), display: displayRoot + "/" + name, compiling: compiling, language: language)
    }

    /// The same from a `ThemeSource` (a folder, or the built-in theme);
    /// `display` is the theme's folder as diagnostics name it.
    public static func load(
        name: String, source: ThemeSource, display: String, compiling: Bool = true,
        language: String = ThemeStrings.fallbackLanguage
    ) -> (Theme?, DiagnosticLog) {
        var log = DiagnosticLog()
        _ = FastHTMLContentType.registered
        var hasher = SHA256()
        let (sources, compiled) = readTemplates(source: source, display: display, compiling: compiling, &hasher, &log)
        for required in requiredTemplates where sources[required] == nil {
            log.error(
                "theme", "theme '\(name)' has no template '\(required).mustache'",
                at: SourceLocation(file: display + "/templates"))
        }
        // A partial or parent that does not exist renders as "" in Mustache:
        // catch it here, with the line that names it.
        for (templateName, text) in sources.sorted(by: { $0.key < $1.key }) {
            for reference in partialReferences(in: text) where sources[reference.name] == nil {
                log.error(
                    "theme", "template refers to '\(reference.name)', which is not in the theme",
                    at: SourceLocation(
                        file: display + "/templates/" + templateName + ".mustache", line: reference.line, column: reference.column))
            }
        }
        let assets = readAssets(source: source, display: display, &hasher, &log)
        let strings = readWords(source: source, display: display, language: language, templates: sources, &hasher, &log)
        guard !log.hasErrors, let strings,
            let engine = engine(sources: sources, compiled: compiled, display: display, &log)
        else { return (nil, log) }
        let theme = Theme(
            name: name, engine: engine, assets: assets, strings: strings, digest: hasher.finalize().hex,
            templateNames: Set(sources.keys))
        return (theme, log)
    }

    /// Every template's text, parsed by swift-mustache for its errors, and
    /// compiled when all of them can be (nil otherwise).
    private static func readTemplates(
        source: ThemeSource, display: String, compiling: Bool, _ hasher: inout SHA256, _ log: inout DiagnosticLog
    ) -> (sources: [String: String], compiled: [String: CompiledTemplate]?) {
        var compiled: [String: CompiledTemplate]? = compiling ? [:] : nil
        var sources: [String: String] = [:]
        for file in source.files(in: "templates", display: display, &log)
        where file.hasSuffix(".mustache") {
            let displayPath = display + "/templates/" + file
            guard case .success(let text) = source.text("templates/" + file) else {
                log.error("theme", "cannot read template (is it UTF-8?)", at: SourceLocation(file: displayPath))
                continue
            }
            hasher.update(data: Array(file.utf8) + [0] + Array(text.utf8))
            let templateName = String(file.dropLast(".mustache".count))
            let compiledTemplate: CompiledTemplate?
            do {
                compiledTemplate = try CompiledTemplate(text)
            } catch let short as CompiledTemplate.ShortDelimiter {
                log.error(
                    "theme", "an opening delimiter of one character is not supported; use two or more, like {{",
                    at: SourceLocation(file: displayPath, line: short.line, column: short.column))
                continue
            } catch {
                compiledTemplate = nil
            }
            do {
                // Parsed for its errors; what renders is made below.
                _ = try MustacheTemplate(string: text)
                sources[templateName] = text
                if let compiledTemplate { compiled?[templateName] = compiledTemplate } else { compiled = nil }
            } catch let error as MustacheTemplate.ParserError {
                log.error(
                    "theme", "template syntax error: \(error.error)",
                    at: SourceLocation(file: displayPath, line: error.context.lineNumber, column: error.context.columnNumber))
            } catch {
                log.error("theme", "template syntax error: \(error)", at: SourceLocation(file: displayPath))
            }
        }
        return (sources, compiled)
    }

    /// The assets, each with its content-addressed published name.
    private static func readAssets(source: ThemeSource, display: String, _ hasher: inout SHA256, _ log: inout DiagnosticLog) -> [Asset] {
        var assets: [Asset] = []
        for file in source.files(in: "assets", display: display, &log) {
            guard let bytes = source.bytes("assets/" + file) else { continue }
            hasher.update(data: Array(file.utf8) + [0] + bytes)
            let digest = SHA256.hash(data: bytes).hex.prefix(10)
            let fingerprinted: String
            if let dot = file.lastIndex(of: "."), file.firstIndex(of: "/") == nil || file.lastIndex(of: "/")! < dot {
                fingerprinted = file[..<dot] + "." + digest + file[dot...]
            } else {
                fingerprinted = file + "." + digest
            }
            assets.append(Asset(name: file, fingerprintedName: fingerprinted, bytes: bytes))
        }
        return assets
    }

    /// The words (`i18n/`), every file of which counts for the digest; and
    /// every `{{t.…}}` of a template checked against them, since Mustache
    /// would render a word that is not there as "".
    private static func readWords(
        source: ThemeSource, display: String, language: String, templates: [String: String], _ hasher: inout SHA256,
        _ log: inout DiagnosticLog
    ) -> ThemeStrings? {
        for file in source.files(in: "i18n", display: display, &log) {
            hasher.update(data: Array(("i18n/" + file).utf8) + [0] + (source.bytes("i18n/" + file) ?? []))
        }
        let (strings, wordsLog) = ThemeStrings.load(source: source, display: display, language: language)
        log.merge(wordsLog)
        guard let strings else { return nil }
        for (templateName, text) in templates.sorted(by: { $0.key < $1.key }) {
            for reference in wordReferences(in: text) where !strings.hasTemplateWord(reference.name) {
                log.error(
                    "theme", "template uses the word '\(reference.name)', which is not in i18n/\(ThemeStrings.fallbackLanguage).yaml",
                    at: SourceLocation(
                        file: display + "/templates/" + templateName + ".mustache", line: reference.line, column: reference.column))
            }
        }
        return strings
    }

    /// What renders the templates: Porthole's compiled templates, or
    /// swift-mustache when some template uses what they do not cover.
    private static func engine(
        sources: [String: String], compiled: [String: CompiledTemplate]?, display: String, _ log: inout DiagnosticLog
    ) -> Engine? {
        if let compiled { return .compiled(CompiledTemplates(templates: compiled)) }
        // swift-mustache's own HTML escaping compares whole characters,
        // so a quote followed by a combining mark ("\u{301}) is left
        // as is and can end an attribute. Every template it renders
        // starts with Porthole's byte-wise escaping instead (a template
        // may still switch to TEXT); the pragma's own line is standalone,
        // so the output is otherwise the same.
        var escaped: [String: MustacheTemplate] = [:]
        for (templateName, text) in sources {
            // A standalone tag line leaves the parser as at the start,
            // so this parses whenever `text` did; reported, not trapped.
            guard let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE: \(FastHTMLContentType.name)}}\n" + text) else {
                log.error(
                    "theme", "template cannot be prepared for rendering",
                    at: SourceLocation(file: display + "/templates/" + templateName + ".mustache"))
                return nil
            }
            escaped[templateName] = template
        }
        return .swiftMustache(MustacheLibrary(templates: escaped))
    }

    /// Relative paths of regular files below a folder, sorted; symlinks are
    /// refused so a theme cannot pull in files from outside itself.
    static func files(in folder: String, prefix: String, display: String, _ log: inout DiagnosticLog) -> [String] {
        var result: [String] = []
        for entry in ContentDisk.list(folder) ?? [] {
            let relative = prefix + entry.name
            switch entry.kind {
            case .file: result.append(relative)
            case .directory: result += files(in: folder + "/" + entry.name, prefix: relative + "/", display: display, &log)
            case .symlink:
                log.error("symlink", "symbolic links are not allowed in themes", at: SourceLocation(file: display + "/" + relative))
            case .invalidName:
                log.error("encoding", "a file name in the theme is not valid UTF-8", at: SourceLocation(file: display + "/" + prefix))
            case .other: break
            }
        }
        return result
    }

    static func partialReferences(in text: String) -> [(name: String, line: Int, column: Int)] {
        var result: [(String, Int, Int)] = []
        var line = 1
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = rawLine[...]
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...]
                guard let marker = after.first, marker == ">" || marker == "<" else {
                    rest = after
                    continue
                }
                guard let close = after.range(of: "}}") else { break }
                let name = after[after.index(after: after.startIndex)..<close.lowerBound].trimmingCharacters(in: " \t")
                // Dynamic partials ({{>*name}}) are resolved at render time.
                if !name.hasPrefix("*") {
                    let column = rawLine.distance(from: rawLine.startIndex, to: open.lowerBound) + 1
                    result.append((name, line, column))
                }
                rest = after[close.upperBound...]
            }
            line += 1
        }
        return result
    }
}

extension Theme {
    /// Every `{{t.…}}` name in a template (`{{{t.…}}}`, `{{&t.…}}` and
    /// sections too), with its tag's position; only under the default
    /// delimiters.
    static func wordReferences(in text: String) -> [(name: String, line: Int, column: Int)] {
        var result: [(String, Int, Int)] = []
        var line = 1
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = rawLine[...]
            while let open = rest.range(of: "{{") {
                var after = rest[open.upperBound...]
                guard let close = after.range(of: "}}") else { break }
                defer { rest = after[close.upperBound...] }
                while let first = after.first, "{&#^/ \t".contains(first) { after = after.dropFirst() }
                let name = after[..<close.lowerBound].trimmingCharacters(in: " \t}")
                guard name.hasPrefix("t.") else { continue }
                result.append((name, line, rawLine.distance(from: rawLine.startIndex, to: open.lowerBound) + 1))
            }
            line += 1
        }
        return result
    }
}

extension Sequence where Element == UInt8 {
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Digest {
    var hex: String { Array(self).hex }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var slice = self
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
