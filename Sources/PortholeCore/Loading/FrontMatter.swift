/// A Markdown file split into its YAML front matter and body.
struct FrontMatter {
    let yaml: String
    /// Lines before the YAML text (the opening `---`).
    let yamlLineOffset: Int
    let body: String
    /// 1-based line of the body's first line in the file.
    let bodyLine: Int

    /// Why a file has no front matter to read.
    enum Problem: Error, Equatable {
        /// The first line is not `---`.
        case noOpeningLine
        /// The first line is `---`, but no `---` (or `...`) line follows.
        /// `line` is where the closing line should have been: the first
        /// line that does not look like YAML (text, a `##` heading), or the
        /// line after the file's last, when every line could be YAML (line 1
        /// for a file that is the opening line alone, with no line break).
        case notClosed(line: Int, atEnd: Bool)
    }

    /// The front matter and body, or why there are none. Works on UTF-8
    /// bytes, line by line, stopping at the closing line: the body (most of
    /// the file) is never split.
    static func split(_ text: String) -> Result<FrontMatter, Problem> {
        // The string's own bytes, not a copy of the whole note.
        var text = text
        return text.withUTF8(split(bytes:))
    }

    private static func split(bytes: UnsafeBufferPointer<UInt8>) -> Result<FrontMatter, Problem> {
        /// The line starting at `start`, without CR and trailing blanks, and where the next begins.
        func line(at start: Int) -> (content: Slice<UnsafeBufferPointer<UInt8>>, next: Int) {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var trimmed = end
            while trimmed > start && (bytes[trimmed - 1] == 0x0D || bytes[trimmed - 1] == 0x20 || bytes[trimmed - 1] == 0x09) {
                trimmed -= 1
            }
            return (bytes[start..<trimmed], min(end + 1, bytes.count + 1))
        }
        func isFence(_ line: Slice<UnsafeBufferPointer<UInt8>>, _ mark: UInt8) -> Bool {
            line.count == 3 && line.allSatisfy { $0 == mark }
        }
        let opening = line(at: 0)
        guard isFence(opening.content, UInt8(ascii: "-")) else { return .failure(.noOpeningLine) }
        // `---` and nothing after it, not even a line break: the file ends
        // on the opening line, and there is no line after it to point at.
        guard opening.next <= bytes.count else { return .failure(.notClosed(line: 1, atEnd: true)) }
        var start = opening.next
        var number = 2
        var firstNotYAML: Int?
        while start <= bytes.count {
            let current = line(at: start)
            if isFence(current.content, UInt8(ascii: "-")) || isFence(current.content, UInt8(ascii: ".")) {
                let body = current.next <= bytes.count ? String(decoding: bytes[current.next...], as: UTF8.self) : ""
                return .success(
                    FrontMatter(
                        yaml: String(decoding: bytes[opening.next..<max(opening.next, start - 1)], as: UTF8.self),
                        yamlLineOffset: 1, body: body, bodyLine: number + 1))
            }
            if firstNotYAML == nil, !looksLikeYAML(current.content) { firstNotYAML = number }
            if current.next > bytes.count { break }
            start = current.next
            number += 1
        }
        if let firstNotYAML { return .failure(.notClosed(line: firstNotYAML, atEnd: false)) }
        return .failure(.notClosed(line: number, atEnd: true))
    }

    /// Could this line be part of a note's front matter? Blank lines,
    /// comments, indented lines, list items and `key:` lines could; a line
    /// of prose ("Checkout is done.") or a `##` heading could not. Only to
    /// point at where an unclosed block should have ended.
    static func looksLikeYAML(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard let first = line.first else { return true }
        switch first {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "-"):
            return true
        case UInt8(ascii: "#"):
            return line.dropFirst().first != UInt8(ascii: "#")
        default:
            // `key:` then a space or the end of the line.
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { return false }
            let keyIsWord = line[..<colon].allSatisfy { byte in
                (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || byte == 45
            }
            return keyIsWord && (colon + 1 == line.endIndex || line[colon + 1] == UInt8(ascii: " "))
        }
    }
}
