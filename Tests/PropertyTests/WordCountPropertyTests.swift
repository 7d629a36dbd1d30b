import PropertyBased
import Testing

@testable import PortholeMarkdown

/// A section's word count (the playbook's summary limit, the empty-section
/// check) is counted on cmark's literals in place, byte by byte; it must
/// equal the words of the same block's plain text, split at ASCII
/// whitespace and U+00A0, for any text, hostile bytes included.
struct WordCountPropertyTests {
    static func modelCount(_ text: String) -> Int {
        let separators: Set<Unicode.Scalar> = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{A0}"]
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            if separators.contains(scalar) {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

    /// A note of a few blocks: paragraphs with soft and hard breaks,
    /// emphasis, code, a list and a heading, their words hostile text.
    static let note: Generator<String, some SendableSequenceType> = zip(
        HostileText.string(maxPieces: 12), HostileText.string(maxPieces: 12), HostileText.string(maxPieces: 12)
    ).map { first, second, third in
        "\(first)\nnext line  \nafter a *hard* break `\(second)`\n\n- \(third)\n- item two\u{A0}words\n\n### \(second)\n\n\(third) \(first)\n"
    }

    @Test func test_wordCountIsTheWordsOfThePlainText() {
        Property.check("word-count", Self.note) { markdown in
            let document = CmarkDocument(markdown)
            for node in document.children(of: document.rootNode) {
                let counted = document.wordCount(node)
                let text = document.plainText(node)
                try Property.require(
                    counted == Self.modelCount(text), "counted \(counted), the text \(text.debugDescription) has \(Self.modelCount(text))")
                try Property.require(
                    document.hasWords(node) == (counted > 0), "hasWords disagrees with \(counted) words in \(text.debugDescription)")
            }
        }
    }
}
