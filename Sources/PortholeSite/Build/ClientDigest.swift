import PortholeCore

/// `porthole digest`: per client and per contact language, the week's
/// e-mail as a ready-to-send `.eml` (docs/client-email.md). It reads and
/// checks the content like `check` (the same first steps), renders each mail
/// from the theme's `email/` templates, and writes the files only when the
/// whole run is free of errors. It sends nothing.
public struct ClientDigest: Sendable {
    public struct Options: Sendable {
        public var build: BuildOptions
        /// The digest's day (`--week`); the build's today when nil.
        public var week: CalendarDate?
        /// The folder the `.eml` files go to.
        public var output: String

        public init(build: BuildOptions, week: CalendarDate?, output: String) {
            self.build = build
            self.week = week
            self.output = output
        }
    }

    /// One mail: its file name in the output folder, recipients and bytes.
    public struct Mail: Sendable {
        public var file: String
        public var recipients: [String]
        public var bytes: [UInt8]
    }

    public struct Report: Sendable {
        public var diagnostics = DiagnosticLog()
        public var mails: [Mail] = []
        /// Files written (absolute paths); empty after an error.
        public var written: [String] = []
    }

    public static let templates = ["email/digest-html", "email/digest-text"]
    /// Beside the mails: one line per mail, its file and its recipients.
    public static let recipientsFile = "recipients.tsv"

    public let options: Options

    public init(options: Options) {
        var options = options
        options.build.checkOnly = true
        options.build.needsSecret = true
        self.options = options
    }

    public func run() async -> Report {
        var report = Report()
        var build = BuildState(options: options.build, destination: .none)
        for step in [LoadShared(), LoadTheme(), CheckAccess()] as [any BuildStep] {
            if case .finished = await step.run(&build) {
                report.diagnostics.merge(build.report.diagnostics)
                return report
            }
        }
        report.diagnostics.merge(build.report.diagnostics)
        guard let from = sender(build, &report.diagnostics), hasTemplates(build.theme, &report.diagnostics) else { return report }
        var themes = ThemeCache(build: build, first: build.theme)
        let rules = ProjectRules(playbooks: build.shared.playbooks, today: build.today)
        // Clients are read and checked side by side (most of the work); the
        // mails are then made in client order, so the output and the
        // diagnostics do not depend on the core count.
        let loader = build.loader
        let loaded = build.shared.clientSlugs.concurrentMap { slug -> (Client?, DiagnosticLog) in
            var (client, log) = loader.loadClient(slug)
            if let client { log.merge(rules.check(client)) }
            return (client, log)
        }
        for (client, log) in loaded {
            report.diagnostics.merge(log)
            guard let client else { continue }
            report.mails += mails(for: client, build, from: from, themes: &themes, &report.diagnostics)
        }
        report.diagnostics.merge(themes.log)
        let failed = report.diagnostics.hasErrors || (options.build.strict && report.diagnostics.warningCount > 0)
        guard !failed else { return report }
        report.written = write(report.mails, &report.diagnostics)
        return report
    }

    /// From: the agency, at `agency.contact`.
    private func sender(_ build: BuildState, _ log: inout DiagnosticLog) -> MailAddress? {
        let agency = build.shared.portal.agency
        guard let contact = agency.contact, EmailAddress.isValid(contact) else {
            log.error(
                "digest", "the weekly e-mail is sent from agency.contact in portal.yaml, which needs to be an e-mail address",
                at: build.shared.portal.location)
            return nil
        }
        return MailAddress(name: agency.name, address: contact)
    }

    private func hasTemplates(_ theme: Theme, _ log: inout DiagnosticLog) -> Bool {
        let missing = Self.templates.filter { !theme.templateNames.contains($0) }
        for name in missing {
            log.error(
                "theme",
                "theme '\(theme.name)' has no template '\(name).mustache' for the weekly e-mail; copy it from the default theme (porthole theme eject)",
                at: nil)
        }
        return missing.isEmpty
    }

