import Foundation
import Testing

@testable import PortholeCore

/// The three tools' detailed-report exports of the same work give the same
/// timesheet.csv, byte for byte; bad rows give file:line and no entries.
struct TimeImportTests {
    static let harvest = """
        Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL
        2026-11-03,Fenwick Outdoor,Fenwick CRO retainer,,QA,,2.5,2.5,Yes,No,Yes,Zoe,Nguyen,,Yes,95,237.50,48,120.00,British Pound - GBP,
        2026-11-02,Fenwick Outdoor,Fenwick CRO retainer,,"Build, checkout",,1.33,1.5,Yes,No,Yes,Zoe,Nguyen,,Yes,95,126.35,48,63.84,British Pound - GBP,
        2026-11-02,Northwind,Northwind internal,,Training,,1,1,No,No,Yes,Sam,Lee,,Yes,0,0,48,48,British Pound - GBP,

        """
    static let toggl = """
        User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (GBP)
        Zoe Nguyen,zoe@northwind.example,Fenwick Outdoor,Fenwick CRO retainer,,"Build, checkout",Yes,2026-11-02,09:00:00,2026-11-02,10:20:00,01:20:00,,126.67
        Zoe Nguyen,zoe@northwind.example,Fenwick Outdoor,Fenwick CRO retainer,QA,,Yes,2026-11-03,09:00:00,2026-11-03,11:30:00,02:30:00,,237.50
        Sam Lee,sam@northwind.example,Northwind,Northwind internal,,Training,No,2026-11-02,14:00:00,2026-11-02,15:00:00,01:00:00,,0.00

        """
    static let clockify = """
        Project,Client,Description,Task,User,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (GBP),Billable Amount (GBP)
        Fenwick CRO retainer,Fenwick Outdoor,QA work,QA,Zoe Nguyen,zoe@northwind.example,,Yes,11/03/2026,09:00 AM,11/03/2026,11:30 AM,02:30:00,2.50,95.00,237.50
        Fenwick CRO retainer,Fenwick Outdoor,"Build, checkout",,Zoe Nguyen,zoe@northwind.example,,Yes,11/02/2026,09:00 AM,11/02/2026,10:20 AM,01:20:00,1.33,95.00,126.35
        Northwind internal,Northwind,Training,,Sam Lee,sam@northwind.example,,No,11/02/2026,02:00 PM,11/02/2026,03:00 PM,01:00:00,1.00,0.00,0.00

        """

    func timesheet(_ text: String, _ format: TimeImport.Format) -> String {
        let (rows, problems) = TimeImport.read(text, format: format, file: "export.csv")
        #expect(problems.isEmpty, "\(problems)")
        return Timesheet.text(rows.filter { $0.project == "Fenwick CRO retainer" }.map(\.entry))
    }

    @Test func test_theThreeFormatsGiveTheSameTimesheet() {
        let expected = "date,person,task,hours\n2026-11-02,Zoe Nguyen,\"Build, checkout\",1.33\n2026-11-03,Zoe Nguyen,QA,2.50\n"
        #expect(timesheet(Self.harvest, .harvest) == expected)
        #expect(timesheet(Self.toggl, .toggl) == expected)
        #expect(timesheet(Self.clockify, .clockify) == expected)
        let (rows, _) = TimeImport.read(Self.toggl, format: .toggl, file: "x")
        #expect(Set(rows.map(\.project)) == ["Fenwick CRO retainer", "Northwind internal"])
    }

    /// Toggl Track writes a byte order mark and names the amount column
    /// after the workspace's currency, `Amount ()` without one
    /// (docs/importing-time.md, "Toggl Track's columns, checked").
    @Test func test_aTogglExportWithAByteOrderMarkAndNoCurrencyReads() {
        let export = "\u{FEFF}" + Self.toggl.replacingOccurrences(of: "Amount (GBP)", with: "Amount ()")
        #expect(timesheet(export, .toggl) == timesheet(Self.toggl, .toggl))
    }

    @Test func test_badRowsGiveFileAndLineAndNoEntries() {
        let bad = Self.toggl.replacingOccurrences(of: "01:20:00,,126.67", with: "1h20,,126.67")
            .replacingOccurrences(of: "2026-11-03,09:00:00", with: "2026-13-03,09:00:00")
        let (rows, problems) = TimeImport.read(bad, format: .toggl, file: "toggl.csv")
        #expect(rows.isEmpty)
        #expect(problems.map(\.location.description) == ["toggl.csv:2:1", "toggl.csv:3:1"])
        #expect(problems[0].message == "'Duration' must be a duration as H:MM:SS, at most 24 hours, got '1h20'")
        #expect(problems[1].message.hasPrefix("'Start date' must be a date"))
    }

    /// Found by the `timeimport` fuzz target: an entry of 50 hours was
    /// imported, and the build then refused the timesheet it was written to.
    @Test func test_moreThanADayInOneEntryIsRefusedAsTheBuildWouldRefuseIt() {
        let harvest = Self.harvest.replacingOccurrences(of: ",QA,,2.5,2.5,", with: ",QA,,50,50,")
        let toggl = Self.toggl.replacingOccurrences(of: "01:20:00,,126.67", with: "24:01:00,,126.67")
        let (harvestRows, harvestProblems) = TimeImport.read(harvest, format: .harvest, file: "h.csv")
        let (togglRows, togglProblems) = TimeImport.read(toggl, format: .toggl, file: "t.csv")
        #expect(harvestRows.isEmpty && togglRows.isEmpty)
        #expect(
            harvestProblems.map { "\($0.location): \($0.message)" } == [
                "h.csv:2:1: 'Hours' must be a number of hours from 0 to 24, got '50'"
            ])
        #expect(togglProblems.map(\.location.description) == ["t.csv:2:1"])
        // A whole day is the most one entry holds, in both files.
        let day = Self.toggl.replacingOccurrences(of: "01:20:00,,126.67", with: "24:00:00,,126.67")
        let (rows, problems) = TimeImport.read(day, format: .toggl, file: "t.csv")
        #expect(problems.isEmpty)
        #expect(Timesheet.parse(Timesheet.text(rows.map(\.entry)), file: "timesheet.csv").problems.isEmpty)
    }

    @Test func test_aFileOfAnotherToolIsRefusedAtItsHeader() {
        let (rows, problems) = TimeImport.read(Self.harvest, format: .clockify, file: "h.csv")
        #expect(rows.isEmpty)
        #expect(
            problems.first?.message == "not a clockify detailed report: no column 'Start Date', 'Description', 'Duration (decimal)', 'User'"
        )
    }

    @Test func test_timesheetRoundTrips() {
        let text = "date,person,task,hours\n2026-11-02,Zoe Nguyen,\"Build, checkout\",1.33\n"
        let (entries, problems) = Timesheet.parse(text, file: "t.csv")
        #expect(problems.isEmpty)
        #expect(Timesheet.text(entries) == text)
    }
}
