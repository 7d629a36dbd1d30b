import Foundation
import Testing

@testable import PortholeSite

/// Every single file Porthole writes outside the site's tree goes through
/// `AtomicFile`: whole or not at all, and never over a file that must not be
/// replaced.
struct AtomicFileTests {
    /// The failure of a write; nil when it succeeded.
    func failure(_ result: Result<Void, AtomicFile.Failure>) -> AtomicFile.Failure? {
        if case .failure(let failure) = result { failure } else { nil }
    }

    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func test_writesAndReplacesLeavingNoTemporaryFile() throws {
        let folder = try folder()
        let path = folder + "/manifest"
        #expect(failure(AtomicFile.write("first", to: path)) == nil)
        #expect(failure(AtomicFile.write("second", to: path)) == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["manifest"])
    }

    @Test func test_aFileThatMustNotExistYetIsNeverReplaced() throws {
        let folder = try folder()
        let path = folder + "/update.md"
        #expect(failure(AtomicFile.write("the PM's note", to: path, replacing: false)) == nil)
        #expect(failure(AtomicFile.write("a template", to: path, replacing: false)) == .exists)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "the PM's note")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["update.md"])
    }

    @Test func test_permissionsAreThoseAskedFor() throws {
        let path = try folder() + "/secret"
        #expect(failure(AtomicFile.write("s", to: path, mode: 0o600)) == nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func test_aMissingFolderIsAFailureWithItsReason() {
        guard case .failure(.failed(let reason)) = AtomicFile.write("x", to: "/nonexistent-porthole/file") else {
            Issue.record("expected a failure")
            return
        }
        #expect(reason.contains("No such file"))
    }

    /// `porthole new client`: the client's folder appears with its file in
    /// it, in one rename; nothing else is left beside it.
    @Test func test_createMakesTheMissingFoldersWholeWithTheFile() throws {
        let folder = try folder()
        let path = folder + "/clients/acme/shop/project.yaml"
        try FileManager.default.createDirectory(atPath: folder + "/clients", withIntermediateDirectories: true)
        #expect(failure(AtomicFile.create(Array("name: Shop\n".utf8), at: path)) == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "name: Shop\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/clients") == ["acme"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/clients/acme/shop") == ["project.yaml"])
        #expect(failure(AtomicFile.create(Array("other".utf8), at: path)) == .exists)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "name: Shop\n")
    }

    @Test func test_createRemovesTheStagingFolderAKilledRunLeft() throws {
        let folder = try folder()
        // A process id no process has (above any pid_max), and this one's.
        for pid in [Int32.max, getpid()] {
            let abandoned = folder + "/clients/.zz-shop.tmp-\(pid)"
            try FileManager.default.createDirectory(atPath: abandoned, withIntermediateDirectories: true)
            try Data("name: Half\n".utf8).write(to: URL(fileURLWithPath: abandoned + "/client.yaml"))
        }
        #expect(failure(AtomicFile.create(Array("name: Shop\n".utf8), at: folder + "/clients/zz-shop/client.yaml")) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/clients") == ["zz-shop"])
        // Another create's folder, of a process that still runs, is left alone.
        let running = folder + "/clients/.zz-other.tmp-1"
        try FileManager.default.createDirectory(atPath: running, withIntermediateDirectories: true)
        #expect(failure(AtomicFile.create(Array("x".utf8), at: folder + "/clients/zz-other/client.yaml")) == nil)
        #expect(FileManager.default.fileExists(atPath: running))
    }

    @Test func test_createInAnExistingFolderLeavesNoTemporaryFile() throws {
        let folder = try folder()
        #expect(failure(AtomicFile.create(Array("x".utf8), at: folder + "/2026-11-30.md")) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["2026-11-30.md"])
    }
}
