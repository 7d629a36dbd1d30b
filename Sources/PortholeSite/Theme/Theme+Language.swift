import Foundation
import PortholeCore

extension Theme {
    /// The theme's file for a locale (`de-CH`): `i18n/de-CH.yaml` when the
    /// theme has one, else `i18n/de.yaml`; nil for English or a language the
    /// theme does not have.
    public func translation(for locale: String) -> ThemeStrings.Translation? {
        translations[locale] ?? translations[Self.language(of: locale)]
    }

    /// Whether the theme has words in the locale's language (English always).
    public func speaks(_ locale: String) -> Bool {
        Self.language(of: locale) == ThemeStrings.fallbackLanguage || translation(for: locale) != nil
    }

    /// The same templates and assets with the words of `locale`'s language
    /// (English where the language's file has no text, or for a language the
    /// theme lacks), numbers and relative days in the locale.
    public func localized(to locale: String) -> Theme {
        let words = translation(for: locale)?.strings ?? strings
        var theme = self
        theme.strings = words.localized(Self.foundationLocale(locale))
        theme.direction = Self.direction(of: locale)
        return theme
    }

    /// `de` for `de-DE`: a tag's language subtag, lower case.
    public static func language(of locale: String) -> String {
        String(locale.split(separator: "-").first ?? "").lowercased()
    }

    /// Foundation's locale for a BCP 47 tag.
    static func foundationLocale(_ tag: String) -> Locale {
        Locale(identifier: tag.replacingOccurrences(of: "-", with: "_"))
    }

    /// `rtl` for a language written right to left (Arabic, Hebrew, Persian,
    /// Urdu…), from ICU's script data through Foundation; `ltr` otherwise.
    public static func direction(of locale: String) -> String {
        Locale.Language(identifier: locale).characterDirection == .rightToLeft ? "rtl" : "ltr"
    }

    /// What a build says about the words of `locale`, pointing at `given`
    /// (where the locale was set): a language the theme has no file for (its
    /// pages stay English; dates still follow the locale), or a file that
    /// lacks some of English's keys (at the file, with each key's place in
    /// `en.yaml`).
    public func languageWarnings(for locale: String, given: SourceLocation?) -> DiagnosticLog {
        var log = DiagnosticLog()
        let language = Self.language(of: locale)
        guard language != ThemeStrings.fallbackLanguage else { return log }
        guard let translation = translation(for: locale) else {
            log.warning(
                "missing-language",
                "theme '\(name)' has no words in '\(language)' (no i18n/\(language).yaml): pages for locale '\(locale)' are in English, dates and numbers in '\(locale)'",
                at: given)
            return log
        }
        let missing = translation.missing
        guard !missing.isEmpty else { return log }
        let shown = missing.prefix(5).map { "'\($0.key)' (\($0.english))" }.joined(separator: ", ")
        let more = missing.count > 5 ? " and \(missing.count - 5) more" : ""
        log.warning(
            "missing-words",
            "i18n/\(translation.language).yaml has no text for \(missing.count) of \(ThemeStrings.fallbackLanguage).yaml's keys, shown in English: \(shown)\(more)",
            at: translation.location)
        return log
    }
}
