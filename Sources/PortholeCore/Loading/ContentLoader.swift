import PortholeMarkdown

/// What every client's build shares: settings, playbooks, and the list of
/// client folders still to load.
public struct SharedContent: Sendable {
    public var portal: Portal
    public var playbooks: [String: Playbook]
    /// Client slugs in name order, each a folder under `clients/`.
    public var clientSlugs: [String]
}

/// Reads `content/` (content.md) into the model, one file at a time, every
/// value with its source location. Clients are loaded independently so that
/// the build can stream them across cores.
public struct ContentLoader: Sendable {
    /// The content folder on disk.
    public let root: String
    /// How the content folder is named in diagnostics (relative to the
    /// folder the command ran in, content.md "Errors").
    public let displayRoot: String

    /// Files already read (path relative to `root` → bytes), taken
    /// instead of reading them again. When a build hashes a client's folder
    /// in the client's own task (`--full`, a first build, a site-wide
    /// change), it loads the client from those bytes: one read per file,
    /// and the key describes exactly what was loaded. A file not here is
    /// read from disk as before.
    public var prefetched: [String: [UInt8]] = [:]
    /// Whether a client's projects load side by side (`concurrentMap`):
    /// when the build has cores to spare for it.
    public var loadsProjectsInParallel = false

    public init(root: String, displayRoot: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.displayRoot = displayRoot.hasSuffix("/") && displayRoot.count > 1 ? String(displayRoot.dropLast()) : displayRoot
    }

    func path(_ relative: String) -> String { root + "/" + relative }
    func display(_ relative: String) -> String { displayRoot + "/" + relative }

    // MARK: Shared files

    public func loadShared() -> (SharedContent?, DiagnosticLog) {
        var log = DiagnosticLog()
        guard ContentDisk.kind(of: root) == .directory else {
            log.error("missing-content", "content folder '\(displayRoot)' does not exist", at: nil)
            return (nil, log)
        }
        // The top folders themselves must not be links out of content/.
        for folder in ["clients", "playbooks", "portal.yaml"] where ContentDisk.kind(of: path(folder)) == .symlink {
            log.error(
                "symlink", "symbolic links are not allowed in content (they could lead outside it)",
                at: SourceLocation(file: display(folder)))
        }
        if log.hasErrors { return (nil, log) }
        let portal = loadPortal(&log)
        var playbooks: [String: Playbook] = [:]
        for entry in ContentDisk.list(path("playbooks")) ?? [] {
            guard refuseLink(entry, in: "playbooks", &log) else { continue }
            guard entry.kind == .file, entry.name.hasSuffix(".yaml") || entry.name.hasSuffix(".yml") else { continue }
            let slug = String(entry.name.prefix(upTo: entry.name.lastIndex(of: ".")!))
            let relative = "playbooks/\(entry.name)"
            guard Slug.isValid(slug) else {
                log.error(
                    "invalid-slug", "playbook file name '\(slug)' is not a valid identifier (lower-case letters, digits and '-')",
                    at: SourceLocation(file: display(relative)))
                continue
            }
            if playbooks[slug] != nil {
                log.error("duplicate-id", "playbook '\(slug)' is defined twice", at: SourceLocation(file: display(relative)))
                continue
            }
            if let playbook = loadPlaybook(slug: slug, relative: relative, &log) { playbooks[slug] = playbook }
        }
        if ContentDisk.kind(of: path("clients")) != .directory {
            log.warning("no-clients", "no clients/ folder: the site will have no portals", at: SourceLocation(file: display("clients")))
        }
        if let portal { checkHubSpotPlaybooks(portal.hubspot, known: playbooks, &log) }
        let clientSlugs = slugFolders(in: "clients", what: "client folder", rule: "lower-case letters, digits and '-', at most 63", &log)
        guard let portal else { return (nil, log) }
        return (SharedContent(portal: portal, playbooks: playbooks, clientSlugs: clientSlugs), log)
    }

    /// Refuses the named entries of `folder` that are symlinks (listing or
    /// reading through one would follow it out of `content/`); false when
    /// any was.
    func refuseLinks(_ names: [String], in folder: String, _ log: inout DiagnosticLog) -> Bool {
        var refused = false
        for name in names where ContentDisk.kind(of: path("\(folder)/\(name)")) == .symlink {
            log.error(
                "symlink", "symbolic links are not allowed in content (they could lead outside it)",
                at: SourceLocation(file: display("\(folder)/\(name)")))
            refused = true
        }
        return !refused
    }

