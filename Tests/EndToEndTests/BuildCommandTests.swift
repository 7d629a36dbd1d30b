import Crypto
import Foundation
import PortholeTestSupport
import Testing

/// The real binary on real folders: what a PM or a CI job sees.
@Suite(.serialized)
struct BuildCommandTests {
    @Test func test_buildWritesEveryPageOfTheTree() throws {
        let fixture = try ContentFixture()
        let result = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        let files = Set(snapshotTree(fixture.site).keys)
        let expected: Set<String> = [
            "index.html", "404.html", "robots.txt", "_headers", ".porthole-site",
            "acme/index.html",
            "acme/shop/index.html", "acme/shop/milestones/index.html", "acme/shop/risks/index.html",
            "acme/shop/decisions/index.html", "acme/shop/decisions/0001/index.html",
            "acme/shop/updates/index.html", "acme/shop/updates/2026-11-24/index.html",
            "acme/shop/feed.xml", "acme/shop/milestones.ics", "acme/shop/status.json",
        ]
        #expect(expected.isSubset(of: files), "missing: \(expected.subtracting(files))")
        // Fingerprinted: the theme's assets and the client's brand sheet.
        let assets = files.filter { $0.hasPrefix("assets/") || $0.hasPrefix("acme/brand.") }
        #expect(assets.count == 3)
        for pattern in [#"^assets/style\.[0-9a-f]{10}\.css$"#, #"^assets/unlock\.[0-9a-f]{10}\.js$"#, #"^acme/brand\.[0-9a-f]{10}\.css$"#] {
            #expect(assets.contains { $0.range(of: pattern, options: .regularExpression) != nil }, "\(pattern)")
        }
        #expect(files.subtracting(expected).subtracting(assets).isEmpty, "unexpected: \(files.subtracting(expected).subtracting(assets))")
    }

    @Test func test_internalContentNeverReachesTheSite() throws {
        let fixture = try ContentFixture()
        let result = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        #expect(result.status == 0, "\(result.stderr)")
        let all = snapshotTree(fixture.site).values.map { String(decoding: $0, as: UTF8.self) }.joined()
        #expect(!all.contains("Do not promise the date yet"), "## Internal section")
        #expect(!all.contains("Secret internal checkpoint"), "internal milestone")
        #expect(!all.contains("Internal staffing gap"), "internal risk")
        #expect(all.contains("Payment gateway certification may slip"))
    }

    @Test func test_landingPageListsNoClient() throws {
        let fixture = try ContentFixture()
        _ = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        for shared in ["index.html", "404.html", "robots.txt", "_headers"] {
            let text = try String(contentsOf: fixture.site.appendingPathComponent(shared), encoding: .utf8)
            #expect(!text.contains("Acme"), "\(shared)")
            #expect(!text.contains("acme/"), "\(shared)")
        }
    }

