import PortholeCore

/// Step 5: the keys of the password portals this build renders, all at
/// once (`PageSealer.derived`): each is one long chain of SHA-256 blocks,
/// and several chains side by side on each core take about half the time
/// of one after another. A client whose key is not here (one kept by the
/// plan whose files turned out changed) derives its own in its task.
struct DeriveKeys: BuildStep {
    let name = "keys"

    func run(_ build: inout BuildState) async -> StepResult {
        // `check` seals nothing, nor does the preview (its pages are plain).
        guard build.sink != nil, !build.options.unsealedPreview else { return .skipped }
        let portals = build.plan.work.keys.sorted().compactMap { slug -> (slug: String, password: String)? in
            guard case .render = build.plan.work[slug], let password = build.passwords.password(for: slug) else { return nil }
            return (slug, password)
        }
        guard !portals.isEmpty else { return .skipped }
        build.sealers = PageSealer.derived(for: portals, secret: build.secret)
        return .next
    }
}