    /// Symlinks could lead outside `content/`: refused, with an error.
    func refuseLink(_ entry: ContentDisk.Entry, in folder: String, _ log: inout DiagnosticLog) -> Bool {
        if entry.kind == .invalidName {
            log.error("encoding", "a file or folder name here is not valid UTF-8; rename it", at: SourceLocation(file: display(folder)))
            return false
        }
        guard entry.kind == .symlink else { return true }
        log.error(
            "symlink", "symbolic links are not allowed in content (they could lead outside it)",
            at: SourceLocation(file: display("\(folder)/\(entry.name)")))
        return false
    }

    /// The subfolders of `folder` whose names are slugs, in listing order;
    /// links, names that are not UTF-8 and names that are not slugs are
    /// reported (`what` and `rule` say which folder and which rule) and
    /// left out.
    func slugFolders(in folder: String, what: String, rule: String, _ log: inout DiagnosticLog) -> [String] {
        var slugs: [String] = []
        for entry in ContentDisk.list(path(folder)) ?? [] {
            guard refuseLink(entry, in: folder, &log), entry.kind == .directory else { continue }
            guard Slug.isValid(entry.name) else {
                log.error(
                    "invalid-slug", "\(what) '\(entry.name)' is not a valid slug (\(rule))",
                    at: SourceLocation(file: display("\(folder)/\(entry.name)")))
                continue
            }
            slugs.append(entry.name)
        }
        return slugs
    }

    /// Reads and parses a YAML file; nil after reporting why not.
    func readYAML(
        _ relative: String, lineOffset: Int = 0, text: String? = nil,
        _ log: inout DiagnosticLog
    ) -> (YAMLReader, YAMLNode)? {
        let reader = YAMLReader(file: display(relative), lineOffset: lineOffset)
        let source: String
        if let text {
            source = text
        } else {
            switch readText(relative, &log) {
            case .some(let text): source = text
            case .none: return nil
            }
        }
        guard let node = reader.parse(source) else {
            log.merge(reader.log)
            return nil
        }
        return (reader, node)
    }

    func readText(_ relative: String, _ log: inout DiagnosticLog) -> String? {
        switch prefetched[relative].map(ContentDisk.text) ?? ContentDisk.readText(path(relative)) {
        case .success(let text):
            return text
        case .failure(.cannotOpen):
            log.error("unreadable", "cannot read file", at: SourceLocation(file: display(relative)))
        case .failure(.invalidUTF8(let line, let column)):
            log.error("encoding", "file is not valid UTF-8", at: SourceLocation(file: display(relative), line: line, column: column))
        }
        return nil
    }

    func loadPortal(_ log: inout DiagnosticLog) -> Portal? {
        let relative = "portal.yaml"
        guard ContentDisk.exists(path(relative)) else {
            log.error("missing-file", "missing portal.yaml (agency name and site settings)", at: SourceLocation(file: display(relative)))
            return nil
        }
        guard let (reader, root) = readYAML(relative, &log) else { return nil }
        defer { log.merge(reader.log) }
        guard let fields = reader.mapping(root, keys: ["agency", "site", "capacity", "people", "hubspot"], what: "portal.yaml") else {
            return nil
        }
        var agency: Portal.Agency?
        if let a = reader.mapping(fields.value("agency"), keys: ["name", "url", "contact"], what: "agency") {
            let name = a.line("name", required: true)
            let url = a.line("url")
            if let url, !isWebURL(url) {
                reader.error("invalid-url", "'url' must start with https:// or http://", at: a.valueLocation("url"))
            }
            if let name { agency = .init(name: name, url: url.flatMap { isWebURL($0) ? $0 : nil }, contact: a.line("contact")) }
        } else if fields.value("agency") == nil {
            reader.error("missing-field", "missing required field 'agency' in portal.yaml", at: fields.location)
        }
        var site: Portal.Site?
        if let s = reader.mapping(fields.value("site"), keys: ["base_url", "timezone", "locale", "theme"], what: "site") {
            var baseURL = s.line("base_url", required: true)
            if let url = baseURL, !isWebURL(url) {
                reader.error("invalid-url", "'base_url' must be an absolute https:// or http:// URL", at: s.valueLocation("base_url"))
                baseURL = nil
            }
            let timezone = s.line("timezone") ?? "UTC"
            if PortalClock.isKnownTimeZone(timezone) == false {
                reader.error(
                    "invalid-value", "'timezone' \(timezone) is not an IANA time zone name (like Europe/London)",
                    at: s.valueLocation("timezone"))
            }
            let locale = s.line("locale") ?? "en-US"
            if !isLocaleTag(locale) {
                reader.error("invalid-value", "'locale' must be a language tag like en-GB, got '\(locale)'", at: s.valueLocation("locale"))
            }
            let theme = s.line("theme") ?? "default"
            if !Slug.isValid(theme) {
                reader.error(
                    "invalid-slug", "'theme' must be a folder name in themes/ (a slug), got '\(theme)'", at: s.valueLocation("theme"))
            }
            if let baseURL {
                site = .init(
                    baseURL: Portal.Site.normalizedBaseURL(baseURL), timezone: timezone, locale: locale, theme: theme,
                    localeLocation: s.valueLocation("locale"))
            }
        } else if fields.value("site") == nil {
            reader.error("missing-field", "missing required field 'site' in portal.yaml", at: fields.location)
        }
        let capacity = loadCapacity(fields.list("capacity"), reader)
        let people = loadPeople(fields.value("people"), reader)
        let hubspot = loadHubSpotSettings(fields.value("hubspot"), reader)
        guard let agency, let site, !reader.log.hasErrors else { return nil }
        return Portal(agency: agency, site: site, capacity: capacity, location: fields.location, people: people, hubspot: hubspot)
    }

