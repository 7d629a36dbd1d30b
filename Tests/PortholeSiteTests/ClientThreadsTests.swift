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
}
