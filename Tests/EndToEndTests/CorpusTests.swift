import Crypto
import Foundation
import PortholeTestSupport
import Testing

/// The example agency in `content/` and a corpus from the project's generator.
@Suite(.serialized)
struct CorpusTests {
    static let generator = ContentFixture.packageRoot.appendingPathComponent("scripts/gen_corpus.py")

    /// Generates `--clients n` into a fresh folder.
    static func generate(clients: Int) throws -> ContentFixture {
        let fixture = try ContentFixture(minimal: false)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", generator.path, "--clients", String(clients), "--out", fixture.root.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return fixture
    }

    /// The example agency plants one over-allocation (docs/content-format.md,
    /// `team`): its two team entries are the only warnings.
    @Test func test_exampleContentBuildsWithOnlyItsPlantedWarning() throws {
        let fixture = try ContentFixture(minimal: false)
        try FileManager.default.copyItem(at: ContentFixture.packageRoot.appendingPathComponent("content"), to: fixture.content)
        let passwords = ContentFixture.packageRoot.appendingPathComponent("demo-passwords.yaml").path
        let result = try PortholeProcess.run(
            ["build", "--today", "2026-11-27", "--passwords", passwords], in: fixture.root,
            environment: ["PORTHOLE_SECRET": "example"])
        #expect(result.status == 0, "\(result.stderr)")
        let diagnostics = result.stderr.split(separator: "\n").filter { $0.contains(": warning: ") || $0.contains(": error: ") }
        #expect(
            diagnostics.count == 2 && diagnostics.allSatisfy { $0.contains(": warning: Marta Kowalska is allocated 110 %") },
            "\(diagnostics)")
        // Every page of site.md's tree, for every client and project, computed from the files.
        let expected = try expectedPages(content: fixture.content, secret: "example")
        let written = Set(snapshotTree(fixture.site).keys.filter { $0.hasSuffix(".html") })
        #expect(expected.count > 100)
        #expect(
            written == expected,
            "missing \(expected.subtracting(written).sorted().prefix(5)), extra \(written.subtracting(expected).sorted().prefix(5))")
    }

    @Test func test_generatedCorpusGivesExactlyTheExpectedPageTree() throws {
        let fixture = try Self.generate(clients: 5)
        let result = try PortholeProcess.run(
            ["build", "--today", "2026-11-27"], in: fixture.root,
            environment: passwords(fixture).merging(["PORTHOLE_SECRET": "corpus"]) { a, _ in a })
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try expectedPages(content: fixture.content, secret: "corpus")
        let written = Set(snapshotTree(fixture.site).keys.filter { $0.hasSuffix(".html") })
        #expect(expected.count > 500)
        #expect(
            written == expected,
            "missing \(expected.subtracting(written).sorted().prefix(5)), extra \(written.subtracting(expected).sorted().prefix(5))")
    }

    @Test func test_canariesStayInTheirPlace() throws {
        let fixture = try Self.generate(clients: 5)
        let result = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root, environment: passwords(fixture))
        #expect(result.status == 0, "\(result.stderr)")
        let canaries =
            try JSONSerialization.jsonObject(with: Data(contentsOf: fixture.root.appendingPathComponent("canaries.json"))) as! [String: Any]
        let clients = canaries["clients"] as! [String: [String: Any]]
        let files = snapshotTree(fixture.site).mapValues { String(decoding: $0, as: UTF8.self) }
        for (slug, entry) in clients {
            let clientCanary = entry["client"] as! String
            for (path, text) in files where text.contains(clientCanary) {
                #expect(path.hasPrefix(slug + "/") || path.hasPrefix(slug + "-"), "\(slug)'s canary in \(path)")
            }
            for (_, internalCanary) in entry["internal"] as! [String: String] {
                let leaks = files.filter { $0.value.contains(internalCanary) }.map(\.key)
                #expect(leaks.isEmpty, "internal canary of \(slug) in \(leaks.prefix(3))")
            }
        }
    }

    /// Every page of every kind (public, link and password portals, the
    /// portfolio) is the same, byte for byte, whichever renders the theme:
    /// Porthole's compiled templates or swift-mustache.
    @Test func test_compiledTemplatesGiveSwiftMustachesBytes() throws {
        let fixture = try Self.generate(clients: 5)
        let environment = try passwords(fixture).merging(["PORTHOLE_SECRET": "corpus"]) { a, _ in a }
        let compiled = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root, environment: environment)
        #expect(compiled.status == 0, "\(compiled.stderr)")
        let reference = try PortholeProcess.run(
            ["build", "--today", "2026-11-27", "--output", "site-reference", "--portfolio", "portfolio-reference"], in: fixture.root,
            environment: environment.merging(["PORTHOLE_TEMPLATES": "swift-mustache"]) { a, _ in a })
        #expect(reference.status == 0, "\(reference.stderr)")
        for (ours, theirs) in [(fixture.site, "site-reference"), (fixture.portfolio, "portfolio-reference")] {
            let expected = snapshotTree(fixture.root.appendingPathComponent(theirs))
            let written = snapshotTree(ours)
            #expect(expected.count > 20)
            #expect(Set(written.keys) == Set(expected.keys))
            let differing = expected.keys.filter { written[$0] != expected[$0] }.sorted()
            #expect(differing.isEmpty, "\(theirs): \(differing.count) files differ, first \(differing.prefix(3))")
        }
    }

    /// A password for every password client of a generated corpus.
    func passwords(_ fixture: ContentFixture) throws -> [String: String] {
        let canaries =
            try JSONSerialization.jsonObject(with: Data(contentsOf: fixture.root.appendingPathComponent("canaries.json"))) as! [String: Any]
        var environment: [String: String] = [:]
        for (slug, entry) in canaries["clients"] as! [String: [String: Any]] where entry["access"] as? String == "password" {
            environment["PORTHOLE_PASSWORD_" + slug.uppercased().replacingOccurrences(of: "-", with: "_")] = "pw-\(slug)"
        }
        return environment
    }

    /// The page tree from site.md, computed from the content files alone.
    func expectedPages(content: URL, secret: String) throws -> Set<String> {
        var pages: Set<String> = ["index.html", "404.html"]
        let fm = FileManager.default
        let clientsRoot = content.appendingPathComponent("clients")
        for slug in try fm.contentsOfDirectory(atPath: clientsRoot.path) {
            let clientYAML = try String(contentsOf: clientsRoot.appendingPathComponent("\(slug)/client.yaml"), encoding: .utf8)
            let access =
                clientYAML.split(separator: "\n").first { $0.hasPrefix("access:") }?
                .dropFirst("access:".count).trimmingCharacters(in: .whitespaces) ?? "link"
            let mac = Array(HMAC<SHA256>.authenticationCode(for: Array(slug.utf8), using: SymmetricKey(data: Array(secret.utf8))))
            let folder = access == "public" ? slug : slug + "-" + base32(Array(mac.prefix(10)))
            pages.insert("\(folder)/index.html")
            for project in try fm.contentsOfDirectory(atPath: clientsRoot.appendingPathComponent(slug).path) {
                let projectURL = clientsRoot.appendingPathComponent("\(slug)/\(project)")
                var isDirectory: ObjCBool = false
                guard fm.fileExists(atPath: projectURL.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
                let base = "\(folder)/\(project)/"
                for page in ["index.html", "milestones/index.html", "risks/index.html", "decisions/index.html", "updates/index.html"] {
                    pages.insert(base + page)
                }
                for file in try fm.contentsOfDirectory(atPath: projectURL.appendingPathComponent("updates").path) {
                    pages.insert(base + "updates/\(file.dropLast(3))/index.html")
                }
                for file in try fm.contentsOfDirectory(atPath: projectURL.appendingPathComponent("decisions").path) {
                    let text = try String(contentsOf: projectURL.appendingPathComponent("decisions/\(file)"), encoding: .utf8)
                    let frontMatter = text.components(separatedBy: "\n---\n").first ?? ""
                    if frontMatter.contains("\ninternal: true") { continue }
                    pages.insert(base + "decisions/\(file.prefix(4))/index.html")
                }
                // The budget page: a budget the client may see (`visibility:
                // client`) or a KPI; the change log: a change request that
                // is not internal.
                let projectYAML = try String(contentsOf: projectURL.appendingPathComponent("project.yaml"), encoding: .utf8)
                if projectYAML.contains("\n  visibility: client") || projectYAML.contains("\nkpis:") {
                    pages.insert(base + "budget/index.html")
                }
                let changes = (try? fm.contentsOfDirectory(atPath: projectURL.appendingPathComponent("changes").path)) ?? []
                let visibleChanges = try changes.filter { file in
                    let text = try String(contentsOf: projectURL.appendingPathComponent("changes/\(file)"), encoding: .utf8)
                    return !(text.components(separatedBy: "\n---\n").first ?? "").contains("\ninternal: true")
                }
                if !visibleChanges.isEmpty { pages.insert(base + "changes/index.html") }
            }
        }
        return pages
    }
}
