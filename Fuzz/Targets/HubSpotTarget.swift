import PortholeCore
import PortholeHubSpotFormat

extension FuzzTarget {
    /// The exports a `hubspot pull --from-csv` reads. A problem must point
    /// inside the file it names; a snapshot read must make files that load
    /// without an error, since the pull writes them into the agency's
    /// content as they are.
    static func runHubSpot(_ bytes: [UInt8], _ agency: FuzzAgency) throws {
        let parts = bytes.split(separator: Array("\n--8<--\n".utf8)).prefix(3)
        var files: [(name: String, bytes: [UInt8])] = []
        for (index, part) in parts.enumerated() {
            files.append((["companies.csv", "contacts.csv", "deals.csv"][index], Array(part)))
        }
        // The command reads the files as UTF-8 and stops at one that is not.
        var texts: [(String, String)] = []
        for file in files {
            guard let text = String(validating: file.bytes, as: UTF8.self) else { return }
            texts.append((file.name, text))
        }
        switch CSVExport.read(texts) {
        case .failure(let problem):
            let bytes = files.first { $0.name == problem.file }?.bytes ?? []
            let location = SourceLocation(file: problem.file, line: problem.problem.line, column: problem.problem.column)
            if problem.problem.line < 1 || problem.problem.column < 1 {
                throw Violation(description: "\(problem.line): not a place in the file")
            }
            if let trouble = positionProblem(location, in: bytes) { throw Violation(description: "\(problem.line): \(trouble)") }
        case .success(let snapshot):
            try checkPull(snapshot, agency)
        }
    }

    /// Every file the pull would write, loaded in place of the fuzz agency's
    /// own client or project file: no error about it.
    static func checkPull(_ snapshot: CRMSnapshot, _ agency: FuzzAgency) throws {
        let slug = agency.playbooks.keys.sorted()[0]
        let plan = PullPlan(
            snapshot: snapshot, existing: PullPlan.Existing(), playbooks: agency.playbooks,
            settings: HubSpotSettings(defaultPlaybook: slug), deals: true)
        for file in plan.files {
            let relative = file.path.hasSuffix("/client.yaml") ? "clients/acme/client.yaml" : "clients/acme/shop/project.yaml"
            var loader = ContentLoader(root: agency.content, displayRoot: "content")
            loader.prefetched[relative] = Array(file.text.utf8)
            let (_, log) = loader.loadClient("acme")
            let errors = log.entries.filter { $0.severity == .error && $0.location?.file == "content/" + relative }
            if !errors.isEmpty {
                throw Violation(description: "pull wrote \(file.path) that does not load: \(errors)\n\(file.text)")
            }
        }
    }
}
