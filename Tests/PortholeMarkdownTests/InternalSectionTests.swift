import Testing

@testable import PortholeMarkdown

/// content.md: a level-2 section headed `Internal` (any case), up to the next
/// level-1 or level-2 heading, never reaches a client.
struct InternalSectionTests {
    let secret = "TOP-SECRET-MARGIN"

    func visibleHTML(_ markdown: String) -> String { MarkdownNote(markdown: markdown).html }

    @Test(
        "Internal section is removed, whatever its case or heading style",
        arguments: [
            "## Internal\n",
            "## internal\n",
            "## INTERNAL\n",
            "## Internal ##\n",
            "##   Internal   \n",
            "Internal\n--------\n",
        ])
    func test_internalSectionNeverReachesClientHTML(heading: String) {
        let markdown = "## Summary\nAll good.\n\n\(heading)\n\(secret) here.\n\n### Commercial\nMargin \(secret).\n\n## Next\n- Ship it\n"
        let note = MarkdownNote(markdown: markdown)
        #expect(!note.html.contains(secret))
        #expect(note.html.contains("All good."))
        #expect(note.html.contains("Ship it"), "the section after Internal stays")
        #expect(note.hadInternalSection)
    }

    @Test func test_internalSectionEndsAtLevelOneHeading() {
        let html = visibleHTML("## Internal\n\(secret)\n\n# Appendix\nPublic text\n")
        #expect(!html.contains(secret))
        #expect(html.contains("Public text"))
    }

    @Test func test_levelThreeInternalHeadingIsNotASection() {
        // Only a level-2 heading opens an internal section (content.md).
        let html = visibleHTML("## Progress\n### Internal\nvisible words\n")
        #expect(html.contains("visible words"))
    }

    @Test func test_headingNamedInternalSomethingIsNotInternal() {
        let html = visibleHTML("## Internal launch plan\nvisible words\n")
        #expect(html.contains("visible words"))
    }

    @Test func test_textMentioningInternalIsKept() {
        let html = visibleHTML("## Summary\nThe internal build is ready.\n")
        #expect(html.contains("internal build"))
    }

    @Test func test_outlineKeepsInternalSectionMarked() {
        let note = MarkdownNote(markdown: "## Summary\none two three\n\n## Internal\nsecret\n", countingWordsOf: ["summary"])
        #expect(note.sections.map(\.title) == ["Summary", "Internal"])
        #expect(note.sections.map(\.isInternal) == [false, true])
        #expect(note.sections[0].wordCount == 3)
        // Only the sections asked for are counted; every one says whether
        // it has words.
        #expect(note.sections[1].wordCount == nil)
        #expect(note.sections.map(\.hasWords) == [true, true])
        #expect(note.sections[1].line == 4)
        #expect(note.sections[1].column == 1)
    }

    /// Words are what a reader sees: markup inside a word does not split it,
    /// line breaks, list items, blocks and no-break spaces do.
    @Test func test_sectionWordCountsReadTheRenderedText() {
        let note = MarkdownNote(
            markdown: """
                ## Summary
                Two words.
                Soft break here.

                - item one
                - item two

                Word**bold**joined and `code span` plus&nbsp;nbsp — dash.

                    code block line

                ## Next
                *one*two three\\
                four

                ## Empty
                ### A heading is not prose
                """, countingWordsOf: ["Summary", "next", "EMPTY"])
        #expect(note.sections.map(\.wordCount) == [20, 3, 0])
        #expect(note.sections.map(\.hasWords) == [true, true, false])
    }
}

struct SafeMarkdownTests {
    @Test func test_rawHTMLIsNotPassedThrough() {
        let html = MarkdownNote.html("Hello <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<div onclick=\"x\">block</div>\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("onerror"))
        #expect(!html.contains("onclick"))
    }

    @Test(
        "Unsafe link schemes are dropped, keeping the text",
        arguments: [
            "javascript:alert(1)", "JavaScript:alert(1)", "vbscript:msgbox", "data:text/html;base64,PHNjcmlwdD4=",
            "data:image/png;base64,AAAA", "file:///etc/passwd", "java\tscript:alert(1)",
            // ":" and a combining mark are one Character, but a browser reads
            // the ":" and runs the script.
            "javascript:\u{301}alert(1)", ":alert(1)",
        ])
    func test_unsafeLinksAreDropped(url: String) {
        let html = MarkdownNote.html("[click me](<\(url)>) and ![pic](<\(url)>)\n")
        #expect(!html.contains("href"), "\(html)")
        #expect(!html.contains("<img"), "\(html)")
        #expect(html.contains("click me"))
    }

    @Test(
        "Safe links are kept",
        arguments: ["https://example.com/a", "mailto:jane@example.com", "../updates/index.html", "#r1", "page?x=a:b"])
    func test_safeLinksAreKept(url: String) {
        let html = MarkdownNote.html("[go](\(url))\n")
        #expect(html.contains("href=\""), "\(html)")
    }

    @Test func test_headingShiftMovesLevels() {
        let html = MarkdownNote.html("# One\n## Two\n###### Six\n", headingShift: 1)
        #expect(html.contains("<h2>One</h2>"))
        #expect(html.contains("<h3>Two</h3>"))
        #expect(html.contains("<h6>Six</h6>"))
    }

    @Test func test_visibleTextIsPlainTextWithoutInternal() {
        let text = MarkdownNote.visibleText(
            of: "## Summary\nThe *build* is `green`,\nsee [the plan](https://example.com).\n\nMore.\n\n## Internal\nM7 slips\n")
        #expect(text == "Summary The build is green, see the plan. More.")
    }
}

struct InternalReferenceTests {
    @Test func test_linkReferenceDefinedUnderInternalDoesNotResolveAbove() {
        let markdown = """
            ## Summary
            Budget is in [the plan][plan].

            ## Internal
            [plan]: https://drive.example/SECRET-margin-sheet "Internal: 12% margin"

            ## Next
            - Ship
            """
        let note = MarkdownNote(markdown: markdown)
        #expect(!note.html.contains("SECRET"), "\(note.html)")
        #expect(!note.html.contains("12% margin"))
        #expect(note.html.contains("Ship"))
        #expect(note.sections.map(\.title) == ["Summary", "Internal", "Next"])
    }

    /// The marker in any case and with any surrounding space, and nothing
    /// else: an ASCII heading is compared letter by letter, any other as the
    /// definition says (trimmed, lower-cased, equal to `internal`).
    @Test(arguments: [
        "Internal", "internal", "INTERNAL", "  iNtErNaL\t", "internals", "interna", "@NTERNAL", "internal!", "in ternal", "",
        "\u{130}NTERNAL", "\u{131}nternal", "internal\u{301}", "INTERNA\u{212A}", "\u{FF29}nternal",
    ])
    func test_theInternalMarkerIsMatchedAsDefined(text: String) {
        #expect(isInternalHeading(text) == (text.trimmingWhitespace().lowercased() == "internal"))
    }
}
