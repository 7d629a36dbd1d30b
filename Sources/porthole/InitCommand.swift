import ArgumentParser
import Foundation
import PortholeCore
import PortholeScaffold
import PortholeSite

/// `porthole init [DIR]`: a new agency folder that checks and builds at
/// once (AgencyTemplate), written whole or not at all (NewFolder).
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new agency folder: portal.yaml, the standard playbooks, an example client, .gitignore and a CI workflow.",
        discussion: """
            Asks nothing: the flags set what portal.yaml says, and it can be edited afterwards. DIR must not exist or \
            be empty; the folder appears whole or not at all.
            """)

    @Argument(help: "The folder to create. Default: the current folder, which must be empty.")
    var folder: String = "."

    @Option(help: "The agency's name, shown on every page.")
    var name: String = "Our Agency"

    @Option(help: "Where the site will be published (site.base_url).")
    var baseURL: String = "https://status.example.com/"

    @Option(help: "The portal's IANA time zone (site.timezone), which decides what today is.")
    var timeZone: String = "UTC"

    @Option(help: "The pages' language tag (site.locale), like en-GB.")
    var locale: String = "en-US"

    @Option(help: "Today's date as YYYY-MM-DD, for the example's dates. Default: the clock, in --time-zone.")
    var today: String?

    func validate() throws {
        if let today, CalendarDate(iso: today) == nil {
            throw ValidationError("--today must be a date that exists, as YYYY-MM-DD (got '\(today)')")
        }
    }

    func run() throws {
        let printer = DiagnosticPrinter()
        let cwd = FileManager.default.currentDirectoryPath
        let target = Paths.absolute(folder, cwd: cwd)
        let display = Paths.display(target, cwd: cwd)
        var settings = AgencyTemplate.Settings(
            agencyName: name, baseURL: baseURL, timezone: timeZone, locale: locale, today: CalendarDate(dayNumber: 0))
        let problems = AgencyTemplate.problems(settings)
        guard problems.isEmpty else {
            for problem in problems { printer.printLine("porthole: error: \(problem)") }
            throw ExitCode(1)
        }
        settings.today =
            today.flatMap(CalendarDate.init(iso:))
            ?? PortalClock.today(in: timeZone, environment: ProcessInfo.processInfo.environment)
        let files = AgencyTemplate.files(settings).map {
            NewFolder.File(path: $0.path, bytes: $0.bytes, mode: $0.executable ? 0o755 : 0o644)
        }
        switch NewFolder.create(at: target, files: files) {
        case .success: break
        case .failure(.notEmpty):
            printer.printLine("porthole: error: \(display) is not empty; porthole init makes a new folder (name one that does not exist)")
            throw ExitCode(1)
        case .failure(.failed(let reason)):
            printer.printLine("porthole: error: cannot create \(display): \(reason)")
            throw ExitCode(1)
        }
        print("created \(display)/ (\(files.count) files): \(name), published at \(Portal.Site.normalizedBaseURL(baseURL))")
        print(Self.nextSteps(folder: display))
    }

    static func nextSteps(folder: String) -> String {
        let enter = folder == "." ? "" : "  cd \(folder)\n"
        return """
            Next:
            \(enter)  porthole check --strict      every problem, with its file and line (none yet)
              porthole serve               preview on http://127.0.0.1:8000/, rebuilt on save
              porthole build               site/ to publish, and portfolio/ (internal: never publish it)
              Replace content/clients/example-client with your clients (porthole new client|project|update).
              git init, commit, and push to a private repository: .github/workflows/portals.yml checks pull
              requests and publishes to GitHub Pages once the PORTHOLE_SECRET secret is set (docs/publishing.md).
            """
    }
}
