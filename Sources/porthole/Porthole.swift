import ArgumentParser
import PortholeSite

@main
struct Porthole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "porthole",
        abstract: "Builds per-client project status portals from an agency's content folder.",
        version: PortholeInfo.version,
        subcommands: [Build.self, Check.self, New.self, Import.self, Links.self, Digest.self, Serve.self, ThemeCommand.self],
        defaultSubcommand: Build.self
    )
}
