/// A Markdown file split into its YAML front matter and body.
struct FrontMatter {
    let yaml: String
    /// Lines before the YAML text (the opening `---`).
    let yamlLineOffset: Int
    let body: String
    /// 1-based line of the body's first line in the file.
    let bodyLine: Int

    /// Nil when the file does not start with a `---` line or never closes it.
    init?(_ text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func trimmed(_ line: Substring) -> Substring {
            var line = line
            if line.last == "\r" { line.removeLast() }
            while line.last == " " || line.last == "\t" { line.removeLast() }
            return line
        }
        guard let first = lines.first, trimmed(first) == "---" else { return nil }
        guard let close = lines.indices.dropFirst().first(where: {
            let line = trimmed(lines[$0])
            return line == "---" || line == "..."
        }) else { return nil }
        yaml = lines[1..<close].joined(separator: "\n")
        yamlLineOffset = 1
        bodyLine = close + 2
        lines.removeSubrange(0...close)
        body = lines.joined(separator: "\n")
    }
}