    /// The client's mails, one per language of its contacts with an address.
    private func mails(
        for client: Client, _ build: BuildState, from: MailAddress, themes: inout ThemeCache, _ log: inout DiagnosticLog
    ) -> [Mail] {
        let portal = build.shared.portal
        let contacts = client.contacts.filter { $0.email != nil }
        if contacts.isEmpty {
            log.warning(
                "digest", "no contact of \(client.name) has an e-mail address, so no weekly e-mail is made for it", at: client.location)
        }
        let byLanguage = Dictionary(grouping: contacts) { $0.language ?? portal.site.locale }
        let week = options.week ?? build.today!
        let folder = build.access.folder(for: client)
        let host = ProjectLinks(baseURL: portal.site.baseURL, folder: folder, project: "").host
        return byLanguage.keys.sorted().compactMap { language in
            guard let theme = themes.theme(for: language) else { return nil }
            let view = DigestView(
                portal: portal, client: client.clientVisible, playbooks: build.shared.playbooks, week: week,
                dates: DateText(localeIdentifier: language), words: theme.strings,
                portalURL: portal.site.baseURL + folder + "/", language: language)
            let context = view.context()
            let recipients = byLanguage[language]!.map { MailAddress(name: $0.name, address: $0.email!) }
            let message = MIMEMessage(
                from: from, to: recipients, subject: view.subject(), date: week,
                messageID: "digest.\(week).\(client.slug).\(language)@\(host)",
                text: theme.render("email/digest-text", context), html: theme.render("email/digest-html", context))
            return Mail(file: "\(client.slug).\(language).eml", recipients: recipients.map(\.address), bytes: message.bytes())
        }
    }

    /// Every mail, then the recipients list, each through `AtomicFile`.
    private func write(_ mails: [Mail], _ log: inout DiagnosticLog) -> [String] {
        let folder = options.output
        let content = options.build.contentRoot
        if folder == content || folder.hasPrefix(content + "/") {
            log.error(
                "output", "refusing to write the weekly e-mails into the content folder (\(folder)); choose another --output", at: nil)
            return []
        }
        if !FileTree.makeDirectories(folder) {
            log.error("output", "cannot create the folder \(folder) for the weekly e-mails", at: nil)
            return []
        }
        var written: [String] = []
        let list = mails.map { folder + "/" + $0.file + "\t" + $0.recipients.joined(separator: ",") + "\n" }.joined()
        for (path, bytes) in mails.map({ (folder + "/" + $0.file, $0.bytes) }) + [(folder + "/" + Self.recipientsFile, Array(list.utf8))] {
            if case .failure(let failure) = AtomicFile.write(bytes, to: path) {
                log.error("output", "cannot write \(path): \(Self.reason(failure))", at: nil)
                return written
            }
            written.append(path)
        }
        return written
    }
}

extension ClientDigest {
    static func reason(_ failure: AtomicFile.Failure) -> String {
        switch failure {
        case .exists: "it exists"
        case .failed(let reason): reason
        }
    }
}

/// The theme in each language a digest needs, loaded once each.
struct ThemeCache {
    let build: BuildState
    private var themes: [String: Theme] = [:]
    private(set) var log = DiagnosticLog()

    init(build: BuildState, first: Theme) {
        self.build = build
        themes[first.strings.language] = first
    }

    /// The theme's words for a language tag (`de-CH` reads `de`): a language
    /// the theme has no file for falls back to English (`ThemeStrings`).
    mutating func theme(for tag: String) -> Theme? {
        let language = String(tag.prefix { $0 != "-" }).lowercased()
        if let theme = themes[language] { return theme }
        let options = build.options
        guard
            let resolved = ThemeSource.resolve(
                name: build.theme.name, themesRoot: options.themesRoot, displayRoot: options.themesDisplay,
                allowBuiltIn: options.allowsBuiltInTheme)
        else { return nil }
        let (theme, themeLog) = Theme.load(name: build.theme.name, source: resolved.source, display: resolved.display, language: language)
        log.merge(themeLog)
        themes[language] = theme
        return theme
    }
}
