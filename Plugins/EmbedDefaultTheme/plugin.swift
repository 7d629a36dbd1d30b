import Foundation
import PackagePlugin

/// Embeds `themes/default` in the target that uses it: a build command runs
/// `PortholeThemeEmbedder` over the folder whenever one of its files (every
/// one is an input) changes, and the generated Swift source is compiled
/// into the target. Nothing generated is checked in, so the built-in theme
/// is always the folder's.
@main
struct EmbedDefaultTheme: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let theme = context.package.directoryURL.appendingPathComponent("themes/default")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedThemeFiles.swift")
        var inputs: [URL] = []
        let walk = FileManager.default.enumerator(at: theme, includingPropertiesForKeys: nil)
        while let url = walk?.nextObject() as? URL {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                inputs.append(url)
            }
        }
        return [
            .buildCommand(
                displayName: "Embedding themes/default",
                executable: try context.tool(named: "PortholeThemeEmbedder").url,
                arguments: [output.path, "EmbeddedThemeFiles", theme.path + "="],
                inputFiles: inputs.sorted { $0.path < $1.path },
                outputFiles: [output])
        ]
    }
}
