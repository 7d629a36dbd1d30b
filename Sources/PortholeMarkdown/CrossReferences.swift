import CCmark

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where an id written in a note's text links to: one milestone, RAID item
/// or decision of the client's portal.
public struct CrossReference: Sendable, Equatable {
    /// Relative to the page the note is shown on.
    public let href: String
    /// The link's accessible name: the id as written, then the item's title
    /// ("M5 Migration rehearsal sign-off"). It starts with the visible text
    /// (the id), as WCAG 2.5.3 "label in name" wants.
    public let label: String

    public init(href: String, label: String) {
        self.href = href
        self.label = label
    }
}

/// The ids a note's text may link, with their targets. Only items the
/// client may see belong here: an id that is not a key stays plain text,
/// and nothing of its item reaches the page.
///
/// Ids are matched as `TextSearch` (PortholeCore) matches them for the
/// checks: case-sensitive, whole words, where a word is a run of ASCII
/// letters, digits and `_` ("M5", "(M5)", "M5:", "M5–M6" and "M5’s" name
/// M5; "m5", "M50" and "M5_b" do not).
public struct CrossReferences: Sendable {
    /// A target with its `<a …>` tag, escaped once rather than per mention.
    struct Target: Sendable {
        let reference: CrossReference
        let openingTag: String
    }

    /// The tables below may still name an id `removing` took out of this:
    /// `match` passes over an id without a target.
    private var targets: [[UInt8]: Target]
    /// The ids by their first byte (256 slots, most empty), longest first,
    /// so `D-0005` wins over a shorter id at the same place. An array, not
    /// a dictionary: looked up for every word that passes `byteRoles`.
    private let byFirstByte: [[[UInt8]]]
    /// For each byte value, whether an id starts with it (`startsID`),
    /// whether an id has it second (`secondInID`) and whether it opens a
    /// tag or an entity in HTML (`opensMarkup`): the scan reads one entry
    /// per byte of the note, most bytes have no role, and most words that
    /// start like an id ("Design" and `D-0005`) differ at once in their
    /// second byte.
    private let byteRoles: [UInt8]
    private static let startsID: UInt8 = 1
    private static let secondInID: UInt8 = 2
    private static let opensMarkup: UInt8 = 4
    /// An id of one byte has no second byte to test.
    private let hasOneByteID: Bool
    /// Whether every id reads the same in HTML text as written and cannot
    /// run past an entity (none holds a byte cmark escapes there, or a
    /// `;`), so `linking(renderedHTML:)` can find it.
    private let idsReadAsWritten: Bool

    public static let none = CrossReferences([:])

    public init(_ targets: [String: CrossReference]) {
        var byBytes: [[UInt8]: Target] = [:]
        for (id, target) in targets where !id.isEmpty {
            byBytes[Array(id.utf8)] = Target(reference: target, openingTag: Self.openingTag(target))
        }
        self.init(built: byBytes)
    }

    private init(built targets: [[UInt8]: Target]) {
        var byFirst = [[[UInt8]]](repeating: [], count: 256)
        for id in targets.keys { byFirst[Int(id[0])].append(id) }
        self.targets = targets
        byFirstByte = byFirst.map { $0.sorted { $0.count > $1.count } }
        var roles = [UInt8](repeating: 0, count: 256)
        for id in targets.keys {
            roles[Int(id[0])] |= Self.startsID
            if id.count > 1 { roles[Int(id[1])] |= Self.secondInID }
        }
        roles[Int(UInt8(ascii: "<"))] |= Self.opensMarkup
        roles[Int(UInt8(ascii: "&"))] |= Self.opensMarkup
        byteRoles = roles
        hasOneByteID = targets.keys.contains { $0.count == 1 }
        idsReadAsWritten = !targets.keys.contains { $0.contains { Self.escapedInText($0) || $0 == UInt8(ascii: ";") } }
    }

    public var isEmpty: Bool { targets.isEmpty }

    /// The same targets without `id` (a decision's page does not link to
    /// itself).
    public func removing(_ id: String) -> CrossReferences {
        var kept = self
        kept.targets[Array(id.utf8)] = nil
        return kept
    }

    /// Does the text name any of the ids? A quick scan of the Markdown as
    /// written, so a note that names none keeps the HTML of its first parse.
    /// It may say yes for an id that only sits in code or a link: the parse
    /// decides.
    public func anyMentioned(in text: String) -> Bool {
        guard !isEmpty else { return false }
        var text = text
        return text.withUTF8 { !matches(in: $0, first: true).isEmpty }
    }

