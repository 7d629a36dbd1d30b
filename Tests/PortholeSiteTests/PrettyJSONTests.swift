import Foundation
import Testing

@testable import PortholeSite

/// `portfolio.json` used to come from `JSONEncoder`; `PrettyJSON` must write
/// the very same bytes, so spreadsheets, scripts and the golden sums see no
/// change. Each document here is written both ways and compared.
struct PrettyJSONTests {
    /// The same tree, encoded by Foundation.
    struct Encoded: Encodable {
        let value: PrettyJSON

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case .string(let text): try container.encode(text)
            case .int(let number): try container.encode(number)
            case .double(let number): try container.encode(number)
            case .bool(let value): try container.encode(value)
            case .array(let items): try container.encode(items.map(Encoded.init))
            case .object(let members): try container.encode(members.mapValues(Encoded.init))
            case .members(let members):
                try container.encode(Dictionary(members.map { ($0.key, Encoded(value: $0.value)) }) { first, _ in first })
            }
        }
    }

    func foundation(_ value: PrettyJSON) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(Encoded(value: value))) + [UInt8(ascii: "\n")]
    }

    static let awkward = [
        "", "plain", "quote \" and backslash \\ and slash / and </script>", "tab\tline\nreturn\rback\u{8}feed\u{C}",
        "\u{0}\u{1}\u{1F}\u{7F}", "C1 \u{85}\u{9F}", "line sep \u{2028}\u{2029}", "é 😀 ﬁ \u{FEFF}\u{FFFD}", "&<>'",
        "CANARY-INTERNAL-x", "0", "-1", "1e3", "true", "null",
    ]

    /// Whole numbers (written without `.0`), signed zeros, exponents both
    /// ways, the extremes, and the kinds of value status.json holds.
    static let awkwardDoubles: [Double] = [
        0, -0.0, 1, -1, 1500, 12_345.67, 0.1, 0.9876, 1.0 / 3.0, 1e-4, 1e-5, 1e-7, 1e15, 1e16, 1e17, 2.5e20,
        123_456_789_012_345_678, -3.75, 99.99, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, 4_503_599_627_370_496.5, 9_007_199_254_740_993,
    ]

    @Test func test_aNaNOrAnInfinityMakesADocumentUnwritable() {
        #expect(PrettyJSON.array([.double(1), .object(["a": .members([("b", .double(2))])])]).isWritable)
        for number in [Double.nan, .infinity, -.infinity] {
            #expect(!PrettyJSON.object(["a": .array([.members([("b", .double(number))])])]).isWritable)
            #expect((try? foundation(.double(number))) == nil)
        }
    }

    @Test func test_awkwardStringsAndEmptyContainersAreWrittenAsFoundationWritesThem() throws {
        let document = PrettyJSON.object([
            "strings": .array(Self.awkward.map(PrettyJSON.string)),
            "keys": .object(Dictionary(uniqueKeysWithValues: Self.awkward.map { ($0, PrettyJSON.int($0.utf8.count)) })),
            // Byte order, not locale order: "B" < "_x" < "a" < "a10" < "a9" < "bA" < "b_".
            "order": .object(["a9": .int(1), "a10": .int(2), "B": .int(3), "_x": .int(4), "a": .int(5), "b_": .int(6), "bA": .int(7)]),
            "numbers": .array([.int(0), .int(-42), .int(Int.max), .int(Int.min)]),
            "doubles": .array(Self.awkwardDoubles.map(PrettyJSON.double)),
            "booleans": .array([.bool(true), .bool(false)]),
            "empty array": .array([]), "empty object": .object([:]),
            "nested": .array([.array([]), .object([:]), .array([.object(["k": .array([.string("v")])])])]),
        ])
        #expect(document.bytes == (try foundation(document)))
    }

    @Test func test_anOrderedObjectLeavesOutAbsentValues() throws {
        let ordered = PrettyJSON.ordered(["date": nil, "days": .int(-3), "from": .string("green"), "to": nil])
        #expect(ordered.bytes == (try foundation(.object(["days": .int(-3), "from": .string("green")]))))
    }

    @Test func test_randomDocumentsAreWrittenAsFoundationWritesThem() throws {
        var generator = SplitMix(seed: 20)
        for round in 0..<2_000 {
            let document = Self.random(depth: 0, &generator)
            let ours = document.bytes
            let theirs = try foundation(document)
            #expect(ours == theirs, "round \(round): \(String(decoding: ours, as: UTF8.self))")
            if ours != theirs { return }
        }
    }

    static func random(depth: Int, _ generator: inout SplitMix) -> PrettyJSON {
        let kind = depth > 3 ? Int.random(in: 0...3, using: &generator) : Int.random(in: 0...5, using: &generator)
        let count = Int.random(in: 0...4, using: &generator)
        switch kind {
        case 0: return .string(randomText(&generator))
        case 1: return .int(Int.random(in: -1_000_000...1_000_000, using: &generator))
        case 2: return .double(randomDouble(&generator))
        case 3: return .bool(Bool.random(using: &generator))
        case 4: return .array((0..<count).map { _ in random(depth: depth + 1, &generator) })
        default:
            var members: [String: PrettyJSON] = [:]
            for _ in 0..<count { members[randomText(&generator)] = random(depth: depth + 1, &generator) }
            // Half the objects come already in key order, as a table's rows do.
            guard Bool.random(using: &generator) else { return .object(members) }
            return .members(members.sorted { PrettyJSON.precedes($0.key, $1.key) }.map { ($0.key, $0.value) })
        }
    }

    /// Any finite double: any bit pattern, money rounded to cents, an
    /// index rounded to four places, or one of the awkward ones.
    static func randomDouble(_ generator: inout SplitMix) -> Double {
        switch Int.random(in: 0...3, using: &generator) {
        case 0:
            let number = Double(bitPattern: generator.next())
            return number.isFinite ? number : 0
        case 1: return (Double.random(in: -1e7...1e7, using: &generator) * 100).rounded() / 100
        case 2: return (Double.random(in: 0...3, using: &generator) * 10_000).rounded() / 10_000
        default: return awkwardDoubles.randomElement(using: &generator)!
        }
    }

    static func randomText(_ generator: inout SplitMix) -> String {
        let pieces = awkward + ["a", "b", "_", "Z", "9", "10", "-", " "]
        return (0..<Int.random(in: 0...3, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    /// A seeded generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
