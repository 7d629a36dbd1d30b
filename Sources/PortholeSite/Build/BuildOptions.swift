import PortholeCore

/// What a build or check reads and writes. Paths are absolute; the display
/// names are how diagnostics show them (relative to the working folder).
public struct BuildOptions: Sendable {
    public var contentRoot: String
    public var contentDisplay: String
    public var themesRoot: String
    public var themesDisplay: String
    /// Whether a portal asking for `default` gets the theme built into the
    /// binary when `<themesRoot>/default` does not exist (`ThemeSource`);
    /// false when `--themes` names the folder.
    public var allowsBuiltInTheme = true
    public var output: String
    /// Where `.porthole/secret` lives (the folder holding `content/`).
    public var projectRoot: String
    public var today: CalendarDate?
    public var environment: [String: String]
    /// Validate only: nothing is written (`porthole check`).
    public var checkOnly: Bool
    /// `porthole links`: the real link secret is needed even though nothing is written.
    public var needsSecret = false
    /// `--passwords FILE`: passwords of password portals, outside content/.
    public var passwordsFile: String?
    public var passwordsDisplay: String?
    /// `--base-url URL`: the site's address instead of `site.base_url` (a
    /// preview deployment), already checked and ending with "/".
    public var baseURL: String?
    /// `--client SLUG`: build only these clients; the others stay as they were.
    public var clients: [String] = []
    /// `--shard I/N` (1-based): build a stable I-th of N parts of the clients.
    public var shard: (index: Int, count: Int)?
    /// Called as clients finish: (done, total, pages so far).
    public var progress: (@Sendable (Int, Int, Int) -> Void)?
    /// `--full`: ignore the previous build's manifest.
    public var full = false
    /// `--strict`: warnings fail the build, so nothing is written either.
    public var strict = false
    /// Where the agency's internal portfolio is written (site.md: never
    /// inside the output folder); nil for `--no-portfolio`. The command line
    /// defaults it to `portfolio/` in the project root.
    public var portfolio: String?
    /// `porthole serve`: password portals rendered unencrypted, for a
    /// preview folder that is never the published site (the preview server
    /// marks their pages with a banner). No password is needed then.
    public var unsealedPreview = false
    /// Whether the swap waits until the new files are on the disk (`syncfs`),
    /// so that a power loss leaves the old site or the new one, whole.
    /// `--no-flush` is for a CI runner, which uploads the site from memory
    /// and is then thrown away; the manifest records the machine's start,
    /// and a build after a restart reads back every file it lists before
    /// keeping any (`BuildManifest.mayHaveLostWrites`).
    public var flushes = true

    public init(
        contentRoot: String, contentDisplay: String, themesRoot: String, themesDisplay: String,
        output: String, projectRoot: String, today: CalendarDate?, environment: [String: String],
        checkOnly: Bool = false
    ) {
        self.contentRoot = contentRoot
        self.contentDisplay = contentDisplay
        self.themesRoot = themesRoot
        self.themesDisplay = themesDisplay
        self.output = output
        self.projectRoot = projectRoot
        self.today = today
        self.environment = environment
        self.checkOnly = checkOnly
    }
}

/// What a build did, for the CLI's summary and for tests.
public struct BuildReport: Sendable {
    public struct PublishedPortal: Sendable {
        public let slug: String
        public let name: String
        public let access: AccessMode
        /// The folder under the site root, or nil when not published.
        public let folder: String?
    }

    public var diagnostics = DiagnosticLog()
    public var portals: [PublishedPortal] = []
    public var clients = 0
    public var projects = 0
    public var pages = 0
    public var files = 0
    public var createdSecretFile: String?
    public var today: CalendarDate?
    public var baseURL: String?
    /// Whether the output folder was replaced.
    public var wroteSite = false
    /// Whether the portfolio folder was replaced (false when it was not
    /// asked for, was unchanged, or this was a subset build).
    public var wrotePortfolio = false
    /// Why the portfolio was not written although one was asked for
    /// (a `--client` or `--shard` build holds only some clients).
    public var portfolioSkipped: String?
    /// Pages of the portfolio (index and one per project).
    public var portfolioPages = 0
    /// Nothing changed since the last build: the output was left as it was.
    public var unchanged = false
    /// Files written anew, and files kept from the previous build (same inode).
    public var written = 0
    public var kept = 0
    /// Clients loaded and rendered (the others were kept whole).
    public var rendered = 0
    /// Elapsed time at the end of each stage.
    public var stages: [(name: String, at: Duration)] = []
}