    /// Where the ids occur in `bytes`, as whole words, left to right and not
    /// overlapping. `inHTMLText`: `bytes` are cmark's HTML, and only its
    /// text is searched (`HTMLText`).
    func matches(
        in bytes: UnsafeBufferPointer<UInt8>, first: Bool = false, inHTMLText: Bool = false
    ) -> [(range: Range<Int>, target: Target)] {
        byteRoles.withUnsafeBufferPointer { roles in
            var found: [(Range<Int>, Target)] = []
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let role = roles[Int(byte)]
                if role == 0 {
                    index += 1
                    continue
                }
                if inHTMLText, role & Self.opensMarkup != 0 {
                    index = HTMLText.end(ofConstructAt: index, in: bytes)
                    continue
                }
                if role & Self.startsID != 0, index == 0 || !WordBoundary.isWordByte(bytes[index - 1]),
                    hasOneByteID || (index + 1 < bytes.count && roles[Int(bytes[index + 1])] & Self.secondInID != 0),
                    let (end, target) = match(at: index, byte, in: bytes)
                {
                    found.append((index..<end, target))
                    if first { break }
                    index = end
                    continue
                }
                index += 1
            }
            return found
        }
    }

    /// The longest id that starts at `index` and ends a word there, with
    /// where it ends.
    private func match(at index: Int, _ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Target)? {
        for id in byFirstByte[Int(byte)]
        where index + id.count <= bytes.count && UnsafeBufferPointer(rebasing: bytes[index..<index + id.count]).elementsEqual(id) {
            let end = index + id.count
            guard end == bytes.count || !WordBoundary.isWordByte(bytes[end]), let target = targets[id] else { continue }
            return (end, target)
        }
        return nil
    }

    /// The HTML cmark rendered from a note, with the same links
    /// `MarkdownNote.html(_:references:)` gives when it parses the note again
    /// (a property test and the fuzz targets hold the two equal), found in
    /// the HTML instead of a second parse (docs/performance.md has what that
    /// saves). Nil when an id holds a byte cmark escapes, or a `;` (which
    /// ends an entity); the note is then linked on its tree.
    ///
    /// Why the HTML is enough: cmark's safe renderer writes a text node's
    /// literal with `&`, `<`, `>` and `"` escaped and nothing else, and every
    /// other inline as tags (a soft break as a line feed, which ends a word
    /// either way). So the HTML outside tags, entities, links (`<a …>…</a>`)
    /// and code (`<code…>…</code>`) is the text of the tree's text nodes,
    /// and what borders it (`>`, `<`, `&`, `;`) ends a word as a node's edge
    /// or an escaped byte does; an id, which holds none of those, cannot
    /// run from such text into what borders it.
    public func linking(renderedHTML html: String) -> String? {
        guard !isEmpty else { return html }
        guard idsReadAsWritten else { return nil }
        var html = html
        let linked: [UInt8]? = html.withUTF8 { bytes in
            let found = matches(in: bytes, inHTMLText: true)
            guard !found.isEmpty else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 256 * found.count)
            var copied = 0
            for (range, target) in found {
                out += UnsafeBufferPointer(rebasing: bytes[copied..<range.lowerBound])
                out += target.openingTag.utf8
                out += UnsafeBufferPointer(rebasing: bytes[range])
                out += "</a>".utf8
                copied = range.upperBound
            }
            out += UnsafeBufferPointer(rebasing: bytes[copied...])
            return out
        }
        return linked.map { String(decoding: $0, as: UTF8.self) } ?? html
    }

    /// The bytes cmark writes as entities in HTML text.
    private static func escapedInText(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
    }

    /// `<a …>` for a target: every value escaped for a double-quoted
    /// attribute (a title is content).
    static func openingTag(_ target: CrossReference) -> String {
        let label = escapeAttribute(target.label)
        return "<a class=\"xref\" href=\"\(escapeAttribute(target.href))\" aria-label=\"\(label)\" title=\"\(label)\">"
    }

    static func escapeAttribute(_ text: String) -> String {
        // Most titles hold none of the five: then the text is its own escape.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): escaped += Array("&amp;".utf8)
            case UInt8(ascii: "<"): escaped += Array("&lt;".utf8)
            case UInt8(ascii: ">"): escaped += Array("&gt;".utf8)
            case UInt8(ascii: "\""): escaped += Array("&quot;".utf8)
            case UInt8(ascii: "'"): escaped += Array("&#39;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }
}

extension CmarkDocument {
    /// Turns every id named in the text into a link to its item, on the
    /// node tree: only text nodes, never inside a link or an image (their
    /// text is already a link, or alt text), and never in code spans, code
    /// blocks or raw HTML, which are nodes of their own. The link is a
    /// custom inline node holding the id's text node, so cmark renders its
    /// tags as given (escaped here) and the id as text, escaped by cmark.
    func linkCrossReferences(_ references: CrossReferences) {
        guard !references.isEmpty else { return }
        // "M5" after a "[" or "!" that opened nothing is a text node of its
        // own; merged, whole-word matching sees the same text as a reader.
        cmark_consolidate_text_nodes(rootNode)
        var texts: [OpaquePointer] = []
        var insideLink = 0
        let iter = cmark_iter_new(rootNode)
        while case let event = cmark_iter_next(iter), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iter) else { continue }
            switch type(node) {
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                insideLink += event == CMARK_EVENT_ENTER ? 1 : -1
            case CMARK_NODE_TEXT where insideLink == 0:
                texts.append(node)
            default:
                break
            }
        }
        cmark_iter_free(iter)
        for node in texts { link(node, references) }
    }

    /// Splits one text node around the ids it names.
    private func link(_ node: OpaquePointer, _ references: CrossReferences) {
        guard let literal = cmark_node_get_literal(node) else { return }
        var length = 0
        while literal[length] != 0 { length += 1 }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: length)
        let matches = references.matches(in: bytes)
        guard !matches.isEmpty else { return }
        // The pieces are copied out before `node`, which owns `literal`, is freed.
        func text(_ range: Range<Int>) -> OpaquePointer? {
            let node = makeNode(CMARK_NODE_TEXT)
            cmark_node_set_literal(node, String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
            return node
        }
        var position = 0
        for (range, target) in matches {
            if range.lowerBound > position { cmark_node_insert_before(node, text(position..<range.lowerBound)) }
            let anchor = makeNode(CMARK_NODE_CUSTOM_INLINE)
            cmark_node_set_on_enter(anchor, target.openingTag)
            cmark_node_set_on_exit(anchor, "</a>")
            cmark_node_append_child(anchor, text(range))
            cmark_node_insert_before(node, anchor)
            position = range.upperBound
        }
        if position < bytes.count { cmark_node_insert_before(node, text(position..<bytes.count)) }
        cmark_node_unlink(node)
        cmark_node_free(node)
    }
}

