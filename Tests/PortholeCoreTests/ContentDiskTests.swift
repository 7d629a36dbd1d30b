import Foundation
import Testing

@testable import PortholeCore

/// Reading a content file whole, whatever its size.
struct ContentDiskTests {
    /// Files around the sizes where a read could stop short or run over:
    /// empty, one byte, a page, a page and one, and a large file.
    @Test func test_readBytesReadsEveryByte() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("porthole-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for size in [0, 1, 4_095, 4_096, 4_097, 1_000_003] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ size) }
            let path = folder.appendingPathComponent("file-\(size)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(ContentDisk.readBytes(path) == bytes, "\(size) bytes")
        }
        #expect(ContentDisk.readBytes(folder.appendingPathComponent("missing").path) == nil)
    }
}
