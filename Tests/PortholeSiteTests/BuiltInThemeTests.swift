import Foundation
import PortholeSite
import PortholeTestSupport
import Testing

/// The default theme built into the binary is `themes/default`, file for
/// file, and loads to the same theme: same digest, same assets.
struct BuiltInThemeTests {
    let themes = ContentFixture.packageRoot.appendingPathComponent("themes").path

    @Test func test_theBuiltInThemeHoldsEveryFileOfThemesDefault() throws {
        let folder = themes + "/default"
        let disk = snapshotTree(URL(fileURLWithPath: folder)).filter { !$0.key.hasPrefix(".") }
        #expect(!disk.isEmpty)
        #expect(Set(BuiltInTheme.files.map(\.path)) == Set(disk.keys))
        for file in BuiltInTheme.files {
            #expect(disk[file.path] == Data(file.bytes), "\(file.path)")
        }
    }

    @Test func test_theBuiltInThemeLoadsToTheSameThemeAsTheFolder() throws {
        let (disk, diskLog) = Theme.load(name: "default", themesRoot: themes, displayRoot: "themes")
        let (builtIn, log) = Theme.load(name: "default", source: .builtIn, display: BuiltInTheme.display)
        #expect(!diskLog.hasErrors && !log.hasErrors)
        let diskTheme = try #require(disk)
        let theme = try #require(builtIn)
        #expect(theme.digest == diskTheme.digest)
        #expect(theme.isCompiled == diskTheme.isCompiled)
        #expect(theme.assets.map(\.fingerprintedName) == diskTheme.assets.map(\.fingerprintedName))
    }

    @Test func test_theBuiltInThemeIsUsedOnlyForDefaultWithoutAFolder() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("porthole-themes-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let builtIn = ThemeSource.resolve(name: "default", themesRoot: empty.path, displayRoot: "themes", allowBuiltIn: true)
        #expect(builtIn?.display == "(built-in)")
        #expect(ThemeSource.resolve(name: "default", themesRoot: empty.path, displayRoot: "themes", allowBuiltIn: false) == nil)
        #expect(ThemeSource.resolve(name: "custom", themesRoot: empty.path, displayRoot: "themes", allowBuiltIn: true) == nil)
        let folder = ThemeSource.resolve(name: "default", themesRoot: themes, displayRoot: "themes", allowBuiltIn: true)
        #expect(folder?.display == "themes/default")
    }
}
