import Testing

@testable import PortholeMarkdown

/// Ids in a note's text link to the client's items, on the node tree.
struct CrossReferenceTests {
    let references = CrossReferences([
        "M5": CrossReference(href: "../../milestones/index.html#milestone-m5", label: "M5 Payment certification"),
        "R1": CrossReference(href: "../../risks/index.html#raid-r1", label: "R1 Gateway <may> \"slip\" & fail"),
        "D-0005": CrossReference(href: "../../decisions/0005/index.html", label: "D-0005 Move cutover"),
        "D": CrossReference(href: "../../decisions/index.html", label: "D short"),
    ])

    func html(_ markdown: String) -> String { MarkdownNote.html(markdown, references: references) }

    let m5Link =
        #"<a class="xref" href="../../milestones/index.html#milestone-m5" aria-label="M5 Payment certification" title="M5 Payment certification">M5</a>"#

    @Test func test_idInParagraphAndListIsLinkedWithItsTitleAsName() {
        let out = html("M5 is late.\n\n- Waiting on M5: certification\n")
        #expect(out == "<p>\(m5Link) is late.</p>\n<ul>\n<li>Waiting on \(m5Link): certification</li>\n</ul>\n")
    }

    @Test func test_labelIsEscapedForTheAttribute() {
        let out = html("See R1.")
        #expect(out.contains(#"aria-label="R1 Gateway &lt;may&gt; &quot;slip&quot; &amp; fail""#))
        #expect(out.contains(">R1</a>."))
    }

    @Test(
        "Ids match as whole words only",
        arguments: [
            ("(M5)", true), ("M5:", true), ("M5–M6", true), ("M5’s", true), ("M50", false), ("m5", false), ("XM5", false), ("M5_b", false),
        ])
    func test_wholeWords(text: String, linked: Bool) {
        #expect(html("Text \(text) here.").contains("milestone-m5") == linked, "\(text)")
    }

    @Test func test_longestIdWinsAndDecisionReferencesLink() {
        let out = html("Agreed in D-0005, see D.")
        #expect(out.contains(#"href="../../decisions/0005/index.html""#))
        #expect(out.contains(">D-0005</a>"))
        #expect(out.contains(">D</a>."))
    }

    @Test func test_codeSpansCodeBlocksLinksAndImagesAreUntouched() {
        let out = html("`M5` and [about M5](https://x.example) and ![M5 chart](c.png)\n\n```\nM5\n```\n\n    R1 indented\n")
        #expect(!out.contains("xref"), "\(out)")
        #expect(out.contains("<code>M5</code>"))
        #expect(out.contains(#"<a href="https://x.example">about M5</a>"#))
        #expect(out.contains("<pre><code>M5\n</code></pre>"))
    }

    @Test func test_rawHTMLIsStillDroppedAndNotLinked() {
        let out = html("<span>M5</span> and <b title=\"R1\">x</b>\n")
        #expect(!out.contains("<span>"))
        #expect(!out.contains("<b "))
        // The text between the dropped tags is ordinary text.
        #expect(out.contains(">M5</a>"))
        #expect(!out.contains("raid-r1"))
    }

    @Test func test_unknownIdsAndInternalSectionsStayOut() {
        let out = html("M9 is ours.\n\n## Internal\nM5 and R1 margin.\n")
        #expect(!out.contains("<a"))
        #expect(!out.contains("margin"))
    }

    @Test func test_idAcrossSplitTextNodesIsFound() {
        // "[" that opens no link makes cmark split the text around it.
        let out = html("[M5] and !R1")
        #expect(out.contains(">M5</a>]"))
        #expect(out.contains("!<a class=\"xref\" href=\"../../risks/index.html#raid-r1\""))
    }

    @Test func test_emphasisAndHeadingsAreLinkedInside() {
        let out = MarkdownNote.html("## M5 rehearsal\n**M5** done\n", headingShift: 1, references: references)
        #expect(out.hasPrefix("<h3>\(m5Link) rehearsal</h3>"))
        #expect(out.contains("<strong>\(m5Link)</strong>"))
    }

    @Test func test_noReferencesGivesTheSameHTML() {
        let markdown = "## Summary\nM5 and R1 and `code`.\n"
        #expect(MarkdownNote.html(markdown) == MarkdownNote(markdown: markdown).html)
        #expect(!references.anyMentioned(in: "M50 and m5 only"))
        #expect(references.anyMentioned(in: "after (M5)"))
        #expect(references.removing("M5").anyMentioned(in: "M5") == false)
    }
}
