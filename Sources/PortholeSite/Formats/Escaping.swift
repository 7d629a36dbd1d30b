/// Escaping for each output context that is not a Mustache template
/// (site.md property 3): XML (Atom, SVG) and iCalendar text.
enum Escape {
    /// Text and attribute values in XML. Characters XML 1.0 forbids (most C0
    /// controls) are dropped: one stray byte must not make a feed unreadable.
    static func xml(_ text: String) -> String {
        var out: [UInt8] = []
        xml(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The same, appended to a document being built as bytes.
    static func xml(_ text: String, into out: inout [UInt8]) {
        // On UTF-8 bytes: every byte that needs attention is ASCII, and
        // U+FFFE/U+FFFF are EF BF BE/BF.
        var text = text
        // Read once here: inside the loop every access to a static would go
        // through its lazy initialiser (swift_once), a call per byte.
        let xmlSpecial = Self.xmlSpecial
        xmlSpecial.withUnsafeBufferPointer { xmlSpecial in
            text.withUTF8 { bytes in
                out.reserveCapacity(out.count + bytes.count + bytes.count / 8)
                // Runs of ordinary bytes are copied whole; a feed is mostly
                // escaped HTML, so most bytes are ordinary.
                var run = 0
                var index = 0
                func flush() { if run < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index])) } }
                while index < bytes.count {
                    // Skip ordinary bytes with one table lookup each.
                    while index < bytes.count && !xmlSpecial[Int(bytes[index])] { index += 1 }
                    guard index < bytes.count else { break }
                    let byte = bytes[index]
                    let replacement: StaticString
                    switch byte {
                    case UInt8(ascii: "&"): replacement = "&amp;"
                    case UInt8(ascii: "<"): replacement = "&lt;"
                    case UInt8(ascii: ">"): replacement = "&gt;"
                    case UInt8(ascii: "\""): replacement = "&quot;"
                    case UInt8(ascii: "'"): replacement = "&apos;"
                    case 0x09, 0x0A, 0x0D:
                        index += 1
                        continue
                    case 0..<0x20: replacement = ""
                    case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE:
                        flush()
                        index += 3
                        run = index
                        continue
                    default:
                        index += 1
                        continue
                    }
                    flush()
                    out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                    index += 1
                    run = index
                }
                flush()
            }
        }
    }

    /// Bytes `xml` looks at: markup characters, C0 controls, and 0xEF (the
    /// lead byte of U+FFFE/U+FFFF).
    private static let xmlSpecial: [Bool] = (0..<256).map { byte in
        byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 || byte == 0xEF
    }

    /// RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and newlines.
    static func icalText(_ text: String) -> String {
        // Most values hold nothing to escape or drop: then they are their
        // own escape.
        guard
            text.utf8.contains(where: {
                $0 < 0x20 || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",")
            })
        else { return text }
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

    /// RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF and a
    /// space, never splitting a UTF-8 sequence. Folds between characters; a
    /// character longer than a line (a letter with dozens of combining
    /// marks, found by the property tests) is folded between its scalars,
    /// which unfolding joins again.
    static func icalFold(_ line: String) -> String {
        // Most lines fit: nothing to fold, and no need to find characters.
        if line.utf8.count <= 75 { return line + "\r\n" }
        var out = ""
        var octets = 0
        for character in line {
            let size = character.utf8.count
            if octets + size > 75 && size <= 74 {
                out += "\r\n "
                octets = 1
            } else if octets + size > 75 {
                for scalar in character.unicodeScalars {
                    let width = UTF8.width(scalar)
                    if octets + width > 75 {
                        out += "\r\n "
                        octets = 1
                    }
                    out.unicodeScalars.append(scalar)
                    octets += width
                }
                continue
            }
            out.append(character)
            octets += size
        }
        return out + "\r\n"
    }
}
