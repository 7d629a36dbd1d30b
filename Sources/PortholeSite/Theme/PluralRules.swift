import Foundation

#if canImport(_FoundationICU)
    import _FoundationICU
#endif

/// A language's plural categories (CLDR: `zero`, `one`, `two`, `few`,
/// `many`, `other`), from ICU's plural rules: French says "1 jour" and "0
/// jour", Arabic has six forms. Foundation has no public plural-rules API on
/// Linux (`String(localized:)` inflection and `.stringsdict` are Apple's
/// only), so this asks the ICU Foundation itself is built on
/// (`_FoundationICU`, shipped with the toolchain, whose C names carry a
/// `swift_` prefix). Without it, English's rule: `one` for 1.
struct PluralRules: Sendable {
    let language: String
    /// The category of 0...99, looked up once: counts on pages are small,
    /// and ICU's rules object is not thread-safe to share.
    private let small: [String]

    init(language: String) {
        self.language = language
        #if canImport(_FoundationICU)
            var status = U_ZERO_ERROR
            let rules = swift_uplrules_open(language, &status)
            defer { if let rules { swift_uplrules_close(rules) } }
            small = (0..<100).map { n in Self.select(rules, Double(n)) ?? (n == 1 ? "one" : "other") }
        #else
            small = (0..<100).map { $0 == 1 ? "one" : "other" }
        #endif
    }

    /// The category of `count`, e.g. "one" or "other".
    func category(_ count: Int) -> String {
        if count >= 0, count < small.count { return small[count] }
        #if canImport(_FoundationICU)
            var status = U_ZERO_ERROR
            let rules = swift_uplrules_open(language, &status)
            defer { if let rules { swift_uplrules_close(rules) } }
            return Self.select(rules, Double(count)) ?? "other"
        #else
            return count == 1 ? "one" : "other"
        #endif
    }

    #if canImport(_FoundationICU)
        private static func select(_ rules: OpaquePointer?, _ number: Double) -> String? {
            guard let rules else { return nil }
            var status = U_ZERO_ERROR
            var buffer = [UChar](repeating: 0, count: 16)
            let length = swift_uplrules_select(rules, number, &buffer, Int32(buffer.count), &status)
            guard status.rawValue <= U_ZERO_ERROR.rawValue, length > 0 else { return nil }
            return String(decoding: buffer[0..<Int(length)], as: UTF16.self)
        }
    #endif
}
