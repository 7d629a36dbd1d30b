import ArgumentParser
import PortholeSite

@main
struct Porthole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "porthole",
        abstract: "Builds per-client project status portals from an agency's content folder.",
        version: PortholeInfo.version,
        subcommands: [Build.self, Check.self, New.self, Links.self, Serve.self, ThemeCommand.self, HubSpot.self],
        defaultSubcommand: Build.self
    )
}
