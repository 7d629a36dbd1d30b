import CCmark
import CCmarkArena

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A level-2 section of a note, as the PM wrote it (before Internal stripping).
public struct NoteSection: Sendable, Equatable {
    public let title: String
    /// 1-based line and column in the Markdown body (not counting front matter).
    public let line: Int
    public let column: Int
    /// Whether the section has a word of prose (headings excluded).
    public let hasWords: Bool
    /// Its words of prose (headings excluded), counted only for the
    /// sections the note was asked to count (`MarkdownNote`'s
    /// `countingWordsOf`), nil for the others: most sections need only not
    /// be empty, and counting every word of every note was most of the
    /// outline's cost.
    public let wordCount: Int?
    public let isInternal: Bool
}

/// One parse of a Markdown body, with everything later stages need from it:
/// the outline for validation, and the client-visible HTML.
///
/// libcmark is parsed exactly once per note; node pointers never leave this
/// module, so the value is `Sendable` and crosses task boundaries freely.
public struct MarkdownNote: Sendable {
    public let sections: [NoteSection]
    /// HTML without any `## Internal` section, raw HTML or unsafe links.
    public let html: String
    public let hadInternalSection: Bool
    /// Headings reading "Internal" that are not level 2: they do not hide
    /// anything, which a PM almost certainly did not mean.
    public let misplacedInternalHeadings: [(line: Int, column: Int, level: Int)]

    /// - Parameters:
    ///   - headingShift: added to every heading level (clamped to 6), so a
    ///     note can sit under a page's own `h1`/`h2`.
    ///   - countingWordsOf: the titles (lower-cased) of the sections whose
    ///     words are counted (`NoteSection.wordCount`).
    public init(markdown: String, headingShift: Int = 0, countingWordsOf counted: Set<String> = []) {
        let parsed = CmarkDocument(markdown)
        sections = parsed.outline(countingWordsOf: Set(counted.map { $0.lowercased() }))
        let (document, hadInternal) = MarkdownNote.clientDocument(parsed, markdown: markdown)
        hadInternalSection = hadInternal
        // Only what survives stripping is published: a "### Internal" inside
        // a real "## Internal" section is gone already.
        misplacedInternalHeadings = document.prepareForClient(headingShift: headingShift)
        html = document.renderHTML()
    }

    /// The source with the given lines (1-based) emptied, or nil when they
    /// hold no link reference definition (no `]:`): nothing else in an
    /// internal section reaches outside it, so the first parse stands and a
    /// second one is saved for most notes.
    static func blankingDefinitions(in ranges: [ClosedRange<Int>], of markdown: String) -> String? {
        var source = Array(markdown.utf8)
        var line = 1
        var hasDefinition = false
        var previous: UInt8 = 0
        func isInternal(_ line: Int) -> Bool { ranges.contains { $0.contains(line) } }
        var internalLine = isInternal(1)
        for index in source.indices {
            let byte = source[index]
            defer { previous = byte }
            if byte == UInt8(ascii: "\n") {
                line += 1
                internalLine = isInternal(line)
                continue
            }
            guard internalLine else { continue }
            if byte == UInt8(ascii: ":") && previous == UInt8(ascii: "]") { hasDefinition = true }
            // A space keeps every byte offset; the line reads as blank.
            source[index] = UInt8(ascii: " ")
        }
        return hasDefinition ? String(decoding: source, as: UTF8.self) : nil
    }

    /// The items of a section's lists (or its paragraphs, when it has no
    /// list) as plain text: what `porthole new update` carries forward.
    public static func items(in markdown: String, section title: String) -> [String] {
        CmarkDocument(markdown).items(inSection: title)
    }

    /// Plain text of everything a client sees of a note (link text
    /// included). Parsed again when asked: one check needs it, for the latest
    /// note of a project with an overdue milestone, and making it for every
    /// note of every build cost more than that second parse.
    public static func visibleText(of markdown: String) -> String {
        let (document, _) = clientDocument(CmarkDocument(markdown), markdown: markdown)
        return document.plainText(document.rootNode)
    }

