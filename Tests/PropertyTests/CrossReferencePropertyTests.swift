import PropertyBased
import Testing

@testable import PortholeMarkdown

/// A page links a note's ids on the HTML of the loader's parse
/// (`CrossReferences.linking(renderedHTML:)`) instead of parsing the note
/// again and linking its tree. Both must give the same bytes for any note:
/// generated notes put ids, near-ids and markup that splits or hides text
/// (emphasis, code, links, images, autolinks, raw HTML, entities, escapes,
/// brackets that open nothing, line breaks, `## Internal`) side by side.
struct CrossReferencePropertyTests {
    static let references = CrossReferences([
        "M5": CrossReference(href: "../../milestones/#milestone-m5", label: "M5 Payment certification"),
        "R1": CrossReference(href: "../../risks/#raid-r1", label: "R1 Gateway <may> \"slip\" & fail"),
        "D-0005": CrossReference(href: "../../decisions/0005/", label: "D-0005 Move cutover"),
        "D": CrossReference(href: "../../decisions/", label: "D short"),
        "amp": CrossReference(href: "../../amp/", label: "an id that is also an entity's name"),
        "quot": CrossReference(href: "../../quot/", label: "another"),
    ])

    static let pieces: [String] = [
        "M5", "R1", "D-0005", "D", "D-", "0005", "amp", "quot", "lt", "M50", "m5", "XM5", "M5_b", "M", "5", " ", "  ", "\n", "\n\n",
        "*", "_", "**", "`", "``", "\n```\n", "\n    ", "[", "]", "(", ")", "](https://x.example/M5)", "![", "!", "<", ">", "&",
        "&amp;", "&#77;5", "&quot;", "\"", "'", "\\", "\\*", "\n## ", "\n# ", "\n- ", "\n> ", "<span>", "</span>", "<!-- M5 -->",
        "<https://a.example/R1>", "<a href=\"x\">", "</a>", "<code>", "\n[ref]: /u \"M5\"\n", "[ref]", "\n## Internal\n",
        "\n## Summary\n", "—", "’", "é", ":", ".", "-", ";", "[M5](javascript:alert(1))", "text", "a", "0", "  \n", "\\\n",
    ]

    static let note: Generator<String, some SendableSequenceType> =
        Gen<String?>.element(of: pieces).map { $0 ?? "" }.array(of: 0...40).map { $0.joined() }

    /// The ids, and none: a decision's page links all but its own.
    static let removed: [String?] = ["M5", "R1", "D-0005", "D", "amp", "quot", nil, nil]

    @Test func test_linkingTheRenderedHTMLEqualsLinkingTheTree() {
        var linkedNotes = 0
        let input = zip(Self.note, Gen<Int>.int(in: 0..<Self.removed.count).map { Self.removed[$0] })
        Property.check("cross-references-in-html", input) { markdown, removed in
            let references = removed.map { Self.references.removing($0) } ?? Self.references
            let onTree = MarkdownNote.html(markdown, references: references)
            let onHTML = references.linking(renderedHTML: MarkdownNote(markdown: markdown).html)
            try Property.require(
                onHTML == onTree, "without \(removed ?? "none"), on the tree:\n\(onTree)\non the HTML:\n\(onHTML ?? "nil")")
            if onTree.contains("class=\"xref\"") { linkedNotes += 1 }
        }
        // Most generated notes name an id where it links: the comparison is
        // not only of notes with nothing to link.
        #expect(linkedNotes > Property.cases / 2, "\(linkedNotes) of \(Property.cases) notes had a link")
    }

    @Test func test_aDecisionPageLinksEverythingButItself() {
        let references = Self.references.removing("D-0005")
        let markdown = "D-0005 replaces D and names M5.\n"
        let onHTML = references.linking(renderedHTML: MarkdownNote(markdown: markdown).html)
        #expect(onHTML == MarkdownNote.html(markdown, references: references))
        #expect(onHTML?.contains(">D-0005</a>") == false)
        #expect(onHTML?.contains(">M5</a>") == true)
    }

    @Test func test_anIdThatHTMLEscapesIsLeftToTheTree() {
        let references = CrossReferences(["R&D": CrossReference(href: "../x/", label: "R&D")])
        #expect(references.linking(renderedHTML: MarkdownNote(markdown: "R&D is late.\n").html) == nil)
        #expect(MarkdownNote.html("R&D is late.\n", references: references).contains(">R&amp;D</a>"))
    }
}
