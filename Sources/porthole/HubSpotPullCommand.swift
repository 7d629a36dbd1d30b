import ArgumentParser
import Foundation
import PortholeCore
import PortholeHubSpot
import PortholeHubSpotFormat
import PortholeSite

struct HubSpotPull: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Create client.yaml (and with --deals project.yaml) files for HubSpot companies and deals not yet in content.",
        discussion: "Never changes an existing file. Reads the API with HUBSPOT_TOKEN, or HubSpot's CSV exports with --from-csv.")

    @OptionGroup var content: ContentOptions
    @OptionGroup var hubspot: HubSpotOptions

    @Flag(help: "Also create a project.yaml per deal (playbook from hubspot.playbooks in portal.yaml).")
    var deals = false

    @Flag(help: "Print what would be created; write nothing.")
    var dryRun = false

    @Option(
        name: .customLong("from-csv"),
        help: "A HubSpot CSV export of companies, contacts or deals (repeatable) instead of the API; no token needed.")
    var csvFiles: [String] = []

    func run() async throws {
        let context = try HubSpotContent(content)
        let snapshot = try await readSnapshot()
        let existing = PullPlan.Existing(clients: context.clients, folders: context.shared.clientSlugs)
        let plan = PullPlan(
            snapshot: snapshot, existing: existing, playbooks: context.shared.playbooks,
            settings: context.shared.portal.hubspot, deals: deals)
        var created = 0
        for file in plan.files {
            let display = context.loader.displayRoot + "/" + file.path
            if dryRun {
                print("would create \(display): \(file.what)")
                continue
            }
            try create(file, root: context.loader.root, display: display)
            created += 1
            print("created \(display): \(file.what)")
        }
        for line in plan.skipped { DiagnosticPrinter().printLine("porthole: note: not pulled: \(line)") }
        let verb = dryRun ? "would create" : "created"
        print(
            "hubspot pull\(dryRun ? " --dry-run" : ""): \(verb) \(dryRun ? plan.files.count : created) file\(plan.files.count == 1 ? "" : "s"), \(plan.alreadyPresent) already in content, \(plan.skipped.count) not pulled"
        )
    }

    func readSnapshot() async throws -> CRMSnapshot {
        guard !csvFiles.isEmpty else {
            return try await hubspot.withAPI { try await CRMSnapshot.read(from: $0, deals: deals) }
        }
        let cwd = FileManager.default.currentDirectoryPath
        var files: [(String, String)] = []
        for file in csvFiles {
            let path = Paths.absolute(file, cwd: cwd)
            guard case .success(let text) = ContentDisk.readText(path) else {
                throw HubSpotContent.fail("cannot read \(file) as UTF-8 text")
            }
            files.append((Paths.display(path, cwd: cwd), text))
        }
        switch CSVExport.read(files) {
        case .success(let snapshot): return snapshot
        case .failure(let problem):
            DiagnosticPrinter().printLine(problem.line)
            throw ExitCode(1)
        }
    }

    /// A new file through the one writer, never over an existing one; its
    /// missing folders come into place with it (`AtomicFile.create`), so a
    /// killed pull never leaves a client folder without its client.yaml.
    func create(_ file: PullPlan.File, root: String, display: String) throws {
        switch AtomicFile.create(Array(file.text.utf8), at: root + "/" + file.path) {
        case .success: break
        case .failure(.exists): throw HubSpotContent.fail("\(display) already exists; not overwriting it")
        case .failure(.failed(let reason)): throw HubSpotContent.fail("cannot create \(display): \(reason)")
        }
    }
}
