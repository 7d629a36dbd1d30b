import PropertyBased
import Testing

@testable import PortholeMarkdown

/// The `## Internal` rule (content.md "weekly status note"): a level-2
/// heading reading "Internal" (any case) at the top level hides everything
/// up to the next level-1 or level-2 heading. Generated notes mix ATX and
/// setext headings of every level, headings in quotes, lists and code, and
/// link definitions; every block carries a unique word, and a model of the
/// rule says which words are internal. None may reach any client output.
struct InternalSectionPropertyTests {
    /// A heading's source text and whether it reads "Internal".
    /// (None starts with spaces: after a list item, an indented heading
    /// would belong to the item.)
    static let titles: [(text: String, isInternal: Bool)] = [
        ("Internal", true), ("internal", true), ("INTERNAL", true), ("Internal  ", true), ("*Internal*", true),
        ("Summary", false), ("Progress", false), ("Internal notes", false), ("Not internal", false), ("Intern al", false),
    ]

    enum Block {
        case atx(level: Int, title: Int, closed: Bool)
        case setext(level: Int, title: Int)
        case paragraph
        case list
        case fencedCode
        case quoteWithHeading(title: Int)
        case listWithHeading(title: Int)
        case definition(label: Int)
        case reference(label: Int)
        case thematicBreak
    }

    static let block: Generator<Block, some SendableSequenceType> = zip(
        Gen<Int>.int(in: 0...9), Gen<Int>.int(in: 1...6), Gen<Int>.int(in: 0..<titles.count), Gen<Int>.int(in: 0...3)
    ).map { kind, level, title, label -> Block in
        switch kind {
        case 0, 1: .atx(level: [1, 2, 2, 2, 3, 4][level - 1], title: title, closed: label == 0)
        case 2: .setext(level: level <= 4 ? 2 : 1, title: title)
        case 3: .paragraph
        case 4: .list
        case 5: .fencedCode
        case 6: label < 2 ? .quoteWithHeading(title: title) : .listWithHeading(title: title)
        case 7: .definition(label: label)
        case 8: .reference(label: label)
        default: .thematicBreak
        }
    }

    /// The note's Markdown and, per unique word, whether the rule hides it.
    static func note(_ blocks: [Block]) -> (markdown: String, words: [(word: String, hidden: Bool, mustShow: Bool)]) {
        var parts: [String] = []
        var words: [(word: String, hidden: Bool, mustShow: Bool)] = []
        var inInternal = false
        func word(mustShow: Bool = true) -> String {
            let word = "qz\(words.count)qz"
            words.append((word: word, hidden: inInternal, mustShow: mustShow))
            return word
        }
        for block in blocks {
            switch block {
            case .atx(let level, let title, let closed):
                if level <= 2 { inInternal = level == 2 && titles[title].isInternal }
                let text = titles[title].text + (titles[title].isInternal ? "" : " " + word())
                parts.append(String(repeating: "#", count: level) + " " + text + (closed ? " ##" : ""))
            case .setext(let level, let title):
                inInternal = level == 2 && titles[title].isInternal
                let text = titles[title].text + (titles[title].isInternal ? "" : " " + word())
                parts.append(text + "\n" + (level == 1 ? "===" : "---"))
            case .paragraph: parts.append("Some text \(word()) and *more*.")
            case .list: parts.append("- \(word())\n- second\n  1. nested \(word())")
            case .fencedCode: parts.append("```\n## Summary\n\(word())\n## Internal\n```")
            case .quoteWithHeading(let title): parts.append("> ## \(titles[title].text)\n>\n> \(word())")
            case .listWithHeading(let title): parts.append("- ## \(titles[title].text)\n\n  \(word())")
            case .definition(let label): parts.append("[ref\(label)]: https://example.com/\(word(mustShow: false))")
            case .reference(let label): parts.append("See [the page][ref\(label)] \(word()).")
            case .thematicBreak: parts.append("***")
            }
        }
        return (parts.joined(separator: "\n\n") + "\n", words)
    }

    @Test func test_noInternalTextReachesAnyClientOutput() {
        Property.check("internal-stripper", Self.block.array(of: 0...14)) { blocks in
            let (markdown, words) = Self.note(blocks)
            let note = MarkdownNote(markdown: markdown)
            let outputs = [
                ("html", note.html), ("html(_:)", MarkdownNote.html(markdown)),
                ("visibleText", MarkdownNote.visibleText(of: markdown)),
            ]
            for (name, output) in outputs {
                for (word, isInternal, mustShow) in words {
                    if isInternal {
                        try Property.require(!output.contains(word), "\(name) shows internal \(word):\n\(markdown)\n→\n\(output)")
                    } else if mustShow {
                        try Property.require(output.contains(word), "\(name) lost public \(word):\n\(markdown)\n→\n\(output)")
                    }
                }
            }
            let hasInternal = blocks.contains {
                switch $0 {
                case .atx(2, let title, _), .setext(2, let title): Self.titles[title].isInternal
                default: false
                }
            }
            try Property.require(note.hadInternalSection == hasInternal, "hadInternalSection is \(note.hadInternalSection):\n\(markdown)")
        }
    }
}
