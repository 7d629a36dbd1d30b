/// Searches over note text on UTF-8 bytes. The reporting checks scan every
/// note of every project on every build, so they avoid `Character` (grapheme
/// breaking) and Foundation's locale-aware search.
enum TextSearch {
    /// Does `text` name `id` as a whole word ("M5", not "M50" or "XM5")?
    static func mentions(_ text: String, id: String) -> Bool {
        let needle = Array(id.utf8)
        guard !needle.isEmpty else { return false }
        var found = false
        text.utf8.withContiguousStorageIfAvailable { haystack in
            found = contains(haystack, needle, wholeWord: true)
        } ?? {
            found = contains(Array(text.utf8), needle, wholeWord: true)
        }()
        return found
    }

    /// Case-insensitive (ASCII) search of any of the lower-case `needles`.
    static func containsAny(_ text: Substring, _ needles: [[UInt8]]) -> Bool {
        let bytes = Array(text.utf8).map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        return needles.contains { contains(bytes, $0, wholeWord: false) }
    }

    /// ASCII letters, digits and `_`. Non-ASCII bytes end a word, so "M5’s"
    /// (curly apostrophe) and "M5–M6" still name M5.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
    }

    private static func contains<C: RandomAccessCollection>(_ haystack: C, _ needle: [UInt8], wholeWord: Bool) -> Bool
    where C.Element == UInt8, C.Index == Int {
        let count = haystack.count, length = needle.count
        guard length <= count else { return false }
        let first = needle[0]
        var start = haystack.startIndex
        let last = haystack.startIndex + count - length
        while start <= last {
            if haystack[start] == first {
                var matched = true
                for offset in 1..<max(1, length) where haystack[start + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched {
                    if !wholeWord { return true }
                    let before = start > haystack.startIndex ? haystack[start - 1] : 0x20
                    let afterIndex = start + length
                    let after = afterIndex < haystack.startIndex + count ? haystack[afterIndex] : 0x20
                    if !isWordByte(before) && !isWordByte(after) { return true }
                }
            }
            start += 1
        }
        return false
    }
}
