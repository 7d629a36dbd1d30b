import CCmark
import Testing

@testable import PortholeMarkdown

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A note's tree lives in its thread's arena (`CCmarkArena`): the HTML is
/// still cmark's own, whatever the note's size, however many documents a
/// thread holds at once, on several threads at once.
struct CmarkArenaTests {
    /// cmark's HTML of `markdown` with its default allocator.
    private static func reference(_ markdown: String) -> String {
        guard let html = cmark_markdown_to_html(markdown, markdown.utf8.count, CMARK_OPT_DEFAULT) else { return "" }
        defer { free(html) }
        return String(cString: html)
    }

    /// A note of `sections` sections with lists, emphasis, code and links:
    /// many kinds of node, and at a few hundred sections more HTML than one
    /// chunk of the arena holds.
    private static func note(_ seed: Int, sections: Int) -> String {
        (0..<sections).map { index in
            "## Part \(seed)-\(index)\n\nSome *text* with `code \(index)` and a [link](https://example.com/\(seed)/\(index)).\n\n"
                + "- one \(index)\n- two **\(seed)**\n"
        }.joined(separator: "\n")
    }

    @Test(arguments: [1, 40, 2_000])
    func test_htmlIsCmarksOwnAtEverySize(sections: Int) {
        let markdown = Self.note(sections, sections: sections)
        #expect(MarkdownNote(markdown: markdown).html == Self.reference(markdown))
    }

    @Test func test_documentsOpenAtOnceOnOneThreadKeepTheirTrees() {
        // As a note with an internal link definition is parsed a second
        // time while its first tree is still open.
        let first = CmarkDocument(Self.note(1, sections: 300))
        let second = CmarkDocument(Self.note(2, sections: 300))
        do {
            let third = CmarkDocument(Self.note(3, sections: 300))
            #expect(third.renderHTML() == Self.reference(Self.note(3, sections: 300)))
        }
        #expect(first.renderHTML() == Self.reference(Self.note(1, sections: 300)))
        #expect(second.renderHTML() == Self.reference(Self.note(2, sections: 300)))
    }

    @Test func test_notesOnSeveralThreadsAtOnce() async {
        await withTaskGroup(of: Bool.self) { group in
            for thread in 0..<4 {
                group.addTask {
                    (0..<40).allSatisfy { index in
                        let markdown = Self.note(thread * 100 + index, sections: index * 7 % 150 + 1)
                        return MarkdownNote(markdown: markdown).html == Self.reference(markdown)
                    }
                }
            }
            for await sameAsCmark in group { #expect(sameAsCmark) }
        }
    }
}
