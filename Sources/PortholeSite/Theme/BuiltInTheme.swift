import Foundation

/// The default theme, built into the binary: every file of `themes/default`
/// as it was when Porthole was built (the `EmbedDefaultTheme` build-tool
/// plugin writes `EmbeddedThemeFiles` from the folder on every build that
/// changes it, so the two never drift). A build uses it when the portal asks
/// for `default` and there is no `themes/default` folder (`ThemeSource`);
/// `porthole theme eject` writes it out.
public enum BuiltInTheme {
    public struct File: Sendable {
        /// The path in the theme folder: `templates/base.mustache`.
        public let path: String
        public let bytes: [UInt8]
    }

    /// The theme it stands in for.
    public static let name = "default"
    /// How diagnostics name its folder: `(built-in)/templates/base.mustache`.
    public static let display = "(built-in)"

    /// Every file, in the order a walk of the folder gives (each folder's
    /// names sorted, hidden and `_` names left out, as `ContentDisk.list`).
    public static let files: [File] = EmbeddedThemeFiles.files.map {
        File(path: $0.path, bytes: Data(base64Encoded: $0.base64).map { Array($0) } ?? [])
    }

    private static let byPath: [String: [UInt8]] = Dictionary(
        files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })

    /// One file's bytes, by its path in the theme.
    public static func file(_ path: String) -> [UInt8]? { byPath[path] }
}
