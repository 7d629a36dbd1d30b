import PortholeCore
import PropertyBased
import Testing

/// A date's ISO text is written digit by digit (it is asked for on every
/// page); it must be the zero-padded `YYYY-MM-DD` for every day of every
/// year a date can hold, read back to the same date, and its basic form
/// must be the same digits without the dashes.
struct CalendarDateTextPropertyTests {
    static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    @Test func test_isoTextIsPaddedAndReadsBack() {
        // Day numbers from 0001-01-01 to 9999-12-31 (1970-01-01 is 0).
        let days = Gen<Int>.int(in: -719_162...2_932_896)
        Property.check("calendar-date-text", days) { number in
            let date = CalendarDate(dayNumber: number)
            let expected = "\(Self.padded(date.year, 4))-\(Self.padded(date.month, 2))-\(Self.padded(date.day, 2))"
            try Property.require(date.description == expected, "\(number): \(date.description), expected \(expected)")
            try Property.require(CalendarDate(iso: date.description) == date, "\(date.description) does not read back")
            try Property.require(date.basicISO == expected.filter { $0 != "-" }, "basic form \(date.basicISO)")
        }
    }

    @Test func test_theEdgesOfTheYearsAContentDateMayHave() {
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.description == "1970-01-01")
        #expect(CalendarDate(year: 2999, month: 12, day: 31)!.basicISO == "29991231")
        #expect(CalendarDate(year: 1, month: 2, day: 3)!.description == "0001-02-03")
        #expect(CalendarDate(year: 9999, month: 12, day: 31)!.description == "9999-12-31")
    }
}
