import ArgumentParser

@main
struct Porthole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "porthole",
        abstract: "Builds per-client project status portals from an agency's content folder.",
        version: PortholeVersion.current,
        subcommands: [Build.self, Check.self, New.self, Links.self],
        defaultSubcommand: Build.self
    )
}

enum PortholeVersion {
    static let current = "0.1.0"
}
