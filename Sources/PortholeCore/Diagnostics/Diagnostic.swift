/// Where a value came from, for `path:line:column` diagnostics.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file's path as the user should see it (relative to the working folder).
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int = 1, column: Int = 1) {
        self.file = file
        self.line = max(1, line)
        self.column = max(1, column)
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }

    /// The same file, `lines` further down (front matter sits below a `---`).
    public func offset(lines: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + lines, column: column)
    }
}

public enum Severity: String, Sendable, Hashable, Comparable {
    case error, warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
}

/// One problem found in the content, the theme or the options.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public let severity: Severity
    public let location: SourceLocation?
    public let message: String
    /// A stable identifier of the rule ("unknown-key", "stale-update"), for
    /// machine-readable output and tests.
    public let code: String
    /// The client whose content it is about, for per-client summaries.
    public var client: String?

    public init(_ severity: Severity, _ code: String, _ message: String, at location: SourceLocation?) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }

    public static func error(_ code: String, _ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.error, code, message, at: location)
    }

    public static func warning(_ code: String, _ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.warning, code, message, at: location)
    }

    /// `path:line:col: error: message`, the format of content.md "Errors".
    public var description: String {
        let prefix = location.map { "\($0): " } ?? "porthole: "
        return "\(prefix)\(severity.rawValue): \(message)"
    }
}

/// Diagnostics collected while a stage runs; every stage reports all it finds
/// rather than stopping at the first problem.
public struct DiagnosticLog: Sendable {
    public private(set) var entries: [Diagnostic] = []

    public init() {}

    public mutating func add(_ diagnostic: Diagnostic) { entries.append(diagnostic) }

    public mutating func error(_ code: String, _ message: String, at location: SourceLocation?) {
        entries.append(.error(code, message, at: location))
    }

    public mutating func warning(_ code: String, _ message: String, at location: SourceLocation?) {
        entries.append(.warning(code, message, at: location))
    }

    public mutating func merge(_ other: DiagnosticLog) { entries.append(contentsOf: other.entries) }

    /// Marks every entry as being about one client.
    public mutating func attribute(to client: String) {
        for index in entries.indices where entries[index].client == nil { entries[index].client = client }
    }

    public var hasErrors: Bool { entries.contains { $0.severity == .error } }
    public var errorCount: Int { entries.filter { $0.severity == .error }.count }
    public var warningCount: Int { entries.filter { $0.severity == .warning }.count }

    /// Errors first would hide where they are; file order is what an editor wants.
    public var sorted: [Diagnostic] {
        // Positions are sorted, not the diagnostics: each is four strings to
        // retain and release on every move, and a generated agency prints
        // thousands of warnings on every build, a no-op one included.
        entries.withUnsafeBufferPointer { entries in
            entries.indices.sorted { Self.precedes(entries[$0], entries[$1]) }.map { entries[$0] }
        }
    }

    private static func precedes(_ first: Diagnostic, _ second: Diagnostic) -> Bool {
        let a = first.location ?? SourceLocation(file: "")
        let b = second.location ?? SourceLocation(file: "")
        if a != b { return a < b }
        if first.severity != second.severity { return first.severity < second.severity }
        return first.message < second.message
    }
}
