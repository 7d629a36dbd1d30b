/// Small helpers for drawing inline SVG at build time: numbers printed the
/// same way on every machine, text always escaped.
enum SVG {
    /// A coordinate with at most one decimal, no locale, no exponent.
    static func n(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        let whole = Int(tenths) / 10
        let fraction = abs(Int(tenths) % 10)
        if fraction == 0 { return String(whole) }
        return (tenths < 0 && whole == 0 ? "-" : "") + "\(whole).\(fraction)"
    }

    static func text(_ value: String) -> String { Escape.xml(value) }

    /// Shortens a label to `limit` characters with an ellipsis.
    static func clip(_ value: String, _ limit: Int) -> String {
        value.count <= limit ? value : String(value.prefix(limit - 1)).trimmingCharacters(in: " ") + "…"
    }

    /// A label as one or two `<tspan>` lines of at most `limit` characters,
    /// broken at a space, centred on baseline `y` (only a label longer than
    /// two lines is still shortened, its full text being in the page's table).
    static func wrapped(_ value: String, _ limit: Int, x: Double, y: Double) -> String {
        guard value.count > limit else { return text(value) }
        let head = value.prefix(limit + 1)
        let cut = head.lastIndex(of: " ").map { value.distance(from: value.startIndex, to: $0) } ?? limit
        let first = String(value.prefix(cut)).trimmingCharacters(in: " ")
        let second = clip(String(value.dropFirst(cut)).trimmingCharacters(in: " "), limit)
        return "<tspan x=\"\(n(x))\" y=\"\(n(y - 6))\">\(text(first))</tspan>"
            + "<tspan x=\"\(n(x))\" y=\"\(n(y + 8))\">\(text(second))</tspan>"
    }

    /// A diamond of half-width `r` centred on (x, y).
    static func diamond(_ x: Double, _ y: Double, _ r: Double) -> String {
        "M\(n(x)) \(n(y - r))L\(n(x + r)) \(n(y))L\(n(x)) \(n(y + r))L\(n(x - r)) \(n(y))Z"
    }

    /// An upward triangle of half-width `r` centred on (x, y).
    static func triangle(_ x: Double, _ y: Double, _ r: Double) -> String {
        "M\(n(x)) \(n(y - r))L\(n(x + r)) \(n(y + r * 0.8))L\(n(x - r)) \(n(y + r * 0.8))Z"
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String { Substring(self).trimmingCharacters(in: set) }
}
