/// Identifiers of clients, projects, playbooks and decisions (content.md):
/// `^[a-z0-9][a-z0-9-]{0,62}$`. A slug becomes a folder name, so anything
/// else is an error, never a path.
public enum Slug {
    /// A milestone or RAID id as it appears in anchors: lower case, anything
    /// but ASCII letters and digits as "-". Ids that fold alike are refused
    /// when loaded, so anchors are unique.
    public static func folded(_ id: String) -> String {
        // Ids are ASCII: then every character is one byte (CR LF, the one
        // pair of ASCII scalars that is one character, takes the general
        // path), folded without looking up Unicode properties.
        guard id.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return foldedCharacters(id) }
        return String(
            decoding: id.utf8.map { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 0x20
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): byte
                default: UInt8(ascii: "-")
                }
            }, as: UTF8.self)
    }

    /// `folded` of any text, character by character.
    static func foldedCharacters(_ id: String) -> String {
        String(id.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    }

    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        for (index, byte) in bytes.enumerated() {
            let lowerOrDigit = (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
            if index == 0 ? !lowerOrDigit : !(lowerOrDigit || byte == 45) { return false }
        }
        return true
    }
}
