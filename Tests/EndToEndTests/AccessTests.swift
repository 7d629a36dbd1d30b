import Foundation
import PortholeTestSupport
import Testing

/// Access modes (site.md): password portals are never published unprotected.
@Suite(.serialized)
struct AccessTests {
    func passwordFixture() throws -> ContentFixture {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/client.yaml", ContentFixture.client.replacingOccurrences(of: "access: public", with: "access: password"))
        return fixture
    }

    @Test func test_missingPasswordIsAnErrorAndNothingIsPublished() throws {
        let fixture = try passwordFixture()
        let result = try PortholeProcess.run(["build", "--today", "2026-11-27"], in: fixture.root)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "content/clients/acme/client.yaml:1:1: error: Acme Outdoor Co. has access: password but no password: set PORTHOLE_PASSWORD_ACME or give --passwords FILE"
            ), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.site.path))
    }

    @Test func test_passwordFromEnvironmentEncryptsEveryPage() throws {
        let fixture = try passwordFixture()
        let result = try PortholeProcess.run(
            ["build", "--today", "2026-11-27"], in: fixture.root, environment: ["PORTHOLE_PASSWORD_ACME": "correct horse"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = snapshotTree(fixture.site)
        let portal = files.filter { $0.key.hasPrefix("acme-") }
        #expect(portal.keys.filter { $0.hasSuffix(".html") }.count == 8)
        for (path, data) in portal {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("Acme Outdoor"), "\(path)")
            #expect(!text.contains("Storefront rebuild"), "\(path)")
            if path.hasSuffix(".html") { #expect(text.contains("id=\"porthole-sealed\""), "\(path)") }
        }
    }

    @Test func test_passwordsFileOutsideContentIsUsedAndInsideIsRefused() throws {
        let fixture = try passwordFixture()
        try Data("acme: \"from the file\"\n".utf8).write(to: fixture.root.appendingPathComponent("passwords.yaml"))
        let outside = try PortholeProcess.run(["build", "--today", "2026-11-27", "--passwords", "passwords.yaml"], in: fixture.root)
        #expect(outside.status == 0, "\(outside.stderr)")
        try fixture.write("passwords.yaml", "acme: \"in the content\"\n")
        let inside = try PortholeProcess.run(["build", "--today", "2026-11-27", "--passwords", "content/passwords.yaml"], in: fixture.root)
        #expect(inside.status == 1)
        #expect(
            inside.stderr.contains("content/passwords.yaml:1:1: error: the passwords file must be outside the content folder"),
            "\(inside.stderr)")
    }

    @Test func test_lockedOutputIsReproducible() throws {
        let fixture = try passwordFixture()
        let environment = ["PORTHOLE_PASSWORD_ACME": "pw"]
        _ = try PortholeProcess.run(["build", "--today", "2026-11-27", "--output", "a"], in: fixture.root, environment: environment)
        _ = try PortholeProcess.run(["build", "--today", "2026-11-27", "--output", "b"], in: fixture.root, environment: environment)
        let a = snapshotTree(fixture.root.appendingPathComponent("a"))
        #expect(a.count > 8)
        #expect(a == snapshotTree(fixture.root.appendingPathComponent("b")))
    }
}
