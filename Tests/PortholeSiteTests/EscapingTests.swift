import Testing

@testable import PortholeSite

/// `Escape.xml` works on runs of bytes for speed; it must agree with the
/// plain definition, scalar by scalar, on awkward text.
struct EscapingTests {
    /// The definition: the five XML specials as entities, C0 controls other
    /// than tab, newline and return dropped, U+FFFE and U+FFFF dropped.
    func reference(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20: continue
            case "\u{FFFE}", "\u{FFFF}": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static let samples = [
        "", "plain", "<p>A &amp; B</p>", "\"quoted\" 'single'", "tab\tnew\nline\r\n",
        "bell\u{07}null\u{00}esc\u{1B}", "\u{FFFE}\u{FFFF}\u{FFFD}\u{FEFF}", "ü€😀 RTL \u{202E}txt",
        "]]><script>alert(1)</script>", String(repeating: "a&b<c>", count: 500), "&&&&", "x\u{EFBF}y",
        // Every ASCII byte and a few multi-byte neighbours of U+FFFE, in one string.
        String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self) + "\u{FFFD}\u{FFFE}\u{FFEE}\u{FFFF}",
    ]

    @Test func test_xmlEscapingMatchesTheDefinition() {
        for sample in Self.samples {
            #expect(Escape.xml(sample) == reference(sample), "\(sample.debugDescription)")
        }
    }

    /// Either side of the length at which long texts take the other path,
    /// with what is escaped or dropped (three bytes of U+FFFF) last.
    @Test func test_textsAroundTheLongTextLengthAreEscapedAlike() {
        for length in 252...258 {
            for last in ["&", "\u{FFFF}", "\u{FFFE}x", "\u{1F}", "é"] {
                let text = String(repeating: "a", count: length - last.utf8.count) + last
                #expect(Escape.xml(text) == reference(text), "\(length) bytes ending \(last.debugDescription)")
            }
        }
    }

    /// A long text (a note's HTML) is escaped into one buffer instead of run
    /// by run: the same definition, up to its last bytes.
    @Test func test_longTextIsEscapedByTheSameDefinition() {
        for sample in Self.samples {
            for long in [
                String(repeating: "ab", count: 130) + sample, String(repeating: sample + "ü", count: 300 / (sample.utf8.count + 2) + 1),
            ] {
                #expect(long.utf8.count >= 256)
                #expect(Escape.xml(long) == reference(long), "\(long.debugDescription)")
                var appended = Array("kept".utf8)
                Escape.xml(long, into: &appended)
                #expect(appended == Array(("kept" + reference(long)).utf8))
            }
        }
    }
}