    /// Client-visible HTML of Markdown: a short field (a summary, a
    /// mitigation), or a note shown with its ids linked (`references`, the
    /// client-visible items only). Only the HTML: none of the outline and
    /// plain text a weekly note needs for its checks.
    public static func html(_ markdown: String, headingShift: Int = 0, references: CrossReferences = .none) -> String {
        let (document, _) = clientDocument(CmarkDocument(markdown), markdown: markdown)
        document.dropUnsafeLinks()
        // After dropping unsafe links: the text of a dropped link is text
        // again, and may name an id.
        document.linkCrossReferences(references)
        if headingShift != 0 { document.shiftHeadings(by: headingShift) }
        return document.renderHTML()
    }

    /// The client-visible Markdown of a note, for a plain-text e-mail: the
    /// same stripping and link policy as `html`, written back as CommonMark
    /// wrapped at `width` columns.
    public static func clientMarkdown(_ markdown: String, width: Int = 72) -> String {
        let (document, _) = clientDocument(CmarkDocument(markdown), markdown: markdown)
        document.dropUnsafeLinks()
        return document.renderCommonMark(width: width)
    }

    /// The document without its `## Internal` sections, and whether it had
    /// any.
    private static func clientDocument(_ parsed: CmarkDocument, markdown: String) -> (CmarkDocument, Bool) {
        var document = parsed
        // Link reference definitions are resolved while parsing, so one under
        // "## Internal" would still fill in a link above it: the internal
        // lines are blanked in the source and the rest parsed again.
        let internalLines = document.internalLineRanges()
        if !internalLines.isEmpty, let blanked = blankingDefinitions(in: internalLines, of: markdown) {
            document = CmarkDocument(blanked)
        }
        let stripped = document.stripInternalSections()
        return (document, stripped || !internalLines.isEmpty)
    }
}

/// Is this heading text the spec's `Internal` marker? (content.md: "any case").
public func isInternalHeading(_ text: String) -> Bool {
    let trimmed = text.trimmingWhitespace()
    // ASCII, as headings nearly always are: compared letter by letter in
    // either case, without a lower-cased copy.
    guard trimmed.utf8.allSatisfy({ $0 < 0x80 }) else { return trimmed.lowercased() == "internal" }
    return trimmed.utf8.count == 8 && zip(trimmed.utf8, "internal".utf8).allSatisfy { $0 | 0x20 == $1 }
}

/// Owns one cmark tree for the lifetime of a `MarkdownNote` initialiser.
///
/// The tree's memory comes from the thread's arena (`CCmarkArena`), which
/// is released whole when the thread's last document goes: a note's
/// thousands of nodes and buffers are neither freed one by one nor walked
/// to be freed. So a document never leaves the function that made it (its
/// `deinit` must run on the thread its `init` did), and what is read out of
/// it (text, HTML) is copied into Swift values before it goes.
final class CmarkDocument {
    private let root: OpaquePointer
    /// The tree's allocator: nodes made for it (`makeNode`) and text cmark
    /// renders from it use it too.
    let memory: UnsafeMutablePointer<cmark_mem>

    init(_ markdown: String) {
        // Never CMARK_OPT_UNSAFE: raw HTML becomes a comment, and cmark blanks
        // javascript:/vbscript: URLs (site.md property 3). No
        // CMARK_OPT_VALIDATE_UTF8: a String's bytes are valid UTF-8 already
        // (the loader reports a file that is not, and does not parse it),
        // so checking every line again finds nothing.
        let options = CMARK_OPT_DEFAULT
        let memory = porthole_cmark_arena_enter().assumingMemoryBound(to: cmark_mem.self)
        self.memory = memory
        var source = markdown
        let parser = cmark_parser_new_with_mem(options, memory)
        source.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        root = cmark_parser_finish(parser)
        cmark_parser_free(parser)
    }

    deinit { porthole_cmark_arena_leave() }

    /// A new node of this document's tree.
    func makeNode(_ type: cmark_node_type) -> OpaquePointer? { cmark_node_new_with_mem(type, memory) }

    /// Text cmark rendered from this tree, as a String.
    func taking(_ rendered: UnsafeMutablePointer<CChar>?) -> String {
        guard let rendered else { return "" }
        defer { memory.pointee.free(rendered) }
        return String(cString: rendered)
    }

    var rootNode: OpaquePointer { root }

