import Foundation
import PortholeTestSupport
import Testing

@testable import PortholeCore
@testable import PortholeSite

/// The example agency built into memory (`MemorySink`, what the preview
/// server and the fuzz targets build into) gives exactly the files a build to
/// disk writes: the sink is the only difference between the two.
struct MemorySinkTests {
    static func options(_ fixture: ContentFixture) -> BuildOptions {
        let root = ContentFixture.packageRoot
        var options = BuildOptions(
            contentRoot: root.appendingPathComponent("content").path, contentDisplay: "content",
            themesRoot: root.appendingPathComponent("themes").path, themesDisplay: "themes",
            output: fixture.site.path, projectRoot: fixture.root.path, today: CalendarDate(iso: "2026-11-27"),
            environment: ["PORTHOLE_SECRET": "memory-sink"])
        options.passwordsFile = root.appendingPathComponent("demo-passwords.yaml").path
        options.portfolio = fixture.portfolio.path
        return options
    }

    @Test func test_exampleAgencyInMemoryIsTheDiskBuildFileForFile() async throws {
        let fixture = try ContentFixture(minimal: false)
        let disk = await SiteBuild(options: Self.options(fixture)).run()
        #expect(!disk.diagnostics.hasErrors && disk.wroteSite && disk.wrotePortfolio, "\(disk.diagnostics.entries)")

        let memory = MemorySink()
        let report = await SiteBuild(options: Self.options(fixture), into: memory).run()
        #expect(!report.diagnostics.hasErrors, "\(report.diagnostics.entries)")
        #expect(report.pages == disk.pages && report.files == disk.files && report.portfolioPages == disk.portfolioPages)

        let site = snapshotTree(fixture.site)
        #expect(site.count > 100)
        #expect(Set(memory.site.keys) == Set(site.keys))
        for (path, bytes) in site { #expect(memory.site[path].map { Data($0) } == bytes, "\(path) differs") }
        let portfolio = snapshotTree(fixture.portfolio)
        #expect(portfolio.count > 5)
        #expect(Set(memory.portfolio.keys) == Set(portfolio.keys))
        for (path, bytes) in portfolio { #expect(memory.portfolio[path].map { Data($0) } == bytes, "\(path) differs") }
    }

    @Test func test_aBuildWithErrorsLeavesTheMemorySinkEmpty() async throws {
        let fixture = try ContentFixture()
        // Acme renders and is put; Beta's error then fails the build.
        try fixture.write(
            "clients/beta/client.yaml", ContentFixture.client.replacingOccurrences(of: "access: public", with: "access: nobody"))
        var options = Self.options(fixture)
        options.contentRoot = fixture.content.path
        options.passwordsFile = nil
        let memory = MemorySink()
        let report = await SiteBuild(options: options, into: memory).run()
        #expect(report.diagnostics.hasErrors)
        #expect(memory.site.isEmpty && memory.portfolio.isEmpty)
    }
}
