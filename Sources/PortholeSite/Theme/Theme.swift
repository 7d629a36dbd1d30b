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
    /// The words Porthole's code puts on pages (`i18n/<lang>.yaml`): the
    /// language the theme was loaded with, English by default.
    public internal(set) var strings: ThemeStrings
    /// `lang`'s writing direction (`ltr`, `rtl`) once the theme is
    /// `localized(to:)` a locale: resolved there once, not per page.
    public internal(set) var direction = "ltr"
    /// Every other language of the theme, by its file name (`de`).
    public let translations: [String: ThemeStrings.Translation]
    /// Hash of every template and asset, for the build manifest.
    public let digest: String
    /// Hash of the templates alone: what swift-mustache's syntax check
    /// depends on (`Theme.load`'s `checked`).
    public var templatesDigest = ""
    /// Whether this load ran swift-mustache's syntax check over every
    /// template, rather than skipping it for templates already checked.
    public var checkedSyntax = true
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
        case .compiled(let templates): return templates.render(template, context, words: strings.templateWords) ?? []
        case .swiftMustache(let library):
            var readable = PageContext.readable(context)
            readable["t"] = strings.templateWords.readableTree
            return Array((library.render(readable, withTemplate: template) ?? "").utf8)
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
        language: String = ThemeStrings.fallbackLanguage, checked: (String) -> Bool = { _ in false }
    ) -> (Theme?, DiagnosticLog) {
        let folder = themesRoot + "/" + name
        guard ContentDisk.kind(of: folder) == .directory else {
            var log = DiagnosticLog()
            log.error("missing-theme", "theme '\(name)' not found: no folder \(displayRoot + "/" + name)", at: nil)
            return (nil, log)
        }
        return load(
            name: name, source: .folder(folder), display: displayRoot + "/" + name, compiling: compiling, language: language,
            checked: checked)
    }

    /// The same from a `ThemeSource` (a folder, or the built-in theme);
    /// `display` is the theme's folder as diagnostics name it.
    ///
    /// `checked` is asked with the templates' digest whether these very
    /// templates already passed swift-mustache's syntax check (the last
    /// successful build's manifest says so): then only the compiled
    /// templates are parsed. swift-mustache's parser is a large part of
    /// loading a theme, and a rebuild after one changed note loads it too.
    public static func load(
        name: String, source: ThemeSource, display: String, compiling: Bool = true,
        language: String = ThemeStrings.fallbackLanguage, checked: (String) -> Bool = { _ in false }
    ) -> (Theme?, DiagnosticLog) {
        var log = DiagnosticLog()
        _ = FastHTMLContentType.registered
        var hasher = SHA256()
        let texts = readTemplateTexts(source: source, display: display, &hasher, &log)
        // The templates' own digest: swift-crypto finalizes a copy of the
        // state, so the same hasher goes on with the assets and words.
        let templatesDigest = hasher.finalize().hex
        let checksSyntax = !(compiling && checked(templatesDigest))
        // The templates' parses and the words' files are read at the same
        // time: together they are most of a no-op rebuild's theme stage.
        let parts = ([nil] + texts.map(Optional.some)).concurrentMap { text -> ThemePart in
            guard let text else { return .words(ThemeStrings.loadAll(source: source, display: display)) }
            return .template(parse(text.text, checkingSyntax: checksSyntax))
        }
        let (sources, compiled) = readTemplates(
            texts, parts.dropFirst().map { if case .template(let parsed) = $0 { parsed } else { nil } }, display: display,
            compiling: compiling, &log)
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
        guard case .words(let loaded) = parts[0] else { return (nil, log) }
        let words = readWords(loaded, source: source, display: display, templates: sources, &hasher, &log)
        guard !log.hasErrors, let words,
            let engine = engine(sources: sources, compiled: compiled, display: display, &log)
        else { return (nil, log) }
        var theme = Theme(
            name: name, engine: engine, assets: assets, strings: words.translations[language]?.strings ?? words.english,
            translations: words.translations, digest: hasher.finalize().hex, templateNames: Set(sources.keys))
        theme.templatesDigest = templatesDigest
        theme.checkedSyntax = checksSyntax
        return (theme, log)
    }

    /// What `load` reads side by side.
    private enum ThemePart: Sendable {
        case words((ThemeStrings?, [String: ThemeStrings.Translation], DiagnosticLog))
        case template(ParsedTemplate)
    }

    /// One template's text as both engines read it.
    private struct ParsedTemplate: Sendable {
        /// nil when it uses what the compiled templates do not cover.
        var compiled: CompiledTemplate?
        var shortDelimiter: (line: Int, column: Int)?
        /// swift-mustache's syntax error, if any.
        var syntaxError: (message: String, line: Int?, column: Int?)?
    }

    /// Every template's name and text, in the order they are hashed.
    private static func readTemplateTexts(
        source: ThemeSource, display: String, _ hasher: inout SHA256, _ log: inout DiagnosticLog
    ) -> [(file: String, text: String)] {
        var texts: [(file: String, text: String)] = []
        for file in source.files(in: "templates", display: display, &log)
        where file.hasSuffix(".mustache") {
            guard case .success(let text) = source.text("templates/" + file) else {
                log.error("theme", "cannot read template (is it UTF-8?)", at: SourceLocation(file: display + "/templates/" + file))
                continue
            }
            hasher.update(data: Array(file.utf8) + [0] + Array(text.utf8))
            texts.append((file, text))
        }
        return texts
    }

    /// A template compiled, and parsed by swift-mustache for its errors
    /// unless it compiled and was checked before; one that does not compile
    /// is always parsed, since swift-mustache then renders it.
    private static func parse(_ text: String, checkingSyntax: Bool) -> ParsedTemplate {
        var parsed = ParsedTemplate()
        do {
            parsed.compiled = try CompiledTemplate(text)
        } catch let short as CompiledTemplate.ShortDelimiter {
            parsed.shortDelimiter = (short.line, short.column)
            return parsed
        } catch {
            parsed.compiled = nil
        }
        if parsed.compiled != nil && !checkingSyntax { return parsed }
        do {
            _ = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            parsed.syntaxError = ("\(error.error)", error.context.lineNumber, error.context.columnNumber)
        } catch {
            parsed.syntaxError = ("\(error)", nil, nil)
        }
        return parsed
    }

    /// Every template's text with its errors reported, and the compiled
    /// templates when all of them could be compiled (nil otherwise).
    private static func readTemplates(
        _ texts: [(file: String, text: String)], _ parses: [ParsedTemplate?], display: String, compiling: Bool,
        _ log: inout DiagnosticLog
    ) -> (sources: [String: String], compiled: [String: CompiledTemplate]?) {
        var compiled: [String: CompiledTemplate]? = compiling ? [:] : nil
        var sources: [String: String] = [:]
        for ((file, text), parsed) in zip(texts, parses) {
            guard let parsed else { continue }
            let displayPath = display + "/templates/" + file
            let templateName = String(file.dropLast(".mustache".count))
            if let short = parsed.shortDelimiter {
                log.error(
                    "theme", "an opening delimiter of one character is not supported; use two or more, like {{",
                    at: SourceLocation(file: displayPath, line: short.line, column: short.column))
                continue
            }
            if let error = parsed.syntaxError {
                log.error(
                    "theme", "template syntax error: \(error.message)",
                    at: error.line.map { SourceLocation(file: displayPath, line: $0, column: error.column ?? 1) }
                        ?? SourceLocation(file: displayPath))
                continue
            }
            sources[templateName] = text
            if let template = parsed.compiled { compiled?[templateName] = template } else { compiled = nil }
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
        _ loaded: (ThemeStrings?, [String: ThemeStrings.Translation], DiagnosticLog), source: ThemeSource, display: String,
        templates: [String: String], _ hasher: inout SHA256, _ log: inout DiagnosticLog
    ) -> (english: ThemeStrings, translations: [String: ThemeStrings.Translation])? {
        for file in source.files(in: "i18n", display: display, &log) {
            hasher.update(data: Array(("i18n/" + file).utf8) + [0] + (source.bytes("i18n/" + file) ?? []))
        }
        let (english, translations, wordsLog) = loaded
        log.merge(wordsLog)
        // Every language has every English key, so English is what to check.
        guard let strings = english else { return nil }
        for (templateName, text) in templates.sorted(by: { $0.key < $1.key }) {
            for reference in wordReferences(in: text) where !strings.hasTemplateWord(reference.name) {
                log.error(
                    "theme", "template uses the word '\(reference.name)', which is not in i18n/\(ThemeStrings.fallbackLanguage).yaml",
                    at: SourceLocation(
                        file: display + "/templates/" + templateName + ".mustache", line: reference.line, column: reference.column))
            }
        }
        return (strings, translations)
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
    var hex: String { Array(self).withUnsafeBytes(hexText) }
}

extension Digest {
    var hex: String { withUnsafeBytes(hexText) }

    /// The first `bytes` bytes in lower-case hex, without the whole digest's
    /// text made first and cut (for every file the manifest lists).
    func hex(bytes: Int) -> String {
        withUnsafeBytes { hexText(UnsafeRawBufferPointer(rebasing: $0.prefix(bytes))) }
    }
}

extension UnsafeRawBufferPointer {
    var hex: String { hexText(self) }
}

/// `bytes` in lower-case hex, written straight into the string.
private func hexText(_ bytes: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: 2 * bytes.count) { out in
        for (index, byte) in bytes.enumerated() {
            out[2 * index] = hexDigit(byte >> 4)
            out[2 * index + 1] = hexDigit(byte & 15)
        }
        return 2 * bytes.count
    }
}

@inline(__always)
private func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var slice = self
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
