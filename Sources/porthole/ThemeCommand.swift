import ArgumentParser
import Foundation
import PortholeSite

/// `porthole theme …`: the theme built into the binary.
struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "Work with the default theme built into porthole.",
        subcommands: [ThemeEject.self])
}

/// `porthole theme eject [DIR]`: the built-in default theme written out, to
/// change it; never over a file that exists.
struct ThemeEject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eject",
        abstract: "Write the built-in default theme to a folder, to customise it.")

    @Option(help: "The content folder; the theme goes to themes/default beside it by default.")
    var content: String = "content"

    @Argument(help: "The theme folder to write. Default: themes/default beside the content folder.")
    var folder: String?

    func run() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let projectRoot = Paths.parent(Paths.absolute(content, cwd: cwd))
        let target = folder.map { Paths.absolute($0, cwd: cwd) } ?? projectRoot + "/themes/" + BuiltInTheme.name
        let display = Paths.display(target, cwd: cwd)
        let existing = BuiltInTheme.files.filter { FileManager.default.fileExists(atPath: target + "/" + $0.path) }
        if !existing.isEmpty {
            let names = existing.prefix(3).map { display + "/" + $0.path }.joined(separator: ", ")
            let more = existing.count > 3 ? " and \(existing.count - 3) more" : ""
            throw fail("\(names)\(more) already exist; not overwriting them (choose another folder, or move it away first)")
        }
        for file in BuiltInTheme.files {
            let path = target + "/" + file.path
            try FileManager.default.createDirectory(
                atPath: Paths.parent(path), withIntermediateDirectories: true)
            switch AtomicFile.write(file.bytes, to: path, replacing: false) {
            case .success: break
            case .failure(.exists): throw fail("\(display)/\(file.path) already exists; not overwriting it")
            case .failure(.failed(let reason)): throw fail("cannot write \(display)/\(file.path): \(reason)")
            }
        }
        print("wrote the built-in default theme to \(display) (\(BuiltInTheme.files.count) files)")
        print(nextSteps(target: target, projectRoot: projectRoot, cwd: cwd))
    }

    /// How the written folder comes to be used.
    func nextSteps(target: String, projectRoot: String, cwd: String) -> String {
        let themes = Paths.parent(target)
        let name = String(target.dropFirst(themes.count + 1))
        var steps: [String] = []
        if themes != projectRoot + "/themes" {
            steps.append("build with --themes \(Paths.display(themes, cwd: cwd)), the folder that holds it")
        }
        if name != BuiltInTheme.name {
            steps.append("set `theme: \(name)` under site: in portal.yaml")
        }
        let use =
            steps.isEmpty
            ? "porthole build now uses it instead of the built-in theme for portals with `theme: default`."
            : "To use it: " + steps.joined(separator: ", and ") + "."
        return """
            Next:
              \(use)
              Change templates/*.mustache, assets/style.css and the words in i18n/en.yaml (docs/themes.md).
              porthole check reports a mistake in the theme with its file and line; commit the folder with your content.
            """
    }

    private func fail(_ message: String) -> ExitCode {
        DiagnosticPrinter().printLine("porthole: error: \(message)")
        return ExitCode(1)
    }
}
