import Foundation
import PortholeTestSupport
import Testing

/// `porthole init`, `--version` and `--base-url`, with the real binary.
@Suite(.serialized)
struct InitCommandTests {
    /// A fresh temp folder, removed by the caller's `defer`.
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("porthole-init-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func test_initIntoAnEmptyFolderChecksAndBuildsWithNoWarning() throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let made = try PortholeProcess.run(
            [
                "init", "agency", "--name", "Acme: \"Digital\" Ltd", "--base-url", "https://status.acme.example", "--time-zone",
                "Europe/London", "--locale", "en-GB",
            ], in: work)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("Next:"))
        #expect(made.stdout.contains("porthole check --strict"))
        let agency = work.appendingPathComponent("agency")
        // No CI variable: a local build makes its own link secret, as a new agency's would.
        let local = ["CI": "", "PORTHOLE_SECRET": "", "GITHUB_ACTIONS": ""]
        let check = try PortholeProcess.run(["check", "--strict"], in: agency, environment: local)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("1 client(s), 1 project(s): 0 errors, 0 warnings"), "\(check.stderr)")
        let build = try PortholeProcess.run(["build", "--strict"], in: agency, environment: local)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("0 errors, 0 warnings"), "\(build.stderr)")
        #expect(!build.stderr.contains("warning:"), "\(build.stderr)")
        let portal = try String(contentsOf: agency.appendingPathComponent("content/portal.yaml"), encoding: .utf8)
        #expect(portal.contains(#"name: "Acme: \"Digital\" Ltd""#))
        #expect(portal.contains(#"base_url: "https://status.acme.example/""#))
        let landing = try String(contentsOf: agency.appendingPathComponent("site/index.html"), encoding: .utf8)
        #expect(landing.contains("Acme: &quot;Digital&quot; Ltd"))
        #expect(FileManager.default.fileExists(atPath: agency.appendingPathComponent("portfolio/index.html").path))
    }

    @Test func test_initWritesTheStandardPlaybooksAndTheTestedCIRecipe() throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let made = try PortholeProcess.run(["init", "new"], in: work)
        #expect(made.status == 0, "\(made.stderr)")
        let agency = work.appendingPathComponent("new")
        let repository = ContentFixture.packageRoot
        // One source: the example agency's playbooks and ci/'s recipe, byte for byte.
        let same = [
            ("content/playbooks/storefront-build.yaml", "content/playbooks/storefront-build.yaml"),
            ("content/playbooks/platform-migration.yaml", "content/playbooks/platform-migration.yaml"),
            ("content/playbooks/cro-retainer.yaml", "content/playbooks/cro-retainer.yaml"),
            (".github/workflows/portals.yml", "ci/github/portals.yml"),
            ("ci/porthole-ci.sh", "ci/porthole-ci.sh"),
        ]
        for (written, source) in same {
            let bytes = FileManager.default.contents(atPath: agency.appendingPathComponent(written).path)
            #expect(
                bytes != nil && bytes == FileManager.default.contents(atPath: repository.appendingPathComponent(source).path), "\(written)")
        }
        let script = try FileManager.default.attributesOfItem(atPath: agency.appendingPathComponent("ci/porthole-ci.sh").path)
        #expect((script[.posixPermissions] as? Int).map { $0 & 0o111 != 0 } == true, "the CI script is executable")
        let ignore = try String(contentsOf: agency.appendingPathComponent(".gitignore"), encoding: .utf8)
        for entry in ["site/", "portfolio/", ".porthole/", ".site.*", ".portfolio.*"] {
            #expect(ignore.split(separator: "\n").contains(Substring(entry)), "\(entry)")
        }
        let update = agency.appendingPathComponent("content/clients/example-client/website-rebuild/updates")
        let names = try FileManager.default.contentsOfDirectory(atPath: update.path)
        #expect(names.count == 1 && names[0].range(of: #"^\d{4}-\d{2}-\d{2}\.md$"#, options: .regularExpression) != nil, "\(names)")
    }

    @Test func test_initRefusesAFolderThatHasFilesAndWritesNothing() throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        try Data("mine\n".utf8).write(to: work.appendingPathComponent("notes.txt"))
        let refused = try PortholeProcess.run(["init"], in: work)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("porthole: error: . is not empty"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["notes.txt"])
        // An empty folder is fine, and so is the current one.
        let empty = work.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let made = try PortholeProcess.run(["init"], in: empty)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent("content/portal.yaml").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["empty", "notes.txt"], "no staging left")
    }

    @Test func test_initRefusesBadSettingsWithEveryProblem() throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let refused = try PortholeProcess.run(
            ["init", "x", "--base-url", "status.example", "--time-zone", "Europe/Londn", "--locale", "en_GB"], in: work)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--base-url must be an absolute https:// or http:// URL"), "\(refused.stderr)")
        #expect(refused.stderr.contains("'Europe/Londn' is not an IANA time zone name"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--locale must be a language tag"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("x").path))
    }

    @Test func test_versionIsTheToolVersionOfTheFeeds() throws {
        let fixture = try ContentFixture()
        let version = try PortholeProcess.run(["--version"], in: fixture.root)
        #expect(version.status == 0)
        let number = version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(number.range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil, "\(number)")
        _ = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        let feed = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/feed.xml"), encoding: .utf8)
        #expect(feed.contains("<generator version=\"\(number)\">Porthole</generator>"))
    }

    @Test func test_completionScriptsKnowEveryCommandAndTheNewOptions() throws {
        let fixture = try ContentFixture()
        for shell in ["bash", "zsh", "fish"] {
            let script = try PortholeProcess.run(["--generate-completion-script", shell], in: fixture.root)
            #expect(script.status == 0, "\(shell): \(script.stderr)")
            for word in ["init", "build", "check", "links", "serve", "base-url", "time-zone", "shard"] {
                #expect(script.stdout.contains(word), "\(shell) completion lacks \(word)")
            }
        }
    }

    @Test func test_baseURLOverrideReachesLinksFeedsAndCalendars() throws {
        let fixture = try ContentFixture()
        let preview = "https://preview-42.status.example/pr/42"
        let built = try PortholeProcess.run(["build", "--today", "2026-11-27", "--base-url", preview], in: fixture.root)
        #expect(built.status == 0, "\(built.stderr)")
        let site = snapshotTree(fixture.site)
        for file in ["acme/shop/feed.xml", "acme/shop/milestones.ics", "acme/shop/status.json"] {
            let text = String(decoding: site[file] ?? Data(), as: UTF8.self)
            #expect(text.contains(preview + "/acme/shop/"), "\(file)")
            #expect(!text.contains("status.agency.example"), "\(file)")
        }
        let links = try PortholeProcess.run(["links", "--base-url", preview], in: fixture.root)
        #expect(links.stdout == "acme\tpublic\t\(preview)/acme/\n", "\(links.stdout)")
        // Back to portal.yaml's address: every client is built again, not kept.
        let again = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        #expect(again.status == 0, "\(again.stderr)")
        let feed = try String(contentsOf: fixture.site.appendingPathComponent("acme/shop/feed.xml"), encoding: .utf8)
        #expect(feed.contains("https://status.agency.example/acme/shop/") && !feed.contains(preview))
        let bad = try PortholeProcess.run(["build", "--base-url", "preview.example"], in: fixture.root)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--base-url must be an absolute https:// or http:// URL"), "\(bad.stderr)")
    }
}
