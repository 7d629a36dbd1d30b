import Foundation
import PortholeTestSupport
import Testing

/// `porthole import time` with the real binary: the same work exported by
/// Harvest, Toggl and Clockify gives the same timesheet.csv; a bad row
/// writes nothing; an existing, different timesheet is not overwritten
/// without --replace; --dry-run writes nothing.
struct ImportTimeTests {
    static let harvest = """
        Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL
        2026-11-03,Acme,Acme storefront,,QA,,2.5,2.5,Yes,No,Yes,Zoe,Nguyen,,Yes,95,237.50,48,120.00,British Pound - GBP,
        2026-11-02,Acme,Acme storefront,,"Build, checkout",,1.33,1.5,Yes,No,Yes,Zoe,Nguyen,,Yes,95,126.35,48,63.84,British Pound - GBP,

        """
    static let toggl = """
        User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (GBP)
        Zoe Nguyen,zoe@agency.example,Acme,Acme storefront,,"Build, checkout",Yes,2026-11-02,09:00:00,2026-11-02,10:20:00,01:20:00,,126.67
        Zoe Nguyen,zoe@agency.example,Acme,Acme storefront,QA,,Yes,2026-11-03,09:00:00,2026-11-03,11:30:00,02:30:00,,237.50

        """
    static let clockify = """
        Project,Client,Description,Task,User,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (GBP),Billable Amount (GBP)
        Acme storefront,Acme,"Build, checkout",,Zoe Nguyen,zoe@agency.example,,Yes,11/02/2026,09:00 AM,11/02/2026,10:20 AM,01:20:00,1.33,95.00,126.35
        Acme storefront,Acme,QA work,QA,Zoe Nguyen,zoe@agency.example,,Yes,11/03/2026,09:00 AM,11/03/2026,11:30 AM,02:30:00,2.50,95.00,237.50

        """
    static let expected = "date,person,task,hours\n2026-11-02,Zoe Nguyen,\"Build, checkout\",1.33\n2026-11-03,Zoe Nguyen,QA,2.50\n"

    func fixture() throws -> ContentFixture {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project + "budget: { hours: 300 }\ntime_tracking: { project: Acme storefront }\n")
        return fixture
    }

    var timesheet: String { "content/clients/acme/shop/timesheet.csv" }

    func read(_ fixture: ContentFixture) -> String? {
        try? String(contentsOf: fixture.root.appendingPathComponent(timesheet), encoding: .utf8)
    }

    @Test(arguments: [("harvest", harvest), ("toggl", toggl), ("clockify", clockify)])
    func test_eachFormatWritesTheSameTimesheet(format: String, export: String) throws {
        let fixture = try fixture()
        try Data(export.utf8).write(to: fixture.root.appendingPathComponent("export.csv"))
        let dry = try PortholeProcess.run(["import", "time", "export.csv", "--format", format, "--dry-run"], in: fixture.root)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would write \(timesheet) (2 entries)"))
        #expect(read(fixture) == nil)
        let run = try PortholeProcess.run(["import", "time", "export.csv", "--format", format], in: fixture.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(read(fixture) == Self.expected)
        // The project's spend is now the timesheet's.
        let check = try PortholeProcess.run(["check", "--today", "2026-11-27"], in: fixture.root)
        #expect(!check.stdout.contains("timesheet") && !check.stderr.contains("timesheet"), "\(check.stderr)")
    }

    @Test func test_aBadRowWritesNothingAndNamesItsLine() throws {
        let fixture = try fixture()
        let bad = Self.toggl.replacingOccurrences(of: "02:30:00,,237.50", with: "2h30,,237.50")
        try Data(bad.utf8).write(to: fixture.root.appendingPathComponent("export.csv"))
        let run = try PortholeProcess.run(["import", "time", "export.csv", "--format", "toggl"], in: fixture.root)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains("export.csv:3:1: error: 'Duration' must be a duration as H:MM:SS, at most 24 hours, got '2h30'"),
            "\(run.stderr)")
        #expect(read(fixture) == nil)
    }

    @Test func test_aDifferentTimesheetIsReplacedOnlyWithReplace() throws {
        let fixture = try fixture()
        let mine = "date,person,task,hours\n2026-10-01,Sam Lee,Kick-off,2.00\n"
        try fixture.write("clients/acme/shop/timesheet.csv", mine)
        try Data(Self.harvest.utf8).write(to: fixture.root.appendingPathComponent("export.csv"))
        let refused = try PortholeProcess.run(["import", "time", "export.csv", "--format", "harvest"], in: fixture.root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("already exists and differs; pass --replace"), "\(refused.stderr)")
        #expect(read(fixture) == mine)
        let replaced = try PortholeProcess.run(["import", "time", "export.csv", "--format", "harvest", "--replace"], in: fixture.root)
        #expect(replaced.status == 0)
        #expect(read(fixture) == Self.expected)
    }
}
