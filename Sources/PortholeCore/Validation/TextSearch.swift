import PortholeMarkdown

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Searches over note text on UTF-8 bytes. The reporting checks scan every
/// note of every project on every build, so they avoid `Character` (grapheme
/// breaking) and Foundation's locale-aware search.
enum TextSearch {
    /// Does `text` name `id` as a whole word ("M5", not "M50" or "XM5")?
    static func mentions<Text: StringProtocol>(_ text: Text, id: String) -> Bool {
        let needle = Array(id.utf8)
        guard !needle.isEmpty else { return false }
        return search(text, needle, wholeWord: true)
    }

    /// The lines of `text` that hold any of the phrases.
    static func lines(of text: String, containingAny needles: Phrases) -> [Substring] {
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
        search(text, Array(needle.utf8), wholeWord: false)
    }

    /// The text's UTF-8 in place when it is contiguous (a native string or
    /// a slice of one), else copied once.
    private static func search<Text: StringProtocol>(_ text: Text, _ needle: [UInt8], wholeWord: Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { contains($0, needle, wholeWord: wholeWord) }
            ?? Array(text.utf8).withUnsafeBufferPointer { contains($0, needle, wholeWord: wholeWord) }
    }

    /// Phrases (two bytes or more) to find in any ASCII case, with the table
    /// of their first two bytes: made once, searched for in every note of
    /// every project.
    struct Phrases: Sendable {
        let needles: [[UInt8]]
        /// Bit `a << 8 | b` is set when a phrase starts with bytes a, b
        /// ("si", "ap", "ac" are much rarer in text than "s" and "a").
        private let starts: [UInt64]

        init(_ phrases: [String]) {
            needles = phrases.map { Array($0.lowercased().utf8) }
            precondition(needles.allSatisfy { $0.count >= 2 }, "a phrase of fewer than two bytes has no first pair")
            // Every ASCII case of the first pair is set, so the scan looks
            // bytes up as they are, without folding each one.
            var starts = [UInt64](repeating: 0, count: 1024)
            func cases(_ byte: UInt8) -> [UInt8] { byte >= 97 && byte <= 122 ? [byte, byte - 32] : [byte] }
            for needle in needles {
                for first in cases(needle[0]) {
                    for second in cases(needle[1]) {
                        let pair = Int(first) << 8 | Int(second)
                        starts[pair >> 6] |= 1 << UInt64(pair & 63)
                    }
                }
            }
            self.starts = starts
        }

        func withStarts<R>(_ body: (UnsafeBufferPointer<UInt64>) -> R) -> R { starts.withUnsafeBufferPointer(body) }
    }

    /// Does the text hold any of the phrases, in any ASCII case?
    private static func containsAnyFolded(_ haystack: UnsafeBufferPointer<UInt8>, _ phrases: Phrases) -> Bool {
        guard haystack.count >= 2 else { return false }
        return phrases.withStarts { starts in
            var pair = Int(haystack[0])
            for index in 1..<haystack.count {
                pair = (pair << 8 | Int(haystack[index])) & 0xFFFF
                guard starts[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
                let start = index - 1
                for needle in phrases.needles where needle.count <= haystack.count - start && folded(haystack, at: start, equals: needle) {
                    return true
                }
            }
            return false
        }
    }

    private static func fold(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    private static func folded(_ haystack: UnsafeBufferPointer<UInt8>, at start: Int, equals needle: [UInt8]) -> Bool {
        for offset in needle.indices where fold(haystack[start + offset]) != needle[offset] { return false }
        return true
    }

    /// Each place the needle's first byte occurs is found with `memchr`
    /// (vectorised in the C library), then the rest compared in place.
    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], wholeWord: Bool) -> Bool {
        let count = haystack.count
        let length = needle.count
        guard let first = needle.first, length <= count, let base = haystack.baseAddress else { return false }
        var start = 0
        let last = count - length
        while start <= last {
            guard let found = memchr(base + start, Int32(first), last - start + 1) else { return false }
            start = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var matched = true
            for offset in 1..<max(1, length) where base[start + offset] != needle[offset] {
                matched = false
                break
            }
            if matched {
                if !wholeWord { return true }
                let before = start > 0 ? base[start - 1] : 0x20
                let after = start + length < count ? base[start + length] : 0x20
                if !WordBoundary.isWordByte(before) && !WordBoundary.isWordByte(after) { return true }
            }
            start += 1
        }
        return false
    }
}