    /// A block at the top of the document, as the outline, the internal
    /// line ranges, the stripping of internal sections and the agency's
    /// marking of them (`renderMarkingInternalSections`) all read it.
    struct TopBlock {
        let node: OpaquePointer
        /// 1 or 2 for a section heading (`isSectionHeading`), else 0.
        let sectionLevel: Int32
        /// A section heading's text (`plainText`), "" for any other block.
        let title: String
        /// A level-2 heading reading `Internal` (`isInternalHeading`).
        let opensInternal: Bool
    }

    /// The top-level blocks, read once: each of those walked them and
    /// made every heading's text again. Nil again once the tree changes.
    private var topBlocksRead: [TopBlock]?

    var topBlocks: [TopBlock] {
        if let read = topBlocksRead { return read }
        let read = children(of: root).map { node in
            guard isSectionHeading(node) else { return TopBlock(node: node, sectionLevel: 0, title: "", opensInternal: false) }
            let level = cmark_node_get_heading_level(node)
            let title = plainText(node)
            return TopBlock(node: node, sectionLevel: level, title: title, opensInternal: level == 2 && isInternalHeading(title))
        }
        topBlocksRead = read
        return read
    }

    /// 1-based line ranges of the `## Internal` sections, heading included,
    /// up to the line before the next level-1 or level-2 heading.
    func internalLineRanges() -> [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        var start: Int?
        for block in topBlocks where block.sectionLevel != 0 {
            let line = Int(cmark_node_get_start_line(block.node))
            if let open = start {
                ranges.append(open...max(open, line - 1))
                start = nil
            }
            if block.opensInternal { start = line }
        }
        if let open = start { ranges.append(open...Int.max / 2) }
        return ranges
    }

    func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    func type(_ node: OpaquePointer) -> cmark_node_type { cmark_node_get_type(node) }

    /// What a reader sees of a node, in order: literal text, and the
    /// breaks between lines and blocks. Both `plainText` and `wordCount`
    /// read it, so the two always agree on what the text is.
    private enum TextPiece {
        case literal(UnsafePointer<CChar>)
        /// A soft or hard line break: a space.
        case lineBreak
        /// The start of a paragraph, item, heading or code block: a space,
        /// unless the text already ends with one.
        case blockStart
    }

