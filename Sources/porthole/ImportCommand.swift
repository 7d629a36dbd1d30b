import ArgumentParser
import Foundation
import PortholeCore
import PortholeSite

/// `porthole import …`: data from other tools into content files.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import data from other tools into the content folder.", subcommands: [ImportTime.self])
}

/// `porthole import time FILE --format harvest|toggl|clockify`: a
/// detailed-report export into one `timesheet.csv` per project
/// (docs/importing-time.md). Every row is checked before anything is
/// written; an existing timesheet is replaced only with `--replace`.
struct ImportTime: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "time", abstract: "Write each project's timesheet.csv from a Harvest, Toggl or Clockify detailed-report CSV.")

    @OptionGroup var content: ContentOptions
    @Argument(help: "The exported CSV file.") var file: String
    @Option(help: "The tool that exported it: harvest, toggl or clockify.") var format: String
    @Flag(help: "Say what would be written, and write nothing.") var dryRun = false
    @Flag(help: "Replace a project's existing timesheet.csv (otherwise an existing, different one is an error).") var replace = false

    func run() throws {
        let context = try ScaffoldContext(content)
        guard let tool = TimeImport.Format(rawValue: format) else {
            throw context.fail("--format must be one of harvest, toggl, clockify, got '\(format)'")
        }
        let path = Paths.absolute(file, cwd: context.cwd)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw context.fail("cannot read \(file) as UTF-8 text")
        }
        let (rows, problems) = TimeImport.read(text, format: tool, file: file)
        guard problems.isEmpty else {
            var log = DiagnosticLog()
            for problem in problems { log.error("time-import", problem.message, at: problem.location) }
            DiagnosticPrinter().print(log)
            throw ExitCode(1)
        }
        let targets = projectsByToolName(context)
        var byFolder: [String: [TimeEntry]] = [:]
        var unmatched: [String: Int] = [:]
        for row in rows {
            if let folder = targets[row.project] {
                byFolder[folder, default: []].append(row.entry)
            } else {
                unmatched[row.project, default: 0] += 1
            }
        }
        try write(byFolder, context)
        for (name, count) in unmatched.sorted(by: { $0.key < $1.key }) {
            print(
                "skipped \(count) \(count == 1 ? "entry" : "entries") of '\(name)': no project.yaml has time_tracking.project: \"\(name)\"")
        }
    }

    /// The tool's project name → the project folder (relative to content/).
    func projectsByToolName(_ context: ScaffoldContext) -> [String: String] {
        var targets: [String: String] = [:]
        for client in context.shared.clientSlugs {
            let (loaded, _) = context.loader.loadClient(client)
            for project in loaded?.projects ?? [] {
                if let name = project.timeTrackingName { targets[name] = "clients/\(client)/\(project.slug)" }
            }
        }
        return targets
    }

    /// Checks every file first, then writes them: a refused file writes none.
    func write(_ byFolder: [String: [TimeEntry]], _ context: ScaffoldContext) throws {
        var plan: [(path: String, display: String, text: String, count: Int)] = []
        for (folder, entries) in byFolder.sorted(by: { $0.key < $1.key }) {
            let relative = folder + "/" + Timesheet.fileName
            let path = context.loader.root + "/" + relative
            let display = context.loader.displayRoot + "/" + relative
            let text = Timesheet.text(entries)
            if let existing = FileManager.default.contents(atPath: path) {
                if String(decoding: existing, as: UTF8.self) == text {
                    print("\(display) is already up to date (\(entries.count) entries)")
                    continue
                }
                if !replace { throw context.fail("\(display) already exists and differs; pass --replace to overwrite it") }
            }
            plan.append((path, display, text, entries.count))
        }
        for item in plan {
            if dryRun {
                print("would write \(item.display) (\(item.count) entries)")
                continue
            }
            if case .failure(let failure) = AtomicFile.write(item.text, to: item.path) {
                throw context.fail("cannot write \(item.display): \(failure)")
            }
            print("wrote \(item.display) (\(item.count) entries)")
        }
    }
}