/// What of cmark's HTML is not text a note's id may be linked in: a tag,
/// an entity, a link's text (to its own `</a>`: an autolink inside a link's
/// text is a link cmark nests in it) and code (to its `</code>`).
private enum HTMLText {
    /// Just past the construct that starts at `start` (a `<` or a `&`).
    static func end(ofConstructAt start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes[start] == UInt8(ascii: "&") ? end(of: ";", from: start, in: bytes) : end(ofTagAt: start, in: bytes)
    }

    /// Where the tag at `start` ends, past what it holds when that is
    /// never linked.
    static func end(ofTagAt start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if isTag("code", at: start, in: bytes) { return end(of: "</code>", from: start, in: bytes) }
        guard isTag("a", at: start, in: bytes) else { return end(of: ">", from: start, in: bytes) }
        var open = 1
        var index = end(of: ">", from: start, in: bytes)
        while open > 0, let tag = firstIndex(of: UInt8(ascii: "<"), from: index, in: bytes) {
            if isTag("a", at: tag, in: bytes) { open += 1 }
            if tag + 1 < bytes.count, bytes[tag + 1] == UInt8(ascii: "/"), isTag("a", at: tag + 1, in: bytes) { open -= 1 }
            index = end(of: ">", from: tag, in: bytes)
        }
        return open > 0 ? bytes.count : index
    }

    /// Whether the tag whose `<` (or, closing, `/`) is at `start` is named
    /// `name`.
    static func isTag(_ name: StaticString, at start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = name.utf8CodeUnitCount
        let end = start + 1 + count
        guard end <= bytes.count else { return false }
        for offset in 0..<count where bytes[start + 1 + offset] != name.utf8Start[offset] { return false }
        return end == bytes.count || !WordBoundary.isWordByte(bytes[end])
    }

    /// Just past the first `text` at or after `start`; the end when none.
    static func end(of text: StaticString, from start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let count = text.utf8CodeUnitCount
        var index = start
        while let found = firstIndex(of: text.utf8Start[0], from: index, in: bytes), found + count <= bytes.count {
            if memcmp(bytes.baseAddress! + found, text.utf8Start, count) == 0 { return found + count }
            index = found + 1
        }
        return bytes.count
    }

    /// The first `byte` at or after `start` (memchr).
    static func firstIndex(of byte: UInt8, from start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}
