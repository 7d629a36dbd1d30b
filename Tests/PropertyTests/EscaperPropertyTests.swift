import Foundation
import PropertyBased
import Testing

@testable import PortholeMarkdown
@testable import PortholeSite

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Every escaper's output, read back by a real parser of its format, gives
/// the original text (less what the format cannot carry, named in each
/// `expected…`). Foundation's XMLParser (libxml2) and JSONSerialization read
/// XML and JSON here; Tests/site-checks/test_escaping_roundtrip.py reads the
/// same samples with Python's html.parser, xml.etree, icalendar and json.
struct EscaperPropertyTests {
    /// What XML keeps of text: the characters XML 1.0 forbids are dropped
    /// by the escaper, and every parser turns CRLF and CR into LF (§2.11).
    static func expectedXMLText(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        // A dropped character is not there for the parser either: a CR, a
        // dropped control character and an LF reach it as one CRLF.
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where previousCR: break
            case "\r": out.append("\n")
            case "\t", "\n": out.append(scalar)
            case _ where scalar.value < 0x20: continue
            case "\u{FFFE}", "\u{FFFF}": continue
            default: out.append(scalar)
            }
            previousCR = scalar == "\r"
        }
        return String(out)
    }

    /// In an attribute, a parser also turns tab and line ends into spaces (§3.3.3).
    static func expectedXMLAttribute(_ text: String) -> String {
        String(String.UnicodeScalarView(expectedXMLText(text).unicodeScalars.map { $0 == "\t" || $0 == "\n" ? " " : $0 }))
    }

    /// Reads `<r a="…">…</r>` with libxml2 through XMLParser.
    final class XMLReadBack: NSObject, XMLParserDelegate {
        var attribute: String?
        var text = ""
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) { attribute = attributes["a"] }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        static func read(_ document: String) -> (attribute: String?, text: String)? {
            let parser = XMLParser(data: Data(document.utf8))
            let delegate = XMLReadBack()
            parser.delegate = delegate
            guard parser.parse() else { return nil }
            return (delegate.attribute, delegate.text)
        }
    }

    @Test func test_xmlEscapedTextAndAttributesReadBackThroughLibxml2() {
        Property.check("xml", HostileText.string()) { text in
            let escaped = Escape.xml(text)
            let read = XMLReadBack.read("<r a=\"\(escaped)\">\(escaped)</r>")
            try Property.require(read != nil, "not well-formed XML: \(escaped.debugDescription)")
            try Property.require(read?.text == Self.expectedXMLText(text), "text read back: \(read!.text.debugDescription)")
            try Property.require(
                read?.attribute == Self.expectedXMLAttribute(text), "attribute read back: \(String(describing: read!.attribute))")
        }
    }

    @Test func test_statusJSONReadsBackThroughJSONSerialization() {
        Property.check("json", HostileText.string()) { text in
            let json = String(decoding: PrettyJSON.object(["title": .string(text), "id": .string(text)]).bytes, as: UTF8.self)
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
            // swift-corelibs-foundation's parser drops U+FEFF inside strings
            // (the writer keeps it, and Python's json reads it back in
            // test_escaping_roundtrip.py), so it is compared without it here.
            // Scalar by scalar: a U+FEFF followed by combining marks is one
            // Character with them, which a search for the Character misses.
            let withoutMarks = { (text: String) in
                String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{FEFF}" }))
            }
            let expected = withoutMarks(text)
            let read = object?.mapValues(withoutMarks)
            try Property.require(read == ["title": expected, "id": expected], "read back: \(String(describing: object))")
            let marks = { (text: String) in text.unicodeScalars.filter { $0 == "\u{FEFF}" }.count }
            try Property.require(marks(json) == 2 * marks(text), "the writer lost a U+FEFF")
        }
    }

    /// RFC 5545 §3.1: no physical line over 75 octets, none ends inside a
    /// UTF-8 sequence, and unfolding gives the line back. A grapheme of more
    /// than 74 octets (a letter with many combining marks) is split between
    /// its scalars, which unfolding joins again.
    @Test func test_icalFoldingKeepsLinesWithin75OctetsAndUnfoldsToTheLine() {
        let line = Gen<String>.oneOf(HostileText.string(maxPieces: 80).eraseToAny(), HostileText.longCluster.eraseToAny())
        Property.check("ical-fold", line) { text in
            let logical = "SUMMARY:" + Escape.icalText(text)
            let folded = Escape.icalFold(logical)
            try Property.require(folded.hasSuffix("\r\n"), "no CRLF at the end")
            let bytes = Array(folded.utf8.dropLast(2))
            var physical: [[UInt8]] = [[]]
            var index = 0
            while index < bytes.count {
                if bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A {
                    physical.append([])
                    index += 2
                } else {
                    physical[physical.count - 1].append(bytes[index])
                    index += 1
                }
            }
            for line in physical {
                try Property.require(line.count <= 75, "a line of \(line.count) octets")
                try Property.require(String(validating: line, as: UTF8.self) != nil, "a line splits a UTF-8 sequence")
            }
            for line in physical.dropFirst() { try Property.require(line.first == 0x20, "a continuation without its space") }
            let unfolded = physical.enumerated().flatMap { $0.offset == 0 ? $0.element : Array($0.element.dropFirst()) }
            try Property.require(unfolded == Array(logical.utf8), "unfolding does not give the line back")
        }
    }

    /// Template values are escaped in room made for them at once: the same
    /// bytes as appending run by run and entity by entity (the definition
    /// below), after whatever the page holds already, and nothing more.
    @Test func test_htmlEscapingInPlaceGivesWhatAppendingGives() {
        let input = zip(HostileText.string(maxPieces: 6), HostileText.string())
        Property.check("html-in-place", input) { prefix, text in
            var page = Array(prefix.utf8)
            FastHTMLContentType.append(text, escapedTo: &page)
            var expected = Array(prefix.utf8)
            Self.appendEscapedHTML(text, to: &expected)
            try Property.require(page == expected, "\(text.debugDescription) after \(prefix.debugDescription)")
        }
    }

    /// The escaper measures how much longer a text becomes eight bytes at a
    /// time before it writes into room of that size: every ASCII byte at
    /// every place of a text of two words and a half, once alone and once
    /// next to each of the five (in the same word), gives what the
    /// definition gives.
    @Test func test_htmlEscapingMeasuresEveryByteAtEveryPlace() {
        let marks: [UInt8] = [0x22, 0x26, 0x27, 0x3C, 0x3E]
        for byte in UInt8(1)..<0x80 {
            for place in 0..<20 {
                for neighbour in [UInt8(ascii: "a")] + marks {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 20)
                    bytes[place] = byte
                    bytes[place ^ 1] = neighbour
                    let text = String(decoding: bytes, as: UTF8.self)
                    var page: [UInt8] = []
                    FastHTMLContentType.append(text, escapedTo: &page)
                    var expected: [UInt8] = []
                    Self.appendEscapedHTML(text, to: &expected)
                    #expect(page == expected, "\(text.debugDescription)")
                }
            }
        }
    }

    static func appendEscapedHTML(_ text: String, to output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case 0x3C: output += "&lt;".utf8
            case 0x3E: output += "&gt;".utf8
            case 0x26: output += "&amp;".utf8
            case 0x22: output += "&quot;".utf8
            case 0x27: output += "&#39;".utf8
            default: output.append(byte)
            }
        }
    }

    /// The calendar's text escaper works on bytes and must give what its
    /// definition below gives (scalar by scalar); a line of one-byte
    /// characters is folded by counting bytes and must fold as any line does
    /// (`icalFoldCharacters`, character by character). On text that is
    /// mostly ASCII, with long lines, line ends and a few wider characters.
    @Test func test_icalEscapersGiveWhatTheirDefinitionsGive() {
        let ascii = [
            "a", "word ", "Baseline: 30 Mar 2026", ",", ";", "\\", "\n", "\t", "\u{01}", "\u{7F}", String(repeating: "x", count: 74),
        ]
        let wider = ascii + ["\r", "\r\n", "\u{1F}", "é", "e\u{301}", "✓", "👩‍👩‍👧"]
        // Lines of one-byte characters only (folded by counting bytes), and
        // lines with some of everything.
        let text = Gen<String>.oneOf(
            Gen<String?>.element(of: ascii).map { $0 ?? "" }.array(of: 0...60).map { $0.joined() }.eraseToAny(),
            Gen<String?>.element(of: wider).map { $0 ?? "" }.array(of: 0...60).map { $0.joined() }.eraseToAny())
        Property.check("ical-definitions", text) { text in
            try Property.require(Escape.icalText(text) == Self.icalTextDefinition(text), "icalText of \(text.debugDescription)")
            for line in [text, "DESCRIPTION:" + text, "X:" + Escape.icalText(text)] {
                try Property.require(Escape.icalFold(line) == Escape.icalFoldCharacters(line), "icalFold of \(line.debugDescription)")
            }
        }
    }

    static func icalTextDefinition(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                if scalar.value < 0x20 && scalar != "\t" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// RFC 5545 §3.3.11: the escaped text holds no line end and no unescaped
    /// `,` or `;` (each would end the value or split it into a list).
    @Test func test_icalTextHasNoBareSeparators() {
        Property.check("ical-text", HostileText.string()) { text in
            let escaped = Array(Escape.icalText(text).unicodeScalars)
            var index = 0
            while index < escaped.count {
                let scalar = escaped[index]
                try Property.require(scalar != "\n" && scalar != "\r", "a line end in \(escaped)")
                try Property.require(
                    scalar != "," && scalar != ";", "a bare separator in \(String(String.UnicodeScalarView(escaped)).debugDescription)")
                index += scalar == "\\" ? 2 : 1
            }
        }
    }

    /// HTML text and attribute escapers never leave a character that could
    /// open a tag, end an attribute or start a reference of its own.
    @Test func test_htmlEscapersLeaveNoMarkupCharacters() {
        Property.check("html", HostileText.string()) { text in
            var bytes: [UInt8] = []
            FastHTMLContentType.append(text, escapedTo: &bytes)
            // On bytes: ";" followed by a combining mark is one Character,
            // which a Character-wise search would not see as ";".
            let entities = ["amp;", "lt;", "gt;", "quot;", "#39;"].map { Array($0.utf8) }
            for escaped in [bytes, Array(CrossReferences.escapeAttribute(text).utf8)] {
                for (index, byte) in escaped.enumerated() {
                    try Property.require(byte != 0x3C && byte != 0x3E && byte != 0x22 && byte != 0x27, "markup in \(escaped)")
                    guard byte == 0x26 else { continue }
                    let rest = escaped[(index + 1)...]
                    try Property.require(entities.contains { rest.starts(with: $0) }, "a bare & in \(escaped)")
                }
            }
        }
    }

    /// Writes every escaper's output for the Python parsers when
    /// PORTHOLE_ESCAPE_SAMPLES names a file (test_escaping_roundtrip.py sets
    /// it): one line per sample, `kind<TAB>base64(original)<TAB>base64(escaped)`,
    /// in base64 so the file's own format escapes nothing.
    @Test func test_writesEscapedSamplesForThePythonParsers() throws {
        guard let path = ProcessInfo.processInfo.environment["PORTHOLE_ESCAPE_SAMPLES"] else { return }
        var lines: [String] = []
        func add(_ kind: String, _ original: String, _ escaped: String) {
            lines.append(
                [kind, Data(original.utf8).base64EncodedString(), Data(escaped.utf8).base64EncodedString()].joined(separator: "\t"))
        }
        let input = Gen<String>.oneOf(HostileText.string(maxPieces: 40).eraseToAny(), HostileText.longCluster.eraseToAny())
        Property.check("escape-samples", cases: Property.cases * 5, input) { text in
            var html: [UInt8] = []
            FastHTMLContentType.append(text, escapedTo: &html)
            add("html", text, String(decoding: html, as: UTF8.self))
            add("xref-attribute", text, CrossReferences.escapeAttribute(text))
            add("xml", text, Escape.xml(text))
            add("ical", text, Escape.icalFold("SUMMARY:" + Escape.icalText(text)))
            add("json", text, String(decoding: PrettyJSON.object(["title": .string(text)]).bytes, as: UTF8.self))
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }
}
