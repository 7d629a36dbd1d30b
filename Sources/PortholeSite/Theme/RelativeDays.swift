import Foundation
import PortholeCore

/// Days relative to the build's today, as the locale says them ("today",
/// "yesterday", "vor 3 Tagen", "dans 5 jours"), by Foundation's
/// `Date.AnchoredRelativeFormatStyle` over ICU: named days where the
/// language has them, numeric otherwise, and the language's plural forms.
/// Both days are UTC noon and the calendar is UTC, so neither the
/// machine's `TZ` nor `LANG` changes the text.
struct RelativeDays: @unchecked Sendable {
    // @unchecked: a format style is a value of Sendable parts on Apple
    // platforms but not marked so in swift-corelibs; it is never mutated.
    private let locale: Locale
    private let calendar: Calendar

    init(locale: Locale) {
        self.locale = locale
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        self.calendar = calendar
    }

    func text(from today: CalendarDate, to day: CalendarDate) -> String {
        // The style formats its anchor relative to the date it is given.
        var style = Date.AnchoredRelativeFormatStyle(
            anchor: Self.noon(day), presentation: .named, unitsStyle: .wide, locale: locale, calendar: calendar,
            capitalizationContext: .middleOfSentence)
        style.allowedFields = [.day]
        return style.format(Self.noon(today))
    }

    private static func noon(_ day: CalendarDate) -> Date {
        Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 + 43_200)
    }
}
