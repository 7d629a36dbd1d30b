import PortholeCore

/// A Mustache context: plain dictionaries are what the template renderer
/// reads without reflection, and keep the templates' vocabulary visible in
/// one place.
typealias PageContext = [ContextName: Any]

extension PageContext {
    /// The same values with names swift-mustache reads (`[String: Any]`, the
    /// dictionaries it knows), for a theme it renders (`Theme.Engine`).
    static func readable(_ context: PageContext) -> [String: Any] {
        [String: Any](context.map { ($0.key.text, readable($0.value)) }, uniquingKeysWith: { first, _ in first })
    }

    /// A value as `readable(_:)` gives it: only what holds page contexts is
    /// rebuilt; any other array keeps its type (swift-mustache's `sorted`
    /// transform, for one, needs an array of comparable elements).
    static func readable(_ value: Any) -> Any {
        let kind = ObjectIdentifier(type(of: value))
        if kind == ObjectIdentifier(PageContext.self), let context = value as? PageContext { return readable(context) }
        if kind == ObjectIdentifier([PageContext].self), let contexts = value as? [PageContext] { return contexts.map(readable) }
        if kind == ObjectIdentifier([Any].self), let values = value as? [Any] { return values.map { readable($0) } }
        return value
    }
}

/// A name in a page context, with its hash worked out once, when the name is
/// made. A template looks each name up on every level of its context stack,
/// and String's hash (SipHash over the name's bytes, seeded per process) was
/// computed again for every level and every page. The names are the views'
/// and the theme's own, never a client's content, so a hash without a
/// per-process seed is safe; the dictionary's own per-table seed is still
/// mixed in. Names are told apart by their bytes, which are what is hashed:
/// `é` and `e` + U+0301 are two names (String would call them one).
struct ContextName: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    let text: String
    private let nameHash: UInt64

    init(_ text: String) {
        self.text = text
        nameHash = text.utf8.withContiguousStorageIfAvailable(Self.fnv1a) ?? Array(text.utf8).withUnsafeBufferPointer(Self.fnv1a)
    }

    /// FNV-1a over the bytes: names are a few ASCII letters.
    private static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    init(stringLiteral text: String) { self.init(text) }

    var description: String { text }

    static func == (lhs: ContextName, rhs: ContextName) -> Bool {
        // String's own comparison after the hashes: it returns at once for
        // the same name, where comparing the bytes one by one does not.
        lhs.nameHash == rhs.nameHash && lhs.text == rhs.text
    }

    func hash(into hasher: inout Hasher) { hasher.combine(nameHash) }

    /// What Dictionary and Set call: the stored hash mixed with the table's
    /// seed (splitmix64's finaliser), without a Hasher. An underscored
    /// requirement of `Hashable`, so a toolchain could change it:
    /// `ContextNamePropertyTests` fills tables of every size with names and
    /// finds them again.
    func _rawHashValue(seed: Int) -> Int {
        var mixed = nameHash ^ UInt64(UInt(bitPattern: seed))
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
