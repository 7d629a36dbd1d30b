/// A JSON document of strings, numbers, booleans, arrays and objects,
/// written exactly as Foundation's `JSONEncoder` writes it with
/// `.sortedKeys`, `.prettyPrinted` and `.withoutEscapingSlashes`: keys in
/// byte order, two spaces of indent, `"key" : value`, an empty array as `[`,
/// an empty line, `]`, a double as Swift describes it less a final `.0`.
/// `portfolio.json` and every `status.json` are written with it: the
/// encoder's generic machinery was most of a one-update rebuild's portfolio
/// stage, and more CPU than any other writer of a project's files.
/// `PrettyJSONTests` holds the two byte-identical, random doubles included.
enum PrettyJSON: Sendable {
    case string(String)
    case int(Int)
    /// Finite only (`isWritable`): JSON has no NaN or infinity.
    case double(Double)
    case bool(Bool)
    case array([PrettyJSON])
    case object([String: PrettyJSON])
    /// An object whose members are already in key order (`precedes`): a
    /// table's rows share one order, sorted once.
    case members([(key: String, value: PrettyJSON)])

    /// The order of an object's keys: by their UTF-8 bytes.
    static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// An object of a few members written in key order, leaving out those
    /// without a value; checked in debug builds (the tests).
    static func ordered(_ members: KeyValuePairs<String, PrettyJSON?>) -> PrettyJSON {
        assert(zip(members, members.dropFirst()).allSatisfy { precedes($0.key, $1.key) }, "keys out of order")
        return .members(members.compactMap { key, value in value.map { (key, $0) } })
    }

    /// Whether every number is one JSON can hold: `JSONEncoder` refuses a
    /// NaN or an infinity, and so do the writers of these documents.
    var isWritable: Bool {
        switch self {
        case .double(let number): number.isFinite
        case .string, .int, .bool: true
        case .array(let items): items.allSatisfy(\.isWritable)
        case .object(let members): members.values.allSatisfy(\.isWritable)
        case .members(let members): members.allSatisfy(\.value.isWritable)
        }
    }

    /// The document and a final line end.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out, indent: 0)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    private func write(into out: inout [UInt8], indent: Int) {
        switch self {
        case .string(let text):
            Self.write(text, into: &out)
        case .int(let number):
            out.append(contentsOf: String(number).utf8)
        case .double(let number):
            let text = number.description
            out.append(contentsOf: text.hasSuffix(".0") ? text.utf8.dropLast(2) : text.utf8[...])
        case .bool(let value):
            out.append(contentsOf: (value ? "true" : "false").utf8)
        case .array(let items):
            Self.container("[", "]", items.count, into: &out, indent: indent) { index, out in
                items[index].write(into: &out, indent: indent + 2)
            }
        case .object(let members):
            PrettyJSON.members(members.sorted { Self.precedes($0.key, $1.key) }.map { ($0.key, $0.value) })
                .write(into: &out, indent: indent)
        case .members(let members):
            Self.container("{", "}", members.count, into: &out, indent: indent) { index, out in
                Self.write(members[index].key, into: &out)
                out.append(contentsOf: " : ".utf8)
                members[index].value.write(into: &out, indent: indent + 2)
            }
        }
    }

    private static func container(
        _ open: Unicode.Scalar, _ close: Unicode.Scalar, _ count: Int, into out: inout [UInt8], indent: Int,
        _ element: (Int, inout [UInt8]) -> Void
    ) {
        out.append(UInt8(ascii: open))
        out.append(UInt8(ascii: "\n"))
        for index in 0..<count {
            if index > 0 { out.append(contentsOf: ",\n".utf8) }
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent + 2))
            element(index, &out)
        }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
        out.append(UInt8(ascii: close))
    }

    /// A string: `"` and `\` escaped, C0 controls as `\b \f \n \r \t` or
    /// `\u00xx`, everything else (`/`, DEL, non-ASCII) as it is.
    private static func write(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most values need no escape: then they are copied whole.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x0C: out.append(contentsOf: #"\f"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
