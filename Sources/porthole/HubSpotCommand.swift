import ArgumentParser
import Foundation
import PortholeCore
import PortholeHubSpot
import PortholeSite

/// `porthole hubspot pull|push`: the exchange with the agency's HubSpot CRM
/// (docs/hubspot.md).
struct HubSpot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hubspot",
        abstract: "Exchange clients, deals and delivery health with HubSpot CRM (token in HUBSPOT_TOKEN).",
        subcommands: [HubSpotPull.self, HubSpotPushCommand.self])
}

/// What both directions share: where HubSpot is and the token.
struct HubSpotOptions: ParsableArguments {
    @Option(help: "HubSpot's API address (a local server for tests).")
    var baseURL: String = "https://api.hubapi.com"

    func validate() throws {
        let lower = baseURL.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            throw ValidationError("--base-url must start with https:// or http:// (got '\(baseURL)')")
        }
    }

    /// The token of the agency's private app, only ever from the
    /// environment, so it never sits in content, a command line or a log.
    static func token() throws -> String {
        let token = (ProcessInfo.processInfo.environment["HUBSPOT_TOKEN"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw HubSpotContent.fail("set HUBSPOT_TOKEN to the access token of the agency's HubSpot private app (docs/hubspot.md)")
        }
        return token
    }

    /// Runs `body` with an API client, turning HubSpot's refusals into one
    /// line and exit code 1.
    func withAPI<T>(_ body: (HubSpotAPI) async throws -> T) async throws -> T {
        let token = try Self.token()
        let transport = HubSpotTransport(
            baseURL: baseURL, token: token, onRetry: { DiagnosticPrinter().printLine($0.replacingOccurrences(of: token, with: "[token]")) })
        do {
            let result = try await body(HubSpotAPI(transport: transport))
            await transport.shutdown()
            return result
        } catch let error as HubSpotError {
            await transport.shutdown()
            throw HubSpotContent.fail(error.line(hiding: token))
        } catch {
            await transport.shutdown()
            throw error
        }
    }
}

/// The content, loaded whole and checked: a pull or push of content with
/// errors could duplicate a client or send a wrong status.
struct HubSpotContent {
    let loader: ContentLoader
    let shared: SharedContent
    let clients: [Client]
    let today: CalendarDate
    let projectRoot: String

    init(_ options: ContentOptions) throws {
        let cwd = FileManager.default.currentDirectoryPath
        let root = Paths.absolute(options.content, cwd: cwd)
        projectRoot = Paths.parent(root)
        loader = ContentLoader(root: root, displayRoot: Paths.display(root, cwd: cwd))
        let (shared, firstLog) = loader.loadShared()
        var log = firstLog
        var clients: [Client] = []
        for slug in shared?.clientSlugs ?? [] {
            let (client, clientLog) = loader.loadClient(slug)
            log.merge(clientLog)
            if let client { clients.append(client) }
        }
        guard let loaded = shared, !log.hasErrors else {
            DiagnosticPrinter().print(log)
            throw Self.fail("fix the errors above first")
        }
        self.shared = loaded
        self.clients = clients
        today =
            options.today.flatMap(CalendarDate.init(iso:))
            ?? PortalClock.today(in: loaded.portal.site.timezone, environment: ProcessInfo.processInfo.environment)
    }

    static func fail(_ message: String) -> ExitCode {
        DiagnosticPrinter().printLine("porthole: error: \(message)")
        return ExitCode(1)
    }
}
