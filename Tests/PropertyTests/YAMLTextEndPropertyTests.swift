import PropertyBased
import Testing

@testable import PortholeCore

/// `YAMLReader.TextEnd` counts a text's lines on its bytes (it is asked for
/// every value's location); it must agree with splitting the text into
/// Characters at each line end, which is how libyaml's marks are read.
struct YAMLTextEndPropertyTests {
    static func byCharacters(_ text: String) -> (lines: Int, lastLineLength: Int) {
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        return (lines.count, lines.last?.count ?? 0)
    }

    @Test func test_linesCountedOnBytesAgreeWithCharacters() {
        Property.check("yaml-text-end", HostileText.string(maxPieces: 40)) { text in
            let end = YAMLReader.TextEnd(text)
            let expected = Self.byCharacters(text)
            try Property.require(
                end.lines == expected.lines && end.lastLineLength == expected.lastLineLength,
                "\(text.debugDescription): \(end.lines) lines, last \(end.lastLineLength); expected \(expected)")
        }
    }

    @Test(arguments: ["", "a", "\n", "\r", "\r\n", "\n\r", "a\r\nb", "a\rb\nc", "é\u{301}\r\n\u{301}x", "\r\r\n\n"])
    func test_lineEndsAndCombiningMarks(_ text: String) {
        let end = YAMLReader.TextEnd(text)
        let expected = Self.byCharacters(text)
        #expect(end.lines == expected.lines)
        #expect(end.lastLineLength == expected.lastLineLength)
    }
}
