import PortholeCore

/// Where a theme's files come from: a folder on disk (`themes/<name>`), or
/// the default theme built into the binary (`BuiltInTheme`). `Theme.load`
/// and the words read every file through it, so both give the same theme,
/// the same digest and the same pages.
public enum ThemeSource: Sendable {
    case folder(String)
    case builtIn

    /// Which theme a build uses: `<themesRoot>/<name>` when it exists; else
    /// the built-in theme when `name` is `default` and `allowBuiltIn`
    /// (no `--themes` given); else nil (the theme is missing).
    public static func resolve(
        name: String, themesRoot: String, displayRoot: String, allowBuiltIn: Bool
    ) -> (source: ThemeSource, display: String)? {
        let folder = themesRoot + "/" + name
        if ContentDisk.exists(folder) {
            return ContentDisk.kind(of: folder) == .directory ? (.folder(folder), displayRoot + "/" + name) : nil
        }
        return allowBuiltIn && name == BuiltInTheme.name ? (.builtIn, BuiltInTheme.display) : nil
    }

    /// Relative paths of the regular files below `sub` (`templates`), in
    /// the order of a walk of the folder; on disk, symlinks are refused so
    /// a theme cannot pull in files from outside itself.
    func files(in sub: String, display: String, _ log: inout DiagnosticLog) -> [String] {
        switch self {
        case .folder(let root): return Theme.files(in: root + "/" + sub, prefix: "", display: display + "/" + sub, &log)
        case .builtIn:
            let prefix = sub + "/"
            return BuiltInTheme.files.compactMap { $0.path.hasPrefix(prefix) ? String($0.path.dropFirst(prefix.count)) : nil }
        }
    }

    /// A file's bytes, by its path in the theme; nil when it cannot be read.
    func bytes(_ path: String) -> [UInt8]? {
        switch self {
        case .folder(let root): return ContentDisk.readBytes(root + "/" + path)
        case .builtIn: return BuiltInTheme.file(path)
        }
    }

    /// A file as UTF-8 text, decoded as `ContentDisk.readText` does.
    func text(_ path: String) -> Result<String, ContentDisk.ReadError> {
        guard let bytes = bytes(path) else { return .failure(.cannotOpen(path)) }
        return ContentDisk.text(bytes)
    }

    /// Whether the theme has this regular file.
    func hasFile(_ path: String) -> Bool {
        switch self {
        case .folder(let root): return ContentDisk.kind(of: root + "/" + path) == .file
        case .builtIn: return BuiltInTheme.file(path) != nil
        }
    }
}
