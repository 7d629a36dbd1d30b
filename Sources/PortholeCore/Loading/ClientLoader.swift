import Foundation
import PortholeMarkdown

extension ContentLoader {
    /// Loads one client folder: `client.yaml` and every project below it.
    /// Independent of every other client, so the build can run these in parallel.
    public func loadClient(_ slug: String) -> (Client?, DiagnosticLog) {
        var log = DiagnosticLog()
        let folder = "clients/\(slug)"
        let relative = "\(folder)/client.yaml"
        guard refuseLinks(["client.yaml"], in: folder, &log) else { return (nil, log) }
        guard ContentDisk.kind(of: path(relative)) == .file else {
            log.error("missing-file", "client folder has no client.yaml", at: SourceLocation(file: display(relative)))
            return (nil, log)
        }
        guard let (reader, root) = readYAML(relative, &log) else { return (nil, log) }
        guard
            let fields = reader.mapping(
                root, keys: ["name", "access", "contacts", "account_manager", "locale", "brand", "hubspot"], what: "client")
        else {
            log.merge(reader.log)
            return (nil, log)
        }
        let name = fields.line("name", required: true)
        let access = fields.choice("access", AccessMode.self) ?? .link
        let contacts = loadContacts(fields.list("contacts"), reader)
        let brand = loadBrand(fields.value("brand"), folder: folder, reader)
        let locale = fields.line("locale")
        if let locale, !isLocaleTag(locale) {
            reader.error(
                "invalid-value", "'locale' must be a language tag like fr-FR or de, got '\(locale)'", at: fields.valueLocation("locale"))
        }
        let company = crmRecordID(fields.value("hubspot"), key: "company", what: "hubspot", reader)
        log.merge(reader.log)
        let projects = loadProjects(client: slug, &log)
        guard let name else { return (nil, log) }
        let client = Client(
            slug: slug, name: name, access: access, contacts: contacts,
            accountManager: fields.line("account_manager"), accountManagerLocation: fields.valueLocation("account_manager"),
            locale: locale, localeLocation: fields.valueLocation("locale"), brand: brand, hubspotCompany: company,
            projects: projects, location: fields.location, folderPath: path(folder))
        return (client, log)
    }

    /// `hubspot: { <key>: <id> }` (docs/hubspot.md): the one record id,
    /// digits only; nil when absent or wrong, after an error.
    func crmRecordID(_ node: YAMLNode?, key: String, what: String, _ reader: YAMLReader) -> String? {
        guard let h = reader.mapping(node, keys: [key], what: what), let id = h.line(key, required: true) else { return nil }
        guard CRMRecordID.isValid(id) else {
            reader.error(
                "invalid-value", "'\(key)' must be a HubSpot record id (digits only, as in the record's address), got '\(id)'",
                at: h.valueLocation(key))
            return nil
        }
        return id
    }

    func loadContacts(_ items: [YAMLNode], _ reader: YAMLReader) -> [Contact] {
        var contacts: [Contact] = []
        for item in items {
            guard let c = reader.mapping(item, keys: ["name", "role", "email", "language"], what: "contact") else { continue }
            guard let contactName = c.line("name", required: true) else { continue }
            let email = c.line("email")
            if let email, !EmailAddress.isValid(email) {
                reader.error("invalid-value", "'email' is not an e-mail address: '\(email)'", at: c.valueLocation("email"))
            }
            let language = c.line("language")
            if let language, !isLocaleTag(language) {
                reader.error(
                    "invalid-value", "'language' must be a language tag like de or fr-CH, got '\(language)'",
                    at: c.valueLocation("language"))
            }
            contacts.append(
                Contact(
                    name: contactName, role: c.line("role"), email: email,
                    language: language.flatMap { isLocaleTag($0) ? $0 : nil }))
        }
        return contacts
    }

    /// `brand`: the accent colour and the logo, each left out after an error.
    func loadBrand(_ node: YAMLNode?, folder: String, _ reader: YAMLReader) -> Brand {
        var brand = Brand()
        guard let b = reader.mapping(node, keys: ["color", "logo"], what: "brand") else { return brand }
        brand.color = brandColor(b, reader)
        if let logo = b.line("logo") {
            let location = b.valueLocation("logo")
            if let problem = LogoFile.problem(with: logo, in: path(folder)) {
                reader.error("invalid-logo", problem, at: location)
            } else {
                brand.logo = logo
                brand.logoLocation = location
            }
        }
        return brand
    }

