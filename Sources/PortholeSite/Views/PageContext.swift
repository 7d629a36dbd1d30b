import PortholeCore

/// A Mustache context: plain dictionaries are what the template renderer
/// reads without reflection, and keep the templates' vocabulary visible in
/// one place.
typealias PageContext = [ContextName: Any]

extension PageContext {
    /// The same values with names swift-mustache reads (`[String: Any]`, the
    /// dictionaries it knows), for a theme it renders (`Theme.Engine`).
    static func readable(_ value: Any) -> Any {
        switch value {
        case let context as PageContext:
            [String: Any](uniqueKeysWithValues: context.map { ($0.key.text, readable($0.value)) })
        case let contexts as [PageContext]: contexts.map { readable($0) }
        case let values as [Any]: values.map { readable($0) }
        default: value
        }
    }
}

/// A name in a page context, with its hash worked out once, when the name is
/// made. A template looks each name up on every level of its context stack,
/// and String's hash (SipHash over the name's bytes, seeded per process) was
/// computed again for every level and every page. The names are the views'
/// and the theme's own, never a client's content, so a hash without a
/// per-process seed is safe; the dictionary's own per-table seed is still
/// mixed in.
struct ContextName: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    let text: String
    private let code: UInt64

    init(_ text: String) {
        self.text = text
        code = text.utf8.withContiguousStorageIfAvailable(Self.code) ?? Array(text.utf8).withUnsafeBufferPointer(Self.code)
    }

    /// FNV-1a over the bytes: names are a few ASCII letters.
    private static func code(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var code: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { code = (code ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return code
    }

    init(stringLiteral text: String) { self.init(text) }

    var description: String { text }

    static func == (lhs: ContextName, rhs: ContextName) -> Bool {
        lhs.code == rhs.code && lhs.text == rhs.text
    }

    func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// What Dictionary and Set call: the stored code mixed with the table's
    /// seed (splitmix64's finaliser), without a Hasher.
    func _rawHashValue(seed: Int) -> Int {
        var mixed = code ^ UInt64(UInt(bitPattern: seed))
        mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
        return Int(bitPattern: UInt(truncatingIfNeeded: mixed ^ (mixed >> 31)))
    }
}

/// Where a page sits below its client's folder, for relative links: a portal
/// must work under any base path and straight from the file system
/// (site.md), so every link is relative and names `index.html`.
struct PageDepth {
    /// 0 = client home, 1 = project overview, 2 = a project section,
    /// 3 = one decision or one update.
    let belowClient: Int

    var toClient: String { String(repeating: "../", count: belowClient) }
    var toSiteRoot: String { String(repeating: "../", count: belowClient + 1) }
    /// From a project page (depth >= 1) to the project's folder.
    var toProject: String { String(repeating: "../", count: max(0, belowClient - 1)) }
}

extension RAGStatus {
    /// A shape per status, so colour is never the only signal.
    var symbol: String {
        switch self {
        case .green: "●"
        case .amber: "▲"
        case .red: "■"
        }
    }
}
