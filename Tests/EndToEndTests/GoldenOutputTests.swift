import Crypto
import Foundation
import PortholeTestSupport
import Testing

/// The example agency builds to exactly the bytes recorded in
/// `Tests/golden/example-agency.sha256`, and a generated corpus as
/// `Tests/golden/corpus-5.sha256`. They were recorded by the release
/// before the build's restructuring (named steps, the sink), then once more
/// for the single high-risk threshold, which changed four internal project
/// pages of the portfolio and its index, and nothing in site/ (reviewed).
/// When output is meant to change, `scripts/golden.sh` writes the file again
/// and its diff names every file that changed, for review.
struct GoldenOutputTests {
    static let golden = ContentFixture.packageRoot.appendingPathComponent("Tests/golden")

    @Test func test_exampleAgencyIsByteForByteTheRecordedBuild() throws {
        let fixture = try ContentFixture(minimal: false)
        try FileManager.default.copyItem(at: ContentFixture.packageRoot.appendingPathComponent("content"), to: fixture.content)
        let passwords = ContentFixture.packageRoot.appendingPathComponent("demo-passwords.yaml").path
        try expectRecorded(fixture, "example-agency.sha256", ["--passwords", passwords], environment: [:], atLeast: 150)
    }

    @Test func test_generatedCorpusIsByteForByteTheRecordedBuild() throws {
        let fixture = try CorpusTests.generate(clients: 5)
        try expectRecorded(fixture, "corpus-5.sha256", [], environment: try CorpusTests().passwords(fixture), atLeast: 1000)
    }

    /// Builds the fixture's content and compares every file of site/ and
    /// portfolio/ with the digests recorded in `Tests/golden/<name>`.
    func expectRecorded(
        _ fixture: ContentFixture, _ name: String, _ options: [String], environment: [String: String], atLeast count: Int
    ) throws {
        let result = try PortholeProcess.run(
            ["build", "--today", "2026-11-27", "--quiet"] + options, in: fixture.root,
            environment: environment.merging(["PORTHOLE_SECRET": "golden"]) { $1 })
        #expect(result.status == 0, "\(result.stderr)")
        var digests: [String: String] = [:]
        for (folder, tree) in [("site", fixture.site), ("portfolio", fixture.portfolio)] {
            for (path, bytes) in snapshotTree(tree) { digests[folder + "/" + path] = SHA256.hash(data: bytes).hex }
        }
        var recorded: [String: String] = [:]
        for line in try String(contentsOf: Self.golden.appendingPathComponent(name), encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            recorded[parts[1].trimmingCharacters(in: .whitespaces)] = String(parts[0])
        }
        #expect(recorded.count > count)
        let missing = Set(recorded.keys).subtracting(digests.keys).sorted()
        let extra = Set(digests.keys).subtracting(recorded.keys).sorted()
        #expect(missing.isEmpty && extra.isEmpty, "missing \(missing.prefix(5)), extra \(extra.prefix(5))")
        let changed = recorded.keys.filter { digests[$0] != nil && digests[$0] != recorded[$0] }.sorted()
        #expect(changed.isEmpty, "\(changed.count) files differ from the recorded build, first \(changed.prefix(10))")
    }
}

extension Digest {
    fileprivate var hex: String { map { String(format: "%02x", $0) }.joined() }
}
