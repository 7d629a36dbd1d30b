import Mustache

/// HTML escaping for Mustache values, on UTF-8 bytes with a fast path for
/// text that needs none (most dates, names and numbers). swift-mustache's
/// built-in escaper looks every Character up in a dictionary, which was a
/// tenth of a full build's CPU (docs/architecture.md, "Where the time goes").
/// Same characters escaped, same entities; only a quote or bracket followed
/// by a combining mark differs, which swift-mustache leaves unescaped.
///
/// Every template gets it: the compiled templates call `append`, and a theme
/// rendered by swift-mustache has `{{% CONTENT_TYPE: PORTHOLE_HTML}}` put at
/// the top of each template by `Theme.load` (the default theme also writes
/// it itself).
struct FastHTMLContentType: MustacheContentType {
    static let name = "PORTHOLE_HTML"

    /// Registers the content type with swift-mustache's registry, once per
    /// process (the registry is the library's; registering is idempotent).
    static let registered: Bool = {
        MustacheContentTypes.register(FastHTMLContentType(), named: name)
        return true
    }()

    func escapeText(_ text: String) -> String {
        var bytes = text
        guard bytes.withUTF8(Self.growth) > 0 else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        Self.append(text, escapedTo: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` with the five characters replaced: the one escaper of
    /// both this content type and the compiled templates. Byte by byte, so a
    /// quote followed by a combining mark is escaped too (swift-mustache's
    /// own HTML escaping compares whole characters and leaves it).
    static func append(_ text: String, escapedTo output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            let longer = growth(bytes)
            guard longer > 0 else {
                output += bytes
                return
            }
            // Room for the whole escaped text at once, written in place:
            // appending each run and entity cost more than the escaping.
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: bytes.count + longer))
            output.withUnsafeMutableBufferPointer { out in
                var at = start
                func put(_ entity: StaticString) {
                    (out.baseAddress! + at).update(from: entity.utf8Start, count: entity.utf8CodeUnitCount)
                    at += entity.utf8CodeUnitCount
                }
                for byte in bytes {
                    switch byte {
                    case 0x3C: put("&lt;")
                    case 0x3E: put("&gt;")
                    case 0x26: put("&amp;")
                    case 0x22: put("&quot;")
                    case 0x27: put("&#39;")
                    default:
                        out[at] = byte
                        at += 1
                    }
                }
            }
        }
    }

    /// How much longer the entities make `bytes`; most values need none.
    /// Eight bytes are tested at a time for the five (`wordEscapes`), and
    /// only a word that holds one is counted byte by byte: a branch on every
    /// byte below `>` (spaces, digits, punctuation) mispredicted often.
    private static func growth(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var longer = 0
        var index = 0
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                if wordEscapes(word) { longer += growth(UnsafeBufferPointer(start: base + index, count: 8)[...]) }
                index += 8
            }
        }
        return longer + growth(bytes[index...])
    }

    private static func growth(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int {
        var longer = 0
        for byte in bytes where byte <= 0x3E {
            switch byte {
            case 0x3C, 0x3E: longer += 3
            case 0x26, 0x27: longer += 4
            case 0x22: longer += 5
            default: break
            }
        }
        return longer
    }

    /// Whether any byte of `word` is one of the five. `&` and `'` differ
    /// only in the lowest bit and `<` and `>` only in the second, so three
    /// tests for a zero byte cover them (no other byte becomes `'` with its
    /// lowest bit set, or `>` with its second).
    @inline(__always)
    private static func wordEscapes(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & (ones &* 0x80) != 0 }
        return hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte((word | ones) ^ (ones &* 0x27))
            || hasZeroByte((word | (ones &* 2)) ^ (ones &* 0x3E))
    }
}
