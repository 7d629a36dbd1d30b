import Foundation
import PortholeCore
import Synchronization

/// Dates as a client reads them, in the portal's locale (portal.yaml
/// `site.locale`). Formatting is pinned to UTC noon of the calendar day and to
/// the portal's locale, so the machine's TZ and LANG never change a page
/// (site.md property 6).
public struct DateText {
    /// Formatting through Foundation costs microseconds per call and a
    /// portal formats the same few hundred dates on thousands of pages.
    /// Each client's render keeps its own memo (one task, so no locking);
    /// a date it has not seen yet is looked up in the build's `Formats`,
    /// shared by every client, before ICU formats it.
    private final class Memo {
        var medium: [Int: String] = [:]
        var short: [Int: String] = [:]
        var monthYear: [Int: String] = [:]
    }

    /// The portal locale's date styles, and every date formatted with them
    /// so far in this build.
    public final class Formats: Sendable {
        let locale: Locale
        fileprivate let medium: Date.FormatStyle
        fileprivate let short: Date.FormatStyle
        fileprivate let monthYear: Date.FormatStyle
        fileprivate let formattedMedium = Mutex<[Int: String]>([:])
        fileprivate let formattedShort = Mutex<[Int: String]>([:])
        fileprivate let formattedMonthYear = Mutex<[Int: String]>([:])
        /// The tag these formats are for (`de-DE`).
        public let localeIdentifier: String
        /// Other locales' formats asked of this build's (clients with their
        /// own `locale`), made once each.
        private let others = Mutex<[String: Formats]>([:])

        public init(localeIdentifier: String) {
            self.localeIdentifier = localeIdentifier
            locale = Locale(identifier: localeIdentifier.replacingOccurrences(of: "-", with: "_"))
            let utc = TimeZone(identifier: "UTC")!
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = utc
            medium = Date.FormatStyle(locale: locale, calendar: calendar, timeZone: utc).day().month(.abbreviated).year()
            short = Date.FormatStyle(locale: locale, calendar: calendar, timeZone: utc).day().month(.abbreviated)
            monthYear = Date.FormatStyle(locale: locale, calendar: calendar, timeZone: utc).month(.abbreviated).year()
        }

        /// The formats of another locale, shared by every client that uses it.
        public func formats(for tag: String) -> Formats {
            if tag == localeIdentifier { return self }
            return others.withLock { others in
                if let formats = others[tag] { return formats }
                let formats = Formats(localeIdentifier: tag)
                others[tag] = formats
                return formats
            }
        }

        fileprivate func format(_ day: CalendarDate, _ style: Date.FormatStyle, memo: borrowing Mutex<[Int: String]>) -> String {
            if let text = memo.withLock({ $0[day.dayNumber] }) { return text }
            let text = style.format(Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 + 43_200))
            memo.withLock { $0[day.dayNumber] = text }
            return text
        }
    }

    private let memo = Memo()
    private let formats: Formats

    public var locale: Locale { formats.locale }

    public init(localeIdentifier: String) {
        self.init(formats: Formats(localeIdentifier: localeIdentifier))
    }

    public init(formats: Formats) {
        self.formats = formats
    }

    /// "27 Nov 2026" (en-GB), "Nov 27, 2026" (en-US).
    public func medium(_ day: CalendarDate) -> String {
        if let text = memo.medium[day.dayNumber] { return text }
        let text = formats.format(day, formats.medium, memo: formats.formattedMedium)
        memo.medium[day.dayNumber] = text
        return text
    }

    /// "27 Nov" (en-GB), "Nov 27" (en-US).
    public func short(_ day: CalendarDate) -> String {
        if let text = memo.short[day.dayNumber] { return text }
        let text = formats.format(day, formats.short, memo: formats.formattedShort)
        memo.short[day.dayNumber] = text
        return text
    }

    /// "Nov 2026" (en-GB and en-US): month axis labels. The year in full,
    /// so a label never reads as a day and a month ("Nov 26" reads as 26
    /// November).
    public func monthYear(_ day: CalendarDate) -> String {
        if let text = memo.monthYear[day.dayNumber] { return text }
        let text = formats.format(day, formats.monthYear, memo: formats.formattedMonthYear)
        memo.monthYear[day.dayNumber] = text
        return text
    }
}
