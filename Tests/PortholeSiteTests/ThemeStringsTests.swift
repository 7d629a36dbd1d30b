import Foundation
import PortholeCore
import PortholeTestSupport
import Testing

@testable import PortholeSite

/// The theme's words (`i18n/en.yaml`): every word the code uses is there,
/// a malformed file or a missing word stops the theme with its position,
/// and templates reach the words as `{{t.key}}` with either engine.
struct ThemeStringsTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A copy of the default theme in a temporary folder, as `custom`.
    func themeCopy() throws -> URL { try ContentFixture.themesWithDefaultCopy() }

    func words(_ root: URL) -> URL { root.appendingPathComponent("custom/i18n/en.yaml") }

    /// The copy's `en.yaml` with `old` replaced by `new` (which must be there).
    func edit(_ root: URL, _ old: String, _ new: String) throws {
        let text = try String(contentsOf: words(root), encoding: .utf8)
        #expect(text.contains(old), "\(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: words(root), atomically: true, encoding: .utf8)
    }

    @Test func test_everyKeyTheCodeLooksUpIsInTheDefaultEnglishWords() throws {
        let path = Self.packageRoot.appendingPathComponent("themes/default/i18n/en.yaml")
        let (entries, log) = StringsFile.read(try String(contentsOf: path, encoding: .utf8), file: "en.yaml")
        #expect(log.entries.isEmpty, "\(log.entries)")
        let keys = Set(entries.map(\.key))
        let missing = ThemeStrings.Key.allCases.filter { !keys.contains($0.rawValue) }
        #expect(missing.isEmpty, "not in themes/default/i18n/en.yaml: \(missing.map(\.rawValue))")
        // The English text shows every value its key has (docs/themes.md);
        // "The next milestone" needs no number.
        // The templates' own words are in the same file: each is used by a template.
        var templateText = ""
        let templates = Self.packageRoot.appendingPathComponent("themes/default/templates")
        for case let file as URL in FileManager.default.enumerator(at: templates, includingPropertiesForKeys: nil)! {
            templateText += (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        }
        for entry in entries {
            guard let key = ThemeStrings.Key(rawValue: entry.key) else {
                #expect(templateText.contains("{{t.\(entry.key)}}"), "\(entry.key) is used by no code and no template")
                #expect(ThemeStrings.placeholderNames(in: entry.text).isEmpty, "\(entry.key): a template's word takes no values")
                continue
            }
            let names = Set(ThemeStrings.placeholderNames(in: entry.text))
            #expect(key == .nextMilestonesOne ? names.isEmpty : names == Set(key.placeholders), "\(entry.key)")
        }
        let (theme, themeLog) = Theme.load(
            name: "default", themesRoot: Self.packageRoot.appendingPathComponent("themes").path, displayRoot: "themes")
        #expect(themeLog.entries.isEmpty, "\(themeLog.entries)")
        #expect(theme?.strings[.stateOnTrack] == "On track")
    }

    @Test func test_valuesArePutInAndOtherBracesKept() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try edit(root, "page.locked.title: \"Protected status portal · {agency}\"", "page.locked.title: \"{agency} {not a name} {\"")
        let (theme, log) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        #expect(!log.hasErrors, "\(log.entries)")
        let strings = try #require(theme?.strings)
        #expect(strings.format(.lockedTitle, ["agency": "Northwind"]) == "Northwind {not a name} {")
        #expect(strings.plural(.awaitingOne, .awaitingOther, count: 1) == "1 decision needs your answer")
        #expect(strings.plural(.awaitingOne, .awaitingOther, count: 3) == "3 decisions need your answer")
        let day = CalendarDate(iso: "2026-11-27")!
        #expect(strings.relativeDay(from: day, to: day.adding(days: -3)) == "3 days ago")
        #expect(strings.relativeDay(from: day, to: day.adding(days: 1)) == "tomorrow")
        #expect(strings.relativeDay(from: day, to: day) == "today")
        // A word set nowhere (only possible in code that made its own words) shows its key.
        #expect(ThemeStrings(language: "en", entries: [])[.raidOpen] == "raid.status.open")
    }

    @Test func test_aMalformedWordsFileIsAThemeErrorWithItsPosition() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try edit(root, "rag.label.amber: Amber\n", "rag.label.amber: [Amber\n")
        let (theme, log) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        #expect(theme == nil)
        let error = try #require(log.entries.first)
        #expect(error.code == "theme")
        #expect(error.location?.file == "themes/custom/i18n/en.yaml")
        #expect((error.location?.line ?? 0) > 1, "\(error)")
    }

    @Test func test_aMissingWordStopsTheThemeAndNamesTheKey() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try edit(root, "raid.kind.issue: Issue\n", "")
        let (theme, log) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        #expect(theme == nil)
        #expect(
            log.entries.map(\.description).contains {
                $0.hasPrefix("themes/custom/i18n/en.yaml:1:1: error: no text for 'raid.kind.issue'")
            }, "\(log.entries)")

        try FileManager.default.removeItem(at: words(root))
        let (none, noneLog) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        #expect(none == nil)
        #expect(
            noneLog.entries.map(\.description).contains { $0.hasPrefix("themes/custom/i18n:1:1: error: the theme has no i18n/en.yaml") })
    }

    @Test func test_aValueTheKeyDoesNotHaveIsAnErrorAtItsLine() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let text = try String(contentsOf: words(root), encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("page.locked.title:") }! + 1
        try edit(root, "page.locked.title: \"Protected status portal · {agency}\"", "page.locked.title: \"Portal of {agnecy}\"")
        let (theme, log) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        #expect(theme == nil)
        #expect(
            log.entries.map(\.description).contains(
                "themes/custom/i18n/en.yaml:\(line):20: error: '{agnecy}' is not a value of 'page.locked.title'; it can use {agency}"),
            "\(log.entries)")
    }

    @Test func test_flatAndNestedKeysAreTheSameAndClashesAreErrors() throws {
        let (entries, log) = StringsFile.read("a.b: one\nc:\n  d:\n    e: two\n", file: "x.yaml")
        #expect(log.entries.isEmpty)
        #expect(entries.map(\.key) == ["a.b", "c.d.e"])
        #expect(entries.map(\.location.line) == [1, 4])
        let (_, twice) = StringsFile.read("a.b: one\na:\n  b: two\n", file: "x.yaml")
        #expect(twice.entries.map(\.description) == ["x.yaml:3:6: error: 'a.b' is defined twice (first at line 1)"])
        let (_, clash) = StringsFile.read("a: one\na.b: two\n", file: "x.yaml")
        #expect(clash.entries.map(\.description) == ["x.yaml:2:6: error: 'a' is text, so it cannot also be the group of 'a.b'"])
        let (_, list) = StringsFile.read("a: [one]\n\"b c\": two\n", file: "x.yaml")
        #expect(list.entries.count == 2)
        #expect(list.entries.allSatisfy { $0.code == "theme" })
    }

    /// `{{t.key}}` in a template, with the compiled templates and with
    /// swift-mustache; a name the words do not have is a theme error.
    @Test func test_templatesReachTheWordsWithEitherEngine() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let probe = root.appendingPathComponent("custom/templates/probe.mustache")
        try "{{t.raid.band.high}}|{{#v}}{{t.section.risks}}{{/v}}|{{{t.section.risks}}}\n".write(
            to: probe, atomically: true, encoding: .utf8)
        let (compiled, _) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        let (fallback, _) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes", compiling: false)
        for theme in [try #require(compiled), try #require(fallback)] {
            #expect(theme.render("probe", ["v": ["x": 1] as PageContext]) == "High|Risks &amp; issues|Risks & issues\n")
        }
        try "first\n  {{#v}}{{t.raid.band.extreme}}{{/v}}\n".write(to: probe, atomically: true, encoding: .utf8)
        let (theme, log) = Theme.load(name: "custom", themesRoot: root.path, displayRoot: "themes")
        #expect(theme == nil)
        #expect(
            log.entries.map(\.description) == [
                "themes/custom/templates/probe.mustache:2:9: error: template uses the word 't.raid.band.extreme', which is not in i18n/en.yaml"
            ])
    }

    /// Issue 15 adds languages: another file overrides English key by key.
    @Test func test_anotherLanguageOverridesEnglishKeyByKey() throws {
        let root = try themeCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        try "rag.label.amber: Gelb\n".write(to: root.appendingPathComponent("custom/i18n/de.yaml"), atomically: true, encoding: .utf8)
        let (strings, log) = ThemeStrings.load(folder: root.path + "/custom", display: "themes/custom", language: "de")
        #expect(log.entries.isEmpty, "\(log.entries)")
        #expect(strings?[.ragAmber] == "Gelb")
        #expect(strings?[.ragRed] == "Red")
    }
}
