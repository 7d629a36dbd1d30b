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
        guard text.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else { return text }
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
            var run = 0
            for (index, byte) in bytes.enumerated() {
                let entity: StaticString
                switch byte {
                case 0x3C: entity = "&lt;"
                case 0x3E: entity = "&gt;"
                case 0x26: entity = "&amp;"
                case 0x22: entity = "&quot;"
                case 0x27: entity = "&#39;"
                default: continue
                }
                output += UnsafeBufferPointer(rebasing: bytes[run..<index])
                output += UnsafeBufferPointer(start: entity.utf8Start, count: entity.utf8CodeUnitCount)
                run = index + 1
            }
            output += UnsafeBufferPointer(rebasing: bytes[run...])
        }
    }
}
