/// Rules for text anywhere in content, shared by the YAML loader and by
/// what writes content (a HubSpot pull), so the two cannot disagree.
public enum ContentText {
    /// Control characters cannot appear in a page (HTML forbids most of
    /// them), so they are refused where they are read. Tab and line breaks
    /// are text. Nil when there is none; else "a NUL character" or "a
    /// control character (U+1B)".
    public static func controlCharacterProblem(_ text: String) -> String? {
        for scalar in text.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F {
            if scalar == "\t" || scalar == "\n" || scalar == "\r" { continue }
            return scalar.value == 0 ? "a NUL character" : "a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))"
        }
        return nil
    }
}
