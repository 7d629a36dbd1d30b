/// Identifiers of clients, projects, playbooks and decisions (content.md):
/// `^[a-z0-9][a-z0-9-]{0,62}$`. A slug becomes a folder name, so anything
/// else is an error, never a path.
public enum Slug {
    /// A milestone or RAID id as it appears in anchors: lower case, anything
    /// but ASCII letters and digits as "-". Ids that fold alike are refused
    /// when loaded, so anchors are unique.
    public static func folded(_ id: String) -> String {
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
