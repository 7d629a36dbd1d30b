import Foundation

/// "Today" for a build: from `--today`, else `SOURCE_DATE_EPOCH`, else the
/// clock, always as a calendar day in the portal's time zone (content.md).
public enum PortalClock {
    public static func isKnownTimeZone(_ identifier: String) -> Bool {
        TimeZone(identifier: identifier) != nil
    }

    public static func today(in timezone: String, environment: [String: String]) -> CalendarDate {
        var seconds = Date().timeIntervalSince1970
        if let epoch = environment["SOURCE_DATE_EPOCH"], let value = Double(epoch) { seconds = value }
        return day(atUnixTime: seconds, in: timezone)
    }

    public static func day(atUnixTime seconds: Double, in timezone: String) -> CalendarDate {
        let zone = TimeZone(identifier: timezone) ?? TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: seconds)
        let local = seconds + Double(zone.secondsFromGMT(for: date))
        return CalendarDate(dayNumber: Int((local / 86_400).rounded(.down)))
    }
}
