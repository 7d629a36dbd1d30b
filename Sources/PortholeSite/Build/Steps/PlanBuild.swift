import PortholeCore

/// Step 4: what changed since the last build (`InputFingerprint`), and so
/// what happens to each client (`BuildPlan`); then the output is made ready
/// (`DiskSink.stage`). When nothing changed, the build ends here and `site/`
/// is not touched at all.
struct PlanBuild: BuildStep {
    let name = "plan"

    func run(_ build: inout BuildState) async -> StepResult {
        let options = build.options
        // Only a disk build is compared with the last one.
        let global =
            build.output == nil
            ? ""
            : InputFingerprint.global(
                contentRoot: options.contentRoot, baseURL: build.shared.portal.site.baseURL, theme: build.theme, today: build.today,
                secret: build.secret,
                toolVersion: PortholeInfo.version + (options.unsealedPreview ? "+unsealed-preview" : ""))
        let published = await build.published()
        var request = BuildPlan.Request(
            clients: build.shared.clientSlugs, subset: options.clients, shard: options.shard, full: options.full, global: global)
        if let portfolio = build.portfolioFolder {
            request.writesPortfolio = true
            request.portfolioIdentity = build.output == nil ? "" : OutputFolder.ownedIdentity(of: portfolio.path)
        }
        await readKeys(BuildPlan.clientsToFingerprint(request, published: published), published: published, into: &build)
        let plan = BuildPlan(request, published: published, keys: build.keys)
        build.plan = plan
        if plan.widened {
            let subset = options.clients.joined(separator: ", ")
            build.report.diagnostics.add(
                .warning(
                    "subset-widened",
                    "site-wide inputs (theme, portal.yaml, playbooks, --today or the secret) changed since the last build: building every client, not only \(subset)",
                    at: nil))
        }
        if plan.nothingChanged, let published {
            leaveUnchanged(published, &build)
            return .finished
        }
        build.manifest.global = global
        build.manifest.checkedTemplates = InputFingerprint.checkedTemplates(build.theme.templatesDigest)
        return openSink(&build, published: published) ? .next : .finished
    }

    /// The clients' keys that decide whether they can be kept. A folder that
    /// looks as it did keeps the manifest's key, without reading; only the
    /// others are read, in parallel. A client that cannot be kept gets its
    /// key in its own task later, while other clients render.
    private func readKeys(_ slugs: [String], published: BuildManifest?, into build: inout BuildState) async {
        let metadata = await build.folderMetadata?.value ?? [:]
        for (slug, folder) in metadata {
            build.signatures[slug] = InputFingerprint.signature(folder, password: build.passwords.password(for: slug), secret: build.secret)
        }
        // `slugs` are clients the plan could keep: none under `--full`, so
        // the published manifest is the one to go by.
        let previous = published
        let previousStart = previous.flatMap { Double($0.started) }
        var toRead: [String] = []
        for slug in slugs {
            let signature = build.signatures[slug] ?? ("", .infinity)
            if let key = InputFingerprint.unchangedKey(
                signature: signature, previous: previous?.clients[slug], previousStart: previousStart)
            {
                build.keys[slug] = key
            } else {
                toRead.append(slug)
            }
        }
        let keyOf = build.keyReader(previous: previous)
        for (slug, key) in await ClientThreads.inParallel(toRead, { slug in (slug, keyOf(slug, false).key) }) { build.keys[slug] = key }
    }

    /// Every client kept: their diagnostics replayed, nothing written but,
    /// when a kept folder was touched, the manifest with its new signature.
    private func leaveUnchanged(_ published: BuildManifest, _ build: inout BuildState) {
        let plan = build.plan!
        let entries = plan.keptEntries
        let outcomes = plan.selected.compactMap { slug in published.clients[slug].map { ClientOutcome(replaying: $0, slug: slug) } }
        ClientOutcome.collect(outcomes, into: &build.report)
        build.report.files += published.shared.count
        build.report.pages += published.shared.keys.filter { $0.hasSuffix(".html") }.count
        build.report.unchanged = true
        build.report.kept = build.report.files
        if plan.signaturesMoved || published.adopted, let output = build.output {
            // Every key was checked or recomputed in this run, so this run's
            // start is the new point from which times are racy.
            var refreshed = published
            for (slug, entry) in entries { refreshed.clients[slug] = entry }
            refreshed.started = String(build.startedAt)
            refreshed.save(to: BuildManifest.path(for: output))
        }
        if build.portfolioFolder != nil { build.report.portfolioPages = 1 + outcomes.reduce(0) { $0 + $1.portfolioPages } }
    }

    /// Where this build's files go: for a disk build, the trees the plan
    /// chose, made ready to write.
    private func openSink(_ build: inout BuildState, published: BuildManifest?) -> Bool {
        switch build.destination {
        case .none: return true
        case .memory(let sink):
            build.sink = sink
            return true
        case .disk(let output):
            let facts = DiskSink.facts(output: output, portfolio: build.portfolioFolder, published: published)
            let trees = TreePlan(
                facts: facts, goesByPrevious: build.plan.previous != nil, carries: build.plan.carries,
                portfolioTrusted: build.plan.portfolioTrusted,
                writesPortfolio: build.portfolioFolder != nil)
            do {
                build.sink = try DiskSink.stage(
                    output: output, portfolio: build.portfolioFolder, trees: trees, published: published, previous: build.plan.previous,
                    full: build.options.full)
                return true
            } catch {
                build.report.diagnostics.add(error)
                return false
            }
        }
    }
}

extension BuildState {
    /// Reads a client's key: `keepingFiles` hands the files read to the
    /// loader, so a client rendered after its key was read reads each file once.
    func keyReader(previous: BuildManifest?)
        -> @Sendable (String, Bool) -> (
            key: InputFingerprint.ClientKey, files: [String: [UInt8]]
        )
    {
        let (options, passwords, secret, signatures) = (self.options, self.passwords, self.secret, self.signatures)
        let previousStart = previous.flatMap { Double($0.started) }
        return { slug, keepingFiles in
            InputFingerprint.client(
                folder: options.contentRoot + "/clients/" + slug, password: passwords.password(for: slug), secret: secret,
                signature: signatures[slug] ?? ("", .infinity), previous: previous?.clients[slug], previousStart: previousStart,
                keepingFilesAs: keepingFiles ? "clients/" + slug + "/" : nil)
        }
    }
}
