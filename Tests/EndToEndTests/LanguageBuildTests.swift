import Foundation
import PortholeTestSupport
import Testing

/// The real binary in other languages (docs/themes.md "Adding a language"):
/// a portal in each complete language keeps no English word of the theme, a
/// client's `locale` wins over the portal's, a language the theme lacks or
/// only partly has is a located warning, and the bytes do not depend on the
/// machine's TZ or LANG.
@Suite(.serialized)
struct LanguageBuildTests {
    static let today = ["--today", "2026-11-27"]

    /// The fixture with a proposed decision due soon (its "answer needed"
    /// words), a client-visible budget with a KPI and two change requests
    /// (the budget and change pages), and a second, password client (the
    /// password prompt).
    func fixture(portal locale: String) throws -> ContentFixture {
        let fixture = try ContentFixture()
        try fixture.write(
            "portal.yaml", ContentFixture.portal.replacingOccurrences(of: "locale: en-GB", with: "locale: \(locale)"))
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project + """
                budget:
                  amount: 80000
                  currency: EUR
                  visibility: client
                kpis:
                  - { id: conversion_rate, name: Conversion rate, unit: "%", baseline: 2.1, target: 2.6, direction: up }

                """)
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(
                of: "status: amber\n", with: "status: amber\nspent: 31250\nkpis: { conversion_rate: 2.3 }\n"))
        try fixture.write(
            "clients/acme/shop/changes/0001-add-gift-cards.md",
            """
            ---
            title: Add gift cards
            status: approved
            cost: 8400
            days: 10
            milestones: [M3]
            requested_by: Karen Lund
            decided_on: 2026-11-04
            ---
            Gift cards at checkout.

            """)
        try fixture.write(
            "clients/acme/shop/changes/0002-second-currency.md",
            """
            ---
            title: Second currency
            cost: 2500
            days: 5
            due: 2026-12-04
            ---
            Prices in two currencies.

            """)
        try fixture.write(
            "clients/acme/shop/decisions/0002-pick-a-carrier.md",
            """
            ---
            title: Pick a carrier
            date: 2026-11-20
            status: proposed
            due: 2026-12-04
            ---
            ## Context
            Two carriers.

            """)
        try fixture.write("clients/vault/client.yaml", "name: Vault Ltd\naccess: password\n")
        try fixture.write("clients/vault/shop/project.yaml", ContentFixture.project)
        try fixture.write("clients/vault/shop/updates/2026-11-24.md", ContentFixture.update)
        return fixture
    }

    func build(_ fixture: ContentFixture, output: String = "site", environment: [String: String] = [:]) throws
        -> PortholeProcess.Result
    {
        var environment = environment
        environment["PORTHOLE_PASSWORD_VAULT"] = "open sesame"
        return try PortholeProcess.run(
            ["build", "--output", output, "--no-portfolio"] + Self.today, in: fixture.root, environment: environment)
    }

    /// What a client reads of a built file: an HTML page's text and its
    /// attributes that are read out (title, aria-label, alt, the password
    /// script's words); a feed's or calendar's text. The sealed pages of a
    /// password portal are ciphertext and left out.
    static func readableText(_ file: URL) throws -> String {
        var text = try String(contentsOf: file, encoding: .utf8)
        guard file.pathExtension == "html" || file.pathExtension == "xml" else { return text }
        text = text.replacingOccurrences(of: #"<script[^>]*>[\s\S]*?</script>"#, with: " ", options: .regularExpression)
        var attributes: [String] = []
        let pattern = try NSRegularExpression(pattern: #"(?:title|aria-label|alt|data-[a-z]+)="([^"]*)""#)
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            attributes.append(String(text[Range(match.range(at: 1), in: text)!]))
        }
        text = text.replacingOccurrences(of: #"<[^>]+>"#, with: " ", options: .regularExpression)
        return ([text] + attributes).joined(separator: "\n")
    }

    /// The words of every text of `en.yaml`, without its `{values}` and
    /// plural syntax: the pieces an untranslated text would leave.
    static func englishPieces(_ yaml: String) -> [(key: String, piece: String)] {
        var pieces: [(String, String)] = []
        for line in yaml.split(separator: "\n") where !line.hasPrefix("#") {
            guard let colon = line.range(of: ": ") else { continue }
            let key = String(line[..<colon.lowerBound])
            var text = String(line[colon.upperBound...])
            if text.hasPrefix("\"") { text = String(text.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"") }
            // Branch texts of a plural stay; its name, keyword and selectors go.
            text = text.replacingOccurrences(
                of: #"\{\w+, plural,|\b(=\d+|zero|one|two|few|many|other) \{|[{}#]"#, with: "¦", options: .regularExpression)
            text = text.replacingOccurrences(of: #"¦\w+¦"#, with: "¦", options: .regularExpression)
            for piece in text.split(separator: "¦") {
                let trimmed = piece.trimmingCharacters(in: CharacterSet(charactersIn: " .,:;()·→!?").union(.whitespaces))
                if trimmed.count(where: \.isLetter) >= 4 { pieces.append((key, trimmed)) }
            }
        }
        return pieces
    }

    /// The English the budget and change pages' templates held before
    /// their words moved to the theme.
    static let oldBudgetPhrases = [
        "Budget and earned value", "Spent to date", "Planned value", "Earned value", "originally", "Budget burn-up chart",
        "Burn-up figures", "Planned", "Earned", "Spent", "Outcomes", "No value reported", "Baseline", "Target", "Way to target",
        "dashed line", "Original and current baseline", "What approved changes moved", "Item", "Current", "Cost",
        "Schedule impact", "Requested by", "Decided", "Answer needed by", "Milestones",
    ]

    static func containsWord(_ text: String, _ word: String) -> Bool {
        let escaped = NSRegularExpression.escapedPattern(for: word)
        return text.range(of: #"(?<![\p{L}\p{N}])"# + escaped + #"(?![\p{L}\p{N}])"#, options: .regularExpression) != nil
    }

    /// Every line of the content's files, and each YAML value: removed from
    /// the output before it is searched, since content is never translated.
    static func contentTexts(_ fixture: ContentFixture) throws -> [String] {
        var texts: Set<String> = []
        let files = FileManager.default.enumerator(at: fixture.content, includingPropertiesForKeys: nil)!
        for case let file as URL in files where ["yaml", "md"].contains(file.pathExtension) {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                var value = line.trimmingCharacters(in: CharacterSet(charactersIn: " -#"))
                if let colon = value.range(of: ": ") { value = String(value[colon.upperBound...]) }
                for part in value.split(whereSeparator: { "[],{}".contains($0) }) {
                    let text = part.trimmingCharacters(in: .whitespaces)
                    if text.count >= 3 {
                        texts.insert(text)
                        texts.insert(text.replacingOccurrences(of: "&", with: "&amp;"))
                    }
                }
            }
        }
        return texts.sorted { $0.count > $1.count }
    }

    @Test(arguments: ["de-DE", "fr-FR", "es-ES", "nl-NL"])
    func test_aPortalInEachLanguageHasNoEnglishThemeWordLeft(locale: String) throws {
        let fixture = try fixture(portal: locale)
        let result = try build(fixture)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("has no text for") && !result.stderr.contains("has no words in"), "\(result.stderr)")
        let i18n = ContentFixture.packageRoot.appendingPathComponent("themes/default/i18n")
        let english = try String(contentsOf: i18n.appendingPathComponent("en.yaml"), encoding: .utf8)
        let language = locale.split(separator: "-")[0]
        let translated = try String(contentsOf: i18n.appendingPathComponent("\(language).yaml"), encoding: .utf8)
        let content = try Self.contentTexts(fixture)
        var output = ""
        let files = FileManager.default.enumerator(at: fixture.site, includingPropertiesForKeys: nil)!
        for case let file as URL in files where ["html", "xml", "ics"].contains(file.pathExtension) {
            output += try Self.readableText(file) + "\n"
        }
        #expect(output.contains("<html") == false && output.count > 10_000)
        for text in content { output = output.replacingOccurrences(of: text, with: " ") }
        var left: [String] = []
        // A piece the language writes the same way ("Status", "Portfolio") is not English left over.
        for (key, piece) in Self.englishPieces(english) where !Self.containsWord(translated, piece) {
            if Self.containsWord(output, piece) { left.append("\(key): \(piece)") }
        }
        #expect(left.isEmpty, "English words in the \(locale) portal: \(left)")
        // The budget and change pages once had their words in the templates.
        var moneyPages = ""
        for path in ["acme/shop/budget/index.html", "acme/shop/changes/index.html"] {
            moneyPages += try Self.readableText(fixture.site.appendingPathComponent(path))
        }
        let hardCoded = Self.oldBudgetPhrases.filter { Self.containsWord(moneyPages, $0) }
        #expect(hardCoded.isEmpty, "English on the \(locale) budget and change pages: \(hardCoded)")
        let page = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/index.html"), encoding: .utf8)
        #expect(page.contains("<html lang=\"\(locale)\" dir=\"ltr\">"))
    }

    @Test func test_aClientsLocaleWinsOverThePortals() throws {
        let fixture = try fixture(portal: "de-DE")
        try fixture.write("clients/acme/client.yaml", ContentFixture.client + "locale: fr-FR\n")
        let result = try build(fixture)
        #expect(result.status == 0, "\(result.stderr)")
        let acme = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/index.html"), encoding: .utf8)
        #expect(acme.contains("<html lang=\"fr-FR\" dir=\"ltr\">"))
        #expect(acme.contains(">Jalons</a>") && !acme.contains(">Meilensteine</a>"))
        #expect(acme.contains("(il y a 3 jours)"), "relative days in French")
        // Budget figures in the client's locale: French grouping, not the portal's German "80.000 €".
        let budget = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/budget/index.html"), encoding: .utf8)
        #expect(budget.contains("Budget et valeur acquise") && budget.contains("80\u{202F}000\u{00A0}€"))
        #expect(!budget.contains("80.000") && !budget.contains("31.250"), "German number format on a French page")
        let feed = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/feed.xml"), encoding: .utf8)
        #expect(feed.contains("xml:lang=\"fr-FR\"") && feed.contains("Points hebdomadaires et décisions de Test Agency"))
        let calendar = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/milestones.ics"), encoding: .utf8)
        #expect(calendar.contains("Jalons de Storefront rebuild"))
        // The other client, the landing page and the password prompt keep the portal's.
        let landing = try String(contentsOf: fixture.site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(landing.contains("<html lang=\"de-DE\" dir=\"ltr\">") && landing.contains("Statusportale für Kunden"))
        let vaultFolder = try #require(
            try FileManager.default.contentsOfDirectory(atPath: fixture.site.path).first { $0.hasPrefix("vault") })
        let locked = try String(contentsOf: fixture.site.appendingPathComponent(vaultFolder + "/index.html"), encoding: .utf8)
        #expect(locked.contains("Dieses Statusportal ist geschützt") && locked.contains("data-wrong=\"Das Passwort stimmt nicht."))
    }

    /// The internal portfolio stays in the theme's English: its pages say
    /// so (`lang`, `dir`), and their dates and amounts read as English in a
    /// German portal; the portals keep their languages. A client's own
    /// (right-to-left) locale is there to show it does not reach the
    /// portfolio either.
    @Test func test_theInternalPortfolioIsEnglishAndSaysSo() throws {
        let fixture = try fixture(portal: "de-DE")
        try fixture.write("clients/acme/client.yaml", ContentFixture.client + "locale: ar\n")
        var environment: [String: String] = [:]
        environment["PORTHOLE_PASSWORD_VAULT"] = "open sesame"
        let result = try PortholeProcess.run(["build", "--output", "site"] + Self.today, in: fixture.root, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        for path in ["index.html", "acme/shop/index.html"] {
            let page = try String(contentsOf: fixture.portfolio.appendingPathComponent(path), encoding: .utf8)
            #expect(page.contains("<html lang=\"en\" dir=\"ltr\">"), "\(path)")
            #expect(page.contains(">Nov 24, 2026<"), "\(path): the update's date in English")
            #expect(!page.contains("27. Nov") && !page.contains("نوفمبر"), "\(path): a date in the portals' languages")
        }
        let project = try String(contentsOf: fixture.portfolio.appendingPathComponent("acme/shop/index.html"), encoding: .utf8)
        #expect(project.contains("€80,000") && !project.contains("80.000"), "the budget in English")
        let portal = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/index.html"), encoding: .utf8)
        #expect(portal.contains("<html lang=\"ar\" dir=\"rtl\">"))
        let landing = try String(contentsOf: fixture.site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(landing.contains("<html lang=\"de-DE\" dir=\"ltr\">"))
    }

    @Test func test_aBadOrUnknownLocaleIsSaidWhereItIsGiven() throws {
        let fixture = try fixture(portal: "en-GB")
        try fixture.write("clients/acme/client.yaml", ContentFixture.client + "locale: fr_FR\n")
        let bad = try PortholeProcess.run(["check"] + Self.today, in: fixture.root, environment: ["PORTHOLE_PASSWORD_VAULT": "x"])
        #expect(bad.status == 1)
        #expect(
            bad.stderr.contains(
                "content/clients/acme/client.yaml:8:9: error: 'locale' must be a language tag like fr-FR or de, got 'fr_FR'"),
            "\(bad.stderr)")
        try fixture.write("clients/acme/client.yaml", ContentFixture.client + "locale: ja-JP\n")
        let unknown = try build(fixture)
        #expect(unknown.status == 0, "\(unknown.stderr)")
        #expect(
            unknown.stderr.contains(
                "content/clients/acme/client.yaml:8:9: warning: theme 'default' has no words in 'ja' (no i18n/ja.yaml): pages for locale 'ja-JP' are in English"
            ), "\(unknown.stderr)")
        let page = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/index.html"), encoding: .utf8)
        #expect(page.contains(">Milestones</a>") && page.contains("<html lang=\"ja-JP\" dir=\"ltr\">"))
    }

    @Test func test_aPartialRightToLeftLanguageWarnsAtTheThemeFileAndMirrors() throws {
        let fixture = try fixture(portal: "en-GB")
        try fixture.write("clients/acme/client.yaml", ContentFixture.client + "locale: ar\n")
        try fixture.write("clients/vault/client.yaml", "name: Vault Ltd\naccess: password\nlocale: ar\n")
        let result = try build(fixture)
        #expect(result.status == 0, "\(result.stderr)")
        // A password portal's prompt is mirrored like its pages.
        let vaultFolder = try #require(
            try FileManager.default.contentsOfDirectory(atPath: fixture.site.path).first { $0.hasPrefix("vault") })
        let locked = try String(contentsOf: fixture.site.appendingPathComponent(vaultFolder + "/index.html"), encoding: .utf8)
        #expect(locked.contains("<html lang=\"ar\" dir=\"rtl\">"), "\(locked.prefix(200))")
        let warning = try #require(
            result.stderr.split(separator: "\n").first { $0.contains("i18n/ar.yaml has no text for") }, "\(result.stderr)")
        #expect(warning.hasPrefix("themes/default/i18n/ar.yaml:"), "\(warning)")
        #expect(warning.contains("(themes/default/i18n/en.yaml:"), "each missing key names where English has it: \(warning)")
        let page = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/index.html"), encoding: .utf8)
        #expect(page.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(page.contains(">المعالم</a>"), "translated")
        #expect(page.contains(">Milestone timeline<") || page.contains("Milestone timeline"), "untranslated: English")
        // --strict turns the warning into a failed build.
        let strict = try PortholeProcess.run(
            ["build", "--strict", "--output", "strict", "--no-portfolio"] + Self.today, in: fixture.root,
            environment: ["PORTHOLE_PASSWORD_VAULT": "x"])
        #expect(strict.status == 1)
    }

    @Test func test_otherLanguagesAreByteIdenticalAcrossTimeZonesAndLocales() throws {
        let fixture = try fixture(portal: "de-DE")
        try fixture.write("clients/acme/client.yaml", ContentFixture.client + "locale: ar-EG\n")
        let a = try build(fixture, output: "a", environment: ["TZ": "UTC", "LANG": "C", "LC_ALL": "C"])
        let b = try build(
            fixture, output: "b", environment: ["TZ": "Pacific/Kiritimati", "LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8"])
        let c = try build(fixture, output: "c", environment: ["TZ": "America/Adak", "LANG": "ar_EG.UTF-8", "LC_ALL": "ar_EG.UTF-8"])
        #expect(a.status == 0 && b.status == 0 && c.status == 0, "\(a.stderr)\(b.stderr)\(c.stderr)")
        let treeA = snapshotTree(fixture.root.appendingPathComponent("a"))
        #expect(treeA.count > 10)
        #expect(treeA == snapshotTree(fixture.root.appendingPathComponent("b")))
        #expect(treeA == snapshotTree(fixture.root.appendingPathComponent("c")))
    }
}
