import PortholeCore

/// The theme's words: every client-visible word that is not content comes
/// from `themes/<theme>/i18n/<lang>.yaml`, like Hugo's `i18n` folder, so a
/// theme author changes wording (or, later, adds a language) without touching
/// code (docs/themes.md). Views look words up by `Key`; templates reach every
/// key of the file as `{{t.key}}`.
///
/// `en.yaml` must give every `Key` (the theme does not load otherwise, so no
/// word can render as ""); another language's file overrides it key by key,
/// and what it lacks stays English.
public struct ThemeStrings: Sendable {
    /// A text with its `{placeholders}` found once, when the theme loads.
    struct Phrase: Sendable {
        enum Part: Sendable {
            case text(String)
            case value(String)
        }
        let parts: [Part]

        init(_ text: String, placeholders: [String]) {
            var parts: [Part] = []
            var rest = Substring(text)
            var literal = ""
            while let open = rest.firstIndex(of: "{") {
                literal += rest[..<open]
                let after = rest[rest.index(after: open)...]
                if let close = after.firstIndex(of: "}"), placeholders.contains(String(after[..<close])) {
                    if !literal.isEmpty { parts.append(.text(literal)) }
                    literal = ""
                    parts.append(.value(String(after[..<close])))
                    rest = after[after.index(after: close)...]
                } else {
                    literal += "{"
                    rest = after
                }
            }
            literal += rest
            if !literal.isEmpty || parts.isEmpty { parts.append(.text(literal)) }
            self.parts = parts
        }
    }

    /// What templates see as `t`: the keys split at their dots into nested
    /// contexts. Immutable once made.
    final class TemplateWords: @unchecked Sendable {
        let root: PageContext

        init(_ entries: [(key: String, text: String)]) {
            var tree: PageContext = [:]
            for entry in entries {
                Self.insert(entry.text, at: entry.key.split(separator: ".").map(String.init)[...], into: &tree)
            }
            root = ["t": tree]
        }

        private static func insert(_ text: String, at path: ArraySlice<String>, into tree: inout PageContext) {
            guard let first = path.first else { return }
            if path.count == 1 {
                tree[first] = text
            } else {
                var child = tree[first] as? PageContext ?? [:]
                insert(text, at: path.dropFirst(), into: &child)
                tree[first] = child
            }
        }
    }

    /// The language of the words (`en` now; issue 15 adds others).
    public let language: String
    private let phrases: [Key: Phrase]
    let templateWords: TemplateWords

    init(language: String, entries: [StringsFile.Entry]) {
        self.language = language
        var texts: [String: String] = [:]
        var order: [String] = []
        for entry in entries {
            if texts.updateValue(entry.text, forKey: entry.key) == nil { order.append(entry.key) }
        }
        var phrases: [Key: Phrase] = [:]
        for key in Key.allCases {
            if let text = texts[key.rawValue] { phrases[key] = Phrase(text, placeholders: key.placeholders) }
        }
        self.phrases = phrases
        templateWords = TemplateWords(order.map { ($0, texts[$0]!) })
    }

    /// The key's text with no values put in. A key the theme lacks (only
    /// possible for words made in tests) shows as its name, never as "".
    public subscript(_ key: Key) -> String { format(key, [:]) }

    /// The key's text with each `{name}` replaced by its value.
    public func format(_ key: Key, _ values: KeyValuePairs<String, String>) -> String {
        guard let phrase = phrases[key] else { return key.rawValue }
        if phrase.parts.count == 1, case .text(let text) = phrase.parts[0] { return text }
        var out = ""
        for part in phrase.parts {
            switch part {
            case .text(let text): out += text
            case .value(let name): out += values.first(where: { $0.key == name })?.value ?? "{\(name)}"
            }
        }
        return out
    }

    /// Whether `t.a.b` (as a template names it) is a word or a group of words.
    func hasTemplateWord(_ name: String) -> Bool {
        var node: Any = templateWords.root
        for part in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard let group = node as? PageContext, let child = group[String(part)] else { return false }
            node = child
        }
        return true
    }

    /// A text that is not the theme's (a playbook's `digest_subject`) with
    /// each of `placeholders` replaced by its value, as `format` does.
    static func fill(_ text: String, placeholders: [String], _ values: KeyValuePairs<String, String>) -> String {
        var out = ""
        for part in Phrase(text, placeholders: placeholders).parts {
            switch part {
            case .text(let text): out += text
            case .value(let name): out += values.first(where: { $0.key == name })?.value ?? "{\(name)}"
            }
        }
        return out
    }

    /// `one` for 1, `other` otherwise (English; each language brings its rule).
    public func plural(_ one: Key, _ other: Key, count: Int) -> String {
        format(count == 1 ? one : other, ["count": String(count)])
    }
}
