import Foundation
import PortholeCore

/// Dates as a client reads them, in the portal's locale (portal.yaml
/// `site.locale`). Formatting is pinned to UTC noon of the calendar day and to
/// the portal's locale, so the machine's TZ and LANG never change a page
/// (site.md property 6).
public struct DateText {
    /// Formatting through Foundation costs microseconds per call and a
    /// portal formats the same few hundred dates on thousands of pages: each
    /// client's render keeps its own memo (one task, so no locking).
    private final class Memo {
        var medium: [Int: String] = [:]
        var short: [Int: String] = [:]
    }

    private let memo = Memo()

    public let locale: Locale
    private let medium: Date.FormatStyle
    private let short: Date.FormatStyle
    private let monthYear: Date.FormatStyle

    public init(localeIdentifier: String) {
        locale = Locale(identifier: localeIdentifier.replacingOccurrences(of: "-", with: "_"))
        let utc = TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        medium = Date.FormatStyle(locale: locale, calendar: calendar, timeZone: utc).day().month(.abbreviated).year()
        short = Date.FormatStyle(locale: locale, calendar: calendar, timeZone: utc).day().month(.abbreviated)
        monthYear = Date.FormatStyle(locale: locale, calendar: calendar, timeZone: utc).month(.abbreviated).year(.twoDigits)
    }

    private func date(_ day: CalendarDate) -> Date {
        Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 + 43_200)
    }

    /// "27 Nov 2026" (en-GB), "Nov 27, 2026" (en-US).
    public func medium(_ day: CalendarDate) -> String {
        if let text = memo.medium[day.dayNumber] { return text }
        let text = medium.format(date(day))
        memo.medium[day.dayNumber] = text
        return text
    }

    /// "27 Nov" (en-GB), "Nov 27" (en-US).
    public func short(_ day: CalendarDate) -> String {
        if let text = memo.short[day.dayNumber] { return text }
        let text = short.format(date(day))
        memo.short[day.dayNumber] = text
        return text
    }

    /// "Nov 26" (en-GB), "Nov 26" (en-US): month axis labels.
    public func monthYear(_ day: CalendarDate) -> String { monthYear.format(date(day)) }

    /// "today", "yesterday", "3 days ago", "in 5 days".
    public static func relative(from today: CalendarDate, to day: CalendarDate) -> String {
        let days = today.days(until: day)
        switch days {
        case 0: return "today"
        case -1: return "yesterday"
        case 1: return "tomorrow"
        case ..<0: return "\(-days) days ago"
        default: return "in \(days) days"
        }
    }
}
