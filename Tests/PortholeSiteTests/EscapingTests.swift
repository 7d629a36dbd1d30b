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

    @Test func test_xmlEscapingMatchesTheDefinition() {
        let samples = [
            "", "plain", "<p>A &amp; B</p>", "\"quoted\" 'single'", "tab\tnew\nline\r\n",
            "bell\u{07}null\u{00}esc\u{1B}", "\u{FFFE}\u{FFFF}\u{FFFD}\u{FEFF}", "ü€😀 RTL \u{202E}txt",
            "]]><script>alert(1)</script>", String(repeating: "a&b<c>", count: 500), "&&&&", "x\u{EFBF}y",
        ]
        for sample in samples {
            #expect(Escape.xml(sample) == reference(sample), "\(sample.debugDescription)")
        }
        // Every ASCII byte and a few multi-byte neighbours of U+FFFE, in one string.
        let all = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self) + "\u{FFFD}\u{FFFE}\u{FFEE}\u{FFFF}"
        #expect(Escape.xml(all) == reference(all))
    }
}
