import Crypto
import Foundation
import Testing

@testable import PortholeCore
@testable import PortholeSite

/// The manifest writes a client it read and kept back from the lines it read
/// (`ClientEntry.body`). That must give the bytes a fresh render gives, and
/// stop as soon as anything those lines hold changes: a stale manifest line
/// is a stale page in a later build.
struct BuildManifestTests {
    func entry(_ slug: String, files: [String: String]) -> BuildManifest.ClientEntry {
        let warning = Diagnostic(
            .warning, "stale-update", "no update for 3 weeks,\n\tsee \\ here",
            at: SourceLocation(file: "content/clients/\(slug)/shop/project.yaml", line: 3, column: 7))
        return BuildManifest.ClientEntry(
            key: "key-" + slug, signature: "sig-" + slug, name: slug + " \\ Co\tLtd", access: .link, folder: slug + "-x",
            projects: 1, pages: files.count, diagnostics: [warning], files: FileHashes(files),
            portfolioRecords: ["{\"project\":\"shop\"}"], portfolioFiles: ["shop/index.html": "pf-" + slug])
    }

    func manifest() -> BuildManifest {
        var manifest = BuildManifest()
        manifest.global = "g"
        manifest.site = "1:2"
        manifest.started = "1700000000.5"
        manifest.portfolio = "1:3"
        manifest.shared = ["index.html": "s1", "assets/style.css": "s2"]
        manifest.clients["acme"] = entry("acme", files: ["index.html": "a1", "shop/index.html": "a2"])
        manifest.clients["beta"] = entry("beta", files: ["index.html": "b1"])
        manifest.clients["zeta"] = entry("zeta", files: ["index.html": "z1", "shop/updates/2026-11-24/index.html": "z2"])
        return manifest
    }

