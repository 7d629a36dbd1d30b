/// Brand colours from `client.yaml`.
public enum CSSColor {
    /// `#abc` or `#aabbcc` (any case) as lower-case `#aabbcc`; nil otherwise.
    public static func normalisedHex(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: " \t")
        guard trimmed.first == "#" else { return nil }
        let digits = trimmed.dropFirst().lowercased()
        guard digits.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        switch digits.count {
        case 6: return "#" + digits
        case 3: return "#" + digits.map { "\($0)\($0)" }.joined()
        default: return nil
        }
    }

    /// WCAG relative luminance of a `#rrggbb` colour.
    public static func luminance(_ hex: String) -> Double {
        let (r, g, b) = rgb(hex)
        func channel(_ value: Int) -> Double {
            let c = Double(value) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    public static func contrast(_ a: String, _ b: String) -> Double {
        let (la, lb) = (luminance(a), luminance(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    static func rgb(_ hex: String) -> (Int, Int, Int) {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        return ((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF)
    }

    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        func two(_ v: Int) -> String {
            let s = String(max(0, min(255, v)), radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + two(r) + two(g) + two(b)
    }

    /// The colour mixed towards white until it reaches `ratio` against a dark
    /// background: the accent for `prefers-color-scheme: dark`.
    public static func lightened(_ hex: String, toContrast ratio: Double = 4.5, against background: String = "#181c22") -> String {
        let (r, g, b) = rgb(hex)
        for step in 0...20 {
            let t = Double(step) / 20
            let mixed = self.hex(
                Int(Double(r) + (255 - Double(r)) * t), Int(Double(g) + (255 - Double(g)) * t),
                Int(Double(b) + (255 - Double(b)) * t))
            if contrast(mixed, background) >= ratio { return mixed }
        }
        return "#ffffff"
    }

    /// The colour, darkened in steps until it reaches `ratio` against white,
    /// so an accent used for text and buttons stays readable (WCAG AA).
    public static func darkened(_ hex: String, toContrast ratio: Double = 4.5, against background: String = "#ffffff") -> String {
        var (r, g, b) = rgb(hex)
        var current = hex
        var steps = 0
        while contrast(current, background) < ratio, steps < 100 {
            r = r * 95 / 100
            g = g * 95 / 100
            b = b * 95 / 100
            current = self.hex(r, g, b)
            steps += 1
        }
        return current
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
