#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files a build wrote to one folder (path relative to it → hash of the
/// bytes), as a build manifest records them.
///
/// Read from a manifest, they stay the manifest's own lines until a build
/// asks for the table: a no-op build needs none of the 41,000 of a
/// 200-client site, and a kept client whose spare copy was recorded with the
/// same lines is compared byte for byte, not path by path. Parsing them all
/// up front was half of reading the manifest, and freeing them again a
/// twentieth of a no-op build.
struct FileHashes: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private enum Storage: Sendable {
        /// Whole `<kind> <hash> <path>\n` lines, as the manifest held them,
        /// each beginning with `prefix` bytes (`file `, `pfile `).
        case lines(ArraySlice<UInt8>, prefix: Int)
        case table([String: String])
    }

    private var storage: Storage
    /// How many files; known without parsing.
    private(set) var count: Int

    init(_ table: [String: String] = [:]) {
        storage = .table(table)
        count = table.count
    }

    init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// `lines`: complete lines, each `prefix` bytes, a hash, a space and a
    /// path (the manifest reader checked the space); `count` of them.
    init(lines: ArraySlice<UInt8>, prefix: Int, count: Int) {
        storage = .lines(lines, prefix: prefix)
        self.count = count
    }

    /// Path → hash. Parsed on each read of a manifest's lines: take it once
    /// for many lookups.
    var table: [String: String] {
        get {
            switch storage {
            case .table(let table): return table
            case .lines(let lines, let prefix):
                var table = [String: String](minimumCapacity: count)
                Self.forEachLine(lines, prefix: prefix) { hash, path in table[path] = hash }
                return table
            }
        }
        set {
            storage = .table(newValue)
            count = newValue.count
        }
    }

    /// The paths, in no particular order.
    var paths: Dictionary<String, String>.Keys { table.keys }

    /// The manifest's lines for these files, `kind` first: as they were read
    /// when they were read as that kind, else made again (sorted by path, so
    /// the manifest is reproducible).
    func appendLines(kind: String, to out: inout [UInt8]) {
        if case .lines(let lines, let prefix) = storage, prefix == kind.utf8.count + 1,
            lines.starts(with: kind.utf8)
        {
            out += lines
            return
        }
        let table = table
        for path in table.keys.sorted() {
            out += kind.utf8
            out.append(UInt8(ascii: " "))
            out += table[path]!.utf8
            out.append(UInt8(ascii: " "))
            out += path.utf8
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// Two sets of lines are equal when their bytes are (the manifest writes
    /// them sorted, so the same files give the same bytes); else the tables
    /// are compared.
    static func == (lhs: FileHashes, rhs: FileHashes) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if case .lines(let left, let leftPrefix) = lhs.storage, case .lines(let right, let rightPrefix) = rhs.storage,
            leftPrefix == rightPrefix, left.count == right.count,
            left.withUnsafeBytes({ l in right.withUnsafeBytes { r in memcmp(l.baseAddress!, r.baseAddress!, l.count) == 0 } })
        {
            return true
        }
        return lhs.table == rhs.table
    }

    private static func forEachLine(_ lines: ArraySlice<UInt8>, prefix: Int, _ body: (String, String) -> Void) {
        lines.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                let fields = UnsafeBufferPointer(rebasing: bytes[(start + prefix)..<end])
                if let space = fields.firstIndex(of: UInt8(ascii: " ")) {
                    body(
                        String(decoding: UnsafeBufferPointer(rebasing: fields[..<space]), as: UTF8.self),
                        String(decoding: UnsafeBufferPointer(rebasing: fields[(space + 1)...]), as: UTF8.self))
                }
                start = end + 1
            }
        }
    }
}
