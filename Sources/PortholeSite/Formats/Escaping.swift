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
        let xmlWrites = Self.xmlWrites
        xmlSpecial.withUnsafeBufferPointer { xmlSpecial in
            text.withUTF8 { bytes in
                guard bytes.count >= 256 else { return appendingRuns(bytes, xmlSpecial, to: &out) }
                // A long text (a note's HTML in a feed) is written byte by
                // byte into room for the longest it can become (every byte
                // `&quot;`, and a word to spare) and appended once:
                // appending run by run cost more than the escaping.
                xmlWrites.withUnsafeBufferPointer { xmlWrites in
                    out += [UInt8](unsafeUninitializedCapacity: bytes.count * 6 + 8) { buffer, count in
                        count = escaping(bytes, xmlWrites, into: buffer.baseAddress!)
                    }
                }
            }
        }
    }

    /// `xml` of a short text: runs of ordinary bytes appended whole.
    private static func appendingRuns(
        _ bytes: UnsafeBufferPointer<UInt8>, _ xmlSpecial: UnsafeBufferPointer<Bool>, to out: inout [UInt8]
    ) {
        out.reserveCapacity(out.count + bytes.count + bytes.count / 8)
        var run = 0
        var index = 0
        func flush() { if run < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index])) } }
        while index < bytes.count {
            // Skip ordinary bytes with one table lookup each.
            while index < bytes.count && !xmlSpecial[Int(bytes[index])] { index += 1 }
            guard index < bytes.count else { break }
            let dropped = xmlDropped(bytes, at: index)
            if dropped == 0, let replacement = xmlReplacement(bytes[index]) {
                flush()
                out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                index += 1
                run = index
            } else if dropped > 0 {
                flush()
                index += dropped
                run = index
            } else {
                index += 1
            }
        }
        flush()
    }

    /// `xml` of `bytes` written at `out`, which has room for six bytes per
    /// byte and eight more; returns how many it wrote. Each byte's write is
    /// a word from `writes` (`xmlWrites`), stored whole, of which its length
    /// counts: one store and no branch per byte, where markup bytes (every
    /// few bytes of HTML) made a branch on each byte mispredict.
    private static func escaping(
        _ bytes: UnsafeBufferPointer<UInt8>, _ writes: UnsafeBufferPointer<UInt64>, into out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let raw = UnsafeMutableRawPointer(out)
        // A local: a static read in the loop goes through its initialiser.
        let lookAhead = xmlLookAhead
        var written = 0
        var index = 0
        while index < bytes.count {
            let write = writes[Int(bytes[index])]
            guard write != lookAhead else {
                // 0xEF: U+FFFE and U+FFFF are dropped, anything else kept.
                let dropped = xmlDropped(bytes, at: index)
                if dropped == 0 {
                    out[written] = bytes[index]
                    written += 1
                }
                index += max(1, dropped)
                continue
            }
            raw.storeBytes(of: write.littleEndian, toByteOffset: written, as: UInt64.self)
            written += Int(write >> 56)
            index += 1
        }
        return written
    }

    /// For each byte, what `escaping` writes: up to six bytes (the first in
    /// the lowest) and, in the top byte, how many of them count. A byte kept
    /// writes itself; a markup byte its entity; a control XML forbids
    /// nothing. 0xEF, which may start U+FFFE or U+FFFF, is `xmlLookAhead`.
    private static let xmlWrites: [UInt64] = (0..<256).map { value in
        let byte = UInt8(value)
        if byte == 0xEF { return xmlLookAhead }
        let kept: [UInt8] =
            if let replacement = xmlReplacement(byte) {
                Array(UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            } else if xmlForbids(byte) {
                []
            } else {
                [byte]
            }
        return kept.enumerated().reduce(UInt64(kept.count) << 56) { $0 | UInt64($1.element) << (8 * $1.offset) }
    }

    private static let xmlLookAhead = UInt64.max

    /// The entity for a markup byte; nil for a byte kept as it is.
    @inline(__always)
    private static func xmlReplacement(_ byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&apos;"
        default: nil
        }
    }

    /// How many bytes at `index` XML 1.0 forbids and `xml` drops: a C0
    /// control other than tab and line ends (1), U+FFFE or U+FFFF (3), or
    /// none (0).
    @inline(__always)
    private static func xmlDropped(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x20 { return xmlForbids(byte) ? 1 : 0 }
        if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE { return 3 }
        return 0
    }

    /// A C0 control XML 1.0 forbids: all but tab and the line ends.
    @inline(__always)
    private static func xmlForbids(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
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
        // On UTF-8 bytes: everything escaped or dropped is ASCII, and a
        // byte of a longer character is never below 0x80.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: ";"), UInt8(ascii: ","): out += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\t"): out.append(byte)
            case ..<0x20: continue
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF and a
    /// space, never splitting a UTF-8 sequence. Folds between characters; a
    /// character longer than a line (a letter with dozens of combining
    /// marks, found by the property tests) is folded between its scalars,
    /// which unfolding joins again.
    static func icalFold(_ line: String) -> String {
        // Most lines fit: nothing to fold, and no need to find characters.
        if line.utf8.count <= 75 { return line + "\r\n" }
        // ASCII without a carriage return: every character is one byte (CR
        // LF is the only pair of ASCII scalars that is one character).
        if line.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return icalFoldBytes(line) }
        return icalFoldCharacters(line)
    }

    /// `icalFold` of any line, character by character.
    static func icalFoldCharacters(_ line: String) -> String {
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

    /// `icalFold` of a line whose characters are one byte each: 75 octets,
    /// then 74 after each continuation's space.
    private static func icalFoldBytes(_ line: String) -> String {
        let bytes = Array(line.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 3 * (bytes.count / 74 + 1))
        var start = 0
        var width = 75
        while start < bytes.count {
            if start > 0 { out += [0x0D, 0x0A, 0x20] }
            let end = min(start + width, bytes.count)
            out += bytes[start..<end]
            start = end
            width = 74
        }
        out += [0x0D, 0x0A]
        return String(decoding: out, as: UTF8.self)
    }
}
