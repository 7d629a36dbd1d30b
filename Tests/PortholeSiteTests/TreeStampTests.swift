import Foundation
import PortholeCore
import PortholeTestSupport
import Testing

@testable import PortholeSite

#if canImport(Glibc)
    import Glibc
#endif

/// `--full` believes the manifest for a spare folder whose stamp still
/// matches, so any change a person or tool can make in the folder must
/// change its stamp, on real files.
struct TreeStampTests {
    let files = ["index.html", "shop/index.html", "shop/updates/2026-11-24/index.html"]

    func folder() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("stamp-\(UUID().uuidString)").path
        for file in files {
            let path = root + "/" + file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(FileTree.write(Array("<p>\(file)</p>".utf8), to: path))
        }
        return root
    }

    /// Past the clock tick of the writes above, as a build's end is
    /// (`TreeStamp.waitPast`): where file times move a tick at a time, an
    /// edit in the same one keeps the change time.
    func settle() { Thread.sleep(forTimeInterval: 0.03) }

    @Test func test_anUntouchedFolderKeepsItsStamp() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let stamp = try #require(TreeStamp.of(root, files: files)?.digest)
        #expect(TreeStamp.of(root, files: files.reversed())?.digest == stamp, "the order files are named in does not matter")
        _ = ContentDisk.readBytes(root + "/index.html")
        #expect(TreeStamp.of(root, files: files)?.digest == stamp, "reading changes nothing")
    }

    /// Same bytes count, same modification time: only the change time moves.
    @Test func test_anEditInPlaceThatRestoresTheTimeChangesTheStamp() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let stamp = try #require(TreeStamp.of(root, files: files)?.digest)
        settle()
        let page = root + "/shop/index.html"
        let before = try #require(overwriteKeepingSizeAndTimes(page, with: "<P>"))
        var after = stat()
        #expect(lstat(page, &after) == 0)
        #expect(after.st_size == before.st_size && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec && after.st_ino == before.st_ino)
        #expect(TreeStamp.of(root, files: files)?.digest != stamp)
    }

    @Test func test_aFileAddedAnywhereChangesTheStamp() throws {
        for stray in ["stray.html", "shop/updates/stray.html", "new/stray.html"] {
            let root = try folder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let stamp = try #require(TreeStamp.of(root, files: files)?.digest)
            settle()
            let path = root + "/" + stray
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(FileTree.write(Array("stray".utf8), to: path))
            #expect(TreeStamp.of(root, files: files)?.digest != stamp, "\(stray)")
        }
    }

    /// A hard link's change time moves when its other name goes, and a
    /// symlinked folder leads out of the tree: neither is ever believed.
    @Test func test_linksAndMissingFilesHaveNoStamp() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(TreeStamp.of(root, files: files + ["missing.html"])?.digest == nil)
        #expect(link(root + "/index.html", root + "/copy.html") == 0)
        #expect(TreeStamp.of(root, files: files)?.digest == nil)
        #expect(unlink(root + "/copy.html") == 0)
        let stamp = try #require(TreeStamp.of(root, files: files)?.digest)
        settle()

        #expect(rename(root + "/shop", root + "/real-shop") == 0)
        #expect(symlink(root + "/real-shop", root + "/shop") == 0)
        #expect(TreeStamp.of(root, files: files)?.digest == nil)
        #expect(unlink(root + "/shop") == 0)
        #expect(rename(root + "/real-shop", root + "/shop") == 0)
        #expect(TreeStamp.of(root, files: files)?.digest != stamp, "the folder's entries changed, and so did its stamp")
    }

    /// A build ends only once the clock file times come from has left the
    /// tick of its last write, so no later edit can share that change time.
    @Test func test_waitPastLeavesTheTickOfTheLastWrite() throws {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        TreeStamp.waitPast(now)
        var after = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &after)
        #expect(TreeStamp.isLater(after, than: now))
    }
}