    /// The brand's `color` as `#rrggbb`; nil when absent or not a colour.
    func brandColor(_ b: Fields, _ reader: YAMLReader) -> String? {
        if b.keyLocation("color") != nil, b.value("color") == nil {
            reader.error(
                "invalid-value", "'color' is empty: a colour must be quoted in YAML (color: \"#1f6feb\"), or '#' starts a comment",
                at: b.keyLocation("color")!)
        }
        guard let color = b.line("color") else { return nil }
        guard let normalised = CSSColor.normalisedHex(color) else {
            reader.error(
                "invalid-value", "'color' must be a CSS hex colour like \"#1f6feb\" (quote it in YAML), got '\(color)'",
                at: b.valueLocation("color"))
            return nil
        }
        // The accent marks the header and the current tab: it must
        // read on white (WCAG AA, 4.5:1). The build darkens it.
        let contrast = CSSColor.contrast(normalised, "#ffffff")
        if contrast < 4.5 {
            let fixed = CSSColor.darkened(normalised)
            reader.warning(
                "brand-contrast",
                "brand colour \(normalised) has a contrast of \(String(format: "%.1f", contrast)):1 on white, below the 4.5:1 of WCAG AA; the portal uses \(fixed) instead (set that to silence this)",
                at: b.valueNode("color"))
        }
        return normalised
    }

    /// Every project folder of the client, in folder order.
    func loadProjects(client slug: String, _ log: inout DiagnosticLog) -> [Project] {
        let projectSlugs = slugFolders(in: "clients/\(slug)", what: "project folder", rule: "lower-case letters, digits and '-'", &log)
        // Each project into a log of its own, merged in folder order: the
        // same diagnostics in the same order, however they were loaded.
        let load: @Sendable (String) -> (Project?, DiagnosticLog) = { project in
            var log = DiagnosticLog()
            return (loadProject(client: slug, slug: project, &log), log)
        }
        var projects: [Project] = []
        for (project, projectLog) in loadsProjectsInParallel ? projectSlugs.concurrentMap(load) : projectSlugs.map(load) {
            log.merge(projectLog)
            if let project { projects.append(project) }
        }
        return projects
    }

    func loadProject(client: String, slug: String, _ log: inout DiagnosticLog) -> Project? {
        let folder = "clients/\(client)/\(slug)"
        let relative = "\(folder)/project.yaml"
        // Listing a linked folder would follow the link: refused first.
        guard refuseLinks(Self.projectEntries, in: folder, &log) else { return nil }
        guard ContentDisk.kind(of: path(relative)) == .file else {
            log.error("missing-file", "project folder has no project.yaml", at: SourceLocation(file: display(relative)))
            return nil
        }
        guard let (reader, root) = readYAML(relative, &log) else { return nil }
        defer { log.merge(reader.log) }
        let keys = [
            "name", "playbook", "pm", "start", "target", "phase", "summary", "milestones", "risks", "team", "budget", "kpis",
            "time_tracking", "hubspot",
        ]
        guard let fields = reader.mapping(root, keys: keys, what: "project") else { return nil }
        let name = fields.line("name", required: true)
        let playbook = fields.line("playbook", required: true)
        let pm = fields.line("pm", required: true)
        let start = fields.date("start", required: true)
        let target = fields.date("target")
        if let start, let target, target < start {
            reader.error("invalid-date", "'target' \(target) is before 'start' \(start)", at: fields.valueLocation("target"))
        }
        let milestones = loadMilestones(fields.list("milestones"), reader)
        let risks = loadRisks(fields.list("risks"), reader)
        let team = start.map { loadTeam(fields.list("team"), start: $0, target: target, reader) } ?? []
        let budget = loadBudget(fields.value("budget"), reader)
        let kpis = loadKPIs(fields.list("kpis"), reader)
        let timeTracking = loadTimeTracking(fields.value("time_tracking"), reader)
        let deal = crmRecordID(fields.value("hubspot"), key: "deal", what: "hubspot", reader)
        let updates = loadUpdates(folder: folder, defaultAuthor: pm ?? "", &log)
        let decisions = loadDecisions(folder: folder, &log)
        let changes = loadChangeRequests(folder: folder, &log)
        let timesheet = loadTimesheet(folder: folder, &log)
        let spend = spendReadings(
            budget: budget, timesheet: timesheet, updates: updates, timesheetFile: display("\(folder)/\(Timesheet.fileName)"), &log)
        for entry in ContentDisk.list(path(folder)) ?? [] where !Self.projectEntries.contains(entry.name) {
            guard refuseLink(entry, in: folder, &log) else { continue }
            log.warning(
                "unexpected-file",
                "'\(entry.name)' is not part of a project (project.yaml, updates/, decisions/, changes/, timesheet.csv); ignored",
                at: SourceLocation(file: display("\(folder)/\(entry.name)")))
        }
        guard let name, let playbook, let pm, let start else { return nil }
        var project = Project(
            slug: slug, clientSlug: client, name: name, playbook: playbook,
            playbookLocation: fields.valueLocation("playbook"), pm: pm, start: start, target: target,
            phase: fields.line("phase"), phaseLocation: fields.valueLocation("phase"),
            summary: fields.string("summary") ?? "", milestones: milestones, risks: risks,
            updates: updates, decisions: decisions, team: team, location: fields.location, budget: budget, spend: spend,
            timeEntries: timesheet, changeRequests: changes, kpis: kpis, timeTrackingName: timeTracking, hubspotDeal: deal)
        // Once, here: every later step measures against the current baseline.
        project.applyApprovedChanges()
        return project
    }

