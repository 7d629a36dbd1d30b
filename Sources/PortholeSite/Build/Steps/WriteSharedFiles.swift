import PortholeCore

/// Step 7: the files outside every client folder (landing page, 404,
/// robots.txt, host headers, the theme's assets), put once every client is
/// done; the manifest gets every client's entry.
struct WriteSharedFiles: BuildStep {
    let name = "shared files"

    func run(_ build: inout BuildState) async -> StepResult {
        guard let sink = build.sink else { return .finished }
        // Carried clients were not looked at in this run: their signatures
        // are only as trustworthy as the start of the build that took them.
        let carries = build.plan.work.values.contains { if case .carry = $0 { true } else { false } }
        let previousStart = build.plan.previous.flatMap { Double($0.started) } ?? build.startedAt
        build.manifest.started = String(carries ? min(build.startedAt, previousStart) : build.startedAt)
        for outcome in build.outcomes { if let entry = outcome.entry { build.manifest.clients[outcome.slug] = entry } }
        let files = SharedFiles(
            portal: build.shared.portal, theme: build.theme.localized(to: build.shared.portal.site.locale), stylesheet: build.stylesheet,
            today: build.today
        ).files()
        do {
            let counts = try sink.putShared(files, into: &build.manifest)
            build.report.files += files.count
            build.report.pages += files.count { $0.path.hasSuffix(".html") }
            build.report.written += counts.written
            build.report.kept += counts.kept
            return .next
        } catch {
            build.report.diagnostics.add(error)
            sink.discard()
            return .finished
        }
    }
}
