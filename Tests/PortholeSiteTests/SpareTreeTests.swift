import Foundation
import PortholeTestSupport
import Testing

@testable import PortholeCore
@testable import PortholeSite

#if canImport(Glibc)
    import Glibc
#endif

/// The spare made ahead after a first build (`porthole serve` does it): a
/// tree of links to the published site with a manifest listing it, which
/// the next build writes over instead of making a whole new tree, and whose
/// output is still exactly a clean build's.
struct SpareTreeTests {
    func options(_ fixture: ContentFixture, output: URL, portfolio: URL) -> BuildOptions {
        var options = MemorySinkTests.options(fixture)
        options.contentRoot = fixture.content.path
        options.passwordsFile = nil
        options.output = output.path
        options.portfolio = portfolio.path
        return options
    }

    func identity(_ url: URL) -> String { OutputFolder.identity(of: url.path) }

    /// The file's inode and change time.
    func changeTime(_ url: URL) throws -> [Int] {
        var info = stat()
        try #require(lstat(url.path, &info) == 0)
        return [Int(info.st_ino), info.st_ctim.tv_sec, info.st_ctim.tv_nsec]
    }

    @Test func test_theNextBuildWritesOverThePreparedSpareAndMatchesACleanBuild() async throws {
        let fixture = try ContentFixture()
        try fixture.write("clients/acme/shop/updates/2026-11-26.md", ContentFixture.update)
        let build = options(fixture, output: fixture.site, portfolio: fixture.portfolio)
        let first = await SiteBuild(options: build).run()
        #expect(!first.diagnostics.hasErrors && first.wroteSite, "\(first.diagnostics.entries)")

        let output = OutputFolder(path: build.output)
        #expect(await SpareTree.prepare(for: output))
        let spare = URL(fileURLWithPath: output.spare)
        let site = snapshotTree(fixture.site)
        #expect(snapshotTree(spare) == site, "the spare holds the published files")
        let page = "acme/shop/index.html"
        #expect(
            FileTree.isSameFile(output.spare + "/" + page, as: fixture.site.appendingPathComponent(page).path),
            "as links, not copies")
        #expect(await SpareTree.prepare(for: output) == false, "one spare at a time")

        try fixture.write(
            "clients/acme/shop/updates/2026-11-26.md",
            ContentFixture.update.replacingOccurrences(of: "Checkout complete", with: "Checkout finished"))
        let spareBefore = identity(spare)
        let stylesheet = try #require(site.keys.first { $0.hasPrefix("assets/style.") })
        let stylesheetBefore = try changeTime(fixture.site.appendingPathComponent(stylesheet))
        let second = await SiteBuild(options: build).run()
        #expect(!second.diagnostics.hasErrors && second.wroteSite, "\(second.diagnostics.entries)")
        #expect(identity(fixture.site) == spareBefore, "the build was written over the prepared spare")
        // Left as it was on the spare manifest's word: not even linked again
        // (a link or unlink moves the file's change time).
        #expect(try changeTime(fixture.site.appendingPathComponent(stylesheet)) == stylesheetBefore)

        let clean = fixture.root.appendingPathComponent("clean")
        let cleanReport = await SiteBuild(
            options: options(fixture, output: clean, portfolio: fixture.root.appendingPathComponent("clean-portfolio"))
        ).run()
        #expect(!cleanReport.diagnostics.hasErrors)
        let rebuilt = snapshotTree(fixture.site)
        let fresh = snapshotTree(clean)
        #expect(rebuilt.count > 10 && Set(rebuilt.keys) == Set(fresh.keys))
        for (path, bytes) in fresh where rebuilt[path] != bytes { Issue.record("\(path) differs from a clean build") }
        #expect(snapshotTree(fixture.site.deletingLastPathComponent().appendingPathComponent(".site.spare")) == site)
    }

    @Test func test_noSpareIsMadeWithoutAManifestDescribingTheSite() async throws {
        let fixture = try ContentFixture()
        let build = options(fixture, output: fixture.site, portfolio: fixture.portfolio)
        let output = OutputFolder(path: build.output)
        #expect(await SpareTree.prepare(for: output) == false, "no site yet")
        _ = await SiteBuild(options: build).run()
        try FileManager.default.removeItem(atPath: BuildManifest.path(for: output))
        #expect(await SpareTree.prepare(for: output) == false)
        #expect(!FileManager.default.fileExists(atPath: output.spare) && !FileManager.default.fileExists(atPath: output.staging))
    }

    /// A listed file gone from the published site: no spare (one would claim
    /// to hold it), and nothing left behind.
    @Test func test_aListedFileMissingFromTheSiteMakesNoSpare() async throws {
        let fixture = try ContentFixture()
        let build = options(fixture, output: fixture.site, portfolio: fixture.portfolio)
        _ = await SiteBuild(options: build).run()
        try FileManager.default.removeItem(at: fixture.site.appendingPathComponent("acme/shop/index.html"))
        let output = OutputFolder(path: build.output)
        #expect(await SpareTree.prepare(for: output) == false)
        #expect(!FileManager.default.fileExists(atPath: output.spare) && !FileManager.default.fileExists(atPath: output.staging))
    }
}
