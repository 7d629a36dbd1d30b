import PropertyBased
import Testing

@testable import PortholeCore

/// The reporting checks' byte search (`TextSearch`): does a note name an id
/// as a whole word, does a text hold a marker. Held to a model that tries
/// every position, over hostile text with ids and near-ids mixed in.
struct TextSearchPropertyTests {
    static func isWordByte(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 95
    }

    /// Every position the needle starts at, and whether its neighbours end words there.
    static func model(_ text: String, _ needle: String, wholeWord: Bool) -> Bool {
        let haystack = Array(text.utf8)
        let needle = Array(needle.utf8)
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<start + needle.count]) == needle {
            if !wholeWord { return true }
            let before = start > 0 ? haystack[start - 1] : 0x20
            let after = start + needle.count < haystack.count ? haystack[start + needle.count] : 0x20
            if !isWordByte(before) && !isWordByte(after) { return true }
        }
        return false
    }

    static let ids = ["M5", "M50", "R1", "D-0005", "CR-0002", "[Write:", "é"]
    static let text: Generator<String, some SendableSequenceType> = Gen<String?>.element(
        of: HostileText.pieces + ids + ["XM5", "M5_", "M5’s", "(M5)", "M", "5", "[Write", "Write:"]
    ).map { $0 ?? "" }.array(of: 0...30).map { $0.joined() }

    @Test func test_mentionsAndContainsAgreeWithTheModel() {
        Property.check("text-search", zip(Self.text, Gen<Int>.int(in: 0..<Self.ids.count))) { text, index in
            let needle = Self.ids[index]
            try Property.require(
                TextSearch.mentions(text, id: needle) == Self.model(text, needle, wholeWord: true),
                "mentions \(needle) in \(text.debugDescription)")
            try Property.require(
                TextSearch.contains(text, needle) == Self.model(text, needle, wholeWord: false),
                "contains \(needle) in \(text.debugDescription)")
            // A substring (not contiguous storage of its own) takes the same answer.
            let inner = text.dropFirst(0)
            try Property.require(TextSearch.mentions(inner, id: needle) == TextSearch.mentions(text, id: needle), "substring")
        }
    }
}
