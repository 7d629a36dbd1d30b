import Foundation
import PortholeCore

/// Step 6: every client, in parallel and independent of the others: kept
/// whole when the plan says so, else loaded, checked and (unless this is
/// `check`) rendered and handed to the sink (`ClientBuild`). A client's task
/// never sees another client, which is what makes isolation hold by
/// construction; memory holds only the clients in flight.
struct BuildClients: BuildStep {
    let name = "clients"

    func run(_ build: inout BuildState) async -> StepResult {
        let job = ClientBuild(build)
        let plan = build.plan!
        let order = schedule(plan, passwords: build.passwords)
        let progress = build.options.progress
        let total = order.count
        let report: @Sendable (Int, Int) -> Void = { done, pages in progress?(done, total, pages) }
        // A password portal waits while its key is being derived, if there
        // are other clients to build meanwhile.
        let keyRing = build.keyRing
        // `check` reads only the inputs, as a clean build does.
        let outcomes = await ClientThreads.inParallel(
            order, waitsOnDisk: build.sink?.readsEarlierFiles ?? false, progress: report, ready: { keyRing?.isReady($0) ?? true },
            { slug in job.run(slug, plan.work[slug]!) })
        ClientOutcome.collect(outcomes, into: &build.report)
        // People work across clients: their allocation is checked over all.
        let workload = Workload(entries: outcomes.flatMap(\.team), capacity: build.shared.portal.capacity, today: build.today)
        build.report.diagnostics.merge(workload.warnings())
        build.outcomes = outcomes
        // No edit after this build can share a change time with its writes.
        if let newest = outcomes.compactMap(\.newestStamped).max(by: { TreeStamp.isLater($1, than: $0) }) { TreeStamp.waitPast(newest) }
        guard build.sink != nil else { return .finished }
        let diagnostics = build.report.diagnostics
        if diagnostics.hasErrors || (build.options.strict && diagnostics.warningCount > 0) {
            build.sink?.discard()
            return .finished
        }
        return .next
    }

    /// The longest tasks first, so that the shortest are left for the end,
    /// when a core would otherwise wait for the last client: clients to
    /// render before clients kept (after a one-update change, the one render
    /// does not wait behind the keeps of the clients before it in the
    /// alphabet), and password portals first among each: every page of
    /// theirs is sealed, and a kept one whose files turned out changed
    /// derives its key in its task. Nothing written depends on the order:
    /// results arrive as tasks end.
    private func schedule(_ plan: BuildPlan, passwords: Passwords) -> [String] {
        var ranks = [[String]](repeating: [], count: 4)
        let selected = Set(plan.selected)
        let carried = plan.work.keys.filter { !selected.contains($0) }.sorted()
        for slug in plan.selected + carried {
            let kept = if case .render = plan.work[slug] { false } else { true }
            ranks[(kept ? 2 : 0) + (passwords.password(for: slug) != nil ? 0 : 1)].append(slug)
        }
        return ranks.flatMap { $0 }
    }
}

/// One client's part of a build, run in the client's own task.
struct ClientBuild: Sendable {
    let renderer: PortalRenderer
    let sink: (any BuildSink)?
    let loader: ContentLoader
    let rules: ProjectRules
    let passwords: Passwords
    let access: PortalAccess
    /// The password portals' sealers, being derived together (`DeriveKeys`).
    let keyRing: PasswordKeyRing?
    let readKey: @Sendable (String, Bool) -> (key: InputFingerprint.ClientKey, files: [String: [UInt8]])
    let keys: [String: InputFingerprint.ClientKey]
    let writesPortfolio: Bool

    init(_ build: BuildState) {
        // With at most one client to render for every two cores (a rebuild
        // after one update), each one's projects load and render side by
        // side; with more, the clients themselves fill the cores.
        let splitsProjects = 2 * build.plan.renderCount <= ProcessInfo.processInfo.activeProcessorCount && build.sink != nil
        renderer = PortalRenderer(
            portal: build.shared.portal, playbooks: build.shared.playbooks, theme: build.theme, stylesheet: build.stylesheet,
            today: build.today, dateFormats: build.dateFormats, splitsProjects: splitsProjects,
            unsealedPreview: build.options.unsealedPreview)
        sink = build.sink
        var loader = build.loader
        loader.loadsProjectsInParallel = splitsProjects
        self.loader = loader
        rules = ProjectRules(playbooks: build.shared.playbooks, today: build.today)
        passwords = build.passwords
        access = build.access
        keyRing = build.keyRing
        readKey = build.keyReader(previous: build.plan.previous)
        keys = build.keys
        writesPortfolio = build.portfolioFolder != nil
    }

