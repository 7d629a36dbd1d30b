/// Where a name such as `M5`, `R4` or `D-0012` ends in a PM's text: one rule
/// for the cross-references a page links and the ids the checks look for
/// (`TextSearch` in Core), so a note that names an item is read the same way
/// by both.
public enum WordBoundary {
    /// ASCII letters, digits and `_`. Non-ASCII bytes end a word, so "M5’s"
    /// (curly apostrophe) and "M5–M6" still name M5.
    @inlinable
    public static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
    }
}
