import Testing

@testable import PortholeSite

/// How clients are handed to the build's threads (`ClientThreads`).
struct ClientThreadsTests {
    /// A client that is not ready (its key still being derived) is passed
    /// over while another one is, and taken when none is.
    @Test func test_takesTheFirstReadyItemElseTheFirst() {
        var pending = ["p1", "a", "p2", "b"]
        var taken: [String] = []
        while let item = ClientThreads.take(from: &pending, ready: { !$0.hasPrefix("p") }) { taken.append(item) }
        #expect(taken == ["a", "b", "p1", "p2"])
        var waiting = ["x", "y"]
        #expect(ClientThreads.take(from: &waiting, ready: { _ in false }) == "x")
        #expect(waiting == ["y"])
        var none: [String] = []
        #expect(ClientThreads.take(from: &none, ready: { _ in true }) == nil)
    }

    /// Every item's work runs exactly once, whatever is ready.
    @Test func test_everyItemIsWorkedOnOnce() async {
        let items = (0..<23).map { "c\($0)" }
        let results = await ClientThreads.inParallel(items, ready: { !$0.hasSuffix("3") }, { $0 })
        #expect(results.sorted() == items.sorted())
    }

    /// Half as many threads again as cores for work that may wait on the
    /// disk, one per core for work that reads nothing back, never more
    /// than there are items, never none.
    @Test func test_threadCountFollowsTheDisk() {
        #expect(ClientThreads.threadCount(cores: 2, items: 200, waitsOnDisk: true) == 3)
        #expect(ClientThreads.threadCount(cores: 2, items: 200, waitsOnDisk: false) == 2)
        #expect(ClientThreads.threadCount(cores: 8, items: 200, waitsOnDisk: true) == 12)
        #expect(ClientThreads.threadCount(cores: 8, items: 200, waitsOnDisk: false) == 8)
        #expect(ClientThreads.threadCount(cores: 1, items: 200, waitsOnDisk: true) == 2)
        #expect(ClientThreads.threadCount(cores: 4, items: 3, waitsOnDisk: false) == 3)
        #expect(ClientThreads.threadCount(cores: 4, items: 0, waitsOnDisk: true) == 1)
    }
}
