import Foundation
import PackagePlugin

/// Embeds what `porthole init` writes in the target that uses it, as
/// `EmbeddedAgencyTemplate`: `scaffold/agency` (the new agency's own files),
/// the example agency's playbooks (`content/playbooks`, the three standard
/// ones: one copy in the repository, not two) and the GitHub Actions recipe
/// with the script it runs (`ci/`, tested by Tests/site-checks/test_ci.py),
/// so a new agency starts with exactly the tested recipe. Every file is an
/// input: changing one rebuilds the embedded copy.
@main
struct EmbedAgencyTemplate: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let sources: [(path: String, destination: String)] = [
            ("scaffold/agency", ""),
            ("content/playbooks", "content/playbooks/"),
            ("ci/porthole-ci.sh", "ci/porthole-ci.sh"),
            ("ci/github/portals.yml", ".github/workflows/portals.yml"),
        ]
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedAgencyTemplate.swift")
        var inputs: [URL] = []
        for source in sources {
            let url = root.appendingPathComponent(source.path)
            let walk = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
            if walk == nil || (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) != true {
                inputs.append(url)
                continue
            }
            while let file = walk?.nextObject() as? URL {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue {
                    inputs.append(file)
                }
            }
        }
        return [
            .buildCommand(
                displayName: "Embedding the agency template",
                executable: try context.tool(named: "PortholeThemeEmbedder").url,
                arguments: [output.path, "EmbeddedAgencyTemplate"]
                    + sources.map { root.appendingPathComponent($0.path).path + "=" + $0.destination },
                inputFiles: inputs.sorted { $0.path < $1.path },
                outputFiles: [output])
        ]
    }
}