    /// What a project folder may hold.
    static let projectEntries = ["project.yaml", "updates", "decisions", "changes", Timesheet.fileName]

    /// `time_tracking: { project: "<name in the tool>" }`.
    func loadTimeTracking(_ node: YAMLNode?, _ reader: YAMLReader) -> String? {
        guard let t = reader.mapping(node, keys: ["project"], what: "time_tracking") else { return nil }
        return t.line("project", required: true)
    }

    func loadMilestones(_ items: [YAMLNode], _ reader: YAMLReader) -> [Milestone] {
        var milestones: [Milestone] = []
        var ids = UniqueIDs(what: "milestone")
        for item in items {
            let keys = ["id", "title", "due", "forecast", "done", "gate", "owner", "internal", "moved", "signed_off"]
            guard let m = reader.mapping(item, keys: keys, what: "milestone") else { continue }
            let id = m.line("id", required: true)
            let title = m.line("title", required: true)
            let due = m.date("due", required: true)
            let forecast = m.date("forecast")
            let done = m.date("done")
            let gate = m.bool("gate")
            let isInternal = m.bool("internal")
            let signedOff = loadSignOff(m, reader)
            if signedOff != nil, !gate {
                reader.error(
                    "invalid-value", "'signed_off' is only for gates: add 'gate: true' or remove it", at: m.valueLocation("signed_off"))
            }
            if let id { ids.check(id, at: m.valueLocation("id"), reader) }
            guard let id, let title, let due else { continue }
            milestones.append(
                Milestone(
                    id: id, title: title, due: due, forecast: forecast ?? due, done: done, gate: gate,
                    owner: m.line("owner"), isInternal: isInternal, moves: loadMoves(m.list("moved"), reader),
                    location: m.location, signedOff: signedOff))
        }
        return milestones
    }

    func loadRisks(_ items: [YAMLNode], _ reader: YAMLReader) -> [RaidItem] {
        var risks: [RaidItem] = []
        var ids = UniqueIDs(what: "RAID")
        for item in items {
            let keys = [
                "id", "type", "title", "probability", "impact", "owner", "mitigation", "status", "raised", "closed", "milestone",
                "internal",
            ]
            guard let r = reader.mapping(item, keys: keys, what: "RAID item") else { continue }
            let id = r.line("id", required: true)
            let title = r.line("title", required: true)
            let kind = r.choice("type", RaidItem.Kind.self) ?? .risk
            let probability = r.int("probability", required: true, in: 1...5)
            let impact = r.int("impact", required: true, in: 1...5)
            let status = r.choice("status", RaidItem.Status.self) ?? .open
            if let id { ids.check(id, at: r.valueLocation("id"), reader) }
            let raised = r.date("raised")
            let closed = r.date("closed")
            if closed != nil, status == .open {
                reader.error(
                    "invalid-value", "'closed' is set but 'status' is open; set status to mitigated or closed",
                    at: r.valueLocation("closed"))
            }
            if let raised, let closed, closed < raised {
                reader.error("invalid-date", "'closed' \(closed) is before 'raised' \(raised)", at: r.valueLocation("closed"))
            }
            guard let id, let title, let probability, let impact else { continue }
            risks.append(
                RaidItem(
                    id: id, kind: kind, title: title, probability: probability, impact: impact,
                    owner: r.line("owner"), mitigation: r.string("mitigation"), status: status,
                    raised: raised, closed: closed, milestone: r.line("milestone"),
                    milestoneLocation: r.valueLocation("milestone"),
                    isInternal: r.bool("internal"), location: r.location))
        }
        return risks
    }
}

/// The ids of a project's milestones, or of its RAID items, as they are
/// read: an id used twice, or two ids that fold to the same anchor
/// (`Slug.folded`), is an error at the later one.
struct UniqueIDs {
    /// "milestone" or "RAID", as the messages name them.
    let what: String
    private var seen: [String: SourceLocation] = [:]
    private var foldedIDs: [String: String] = [:]

    init(what: String) { self.what = what }

    mutating func check(_ id: String, at location: SourceLocation, _ reader: YAMLReader) {
        if let first = seen[id] {
            reader.error("duplicate-id", "duplicate \(what) id '\(id)' (first used at line \(first.line))", at: location)
        } else if let other = foldedIDs[Slug.folded(id)] {
            reader.error(
                "duplicate-id", "\(what) ids '\(other)' and '\(id)' differ only in case or punctuation; pages could not tell them apart",
                at: location)
        } else {
            seen[id] = location
            foldedIDs[Slug.folded(id)] = id
        }
    }
}
