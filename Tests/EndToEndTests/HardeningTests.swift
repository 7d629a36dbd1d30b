import Foundation
import PortholeTestSupport
import Testing

/// Edge cases found in review, each through the real binary.
@Suite(.serialized)
struct HardeningTests {
    func run(_ fixture: ContentFixture, _ arguments: [String], environment: [String: String] = [:]) throws -> PortholeProcess.Result {
        try PortholeProcess.run(arguments, in: fixture.root, environment: environment)
    }

    @Test func test_outputFolderHoldingOnlyHiddenFilesIsNotReplaced() throws {
        let fixture = try ContentFixture()
        let deploy = fixture.root.appendingPathComponent("deploy")
        try FileManager.default.createDirectory(at: deploy.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("ref".utf8).write(to: deploy.appendingPathComponent(".git/HEAD"))
        let result = try run(fixture, ["build", "--today", "2026-11-27", "--output", "deploy"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("was not made by porthole"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: deploy.appendingPathComponent(".git/HEAD").path))
    }

    @Test func test_svgLogoIsNeverPublishedAsAFileAndCarriageReturnHandlersAreRefused() throws {
        let fixture = try ContentFixture()
        let client = ContentFixture.client.replacingOccurrences(of: "  color: \"#1f6feb\"", with: "  color: \"#1f6feb\"\n  logo: logo.svg")
        try fixture.write("clients/acme/client.yaml", client)
        try fixture.write(
            "clients/acme/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><rect width=\"4\" height=\"4\"/></svg>\n")
        let ok = try run(fixture, ["build", "--today", "2026-11-27"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let files = snapshotTree(fixture.site).keys
        #expect(!files.contains { $0.hasSuffix(".svg") })
        let home = try String(contentsOf: fixture.site.appendingPathComponent("acme/index.html"), encoding: .utf8)
        #expect(home.contains("src=\"data:image/svg+xml;base64,"))
        try fixture.write("clients/acme/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"\ronload=\"alert(1)\"><rect/></svg>\n")
        let bad = try run(fixture, ["check", "--today", "2026-11-27"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("'logo' logo.svg has an event-handler attribute"), "\(bad.stderr)")
    }

    @Test func test_symlinkedClientsFolderIsRefused() throws {
        let fixture = try ContentFixture()
        let outside = fixture.root.appendingPathComponent("outside")
        try FileManager.default.moveItem(at: fixture.content.appendingPathComponent("clients"), to: outside)
        try FileManager.default.createSymbolicLink(at: fixture.content.appendingPathComponent("clients"), withDestinationURL: outside)
        let result = try run(fixture, ["check", "--today", "2026-11-27"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("content/clients:1:1: error: symbolic links are not allowed in content"), "\(result.stderr)")
    }

    /// A project's `updates/` or `decisions/` folder, or its project.yaml or
    /// client.yaml, that is a link is refused: listing or reading through
    /// it would publish notes from outside content/.
    @Test(arguments: [
        "clients/acme/shop/updates", "clients/acme/shop/decisions", "clients/acme/shop/project.yaml", "clients/acme/client.yaml",
    ])
    func test_symlinkedProjectPartIsRefused(_ relative: String) throws {
        let fixture = try ContentFixture()
        try fixture.write("clients/acme/shop/decisions/0001-use-markets.md", ContentFixture.decision)
        let target = fixture.content.appendingPathComponent(relative)
        let outside = fixture.root.appendingPathComponent("outside-" + target.lastPathComponent)
        try FileManager.default.moveItem(at: target, to: outside)
        try FileManager.default.createSymbolicLink(at: target, withDestinationURL: outside)
        let result = try run(fixture, ["build", "--today", "2026-11-27"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("content/\(relative):1:1: error: symbolic links are not allowed in content"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.site.path), "nothing published")
    }

    @Test func test_statusJSONNamesNoInternalMilestone() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/project.yaml", ContentFixture.project.replacingOccurrences(of: "milestone: M4", with: "milestone: M9"))
        #expect(try run(fixture, ["build", "--today", "2026-11-27"]).status == 0)
        let json = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/status.json"), encoding: .utf8)
        #expect(!json.contains("M9"), "\(json)")
    }

    @Test func test_subsetBuildAfterASiteWideChangeBuildsEveryClient() throws {
        let fixture = try ContentFixture()
        try fixture.write("clients/beta/client.yaml", "name: Beta Ltd\naccess: public\n")
        #expect(try run(fixture, ["build", "--today", "2026-11-27"]).status == 0)
        let widened = try run(fixture, ["build", "--today", "2026-12-01", "--client", "acme"])
        #expect(widened.stderr.contains("building every client, not only acme"), "\(widened.stderr)")
        let clean = try run(fixture, ["build", "--today", "2026-12-01", "--output", "clean"])
        #expect(clean.status == 0)
        #expect(snapshotTree(fixture.site) == snapshotTree(fixture.root.appendingPathComponent("clean")))
    }

    @Test func test_emptyYAMLIsAnErrorNotAMissingClient() throws {
        let fixture = try ContentFixture()
        try fixture.write("clients/acme/client.yaml", "# nothing yet\n")
        let result = try run(fixture, ["check", "--today", "2026-11-27"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "content/clients/acme/client.yaml:1:1: error: the YAML is empty (or only comments); expected keys and values"),
            "\(result.stderr)")
    }

    @Test func test_idsThatFoldAlikeAndControlCharactersAreErrors() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project
                .replacingOccurrences(of: "  - id: R2", with: "  - id: r1")
                .replacingOccurrences(of: "owner: Priya Shah", with: "owner: \"Priya\\u0007Shah\""))
        let result = try run(fixture, ["check", "--today", "2026-11-27"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: RAID ids 'R1' and 'r1' differ only in case or punctuation"), "\(result.stderr)")
        #expect(result.stderr.contains("error: 'owner' contains a control character (U+7)"), "\(result.stderr)")
    }

    @Test func test_datesOutsideTheSupportedYearsAndBadSourceDateEpoch() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/project.yaml",
            ContentFixture.project.replacingOccurrences(of: "target: 2027-02-15", with: "target: 9999-12-31"))
        let result = try run(fixture, ["build", "--today", "2026-11-27"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "content/clients/acme/shop/project.yaml:5:9: error: 'target': 9999-12-31 is outside the years 1970 to 2999"),
            "\(result.stderr)")
        let epoch = try run(try ContentFixture(), ["check"], environment: ["SOURCE_DATE_EPOCH": "nan"])
        #expect(epoch.status == 1)
        #expect(epoch.stderr.contains("SOURCE_DATE_EPOCH must be whole seconds since 1970"), "\(epoch.stderr)")
    }
}
