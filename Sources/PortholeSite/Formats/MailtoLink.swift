/// A `mailto:` URI (RFC 6068): recipients, copies, a subject and a body,
/// each percent-encoded as UTF-8. Nothing but the unreserved characters of
/// RFC 3986 is left as it is (and `@` in addresses), so no value can add a
/// header field, end the address list or break out of an HTML attribute;
/// line breaks in the body are CRLF (`%0D%0A`), as section 5 asks.
public struct MailtoLink: Sendable, Equatable {
    public var to: [String]
    public var cc: [String]
    public var subject: String
    public var body: String

    public init(to: [String], cc: [String] = [], subject: String, body: String) {
        self.to = to
        self.cc = cc
        self.subject = subject
        self.body = body
    }

    public var uri: String {
        var fields: [String] = []
        if !cc.isEmpty { fields.append("cc=" + cc.map { Self.encode($0, keeping: "@") }.joined(separator: ",")) }
        fields.append("subject=" + Self.encode(subject))
        fields.append("body=" + Self.encode(Self.crlf(body)))
        return "mailto:" + to.map { Self.encode($0, keeping: "@") }.joined(separator: ",") + "?" + fields.joined(separator: "&")
    }

    /// Every line break as CRLF, whatever the words file used.
    static func crlf(_ text: String) -> String {
        var out: [UInt8] = []
        var previous: UInt8 = 0
        for byte in text.utf8 {
            defer { previous = byte }
            if byte == 0x0A && previous == 0x0D { continue }
            if byte == 0x0A || byte == 0x0D { out += [0x0D, 0x0A] } else { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func encode(_ text: String, keeping extra: String = "") -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        let kept = Set(extra.utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            let unreserved =
                (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
            if unreserved || kept.contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
