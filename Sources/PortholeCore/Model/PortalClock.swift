import Foundation

/// "Today" for a build: from `--today`, else `SOURCE_DATE_EPOCH`, else the
/// clock, always as a calendar day in the portal's time zone (content.md).
public enum PortalClock {
    public static func isKnownTimeZone(_ identifier: String) -> Bool {
        TimeZone(identifier: identifier) != nil
    }

    public static func today(in timezone: String, environment: [String: String]) -> CalendarDate {
        var seconds = Date().timeIntervalSince1970
        if let value = sourceDateEpoch(environment) { seconds = Double(value) }
        return day(atUnixTime: seconds, in: timezone)
    }

    /// `SOURCE_DATE_EPOCH` as whole seconds between 1970 and 2999 (the
    /// reproducible-builds convention); nil when unset.
    public static func sourceDateEpoch(_ environment: [String: String]) -> Int? {
        guard let text = environment["SOURCE_DATE_EPOCH"], !text.isEmpty else { return nil }
        guard let value = Int(text), (0..<32_503_680_000).contains(value) else { return nil }
        return value
    }

    /// Why `SOURCE_DATE_EPOCH` cannot be used, when it is set but invalid.
    public static func sourceDateEpochProblem(_ environment: [String: String]) -> String? {
        guard let text = environment["SOURCE_DATE_EPOCH"], !text.isEmpty, sourceDateEpoch(environment) == nil else { return nil }
        return "SOURCE_DATE_EPOCH must be whole seconds since 1970 (before the year 3000), got '\(text)'"
    }

    public static func day(atUnixTime seconds: Double, in timezone: String) -> CalendarDate {
        let zone = TimeZone(identifier: timezone) ?? TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: seconds)
        let local = seconds + Double(zone.secondsFromGMT(for: date))
        return CalendarDate(dayNumber: Int((local / 86_400).rounded(.down)))
    }
}