    func loadPlaybook(slug: String, relative: String, _ log: inout DiagnosticLog) -> Playbook? {
        guard let (reader, root) = readYAML(relative, &log) else { return nil }
        defer { log.merge(reader.log) }
        guard
            let fields = reader.mapping(
                root, keys: ["name", "phases", "update", "milestones", "high_risk_score", "digest_subject", "budget"], what: "playbook")
        else { return nil }
        let name = fields.line("name", required: true)
        let phases = fields.stringList("phases")
        var update = Playbook.UpdateStandard(cadenceDays: 7, graceDays: 2, requiredSections: [], summaryMaxWords: nil)
        if let u = reader.mapping(
            fields.value("update"),
            keys: ["cadence_days", "grace_days", "sections", "summary_max_words"], what: "update")
        {
            update.cadenceDays = u.int("cadence_days", in: 1...366) ?? 7
            update.graceDays = u.int("grace_days", in: 0...366) ?? 2
            update.requiredSections = u.stringList("sections")
            update.summaryMaxWords = u.int("summary_max_words", in: 1...10_000)
            var seen = Set<String>()
            for section in update.requiredSections {
                if !seen.insert(section.lowercased()).inserted {
                    reader.error("duplicate-id", "section '\(section)' is listed twice", at: u.valueLocation("sections"))
                }
                if isInternalHeading(section) {
                    reader.error(
                        "invalid-value", "'Internal' cannot be a required section: it never reaches clients",
                        at: u.valueLocation("sections"))
                }
            }
        }
        var templates: [Playbook.MilestoneTemplate] = []
        var ids = Set<String>()
        for item in fields.list("milestones") {
            guard let m = reader.mapping(item, keys: ["id", "title", "gate", "week"], what: "playbook milestone") else { continue }
            guard let id = m.line("id", required: true), let title = m.line("title", required: true) else { continue }
            if !ids.insert(id).inserted {
                reader.error("duplicate-id", "duplicate milestone id '\(id)' in playbook", at: m.valueLocation("id"))
            }
            templates.append(.init(id: id, title: title, gate: m.bool("gate"), week: m.int("week", in: 0...520) ?? 0))
        }
        // Probability and impact are 1 to 5, so a score is 1 to 25.
        let highRiskScore = fields.int("high_risk_score", in: 1...25)
        let digestSubject = loadDigestSubject(fields, reader)
        let budget = reader.mapping(fields.value("budget"), keys: ["tolerance", "cpi_threshold"], what: "playbook budget")
        let tolerance = budget?.number("tolerance", in: 0...100)
        let cpiThreshold = budget?.number("cpi_threshold", in: 0.01...2)
        guard let name else { return nil }
        return Playbook(
            slug: slug, name: name, phases: phases, update: update, milestones: templates, highRiskScore: highRiskScore,
            budgetTolerancePercent: tolerance, cpiThreshold: cpiThreshold, location: fields.location, digestSubject: digestSubject)
    }

    func isWebURL(_ text: String) -> Bool { Portal.Site.isWebURL(text) }

    func isLocaleTag(_ text: String) -> Bool { Portal.Site.isLocaleTag(text) }
}
