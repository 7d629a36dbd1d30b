import Foundation
import PortholeCore
import Testing

@testable import PortholeSite

/// The theme's languages (`i18n/<language>.yaml`): the default theme's
/// translations are complete, plural forms, numbers and relative days follow
/// the language through ICU, a missing word falls back to English with a
/// located warning, and right-to-left languages are known.
struct ThemeLanguageTests {
    static let packageRoot = ThemeStringsTests.packageRoot
    static let complete = ["de", "fr", "es", "nl"]

    func entries(_ language: String) throws -> [StringsFile.Entry] {
        let path = Self.packageRoot.appendingPathComponent("themes/default/i18n/\(language).yaml")
        let (entries, log) = StringsFile.read(try String(contentsOf: path, encoding: .utf8), file: "\(language).yaml")
        #expect(log.entries.isEmpty, "\(language): \(log.entries)")
        return entries
    }

    func defaultTheme() throws -> Theme {
        let (theme, log) = Theme.load(
            name: "default", themesRoot: Self.packageRoot.appendingPathComponent("themes").path, displayRoot: "themes")
        #expect(!log.hasErrors, "\(log.entries)")
        return try #require(theme)
    }

    @Test func test_everyEnglishKeyIsInEachCompleteLanguageInTheSameOrder() throws {
        let english = try entries("en").map(\.key)
        for language in Self.complete {
            let keys = try entries(language).map(\.key)
            #expect(Set(english).subtracting(keys).sorted() == [], "\(language).yaml lacks these keys of en.yaml")
            #expect(Set(keys).subtracting(english).sorted() == [], "\(language).yaml has keys en.yaml does not")
            #expect(keys == english, "\(language).yaml's keys are not in en.yaml's order")
        }
        let theme = try defaultTheme()
        for language in Self.complete {
            let translation = try #require(theme.translation(for: language + "-XX"))
            #expect(translation.missing.isEmpty)
            #expect(theme.languageWarnings(for: language, given: nil).entries.isEmpty)
        }
    }

    @Test func test_translationsUseOnlyTheirKeysValues() throws {
        for language in Self.complete + ["ar"] {
            for entry in try entries(language) {
                guard let key = ThemeStrings.Key(rawValue: entry.key) else {
                    #expect(!entry.text.contains("{"), "\(language): \(entry.key) is a template word and takes no values")
                    continue
                }
                let names = Set(ThemeStrings.placeholderNames(in: entry.text))
                #expect(names.isSubset(of: key.placeholders), "\(language): \(entry.key) uses \(names)")
            }
        }
    }

    @Test func test_pluralFormsFollowTheLanguagesRules() throws {
        let theme = try defaultTheme()
        let de = theme.localized(to: "de-DE").strings
        #expect(de.format(.milestoneSlip, ["days": "1"]) == "1 Tag Verzug")
        #expect(de.format(.milestoneSlip, ["days": "3"]) == "3 Tage Verzug")
        let en = theme.localized(to: "en-GB").strings
        #expect(en.format(.milestoneSlip, ["days": "1"]) == "1 day late")
        #expect(en.format(.milestoneSlip, ["days": "0"]) == "0 days late")
        // French counts 0 as "one"; English does not.
        let fr = theme.localized(to: "fr-FR").strings
        #expect(fr.format(.milestoneSlip, ["days": "0"]) == "0 jour de retard")
        #expect(fr.plural(.awaitingOne, .awaitingOther, count: 0) == "0 décision attend votre réponse")
        #expect(en.plural(.awaitingOne, .awaitingOther, count: 0) == "0 decisions need your answer")
        // Numbers are written the locale's way.
        #expect(de.format(.milestonesCaption, ["count": "1234"]) == "Alle 1.234 Meilensteine, nach Plantermin")
        #expect(en.format(.milestonesCaption, ["count": "1234"]) == "All 1,234 milestones, by baseline date")
    }

