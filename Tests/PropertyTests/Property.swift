import Foundation
import PropertyBased
import Testing

/// Runs a property over many generated inputs with a fixed seed, so
/// `make test` checks the same cases on every machine.
///
/// PropertyBased's own `propertyCheck` seeds from the system's randomness
/// (and a `.fixedSeed` trait runs one case only), so this drives its
/// generators with its `Xoshiro` generator from a seed of our own instead:
///
/// - `PORTHOLE_PROPERTY_CASES=5000` runs more cases per property (default 200);
/// - `PORTHOLE_PROPERTY_SEED=42` runs another set of cases (default 20261127);
/// - a failure prints the seed of the failing case (`case seed …`):
///   `PORTHOLE_PROPERTY_CASE=<seed> swift test --filter <test>` runs that one
///   case again.
enum Property {
    static let defaultCases = 200
    static let defaultSeed: UInt64 = 20_261_127

    static var cases: Int {
        ProcessInfo.processInfo.environment["PORTHOLE_PROPERTY_CASES"].flatMap { Int($0) }.map { max(1, $0) } ?? defaultCases
    }

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["PORTHOLE_PROPERTY_SEED"].flatMap { UInt64($0) } ?? defaultSeed
    }

    /// A property that does not hold for one input.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Fails the case with `message` unless `condition` holds.
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw Failure(description: message()) }
    }

    /// Each property gets its own stream from the seed and its name, so
    /// adding a property does not change the cases of the others.
    static func generator(for name: String, seed: UInt64 = Property.seed) -> Xoshiro {
        var state = seed ^ fnv1a(name)
        func next() -> UInt64 {
            // splitmix64, the usual way to spread one word into a xoshiro state.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return Xoshiro(seed: (next(), next(), next(), next()))
    }

    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }

    /// Runs `body` on `cases` inputs of `input`; records the first failing
    /// input with the seed that generates it again, and stops there.
    static func check<Value, Shrink: SendableSequenceType>(
        _ name: String, cases: Int = Property.cases, _ input: Generator<Value, Shrink>,
        sourceLocation: SourceLocation = #_sourceLocation, _ body: (Value) throws -> Void
    ) {
        var rng = generator(for: name)
        let replay = ProcessInfo.processInfo.environment["PORTHOLE_PROPERTY_CASE"].flatMap { Xoshiro(seed: $0) }
        if let replay { rng = replay }
        for index in 0..<(replay == nil ? cases : 1) {
            let caseSeed = rng.currentSeed
            let value = input.run(using: &rng)
            do {
                try body(value)
            } catch {
                let message =
                    "\(name): case \(index + 1) failed: \(error)\ninput: \(String(reflecting: value))\n"
                    + "case seed \(caseSeed) (PORTHOLE_PROPERTY_CASE=\(caseSeed) runs it again)"
                Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
                return
            }
        }
    }
}

/// Text built to hurt escapers and parsers: markup and format specials,
/// controls, line ends, noncharacters, combining marks, emoji, bidi
/// controls, and plain letters between them.
enum HostileText {
    static let pieces: [String] = [
        "<", ">", "&", "\"", "'", "`", "=", "/", "\\", ";", ",", ":", "\n", "\r", "\r\n", "\t", " ", "  ",
        "\u{00}", "\u{01}", "\u{07}", "\u{0B}", "\u{0C}", "\u{1B}", "\u{1F}", "\u{7F}", "\u{85}", "\u{A0}",
        "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{200B}", "\u{202E}",
        "\u{0301}", "\u{0301}\u{0302}\u{0303}", "e\u{0301}", "ü", "ß", "İ", "€", "中文", "😀", "👩‍👩‍👧", "🇫🇷",
        "&amp;", "&lt;", "&#39;", "&#x26;", "]]>", "<![CDATA[", "-->", "<!--", "<script>", "\\n", "\\,", "\\;",
        "{{", "}}", "%", "%2e", "..", "#", "---", "- ", "* ", "> ", "## Internal", "x", "Milestone", "M5",
        "a", "b", "0", "9", "-", "_", ".", "Z",
    ]

    /// Strings of 0 to `maxPieces` pieces.
    static func string(maxPieces: Int = 24) -> Generator<String, some SendableSequenceType> {
        Gen<String?>.element(of: pieces).map { $0 ?? "" }.array(of: 0...maxPieces).map { $0.joined() }
    }

    /// A long run of one combining mark on a letter: one Character of many bytes.
    static let longCluster: Generator<String, some SendableSequenceType> = Gen<Int>.int(in: 1...60).map {
        "a" + String(repeating: "\u{0301}", count: $0)
    }
}
