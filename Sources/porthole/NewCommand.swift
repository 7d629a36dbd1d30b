import ArgumentParser
import Foundation
import PortholeCore
import PortholeSite

/// `porthole new …`: content files in the standard shape, never overwriting.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a client, project, weekly update or decision record in the standard shape.",
        subcommands: [NewClient.self, NewProject.self, NewUpdate.self, NewDecision.self])
}

/// What every `new` subcommand needs: the content folder, loaded and checked.
struct ScaffoldContext {
    let loader: ContentLoader
    let shared: SharedContent
    let today: CalendarDate
    let cwd: String

    init(_ options: ContentOptions) throws {
        cwd = FileManager.default.currentDirectoryPath
        let root = Paths.absolute(options.content, cwd: cwd)
        loader = ContentLoader(root: root, displayRoot: Paths.display(root, cwd: cwd))
        let (shared, log) = loader.loadShared()
        guard let shared, !log.hasErrors else {
            DiagnosticPrinter().print(log)
            throw ExitCode(1)
        }
        self.shared = shared
        today =
            options.today.flatMap(CalendarDate.init(iso:))
            ?? PortalClock.today(in: shared.portal.site.timezone, environment: ProcessInfo.processInfo.environment)
    }

    func fail(_ message: String) -> ExitCode {
        DiagnosticPrinter().printLine("porthole: error: \(message)")
        return ExitCode(1)
    }

    /// `client/project` into two checked slugs.
    func projectPath(_ text: String) throws -> (client: String, project: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, Slug.isValid(parts[0]), Slug.isValid(parts[1]) else {
            throw fail("'\(text)' must be <client>/<project>, two slugs (lower-case letters, digits and '-')")
        }
        return (parts[0], parts[1])
    }

    /// Loads one project with all its content, failing on errors in it.
    func project(client: String, project slug: String) throws -> (Project, Playbook) {
        guard ContentDisk.kind(of: loader.root + "/clients/\(client)") == .directory else {
            throw fail("no client '\(client)' in \(loader.displayRoot)/clients (create it with: porthole new client \(client))")
        }
        let (loaded, log) = loader.loadClient(client)
        if log.hasErrors {
            DiagnosticPrinter().print(log)
            throw fail("fix the errors above first")
        }
        guard let project = loaded?.projects.first(where: { $0.slug == slug }) else {
            throw fail(
                "no project '\(slug)' for client '\(client)' (create it with: porthole new project \(client)/\(slug) --playbook NAME --start YYYY-MM-DD)"
            )
        }
        guard let playbook = shared.playbooks[project.playbook] else {
            throw fail("project '\(client)/\(slug)' uses playbook '\(project.playbook)', which does not exist")
        }
        return (project, playbook)
    }

    /// Creates a file that must not exist yet, and the folders above it.
    func create(_ relative: String, _ text: String) throws {
        let path = loader.root + "/" + relative
        let display = loader.displayRoot + "/" + relative
        if ContentDisk.exists(path) { throw fail("\(display) already exists; not overwriting it") }
        switch AtomicFile.create(Array(text.utf8), at: path) {
        case .success: break
        case .failure(.exists): throw fail("\(display) already exists; not overwriting it")
        case .failure(.failed(let reason)): throw fail("cannot create \(display): \(reason)")
        }
        print("created \(display)")
    }
}

struct NewClient: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "client", abstract: "Create clients/<client>/client.yaml.")

    @OptionGroup var content: ContentOptions
    @Argument(help: "The client's slug (its folder name).") var client: String

    func run() throws {
        let context = try ScaffoldContext(content)
        guard Slug.isValid(client) else { throw context.fail("'\(client)' is not a slug (lower-case letters, digits and '-', at most 63)") }
        try context.create("clients/\(client)/client.yaml", Scaffold.client(slug: client))
    }
}

struct NewProject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project", abstract: "Create clients/<client>/<project>/project.yaml with the playbook's milestones.")

    @OptionGroup var content: ContentOptions
    @Argument(help: "<client>/<project>") var path: String
    @Option(help: "The playbook (a file in playbooks/).") var playbook: String
    @Option(help: "Start date, YYYY-MM-DD.") var start: String
    @Option(help: "The project's name. Default: from its slug.") var name: String?
    @Option(help: "The project manager.") var pm: String = "To be assigned"

    func run() throws {
        let context = try ScaffoldContext(content)
        let (client, project) = try context.projectPath(path)
        guard let startDate = CalendarDate(iso: start) else { throw context.fail("--start must be a date that exists, as YYYY-MM-DD") }
        guard let standard = context.shared.playbooks[playbook] else {
            let known = context.shared.playbooks.keys.sorted()
            throw context.fail(
                "no playbook '\(playbook)'\(Suggestion.hint(for: playbook, in: known)); playbooks: \(known.joined(separator: ", "))")
        }
        guard ContentDisk.kind(of: context.loader.root + "/clients/\(client)/client.yaml") == .file else {
            throw context.fail("no client '\(client)' (create it first with: porthole new client \(client))")
        }
        try context.create(
            "clients/\(client)/\(project)/project.yaml",
            Scaffold.project(slug: project, name: name, playbook: standard, pm: pm, start: startDate))
    }
}

struct NewUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Create this week's update with the playbook's sections, pre-filled from the project's data.")

    @OptionGroup var content: ContentOptions
    @Argument(help: "<client>/<project>") var path: String
    @Option(help: "The update's date, YYYY-MM-DD. Default: today in the portal's time zone.") var date: String?

    func run() throws {
        let context = try ScaffoldContext(content)
        let (client, slug) = try context.projectPath(path)
        let day: CalendarDate
        if let date {
            guard let parsed = CalendarDate(iso: date) else { throw context.fail("--date must be a date that exists, as YYYY-MM-DD") }
            day = parsed
        } else {
            day = context.today
        }
        let (project, playbook) = try context.project(client: client, project: slug)
        try context.create(
            "clients/\(client)/\(slug)/updates/\(day).md",
            Scaffold.update(project: project, playbook: playbook, date: day, today: context.today))
    }
}

struct NewDecision: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decision", abstract: "Create the next decision record, proposed, with the Context / Decision / Consequences skeleton."
    )

    @OptionGroup var content: ContentOptions
    @Argument(help: "<client>/<project>") var path: String
    @Argument(help: "The decision's title.") var title: String
    @Option(help: "Days until the client's answer is needed.") var dueInDays: Int = 7

    func run() throws {
        let context = try ScaffoldContext(content)
        let (client, slug) = try context.projectPath(path)
        let (project, _) = try context.project(client: client, project: slug)
        // The next free number counts every record, internal ones included.
        let folder = context.loader.root + "/clients/\(client)/\(slug)/decisions"
        let used = (ContentDisk.list(folder) ?? []).compactMap { Int($0.name.prefix(4)) } + project.decisions.map(\.number)
        let number = (used.max() ?? 0) + 1
        let file = String(format: "%04d", number) + "-" + Scaffold.slug(fromTitle: title) + ".md"
        try context.create(
            "clients/\(client)/\(slug)/decisions/\(file)",
            Scaffold.decision(title: title, date: context.today, due: context.today.adding(days: dueInDays)))
    }
}