    @Test func test_pluralSyntaxChoosesExactThenCategoryThenOther() {
        func words(_ language: String, _ text: String) -> ThemeStrings {
            ThemeStrings(language: language, entries: StringsFile.read("milestone.slip: \"\(text)\"\n", file: "x.yaml").0)
        }
        let arabic = words("ar", "{days, plural, =0 {none} two {# two} few {# few} other {# other}} left")
        #expect(arabic.format(.milestoneSlip, ["days": "0"]) == "none left")
        #expect(arabic.format(.milestoneSlip, ["days": "2"]) == "2 two left")
        #expect(arabic.format(.milestoneSlip, ["days": "3"]) == "3 few left")
        #expect(arabic.format(.milestoneSlip, ["days": "100"]) == "100 other left")
        // Not a plural (an unknown name, or malformed): kept as text.
        let broken = words("en", "{days, plural, one {x}")
        #expect(broken.format(.milestoneSlip, ["days": "1"]) == "{days, plural, one {x}")
    }

    @Test func test_relativeDaysAreTheLocalesWords() throws {
        let theme = try defaultTheme()
        let today = try #require(CalendarDate(iso: "2026-11-27"))
        func days(_ locale: String, _ offsets: [Int]) -> [String] {
            let words = theme.localized(to: locale).strings
            return offsets.map { words.relativeDay(from: today, to: today.adding(days: $0)) }
        }
        #expect(days("en-GB", [0, -1, 1, -3, 5]) == ["today", "yesterday", "tomorrow", "3 days ago", "in 5 days"])
        #expect(days("de-DE", [-1, -3, 5]) == ["gestern", "vor 3 Tagen", "in 5 Tagen"])
        #expect(days("fr-FR", [-3]) == ["il y a 3 jours"])
        #expect(days("es-ES", [-3]) == ["hace 3 días"])
        #expect(days("nl-NL", [-3]) == ["3 dagen geleden"])
    }

    @Test func test_missingKeyWarnsAtTheFileAndNamesTheEnglishLocation() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("porthole-lang-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.packageRoot.appendingPathComponent("themes/default"), to: root.appendingPathComponent("custom"))
        let file = root.appendingPathComponent("custom/i18n/de.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "raid.kind.issue: Problem\n", with: "").write(to: file, atomically: true, encoding: .utf8)
        let (loaded, log) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        #expect(log.entries.isEmpty, "a partial language is not a problem of the theme itself: \(log.entries)")
        let theme = try #require(loaded)
        #expect(theme.localized(to: "de-DE").strings[.kindIssue] == "Issue")
        #expect(theme.localized(to: "de-DE").strings[.kindRisk] == "Risiko")
        let warnings = theme.languageWarnings(for: "de-AT", given: nil).entries
        #expect(warnings.count == 1)
        let english = try #require(
            StringsFile.read(
                try String(contentsOf: root.appendingPathComponent("custom/i18n/en.yaml"), encoding: .utf8),
                file: "themes/custom/i18n/en.yaml"
            ).0.first { $0.key == "raid.kind.issue" })
        #expect(warnings.first?.severity == .warning)
        // At the file's first key (the top of its mapping).
        let firstKey = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("rag.") })
        #expect(warnings.first?.location == SourceLocation(file: "themes/custom/i18n/de.yaml", line: firstKey + 1, column: 1))
        #expect(
            warnings.first?.message
                == "i18n/de.yaml has no text for 1 of en.yaml's keys, shown in English: 'raid.kind.issue' (\(english.location))")
        // English needs no file; a language with none is said once, where
        // the locale was given.
        #expect(theme.languageWarnings(for: "en-GB", given: nil).entries.isEmpty)
        let given = SourceLocation(file: "content/clients/acme/client.yaml", line: 3, column: 9)
        let none = theme.languageWarnings(for: "ja-JP", given: given).entries
        #expect(none.map(\.location) == [given])
        #expect(none.first?.message.contains("has no words in 'ja'") == true)
        #expect(theme.localized(to: "ja-JP").strings[.kindIssue] == "Issue")
    }

    @Test func test_rightToLeftLanguagesAreKnown() {
        for locale in ["ar", "ar-EG", "he-IL", "fa", "ur-PK"] { #expect(Theme.direction(of: locale) == "rtl", "\(locale)") }
        for locale in ["en-GB", "de-DE", "fr", "ja-JP"] { #expect(Theme.direction(of: locale) == "ltr", "\(locale)") }
    }
}
