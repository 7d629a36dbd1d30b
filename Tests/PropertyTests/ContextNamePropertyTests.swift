import PropertyBased
import Testing

@testable import PortholeSite

/// Page contexts are keyed by `ContextName`, whose hash is worked out once
/// and mixed with each table's seed without a Hasher. A table keyed by it
/// must find exactly what a table keyed by the names' bytes finds, in
/// tables of every size (each has its own seed), for any names.
struct ContextNamePropertyTests {
    static let names: Generator<[String], some SendableSequenceType> = HostileText.string(maxPieces: 3).array(of: 0...40)

    @Test func test_aContextFindsWhatTheNamesBytesFind() {
        Property.check("context-name", Self.names) { names in
            var byName: [ContextName: Int] = [:]
            var byBytes: [[UInt8]: Int] = [:]
            for (index, name) in names.enumerated() {
                byName[ContextName(name)] = index
                byBytes[Array(name.utf8)] = index
            }
            try Property.require(byName.count == byBytes.count, "\(byName.count) names, \(byBytes.count) distinct byte strings")
            for name in names + names.map({ $0 + "x" }) + ["", "t", "title"] {
                let found = byName[ContextName(name)]
                try Property.require(found == byBytes[Array(name.utf8)], "\(name.debugDescription): \(String(describing: found))")
            }
            for (first, second) in zip(names, names.dropFirst()) {
                let same = ContextName(first) == ContextName(second)
                try Property.require(
                    same == Array(first.utf8).elementsEqual(second.utf8), "\(first.debugDescription) vs \(second.debugDescription)")
                if same {
                    for seed in [0, 1, -1, 0x5bd1_e995] {
                        try Property.require(
                            ContextName(first)._rawHashValue(seed: seed) == ContextName(second)._rawHashValue(seed: seed),
                            "equal names hash apart")
                    }
                }
            }
        }
    }

    /// Names are compared by their bytes, as they are hashed: the two
    /// spellings of `é` are two names, where String calls them one.
    @Test func test_namesAreTheirBytesNotTheirCanonicalForm() {
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        #expect(composed == decomposed)
        #expect(ContextName(composed) != ContextName(decomposed))
        let context: PageContext = [ContextName(composed): 1, ContextName(decomposed): 2]
        #expect(context.count == 2)
        #expect(context[ContextName(decomposed)] as? Int == 2)
        // swift-mustache's String keys make them one; the first is kept.
        #expect(PageContext.readable(context).count == 1)
    }
}