    func run(_ slug: String, _ work: BuildPlan.Work) -> ClientOutcome {
        switch work {
        case .keep(let entry), .carry(let entry):
            if let kept = keep(slug, entry) {
                var kept = kept
                // A carried client was not looked at in this run.
                if case .carry = work { kept.log = DiagnosticLog() }
                return kept
            }
            return render(slug, previous: entry, afterFailedKeep: true)
        case .render(let previous):
            return render(slug, previous: previous, afterFailedKeep: false)
        }
    }

    /// A client kept from the last build: its files as they were, its
    /// diagnostics and portfolio rows from the manifest.
    private func keep(_ slug: String, _ entry: BuildManifest.ClientEntry) -> ClientOutcome? {
        guard let sink, let rows = entry.portfolioRows, let kept = sink.keep(slug, entry) else { return nil }
        var outcome = ClientOutcome(replaying: entry, slug: slug, portfolioRows: rows)
        var entry = entry
        entry.stamp = kept.stamp
        if writesPortfolio {
            outcome.portfolioRowHTML =
                entry.portfolioRowHTML(count: rows.count)
                ?? renderer.portfolioRowHTML(rows, slug: slug, name: entry.name, access: entry.access, folder: entry.folder)
        }
        outcome.kept = kept.counts.kept
        outcome.entry = entry
        return outcome
    }

    /// A client loaded, checked and, for a build, rendered and put.
    private func render(_ slug: String, previous: BuildManifest.ClientEntry?, afterFailedKeep: Bool) -> ClientOutcome {
        var outcome = ClientOutcome(slug: slug)
        // The files read for the key are the files loaded: one read each.
        var loader = loader
        var key = keys[slug]
        if sink != nil, key == nil { (key, loader.prefetched) = readKey(slug, true) }
        let (loaded, loadLog) = loader.loadClient(slug)
        outcome.log.merge(loadLog)
        guard let client = loaded else { return outcome }
        outcome.log.merge(rules.check(client))
        if let locale = client.locale, Theme.language(of: locale) != Theme.language(of: renderer.portal.site.locale) {
            outcome.log.merge(renderer.theme.languageWarnings(for: locale, given: client.localeLocation))
        }
        outcome.team = client.projects.flatMap { project in
            project.team.map { Workload.Entry(project: "\(slug)/\(project.slug)", assignment: $0) }
        }
        outcome.log.merge(rules.checkSignOffRecipients(client, people: renderer.portal.people))
        outcome.projects = client.projects.count
        let folder = access.folder(for: client)
        outcome.portal = .init(slug: slug, name: client.name, access: client.access, folder: folder)
        let sealer = self.sealer(for: client, log: &outcome.log)
        guard let sink, !outcome.log.hasErrors else { return outcome }
        let rendered: RenderedClient
        do {
            rendered = try renderer.render(client, folder: folder, sealer: sealer, portfolio: writesPortfolio, log: outcome.log)
        } catch {
            outcome.log.error("crypto", "cannot encrypt \(client.name)'s portal: \(error)", at: client.location)
            return outcome
        }
        do {
            let written = try sink.put(rendered.files, previous: previous, afterFailedKeep: afterFailedKeep)
            outcome.record(rendered, written, key: key ?? .init(key: "", signature: ""))
        } catch {
            outcome.log.add(error)
        }
        return outcome
    }

    /// What seals a password portal's pages. Never published unprotected: no
    /// password is an error, not a fallback. `check` warns, so a PM without
    /// the secrets can check.
    private func sealer(for client: Client, log: inout DiagnosticLog) -> PageSealer? {
        guard client.access == .password else { return nil }
        // The preview shows the pages plain (its folder is never published)
        // and needs no password.
        if renderer.unsealedPreview { return nil }
        guard let password = passwords.password(for: client.slug) else {
            let message =
                "\(client.name) has access: password but no password: set \(Passwords.variable(for: client.slug)) or give --passwords FILE"
            if sink == nil {
                log.warning("missing-password", message + " (the build will fail)", at: client.location)
            } else {
                log.error("missing-password", message, at: client.location)
            }
            return nil
        }
        guard sink != nil else { return nil }
        guard renderer.theme.assetPath("unlock.js") != nil else {
            log.error("theme", "theme '\(renderer.theme.name)' has no assets/unlock.js, needed for password portals", at: nil)
            return nil
        }
        if let derived = keyRing?.sealer(for: client.slug), derived.password == password { return derived.sealer }
        return PageSealer(password: password, slug: client.slug, secret: access.secretBytes)
    }
}
