import Foundation

// Writes the default theme as Swift source, for the EmbedDefaultTheme
// build-tool plugin: `PortholeThemeEmbedder <theme folder> <output.swift>`.
// Every file the build would read from the folder (names starting with `.`
// or `_` are left out, as ContentDisk.list does), in the order a walk of the
// folder gives (each folder's names sorted), base64 in one string literal
// each: quick to compile, and any bytes at all.

/// Relative paths of the regular files below `folder`; a symlink or another
/// kind of file stops the build, since the theme on disk would refuse it.
func walk(_ folder: URL, prefix: String) throws -> [String] {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { !$0.hasPrefix(".") && !$0.hasPrefix("_") }.sorted()
    var result: [String] = []
    for name in names {
        let url = folder.appendingPathComponent(name)
        let type = try FileManager.default.attributesOfItem(atPath: url.path)[.type] as? FileAttributeType
        switch type {
        case .typeRegular?: result.append(prefix + name)
        case .typeDirectory?: result += try walk(url, prefix: prefix + name + "/")
        default: throw EmbedError(message: "\(url.path): only files and folders can be embedded in the theme")
        }
    }
    return result
}

struct EmbedError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

func swiftLiteral(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: PortholeThemeEmbedder <theme folder> <output.swift>\n".utf8))
    exit(2)
}
let theme = URL(fileURLWithPath: arguments[1])
do {
    var source = """
        // Generated from themes/default by PortholeThemeEmbedder (the
        // EmbedDefaultTheme plugin) on every build; not checked in.

        enum EmbeddedThemeFiles {
            static let files: [(path: String, base64: String)] = [

        """
    for path in try walk(theme, prefix: "") {
        let bytes = try Data(contentsOf: theme.appendingPathComponent(path))
        source += "        (\(swiftLiteral(path)), \(swiftLiteral(bytes.base64EncodedString()))),\n"
    }
    source += "    ]\n}\n"
    let output = URL(fileURLWithPath: arguments[2])
    if (try? Data(contentsOf: output)) != Data(source.utf8) {
        try Data(source.utf8).write(to: output, options: .atomic)
    }
} catch {
    FileHandle.standardError.write(Data("PortholeThemeEmbedder: error: \(error)\n".utf8))
    exit(1)
}
