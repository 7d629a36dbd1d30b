import PortholeCore

/// Step 3: who may read what and where it may go: the passwords of password
/// portals, the link secret, and the output folders' safety checks.
struct CheckAccess: BuildStep {
    let name = "access"

    func run(_ build: inout BuildState) async -> StepResult {
        let options = build.options
        if let file = options.passwordsFile {
            let (loaded, log) = Passwords.load(path: file, display: options.passwordsDisplay ?? file, contentRoot: options.contentRoot)
            build.report.diagnostics.merge(log)
            guard let loaded else { return .finished }
            build.passwords = loaded.merging(environment: options.environment)
        }
        let checkOnly = options.checkOnly
        switch SecretStore.secret(environment: options.environment, projectRoot: options.projectRoot, create: !checkOnly) {
        case .success(let secret):
            build.secret = secret.bytes
            build.report.createdSecretFile = secret.createdFile
        case .failure(let diagnostic):
            guard checkOnly && !options.needsSecret else {
                build.report.diagnostics.add(diagnostic)
                return .finished
            }
            build.secret = Array("porthole-check".utf8)
        }
        build.access = PortalAccess(secret: build.secret)
        return checkFolders(&build) ? .next : .finished
    }

    /// The output folder and the portfolio's: never somewhere a build would
    /// destroy what it did not make, never overlapping.
    private func checkFolders(_ build: inout BuildState) -> Bool {
        let options = build.options
        guard !options.checkOnly else { return true }
        if let output = build.output,
            let problem = output.problem(
                contentRoot: options.contentRoot, themesRoot: options.themesRoot, home: options.environment["HOME"])
        {
            build.report.diagnostics.error("output", problem, at: nil)
            return false
        }
        // The portfolio holds every client's internal content: a subset
        // build would leave it partial (and so misleading), so only a build
        // of every client writes it.
        let isSubset = !options.clients.isEmpty || options.shard != nil
        if options.portfolio != nil && isSubset {
            build.report.portfolioSkipped = "a \(options.shard != nil ? "--shard" : "--client") build holds only some clients"
        }
        guard !isSubset, let path = options.portfolio else { return true }
        var portfolio = OutputFolder(path: path)
        portfolio.flushes = build.output?.flushes ?? true
        if let output = build.output, let problem = Self.portfolioProblem(portfolio, output: output, options: options) {
            build.report.diagnostics.error("portfolio", problem, at: nil)
            return false
        }
        build.portfolioFolder = portfolio
        return true
    }

    /// Why the portfolio cannot go where it was asked to (site.md: never
    /// inside the site, so publishing site/ can never publish it), on top of
    /// the checks every output folder gets.
    static func portfolioProblem(_ portfolio: OutputFolder, output: OutputFolder, options: BuildOptions) -> String? {
        if output.overlaps(portfolio.path) || portfolio.overlaps(output.path) {
            return
                "refusing to write the portfolio to \(portfolio.path): it would overlap the site's output folder \(output.path) (publishing the site must never publish the portfolio); choose another --portfolio"
        }
        return portfolio.problem(
            contentRoot: options.contentRoot, themesRoot: options.themesRoot, home: options.environment["HOME"],
            what: "the portfolio", option: "--portfolio")
    }
}