    @Test func test_linkModeFolderIsTheHMACToken() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/client.yaml", ContentFixture.client.replacingOccurrences(of: "access: public", with: "access: link"))
        let result = try PortholeProcess.run(
            ["build", "--today", "2026-11-27"], in: fixture.root, environment: ["PORTHOLE_SECRET": "s3cret"])
        #expect(result.status == 0, "\(result.stderr)")
        // Independent computation: HMAC-SHA-256("acme") under the secret, 80 bits, base32.
        let mac = Array(HMAC<SHA256>.authenticationCode(for: Array("acme".utf8), using: SymmetricKey(data: Array("s3cret".utf8))))
        let token = base32(Array(mac.prefix(10)))
        #expect(token.count == 16)
        let folders = try FileManager.default.contentsOfDirectory(atPath: fixture.site.path)
        #expect(folders.contains("acme-\(token)"))
        #expect(!folders.contains("acme"))
        let links = try PortholeProcess.run(["links"], in: fixture.root, environment: ["PORTHOLE_SECRET": "s3cret"])
        #expect(links.stdout == "acme\tlink\thttps://status.agency.example/acme-\(token)/\n")
        // A rotated secret rotates the link.
        let rotated = try PortholeProcess.run(["links"], in: fixture.root, environment: ["PORTHOLE_SECRET": "other"])
        #expect(!rotated.stdout.contains(token))
    }

    @Test func test_secretFileIsCreatedWhenNoEnvironmentSecret() throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/client.yaml", ContentFixture.client.replacingOccurrences(of: "access: public", with: "access: link"))
        let first = try PortholeProcess.run(
            ["build", "--today", "2026-11-27"], in: fixture.root, environment: ["PORTHOLE_SECRET": "", "CI": ""])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("created .porthole/secret"))
        let secret = try String(contentsOf: fixture.root.appendingPathComponent(".porthole/secret"), encoding: .utf8)
        #expect(secret.count >= 64)
        let before = try FileManager.default.contentsOfDirectory(atPath: fixture.site.path).filter { $0.hasPrefix("acme-") }
        let second = try PortholeProcess.run(
            ["build", "--today", "2026-11-27"], in: fixture.root, environment: ["PORTHOLE_SECRET": "", "CI": ""])
        #expect(!second.stderr.contains("created"))
        let after = try FileManager.default.contentsOfDirectory(atPath: fixture.site.path).filter { $0.hasPrefix("acme-") }
        #expect(before == after && before.count == 1, "stable from build to build")
    }

    @Test func test_ciWithoutSecretFailsInsteadOfInventingOne() throws {
        let fixture = try ContentFixture()
        let result = try PortholeProcess.run(
            ["build", "--today", "2026-11-27"], in: fixture.root, environment: ["PORTHOLE_SECRET": "", "CI": "true"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("PORTHOLE_SECRET is not set: in CI"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent(".porthole/secret").path))
        // Whitespace around a CI secret does not change the links.
        try fixture.write(
            "clients/acme/client.yaml", ContentFixture.client.replacingOccurrences(of: "access: public", with: "access: link"))
        let a = try PortholeProcess.run(["links"], in: fixture.root, environment: ["PORTHOLE_SECRET": "s3cret"])
        let b = try PortholeProcess.run(["links"], in: fixture.root, environment: ["PORTHOLE_SECRET": "s3cret\n"])
        #expect(a.stdout == b.stdout && !a.stdout.isEmpty)
    }

    @Test func test_failedBuildLeavesThePreviousSiteByteForByte() throws {
        let fixture = try ContentFixture()
        let good = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        #expect(good.status == 0)
        let before = snapshotTree(fixture.site)
        try fixture.write(
            "clients/acme/shop/project.yaml", ContentFixture.project.replacingOccurrences(of: "due: 2026-09-26", with: "due: 2026-09-31"))
        try fixture.write(
            "clients/acme/shop/updates/2026-11-25.md", ContentFixture.update.replacingOccurrences(of: "headline: ", with: "headlin: "))
        let bad = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        #expect(bad.status == 1)
        #expect(
            bad.stderr.contains("content/clients/acme/shop/project.yaml:12:10: error: 'due': 2026-09-31 is not a date that exists"),
            "\(bad.stderr)")
        #expect(
            bad.stderr.contains(
                "content/clients/acme/shop/updates/2026-11-25.md:3:1: error: unknown key 'headlin' in update front matter (did you mean 'headline'?)"
            ), "\(bad.stderr)")
        #expect(!bad.stderr.contains("Fatal error"), "no Swift trap for a user mistake")
        #expect(snapshotTree(fixture.site) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.root.path).filter { $0.hasPrefix(".site.staging-") }
        #expect(leftovers.isEmpty, "the staging folder is removed: \(leftovers)")
    }

    @Test func test_checkWritesNothingAndFailsOnErrors() throws {
        let fixture = try ContentFixture()
        let ok = try PortholeProcess.run(["check", "--today", "2026-11-27"], in: fixture.root)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stderr.contains("check passed: 1 client(s), 1 project(s): 0 errors, 0 warnings"), "\(ok.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.site.path))
        try fixture.write(
            "portal.yaml", ContentFixture.portal.replacingOccurrences(of: "timezone: Europe/London", with: "timezone: Mars/Olympus"))
        let bad = try PortholeProcess.run(["check", "--today", "2026-11-27"], in: fixture.root)
        #expect(bad.status == 1)
        #expect(
            bad.stderr.contains(
                "content/portal.yaml:7:13: error: 'timezone' Mars/Olympus is not an IANA time zone name (like Europe/London)"),
            "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.site.path))
    }

    @Test func test_buildIsReproducibleAcrossTimeZonesAndLocales() throws {
        let fixture = try ContentFixture()
        let a = try PortholeProcess.run(
            ["build", "--today", "2026-11-27", "--output", "a"], in: fixture.root,
            environment: ["TZ": "UTC", "LANG": "C", "LC_ALL": "C"])
        let b = try PortholeProcess.run(
            ["build", "--today", "2026-11-27", "--output", "b"], in: fixture.root,
            environment: ["TZ": "Pacific/Auckland", "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8"])
        #expect(a.status == 0 && b.status == 0)
        let treeA = snapshotTree(fixture.root.appendingPathComponent("a"))
        let treeB = snapshotTree(fixture.root.appendingPathComponent("b"))
        #expect(treeA.count > 10)
        #expect(treeA == treeB)
    }

    @Test func test_sourceDateEpochSetsToday() throws {
        let fixture = try ContentFixture()
        // 2026-12-10 12:00 UTC: the update of 2026-11-24 is stale by then.
        let epoch = String(Int(20_797) * 86_400 + 43_200)
        let result = try PortholeProcess.run(["check"], in: fixture.root, environment: ["SOURCE_DATE_EPOCH": epoch])
        #expect(result.stderr.contains("latest update is 16 days old"), "\(result.stderr)")
    }

    @Test func test_refusesDangerousOutputFolders() throws {
        let fixture = try ContentFixture()
        for output in ["content", ".", "/"] {
            let result = try PortholeProcess.run(["build", "--today", "2026-11-27", "--output", output], in: fixture.root)
            #expect(result.status == 1, "\(output)")
            #expect(result.stderr.contains("refusing"), "\(output): \(result.stderr)")
        }
        let foreign = fixture.root.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: foreign.appendingPathComponent("thesis.txt"))
        let result = try PortholeProcess.run(["build", "--today", "2026-11-27", "--output", "documents"], in: fixture.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("was not made by porthole"))
        #expect(FileManager.default.fileExists(atPath: foreign.appendingPathComponent("thesis.txt").path))
    }

    @Test func test_badTodayOptionIsAUsageError() throws {
        let fixture = try ContentFixture()
        let result = try PortholeProcess.run(["build", "--today", "2026-02-30"], in: fixture.root)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--today must be a date that exists"))
    }

    @Test func test_missingThemeTemplateIsAThemeError() throws {
        let fixture = try ContentFixture()
        try FileManager.default.removeItem(at: fixture.themes)
        let theme = fixture.themes.appendingPathComponent("default")
        try FileManager.default.createDirectory(at: fixture.themes, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ContentFixture.packageRoot.appendingPathComponent("themes/default"), to: theme)
        try FileManager.default.removeItem(at: theme.appendingPathComponent("templates/risks.mustache"))
        try Data("{{<base}}{{$content}}{{>partials/nope}}{{/content}}{{/base}}\n".utf8)
            .write(to: theme.appendingPathComponent("templates/update.mustache"))
        let result = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("themes/default/templates:1:1: error: theme 'default' has no template 'risks.mustache'"),
            "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "themes/default/templates/update.mustache:1:22: error: template refers to 'partials/nope', which is not in the theme"),
            "\(result.stderr)")
    }
}

func base32(_ bytes: [UInt8]) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
    var bits = ""
    var out = ""
    for byte in bytes { bits += String(repeating: "0", count: 8 - String(byte, radix: 2).count) + String(byte, radix: 2) }
    var index = bits.startIndex
    while index < bits.endIndex {
        let end = bits.index(index, offsetBy: 5, limitedBy: bits.endIndex) ?? bits.endIndex
        var chunk = String(bits[index..<end])
        chunk += String(repeating: "0", count: 5 - chunk.count)
        out.append(alphabet[Int(chunk, radix: 2)!])
        index = end
    }
    return out
}
