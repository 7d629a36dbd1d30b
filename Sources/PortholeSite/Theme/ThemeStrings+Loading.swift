import PortholeCore

extension ThemeStrings {
    /// The language every theme has, and the one others fall back to.
    public static let fallbackLanguage = "en"

    /// One language of a theme: its file over English, key by key.
    public struct Translation: Sendable {
        /// The file's name without `.yaml`: `de`, or `pt-BR`.
        public let language: String
        public let strings: ThemeStrings
        /// The keys of `en.yaml` the file does not give, in `en.yaml`'s
        /// order, each with where English has it: they show in English.
        public let missing: [(key: String, english: SourceLocation)]
        /// The file, at its first key: where a warning about it points.
        public let location: SourceLocation
    }

    /// `<folder>/i18n/en.yaml`, then `<language>.yaml` over it when the
    /// language is another one and the theme has it. Every problem is a theme
    /// error at its `path:line:col` (`display` is the theme folder as the
    /// user sees it): a malformed file, a `Key` that `en.yaml` lacks, a
    /// `{name}` a key's text cannot use.
    static func load(folder: String, display: String, language: String = fallbackLanguage) -> (ThemeStrings?, DiagnosticLog) {
        load(source: .folder(folder), display: display, language: language)
    }

    /// The same from a `ThemeSource` (a folder, or the built-in theme).
    static func load(source: ThemeSource, display: String, language: String = fallbackLanguage) -> (ThemeStrings?, DiagnosticLog) {
        let (english, translations, log) = loadAll(source: source, display: display)
        guard let english else { return (nil, log) }
        return (translations[language]?.strings ?? english, log)
    }

    /// English and every other language file of the theme (`i18n/*.yaml`).
    /// A file that lacks keys is not an error: those words stay English, and
    /// the build warns when a portal uses the language (`Translation.missing`).
    static func loadAll(source: ThemeSource, display: String) -> (ThemeStrings?, [String: Translation], DiagnosticLog) {
        var log = DiagnosticLog()
        let english = display + "/i18n/" + fallbackLanguage + ".yaml"
        guard let base = read(source, "i18n/" + fallbackLanguage + ".yaml", display: english, &log) else {
            if !log.hasErrors {
                log.error(
                    "theme",
                    "the theme has no i18n/\(fallbackLanguage).yaml, the words Porthole puts on pages; copy it from themes/default/i18n/ and change what you like",
                    at: SourceLocation(file: display + "/i18n"))
            }
            return (nil, [:], log)
        }
        let defined = Set(base.map(\.key))
        let missing = Key.allCases.filter { !defined.contains($0.rawValue) }
        if !missing.isEmpty {
            log.error(
                "theme",
                "no text for \(missing.map { "'\($0.rawValue)'" }.joined(separator: ", ")): every theme's \(fallbackLanguage).yaml needs each word Porthole uses (see themes/default/i18n/\(fallbackLanguage).yaml)",
                at: SourceLocation(file: english))
        }
        var translations: [String: Translation] = [:]
        var listed = DiagnosticLog() // a link in i18n/ is reported with the theme's files
        for file in source.files(in: "i18n", display: display, &listed)
        where file.hasSuffix(".yaml") && !file.contains("/") && file != fallbackLanguage + ".yaml" {
            let language = String(file.dropLast(".yaml".count))
            let path = display + "/i18n/" + file
            guard let overlay = read(source, "i18n/" + file, display: path, &log) else { continue }
            let given = Set(overlay.map(\.key))
            translations[language] = Translation(
                language: language, strings: ThemeStrings(language: language, entries: base + overlay),
                missing: base.filter { !given.contains($0.key) }.map { ($0.key, $0.location) },
                location: overlay.first.map { SourceLocation(file: path, line: $0.location.line, column: 1) }
                    ?? SourceLocation(file: path, line: 1, column: 1))
        }
        guard !log.hasErrors else { return (nil, [:], log) }
        return (ThemeStrings(language: fallbackLanguage, entries: base), translations, log)
    }

    /// One words file's entries; nil when it does not exist (nothing
    /// reported) or cannot be read (reported).
    private static func read(
        _ source: ThemeSource, _ path: String, display: String, _ log: inout DiagnosticLog
    ) -> [StringsFile.Entry]? {
        guard source.hasFile(path) else { return nil }
        guard case .success(let text) = source.text(path) else {
            log.error("theme", "cannot read the words file (is it UTF-8?)", at: SourceLocation(file: display))
            return nil
        }
        let (entries, fileLog) = StringsFile.read(text, file: display)
        log.merge(fileLog)
        for entry in entries {
            guard let key = Key(rawValue: entry.key) else { continue }
            for name in placeholderNames(in: entry.text) where !key.placeholders.contains(name) {
                let allowed =
                    key.placeholders.isEmpty
                    ? "it takes no values" : "it can use " + key.placeholders.map { "{\($0)}" }.joined(separator: ", ")
                log.error("theme", "'{\(name)}' is not a value of '\(entry.key)'; \(allowed)", at: entry.location)
            }
        }
        return entries
    }

    /// Every `{name}` in a text, where a name is letters, digits and `_`.
    static func placeholderNames(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            // `{days, plural, …}` counts `days`; its branches are read on.
            if let comma = after.firstIndex(of: ","), isName(after[..<comma]),
                after[after.index(after: comma)...].drop(while: { $0 == " " }).hasPrefix("plural,")
            {
                names.append(String(after[..<comma]))
                rest = after[comma...]
                continue
            }
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if isName(name) {
                names.append(String(name))
                rest = after[after.index(after: close)...]
            } else {
                rest = after
            }
        }
        return names
    }

    private static func isName(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}
