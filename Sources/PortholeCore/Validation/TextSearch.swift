/// Searches over note text on UTF-8 bytes. The reporting checks scan every
/// note of every project on every build, so they avoid `Character` (grapheme
/// breaking) and Foundation's locale-aware search.
enum TextSearch {
    /// Does `text` name `id` as a whole word ("M5", not "M50" or "XM5")?
    static func mentions<Text: StringProtocol>(_ text: Text, id: String) -> Bool {
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

    /// The lines of `text` that hold any of the lower-case `needles`.
    static func lines(of text: String, containingAny needles: [[UInt8]]) -> [Substring] {
        var text = text
        text.makeContiguousUTF8()
        var lines: [Substring] = []
        text.utf8.withContiguousStorageIfAvailable { bytes in
            // Most notes hold none of the phrases: one scan settles that.
            guard containsAnyFolded(bytes, needles) else { return }
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if containsAnyFolded(line, needles) {
                    let lower = text.utf8.index(text.utf8.startIndex, offsetBy: start)
                    lines.append(text[lower..<text.utf8.index(lower, offsetBy: end - start)])
                }
                start = end + 1
            }
        }
        return lines
    }

    /// Plain (case-sensitive) search, for markers such as "[Write:".
    static func contains(_ text: String, _ needle: String) -> Bool {
        let bytes = Array(needle.utf8)
        return text.utf8.withContiguousStorageIfAvailable { contains($0, bytes, wholeWord: false) }
            ?? contains(Array(text.utf8), bytes, wholeWord: false)
    }

    /// One pass over the text for all the needles (ASCII case folded): the
    /// sign-off check runs over every note of every project.
    private static func containsAnyFolded(_ haystack: UnsafeBufferPointer<UInt8>, _ needles: [[UInt8]]) -> Bool {
        var starts = [Bool](repeating: false, count: 256)
        for needle in needles where !needle.isEmpty { starts[Int(needle[0])] = true }
        for start in haystack.indices {
            var byte = haystack[start]
            if byte >= 65 && byte <= 90 { byte += 32 }
            guard starts[Int(byte)] else { continue }
            for needle in needles where needle.first == byte && needle.count <= haystack.count - start {
                var offset = 1
                while offset < needle.count {
                    var next = haystack[start + offset]
                    if next >= 65 && next <= 90 { next += 32 }
                    if next != needle[offset] { break }
                    offset += 1
                }
                if offset == needle.count { return true }
            }
        }
        return false
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
