import ArgumentParser
import PortholeSite

@main
struct Porthole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "porthole",
        abstract: "Builds per-client project status portals from an agency's content folder.",
        version: PortholeInfo.version,
        subcommands: [
            Build.self, Check.self, Init.self, New.self, Import.self, Links.self, Digest.self, Serve.self, ThemeCommand.self, HubSpot.self,
        ],
        defaultSubcommand: Build.self
    )
}