    /// Stops when `body` returns false.
    private func forEachTextPiece(_ node: OpaquePointer, _ body: (TextPiece) -> Bool) {
        let iter = cmark_iter_new(node)
        defer { cmark_iter_free(iter) }
        while case let event = cmark_iter_next(iter), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iter) else { continue }
            let goesOn: Bool
            switch type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                goesOn = cmark_node_get_literal(current).map { body(.literal($0)) } ?? true
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                goesOn = body(.lineBreak)
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_ITEM, CMARK_NODE_HEADING:
                goesOn = body(.blockStart)
            case CMARK_NODE_CODE_BLOCK:
                goesOn = body(.blockStart) && (cmark_node_get_literal(current).map { body(.literal($0)) } ?? true)
            default:
                goesOn = true
            }
            if !goesOn { return }
        }
    }

    /// Concatenated text of every text-like descendant.
    func plainText(_ node: OpaquePointer) -> String {
        var text = ""
        forEachTextPiece(node) { piece in
            switch piece {
            case .literal(let literal): text += String(cString: literal)
            case .lineBreak: text += " "
            case .blockStart: if !text.isEmpty, text.last != " " { text += " " }
            }
            return true
        }
        return text
    }

    /// `plainText(node)`'s words, counted on the literals in place (the
    /// text itself is rarely needed), up to `limit`. (A space too many at a
    /// block start changes no count.)
    func wordCount(_ node: OpaquePointer, upTo limit: Int = .max) -> Int {
        var counter = WordCounter()
        forEachTextPiece(node) { piece in
            switch piece {
            case .literal(let literal): counter.feed(literal)
            case .lineBreak, .blockStart: counter.feed(UInt8(ascii: " "))
            }
            return counter.count < limit
        }
        return counter.count
    }

    /// `wordCount(node) > 0`, read only up to the first word.
    func hasWords(_ node: OpaquePointer) -> Bool { wordCount(node, upTo: 1) > 0 }

    func isSectionHeading(_ node: OpaquePointer) -> Bool {
        type(node) == CMARK_NODE_HEADING && cmark_node_get_heading_level(node) <= 2
    }

    func outline(countingWordsOf counted: Set<String> = []) -> [NoteSection] {
        var sections: [NoteSection] = []
        var current: (title: String, line: Int, column: Int, words: Int?, hasWords: Bool, isInternal: Bool)?
        func close() {
            if let open = current {
                sections.append(
                    NoteSection(
                        title: open.title, line: open.line, column: open.column, hasWords: open.hasWords,
                        wordCount: open.words, isInternal: open.isInternal))
            }
        }
        for block in topBlocks {
            let node = block.node
            if block.sectionLevel != 0 {
                close()
                current = nil
                if block.sectionLevel == 2 {
                    let title = block.title.trimmingWhitespace()
                    current = (
                        title, Int(cmark_node_get_start_line(node)), Int(cmark_node_get_start_column(node)),
                        counted.contains(title.lowercased()) ? 0 : nil, false, block.opensInternal
                    )
                }
            } else if type(node) != CMARK_NODE_HEADING, let open = current {
                if let words = open.words {
                    let more = wordCount(node)
                    current?.words = words + more
                    current?.hasWords = open.hasWords || more > 0
                } else if !open.hasWords {
                    current?.hasWords = hasWords(node)
                }
            }
        }
        close()
        return sections
    }

    /// Removes every `## Internal` section: the heading and all blocks up to
    /// the next level-1 or level-2 heading (content.md, "weekly status note").
    /// Works on the node tree, so setext headings, closing hashes and any
    /// letter case are all caught by the same rule.
    @discardableResult
    func stripInternalSections() -> Bool {
        var removing = false
        var removedAny = false
        for block in topBlocks {
            if block.sectionLevel != 0 { removing = block.opensInternal }
            if removing {
                cmark_node_unlink(block.node)
                cmark_node_free(block.node)
                removedAny = true
            }
        }
        if removedAny { topBlocksRead = nil }
        return removedAny
    }

    /// Replaces links and images whose URL is not on the allow-list by their
    /// text, so `javascript:`, `vbscript:`, `data:` and `file:` never reach a
    /// page, not even as an empty `href`.
    func dropUnsafeLinks() {
        var unsafe: [OpaquePointer] = []
        let iter = cmark_iter_new(root)
        while case let event = cmark_iter_next(iter), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter), isUnsafeLink(node) else { continue }
            unsafe.append(node)
        }
        cmark_iter_free(iter)
        unwrap(unsafe)
    }

    /// What every note's client copy goes through, in one walk of the tree
    /// (it was three): finds the `Internal` headings that do not mark a
    /// section (not level 2, or not at the top: line, column, level),
    /// shifts every heading by `shift` (clamped to 1...6), and unwraps the
    /// links and images `dropUnsafeLinks` unwraps. A heading is checked
    /// before its level is shifted, and links are unwrapped after the walk.
    func prepareForClient(headingShift shift: Int) -> [(line: Int, column: Int, level: Int)] {
        var misplaced: [(Int, Int, Int)] = []
        var unsafe: [OpaquePointer] = []
        let iter = cmark_iter_new(root)
        while case let event = cmark_iter_next(iter), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
            switch type(node) {
            case CMARK_NODE_HEADING:
                let level = Int(cmark_node_get_heading_level(node))
                if level != 2 || cmark_node_parent(node) != root, isInternalHeading(plainText(node)) {
                    misplaced.append((Int(cmark_node_get_start_line(node)), Int(cmark_node_get_start_column(node)), level))
                }
                if shift != 0 {
                    cmark_node_set_heading_level(node, Int32(min(6, max(1, level + shift))))
                    topBlocksRead = nil
                }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if isUnsafeLink(node) { unsafe.append(node) }
            default:
                break
            }
        }
        cmark_iter_free(iter)
        unwrap(unsafe)
        return misplaced
    }

    /// A link or image whose URL is not on the allow-list.
    private func isUnsafeLink(_ node: OpaquePointer) -> Bool {
        let kind = type(node)
        guard kind == CMARK_NODE_LINK || kind == CMARK_NODE_IMAGE else { return false }
        let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        return !LinkPolicy.allows(url, image: kind == CMARK_NODE_IMAGE)
    }

    /// Replaces each of `unsafe` (in the order the walk met them) by its text.
    private func unwrap(_ unsafe: [OpaquePointer]) {
        // Innermost first, so an unsafe link inside an unsafe image is handled.
        for node in unsafe.reversed() {
            for child in children(of: node) {
                cmark_node_unlink(child)
                cmark_node_insert_before(node, child)
            }
            if type(node) == CMARK_NODE_IMAGE, cmark_node_first_child(node) == nil {
                // An image without alt text leaves nothing behind.
            }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
    }

    func items(inSection title: String) -> [String] {
        var inSection = false
        var items: [String] = []
        var paragraphs: [String] = []
        for node in children(of: root) {
            if isSectionHeading(node) {
                inSection =
                    cmark_node_get_heading_level(node) == 2
                    && plainText(node).trimmingWhitespace().lowercased() == title.lowercased()
                continue
            }
            guard inSection else { continue }
            switch type(node) {
            case CMARK_NODE_LIST:
                items += children(of: node).map { plainText($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            case CMARK_NODE_PARAGRAPH:
                paragraphs.append(plainText(node).trimmingWhitespace())
            default:
                break
            }
        }
        return items.isEmpty ? paragraphs : items
    }

    func shiftHeadings(by shift: Int) {
        let iter = cmark_iter_new(root)
        defer { cmark_iter_free(iter) }
        while case let event = cmark_iter_next(iter), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter),
                type(node) == CMARK_NODE_HEADING
            else { continue }
            let level = Int(cmark_node_get_heading_level(node)) + shift
            cmark_node_set_heading_level(node, Int32(min(6, max(1, level))))
            topBlocksRead = nil
        }
    }

    func renderCommonMark(width: Int) -> String {
        taking(cmark_render_commonmark(root, CMARK_OPT_DEFAULT, Int32(width)))
    }

    func renderHTML() -> String { taking(cmark_render_html(root, CMARK_OPT_DEFAULT)) }
}

