/// A Markdown file split into its YAML front matter and body.
struct FrontMatter {
    let yaml: String
    /// Lines before the YAML text (the opening `---`).
    let yamlLineOffset: Int
    let body: String
    /// 1-based line of the body's first line in the file.
    let bodyLine: Int

    /// Nil when the file does not start with a `---` line or never closes it.
    /// Works on UTF-8 bytes, line by line, stopping at the closing line: the
    /// body (most of the file) is never split.
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        /// The line starting at `start`, without CR and trailing blanks, and where the next begins.
        func line(at start: Int) -> (content: ArraySlice<UInt8>, next: Int) {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var trimmed = end
            while trimmed > start && (bytes[trimmed - 1] == 0x0D || bytes[trimmed - 1] == 0x20 || bytes[trimmed - 1] == 0x09) {
                trimmed -= 1
            }
            return (bytes[start..<trimmed], min(end + 1, bytes.count + 1))
        }
        let dashes = Array("---".utf8)
        let dots = Array("...".utf8)
        let opening = line(at: 0)
        guard Array(opening.content) == dashes else { return nil }
        var start = opening.next
        var number = 2
        while start <= bytes.count {
            let current = line(at: start)
            if Array(current.content) == dashes || Array(current.content) == dots {
                yaml = String(decoding: bytes[opening.next..<max(opening.next, start - 1)], as: UTF8.self)
                yamlLineOffset = 1
                bodyLine = number + 1
                body = current.next <= bytes.count ? String(decoding: bytes[current.next...], as: UTF8.self) : ""
                return
            }
            if current.next > bytes.count { break }
            start = current.next
            number += 1
        }
        return nil
    }
}
