import Foundation
import Testing

@testable import PortholeSite

/// A large build starts flushing its files while it still renders: one
/// flush per batch of bytes written, never two at once, none for a small
/// rebuild.
struct WritebackAheadTests {
    @Test func aFlushStartsOnceABatchIsWritten() {
        let writeback = WritebackAhead(folder: NSTemporaryDirectory(), batch: 1000)
        writeback.wrote(600)
        writeback.wrote(399)
        #expect(writeback.flushesStarted == 0)
        writeback.wrote(1)
        #expect(writeback.flushesStarted == 1)
    }

    @Test func aBatchWrittenDuringAFlushGetsAFlushOfItsOwn() async throws {
        let writeback = WritebackAhead(folder: NSTemporaryDirectory(), batch: 1000)
        writeback.wrote(1000)
        // Whether the first flush is still running (the loop takes the batch)
        // or done (a new one starts), the second batch is flushed.
        writeback.wrote(1000)
        for _ in 0..<6000 where writeback.flushesStarted < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(writeback.flushesStarted == 2)
    }

    @Test func aPreviewDoesNotFlush() {
        var output = OutputFolder(path: NSTemporaryDirectory() + "/site")
        output.flushes = false
        #expect(WritebackAhead.start(for: output) == nil)
        output.flushes = true
        #expect(WritebackAhead.start(for: output) != nil)
    }
}