    /// A file's hash is the first 128 bits of its SHA-256 in lower-case
    /// hex: FIPS 180-2's "abc" and empty-message vectors, and every prefix
    /// length of a digest against the digest's bytes written one by one.
    @Test func test_aFileHashIsItsSHA256sFirstSixteenBytesInHex() {
        #expect(BuildManifest.hash(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223")
        #expect(BuildManifest.hash([]) == "e3b0c44298fc1c149afbf4c8996fb924")
        let digest = SHA256.hash(data: Array("Porthole".utf8))
        let written = Array(digest).map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(digest.hex == written)
        for bytes in 0...32 { #expect(digest.hex(bytes: bytes) == String(written.prefix(2 * bytes))) }
    }

    /// Many files hashed at once, sixteen side by side where the processor
    /// allows, give each file's own hash, in order: FIPS 180-2's vectors
    /// (one of them a million bytes long), then every length from empty to
    /// five blocks (each way the padding can fall) in groups of one to a
    /// hundred and fifty (more than one call's worth), with and without a
    /// long file among them.
    @Test(arguments: [false, true])
    func test_manyFilesHashedAtOnceEachGetTheirOwnHash(sideBySide: Bool) throws {
        try #require(!sideBySide || ContentHashes.sideBySide, "this processor has no AVX-512")
        let vectors: [(String, String)] = [
            ("abc", "ba7816bf8f01cfea414140de5dae2223"),
            ("", "e3b0c44298fc1c149afbf4c8996fb924"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039"),
            (
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
                "cf5b16a778af8380036ce59e7b049237"
            ),
            (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67"),
        ]
        #expect(ContentHashes.of(vectors.map { Array($0.0.utf8) }, sideBySide: sideBySide) == vectors.map(\.1))
        let files = (0...320).map { length in (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ length) } }
        for count in [1, 2, 15, 16, 17, 40, 150] {
            for first in stride(from: 0, to: files.count - count, by: 53) {
                var group = Array(files[first..<first + count])
                if first % 2 == 1 { group.insert([UInt8](repeating: 7, count: 70_001), at: count / 2) }
                #expect(ContentHashes.of(group, sideBySide: sideBySide) == group.map(BuildManifest.hash), "\(count) files from \(first)")
            }
        }
        #expect(ContentHashes.of([], sideBySide: sideBySide).isEmpty)
    }

    @Test func test_keptClientsAreWrittenBackAsAFreshRenderWritesThem() throws {
        let original = manifest()
        let text = original.render()
        var parsed = try #require(BuildManifest(bytes: text))
        #expect(parsed.clients.values.allSatisfy { $0.body != nil }, "every client's lines are kept")
        #expect(parsed.render() == text)

        // The `client` line is always made again (a touched file's new
        // signature); a change to what the kept lines hold drops them.
        var expected = original
        for change in [
            { (m: inout BuildManifest) in m.clients["acme"]!.signature = "sig-2" },
            { (m: inout BuildManifest) in m.clients["acme"]!.pages = 9 },
            { (m: inout BuildManifest) in m.clients["beta"]!.files.table["new/index.html"] = "b2" },
            { (m: inout BuildManifest) in m.clients["beta"]!.name = "Beta Ltd" },
            { (m: inout BuildManifest) in m.clients["zeta"]!.diagnostics.removeAll() },
            { (m: inout BuildManifest) in m.clients["zeta"]!.portfolioRecords.append("{\"project\":\"two\"}") },
            { (m: inout BuildManifest) in m.clients["zeta"]!.portfolioRowMarkup = [ArraySlice("<tr>\\n</tr>".utf8)] },
            { (m: inout BuildManifest) in m.clients["zeta"]!.portfolioFiles.table["two/index.html"] = "pf2" },
        ] {
            change(&parsed)
            change(&expected)
            #expect(parsed.render() == expected.render())
        }
        #expect(parsed.clients["acme"]?.body != nil)
        #expect(parsed.clients["beta"]?.body == nil)
        #expect(parsed.clients["zeta"]?.body == nil)
    }

    /// A name or diagnostic that is no longer UTF-8 (a damaged file) makes
    /// the manifest untrusted, so every client is built again, rather than
    /// shown with replacement characters.
    @Test func test_aDamagedNameIsNotTrusted() throws {
        let text = manifest().render()
        #expect(BuildManifest(bytes: text) != nil)
        for marker in ["name acme", "diag warning"] {
            var damaged = text
            let at = try #require(text.firstRange(of: Array(marker.utf8)))
            damaged[at.upperBound - 1] = 0xFF
            #expect(BuildManifest(bytes: damaged) == nil, "\(marker)")
        }
    }

    /// A build that did not flush (`--no-flush`) names the machine's start it
    /// wrote in: believed in that start, not in another, and a flushed
    /// build's manifest in any.
    @Test func test_unflushedFilesAreBelievedOnlyInTheStartTheyWereWrittenIn() throws {
        let flushed = try #require(BuildManifest(bytes: manifest().render()))
        #expect(flushed.unflushed.isEmpty && !flushed.mayHaveLostWrites)
        let boot = try #require(MachineBoot.id, "this machine tells its starts apart")
        for (written, lost) in [(boot, false), ("an-earlier-start", true), ("unknown", true)] {
            var unflushed = manifest()
            unflushed.unflushed = written
            let read = try #require(BuildManifest(bytes: unflushed.render()))
            #expect(read.unflushed == written)
            #expect(read.mayHaveLostWrites == lost, "\(written)")
            #expect(read.render() == unflushed.render())
        }
    }

    /// A spare's manifest from another start of the machine, written
    /// without a flush, is not read: a build would write over the spare,
    /// keeping its files by their listed hashes.
    @Test func test_aSpareWrittenWithoutAFlushIsReadOnlyInTheSameStart() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("porthole-spare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let published = try #require(BuildManifest(bytes: manifest().render()))
        for (written, read) in [(MachineBoot.current, true), ("an-earlier-start", false), ("", true)] {
            var spare = published
            spare.site = OutputFolder.identity(of: folder.path)
            spare.unflushed = written
            let path = folder.path + ".porthole-manifest"
            BuildManifest.write(spare.render(against: published), to: path)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let loaded = BuildManifest.load(path: path, describing: folder.path, against: published)
            #expect((loaded != nil) == read, "unflushed \(written)")
        }
    }

    /// The spare's manifest is written against the published one: `same`
    /// lines for what they share. Read back, its kept clients' lines are
    /// the published manifest's, and it renders as it was written.
    @Test func test_aSpareManifestReadsBackAgainstItsBase() throws {
        let published = try #require(BuildManifest(bytes: manifest().render()))
        var spare = published
        spare.site = "1:4"
        spare.clients["beta"]!.files.table["index.html"] = "b-old"
        let spareText = spare.render(against: published)
        let parsed = try #require(BuildManifest(bytes: spareText, against: published))
        #expect(parsed.clients["beta"]?.files == ["index.html": "b-old"])
        #expect(parsed.clients["acme"]?.files == published.clients["acme"]?.files)
        #expect(parsed.render(against: published) == spareText)
        #expect(parsed.render() == spare.render())
    }

    /// Each tree has its own stamps: a spare client whose files equal the
    /// published ones is still a `same` line, carrying its own stamp.
    @Test func test_stampsReadBackInBothManifests() throws {
        var original = manifest()
        original.clients["acme"]!.stamp = "stamp-published"
        original.clients["zeta"]!.stamp = "stamp-zeta"
        let published = try #require(BuildManifest(bytes: original.render()))
        #expect(published.clients["acme"]?.stamp == "stamp-published")
        #expect(published.clients["beta"]?.stamp == "", "unknown stays unknown")
        var spare = published
        spare.site = "1:4"
        spare.clients["acme"]!.stamp = "stamp-spare"
        spare.clients["beta"]!.stamp = "stamp-beta"
        spare.clients["zeta"]!.stamp = ""
        let spareText = spare.render(against: published)
        #expect(!spareText.contains(Array("client acme".utf8)), "files alike: a same line")
        let parsed = try #require(BuildManifest(bytes: spareText, against: published))
        #expect(parsed.clients["acme"]?.stamp == "stamp-spare")
        #expect(parsed.clients["beta"]?.stamp == "stamp-beta")
        #expect(parsed.clients["zeta"]?.stamp == "", "a stamp the spare does not have (`same zeta -`)")
        #expect(parsed.clients["acme"]?.files == published.clients["acme"]?.files)
        #expect(parsed.render(against: published) == spareText)
    }

    /// File lines are handed over as the manifest held them and parsed only
    /// when asked: they must still say exactly what a parse up front said,
    /// compare equal to the same files however they were made, and be
    /// whole, or the manifest is not trusted.
    @Test func test_fileLinesReadLazilyMeanWhatTheySay() throws {
        let text = manifest().render()
        let parsed = try #require(BuildManifest(bytes: text))
        let zeta = try #require(parsed.clients["zeta"])
        #expect(zeta.files.count == 2)
        #expect(zeta.files.table == ["index.html": "z1", "shop/updates/2026-11-24/index.html": "z2"])
        #expect(zeta.files == FileHashes(["shop/updates/2026-11-24/index.html": "z2", "index.html": "z1"]))
        #expect(zeta.files != parsed.clients["acme"]!.files)
        #expect(zeta.portfolioFiles == ["shop/index.html": "pf-zeta"])
        #expect(Set(zeta.files.paths) == ["index.html", "shop/updates/2026-11-24/index.html"])
        // The same files in another order: other bytes, the same table.
        let lines = Array("file z2 shop/updates/2026-11-24/index.html\nfile z1 index.html\n".utf8)
        let reordered = FileHashes(lines: lines[...], prefix: 5, count: 2)
        #expect(reordered == zeta.files)
        #expect(reordered != FileHashes(lines: Array("file z2 index.html\nfile z1 other.html\n".utf8)[...], prefix: 5, count: 2))

        for (what, from, to) in [
            ("a file line without a path", "file z1 index.html", "file z1"),
            ("a file line after the client's portfolio rows", "file a1 index.html\n", ""),
            ("a blank line between file lines", "file z1 index.html\n", "file z1 index.html\n\n"),
        ] {
            var damaged = String(decoding: text, as: UTF8.self)
            let at = try #require(damaged.range(of: from))
            damaged.replaceSubrange(at, with: to)
            if what.contains("portfolio rows") {
                let rows = try #require(damaged.range(of: "prow {\"project\":\"shop\"}\n"))
                damaged.insert(contentsOf: "file a1 index.html\n", at: rows.upperBound)
            }
            #expect(BuildManifest(bytes: Array(damaged.utf8)) == nil, "\(what)")
        }
        var unterminated = text
        #expect(unterminated.removeLast() == UInt8(ascii: "\n"))
        #expect(BuildManifest(bytes: unterminated) == nil, "the last line cut short")
    }
}
