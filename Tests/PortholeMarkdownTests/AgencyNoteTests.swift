import Testing

@testable import PortholeMarkdown

/// The portfolio shows a note whole, its `## Internal` section in place and
/// marked, but with the same protections as the client's HTML (site.md
/// property 3).
struct AgencyNoteTests {
    @Test func test_internalSectionIsKeptInPlaceAndMarked() {
        let markdown = "## Summary\nAll good.\n\n## Internal\nMargin is thin.\n\n### Commercial\nInvoice late.\n\n## Next\n- Ship it\n"
        let html = MarkdownNote.agencyHTML(markdown, headingShift: 1)
        #expect(
            html.contains(
                "<div class=\"note-internal\">\n<h3>Internal</h3>\n<p>Margin is thin.</p>\n<h4>Commercial</h4>\n<p>Invoice late.</p>\n</div>"
            ), "\(html)")
        let summary = html.firstRange(of: "All good.")!.lowerBound
        let margin = html.firstRange(of: "Margin")!.lowerBound
        let next = html.firstRange(of: "Ship it")!.lowerBound
        #expect(summary < margin && margin < next, "the section stays where the PM wrote it")
        #expect(!html.contains("Ship it</li>\n</ul>\n</div>"), "the next section is not inside the internal frame")
    }

    @Test func test_noteWithoutInternalSectionRendersAsTheClientSeesIt() {
        let markdown = "## Summary\nAll [good](https://example.com).\n\n## Next\n- Ship it\n"
        #expect(MarkdownNote.agencyHTML(markdown) == MarkdownNote(markdown: markdown).html)
    }

    @Test func test_rawHTMLAndUnsafeLinksStayOutOfTheAgencyView() {
        let markdown = "## Internal\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n"
        let html = MarkdownNote.agencyHTML(markdown)
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("onerror"))
        #expect(html.contains("click"))
    }
}
