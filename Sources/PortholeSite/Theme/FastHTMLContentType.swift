import Mustache

/// HTML escaping for Mustache values, on UTF-8 bytes with a fast path for
/// text that needs none (most dates, names and numbers). swift-mustache's
/// built-in escaper looks every Character up in a dictionary, which was a
/// tenth of a full build's CPU (docs/architecture.md, "Where the time goes").
/// Same characters escaped, same entities, so output is byte-identical.
///
/// Themes opt in with `{{% CONTENT_TYPE: PORTHOLE_HTML}}` at the top of a
/// template; without it Mustache's own HTML escaping applies.
struct FastHTMLContentType: MustacheContentType {
    static let name = "PORTHOLE_HTML"

    /// Registers the content type with swift-mustache's registry, once per
    /// process (the registry is the library's; registering is idempotent).
    static let registered: Bool = {
        MustacheContentTypes.register(FastHTMLContentType(), named: name)
        return true
    }()

    func escapeText(_ text: String) -> String {
        var needsEscaping = false
        for byte in text.utf8 where byte == 0x3C || byte == 0x3E || byte == 0x26 || byte == 0x22 || byte == 0x27 {
            needsEscaping = true
            break
        }
        guard needsEscaping else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x3C: out += [0x26, 0x6C, 0x74, 0x3B]                 // &lt;
            case 0x3E: out += [0x26, 0x67, 0x74, 0x3B]                 // &gt;
            case 0x26: out += [0x26, 0x61, 0x6D, 0x70, 0x3B]           // &amp;
            case 0x22: out += [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B]     // &quot;
            case 0x27: out += [0x26, 0x23, 0x33, 0x39, 0x3B]           // &#39;
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
