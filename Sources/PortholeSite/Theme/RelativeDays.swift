import Foundation
import PortholeCore
import Synchronization

/// Days relative to the build's today, as the locale says them ("today",
/// "yesterday", "vor 3 Tagen", "dans 5 jours"), by Foundation's
/// `Date.AnchoredRelativeFormatStyle` over ICU: named days where the
/// language has them, numeric otherwise, and the language's plural forms.
/// Both days are UTC noon and the calendar is UTC, so neither the
/// machine's `TZ` nor `LANG` changes the text.
///
/// The text depends only on how many days apart the two are, so each count
/// is asked of ICU once per locale and build: every portal in the same
/// locale shares one of these (`localized`).
final class RelativeDays: Sendable {
    private let locale: Locale
    private let calendar: Calendar
    private let texts = Mutex<[Int: String]>([:])
    private let others = Mutex<[String: RelativeDays]>([:])

    init(locale: Locale) {
        self.locale = locale
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        self.calendar = calendar
    }

    /// The same words in another locale, made once per build.
    func localized(_ other: Locale) -> RelativeDays {
        if other.identifier == locale.identifier { return self }
        return others.withLock { others in
            if let known = others[other.identifier] { return known }
            let made = RelativeDays(locale: other)
            others[other.identifier] = made
            return made
        }
    }

    func text(from today: CalendarDate, to day: CalendarDate) -> String {
        let apart = day.dayNumber - today.dayNumber
        if let text = texts.withLock({ $0[apart] }) { return text }
        // The style formats its anchor relative to the date it is given.
        var style = Date.AnchoredRelativeFormatStyle(
            anchor: Self.noon(day), presentation: .named, unitsStyle: .wide, locale: locale, calendar: calendar,
            capitalizationContext: .middleOfSentence)
        style.allowedFields = [.day]
        let text = style.format(Self.noon(today))
        texts.withLock { $0[apart] = text }
        return text
    }

    private static func noon(_ day: CalendarDate) -> Date {
        Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 + 43_200)
    }
}