/// Which URLs a client-visible link or image may carry.
public enum LinkPolicy {
    /// Links: web, mail and phone links, and relative or fragment links.
    /// Images: web and relative only (a `data:` image could smuggle content).
    public static func allows(_ rawURL: String, image: Bool = false) -> Bool {
        // On UTF-8 bytes, as a browser reads a URL: by code point. Read by
        // Character, ":" followed by a combining mark (U+0301) is one
        // grapheme that is not ":", and "javascript:\u{301}…" would pass
        // as a relative link.
        var url = rawURL.trimmingWhitespace()
        return url.withUTF8 { bytes in
            for (index, byte) in bytes.enumerated() {
                switch byte {
                case UInt8(ascii: ":"):
                    let scheme = UnsafeBufferPointer(rebasing: bytes[..<index])
                    // Browsers ignore tabs and newlines inside a scheme
                    // ("java\tscript:"), so a scheme with anything but
                    // letters, digits, "+", "-" and "." is refused outright.
                    guard !scheme.isEmpty, scheme.allSatisfy(isSchemeByte) else { return false }
                    func named(_ name: StaticString) -> Bool {
                        name.utf8CodeUnitCount == scheme.count
                            && zip(scheme, UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)).allSatisfy {
                                $0 | 0x20 == $1
                            }
                    }
                    return named("http") || named("https") || (!image && (named("mailto") || named("tel")))
                // A colon after the first "/", "?" or "#" is part of a relative path.
                case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"):
                    return true
                default:
                    continue
                }
            }
            return true
        }
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default: false
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        // Most text has no surrounding space, or ASCII space: no Unicode
        // property lookups for it.
        let bytes = utf8
        if let first = bytes.first, let last = bytes.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return self
        }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

}

/// Counts words over UTF-8 bytes fed in pieces, as if they were one text:
/// ASCII whitespace and U+00A0 separate words.
struct WordCounter {
    private(set) var count = 0
    private var inWord = false
    private var previous: UInt8 = 0

    mutating func feed(_ byte: UInt8) {
        let space: Bool
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C: space = true
        case 0xA0 where previous == 0xC2: space = true // U+00A0 no-break space
        default: space = false
        }
        if space {
            inWord = false
        } else if !inWord && byte != 0xC2 {
            inWord = true
            count += 1
        }
        previous = byte
    }

    mutating func feed(_ cString: UnsafePointer<CChar>) {
        var pointer = cString
        while pointer.pointee != 0 {
            feed(UInt8(bitPattern: pointer.pointee))
            pointer += 1
        }
    }
}
