import PortholeCore

/// Step 1: `portal.yaml`, the playbooks and the list of client folders, which
/// every client needs; the build's date. For a build to disk, starts reading
/// what the client folders look like and what the last build left, while
/// the next steps run.
struct LoadShared: BuildStep {
    let name = "shared content"

    func run(_ build: inout BuildState) async -> StepResult {
        let (loaded, log) = build.loader.loadShared()
        build.report.diagnostics.merge(log)
        guard var shared = loaded else { return .finished }
        let options = build.options
        // Every link, feed and calendar is made from the portal's base URL,
        // so the override is applied once, here.
        if let baseURL = options.baseURL { shared.portal.site.baseURL = baseURL }
        if options.today == nil, let problem = PortalClock.sourceDateEpochProblem(options.environment) {
            build.report.diagnostics.error("options", problem, at: nil)
            return .finished
        }
        build.shared = shared
        build.today = options.today ?? PortalClock.today(in: shared.portal.site.timezone, environment: options.environment)
        build.report.today = build.today
        build.report.baseURL = shared.portal.site.baseURL
        if let output = build.output {
            let slugs = shared.clientSlugs
            build.folderMetadata = Task { await Self.metadata(of: slugs, in: options.contentRoot) }
            build.publishedManifest = Task { await BuildManifest.load(for: output) }
        }
        return .next
    }

    /// What every client folder looks like from outside (`InputFingerprint`).
    static func metadata(of slugs: [String], in contentRoot: String) async -> [String: InputFingerprint.FolderMetadata] {
        Dictionary(
            uniqueKeysWithValues: await ClientThreads.inParallel(slugs) { slug in
                (slug, InputFingerprint.metadata(of: contentRoot + "/clients/" + slug))
            })
    }
}
