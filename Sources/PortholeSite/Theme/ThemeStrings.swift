import Foundation
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
    /// A text with its `{placeholders}` found once, when the theme loads,
    /// and its plural choices: `{count, plural, one {# day} other {# days}}`
    /// picks the branch of the count's CLDR category (`PluralRules`), or an
    /// exact `=0 {…}` first; `#` in a branch is the number.
    struct Phrase: Sendable {
        enum Part: Sendable {
            case text(String)
            /// `numeric`: named as a number (`Key.numericPlaceholders`),
            /// decided once here rather than on every use.
            case value(String, numeric: Bool)
            case plural(String, [(selector: String, parts: [Part])])
        }
        let parts: [Part]

        init(_ text: String, placeholders: [String]) {
            var rest = Substring(text)
            parts = Self.parse(&rest, placeholders: placeholders, number: nil)
        }

        /// Parts up to the end of `rest`, or up to the `}` that closes a
        /// plural branch (`number` is then the branch's value, for `#`).
        private static func parse(_ rest: inout Substring, placeholders: [String], number: String?) -> [Part] {
            var parts: [Part] = []
            var literal = ""
            func flush() {
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = ""
            }
            while let char = rest.first {
                if char == "}", number != nil { break }
                rest = rest.dropFirst()
                if char == "#", let number {
                    flush()
                    parts.append(.value(number, numeric: Key.numericPlaceholders.contains(number)))
                    continue
                }
                guard char == "{" else {
                    literal.append(char)
                    continue
                }
                if let close = rest.firstIndex(of: "}"), placeholders.contains(String(rest[..<close])) {
                    flush()
                    let name = String(rest[..<close])
                    parts.append(.value(name, numeric: Key.numericPlaceholders.contains(name)))
                    rest = rest[rest.index(after: close)...]
                } else if let plural = parsePlural(&rest, placeholders: placeholders) {
                    flush()
                    parts.append(plural)
                } else {
                    literal.append("{")
                }
            }
            flush()
            if parts.isEmpty && number == nil { parts.append(.text("")) }
            return parts
        }

        /// `name, plural, one {…} other {…}}` after an opening brace; nil
        /// (and `rest` untouched) when it is not one.
        private static func parsePlural(_ rest: inout Substring, placeholders: [String]) -> Part? {
            var cursor = rest
            guard let comma = cursor.firstIndex(of: ",") else { return nil }
            let name = cursor[..<comma].trimmingCharacters(in: " ")
            guard placeholders.contains(name) else { return nil }
            cursor = cursor[cursor.index(after: comma)...]
            guard let second = cursor.firstIndex(of: ","), cursor[..<second].trimmingCharacters(in: " ") == "plural" else {
                return nil
            }
            cursor = cursor[cursor.index(after: second)...]
            var branches: [(selector: String, parts: [Part])] = []
            while true {
                cursor = cursor.drop { $0 == " " || $0 == "\n" }
                if cursor.first == "}" {
                    rest = cursor.dropFirst()
                    return branches.isEmpty ? nil : .plural(name, branches)
                }
                guard let open = cursor.firstIndex(of: "{") else { return nil }
                let selector = cursor[..<open].trimmingCharacters(in: " ")
                guard !selector.isEmpty, !selector.contains(" ") else { return nil }
                cursor = cursor[cursor.index(after: open)...]
                let parts = parse(&cursor, placeholders: placeholders, number: name)
                guard cursor.first == "}" else { return nil }
                cursor = cursor.dropFirst()
                branches.append((selector, parts))
            }
        }
    }

    /// What templates see as `t`: the keys split at their dots into nested
    /// contexts. Immutable once made.
    final class TemplateWords: @unchecked Sendable {
        let root: PageContext
        /// Every word by its whole key (`update.by`), for `{{t.update.by}}`
        /// in one lookup instead of one per dot.
        let byKey: [ContextName: String]
        /// `t` as swift-mustache reads it (`PageContext.readable`), made
        /// once for a theme it renders instead of on every page.
        let readableTree: [String: Any]

        init(_ entries: [(key: String, text: String)]) {
            var tree: PageContext = [:]
            for entry in entries {
                Self.insert(entry.text, at: entry.key.split(separator: ".").map(String.init)[...], into: &tree)
            }
            root = ["t": tree]
            readableTree = PageContext.readable(tree)
            byKey = Dictionary(entries.map { (ContextName($0.key), $0.text) }, uniquingKeysWith: { _, last in last })
        }

        private static func insert(_ text: String, at path: ArraySlice<String>, into tree: inout PageContext) {
            guard let first = path.first.map({ ContextName($0) }) else { return }
            if path.count == 1 {
                tree[first] = text
            } else {
                var child = tree[first] as? PageContext ?? [:]
                insert(text, at: path.dropFirst(), into: &child)
                tree[first] = child
            }
        }
    }

    /// The language of the words: the file they came from (`de` for
    /// `i18n/de.yaml`), `en` when only English.
    public let language: String
    private let phrases: [Key: Phrase]
    let templateWords: TemplateWords
    private let plurals: PluralRules
    /// How numbers in phrases are written (`1.234` in German).
    private var numbers: IntegerFormatStyle<Int>
    /// "vor 3 Tagen", "gestern": relative days in the locale.
    private(set) var relativeDays: RelativeDays

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
        plurals = PluralRules(language: language)
        numbers = IntegerFormatStyle<Int>(locale: Locale(identifier: language))
        relativeDays = RelativeDays(locale: Locale(identifier: language))
    }

    /// The same words, with numbers written as `locale` writes them
    /// and relative days as it says them (`de-CH` and `de-DE` share
    /// `de.yaml` but not the thousands mark).
    func localized(_ locale: Locale) -> ThemeStrings {
        var copy = self
        copy.numbers = IntegerFormatStyle<Int>(locale: locale)
        copy.relativeDays = relativeDays.localized(locale)
        return copy
    }

    /// A number as the language writes it.
    public func number(_ value: Int) -> String { numbers.format(value) }

    /// The key's text with no values put in. A key the theme lacks (only
    /// possible for words made in tests) shows as its name, never as "".
    public subscript(_ key: Key) -> String { format(key, [:]) }

    /// The key's text with each `{name}` replaced by its value; a value
    /// named as a number (`Key.numericPlaceholders`) that is an integer is
    /// written in the language's digits and picks its plural branch.
    public func format(_ key: Key, _ values: KeyValuePairs<String, String>) -> String {
        guard let phrase = phrases[key] else { return key.rawValue }
        if phrase.parts.count == 1, case .text(let text) = phrase.parts[0] { return text }
        var out = ""
        append(phrase.parts, values, to: &out)
        return out
    }

    private func append(_ parts: [Phrase.Part], _ values: KeyValuePairs<String, String>, to out: inout String) {
        for part in parts {
            switch part {
            case .text(let text): out += text
            case .value(let name, let numeric):
                guard let value = values.first(where: { $0.key == name })?.value else {
                    out += "{\(name)}"
                    continue
                }
                if numeric, let number = Int(value) {
                    out += self.number(number)
                } else {
                    out += value
                }
            case .plural(let name, let branches):
                let count = values.first(where: { $0.key == name }).flatMap { Int($0.value) }
                let category = count.map(plurals.category) ?? "other"
                let exact = count.map { "=" + String($0) }
                let branch =
                    branches.first { $0.selector == exact } ?? branches.first { $0.selector == category }
                    ?? branches.first { $0.selector == "other" }
                if let branch { append(branch.parts, values, to: &out) }
            }
        }
    }

    /// Whether `t.a.b` (as a template names it) is a word or a group of words.
    func hasTemplateWord(_ name: String) -> Bool {
        var node: Any = templateWords.root
        for part in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard let group = node as? PageContext, let child = group[ContextName(String(part))] else { return false }
            node = child
        }
        return true
    }

    /// A text that is not the theme's (a playbook's `digest_subject`) with
    /// each of `placeholders` replaced by its value, as `format` does.
    /// Its values are words, not counts: a plural choice takes its `other` branch.
    static func fill(_ text: String, placeholders: [String], _ values: KeyValuePairs<String, String>) -> String {
        func fill(_ parts: [Phrase.Part]) -> String {
            parts.map { part in
                switch part {
                case .text(let text): text
                case .value(let name, _): values.first(where: { $0.key == name })?.value ?? "{\(name)}"
                case .plural(_, let branches): fill(branches.first { $0.selector == "other" }?.parts ?? [])
                }
            }.joined()
        }
        return fill(Phrase(text, placeholders: placeholders).parts)
    }

    /// The `.one` key when the language's plural category of `count` is
    /// `one` (1 in English, 0 and 1 in French), else the `.other` key. A text
    /// may also choose inside itself, with `{count, plural, …}`.
    public func plural(_ one: Key, _ other: Key, count: Int) -> String {
        format(plurals.category(count) == "one" ? one : other, ["count": String(count)])
    }
}
