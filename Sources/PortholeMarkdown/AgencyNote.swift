import CCmark

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension MarkdownNote {
    /// The whole note as the agency reads it in its internal portfolio:
    /// `## Internal` sections kept, in place, each wrapped in
    /// `<div class="note-internal">` so the page can mark it as never shown to
    /// the client. Everything else is as safe as the client's HTML: no raw
    /// HTML (no CMARK_OPT_UNSAFE) and the same link allow-list (site.md
    /// property 3 holds for the portfolio too).
    public static func agencyHTML(_ markdown: String, headingShift: Int = 0) -> String {
        let document = CmarkDocument(markdown)
        document.dropUnsafeLinks()
        return document.renderMarkingInternalSections(headingShift: headingShift)
    }
}

extension CmarkDocument {
    /// Renders the top-level blocks one by one, so an internal section's
    /// blocks can be wrapped without touching cmark's HTML. Which blocks are
    /// internal is decided before headings are shifted, by the same rule as
    /// `stripInternalSections` (a level-2 heading reading "Internal", up to
    /// the next level-1 or level-2 heading).
    func renderMarkingInternalSections(headingShift: Int) -> String {
        var runs: [(isInternal: Bool, nodes: [OpaquePointer])] = []
        var internalRun = false
        for block in topBlocks {
            if block.sectionLevel != 0 { internalRun = block.opensInternal }
            if runs.last?.isInternal == internalRun, block.sectionLevel == 0 || !internalRun {
                runs[runs.count - 1].nodes.append(block.node)
            } else {
                runs.append((internalRun, [block.node]))
            }
        }
        if headingShift != 0 { shiftHeadings(by: headingShift) }
        var html = ""
        for run in runs {
            var text = ""
            for node in run.nodes { text += taking(cmark_render_html(node, CMARK_OPT_DEFAULT)) }
            html += run.isInternal ? "<div class=\"note-internal\">\n" + text + "</div>\n" : text
        }
        return html
    }
}
