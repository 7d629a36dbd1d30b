extension String {
    /// Zeros in front up to `width` characters (`"7"` → `"0007"`): numbered
    /// decisions and change requests, dates, escapes. Longer text is kept.
    func zeroPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
