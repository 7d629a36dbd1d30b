import PortholeCore

/// What the steps of one build hand each other, filled in as they go: each
/// step reads what the steps before it left and adds its own part.
struct BuildState: Sendable {
    let options: BuildOptions
    let destination: Destination
    var report = BuildReport()
    /// When the build started (seconds since 1970), as the manifest records it.
    let startedAt = InputFingerprint.now()
    let loader: ContentLoader

    // LoadShared
    var shared: SharedContent!
    var today: CalendarDate!
    /// Read while the theme compiles: what the client folders look like and
    /// what the last build left are most of a no-op build.
    var folderMetadata: Task<[String: InputFingerprint.FolderMetadata], Never>?
    var publishedManifest: Task<BuildManifest?, Never>?

    // Theme
    var theme: Theme!
    var stylesheet = ""

    // Access
    var passwords: Passwords
    var secret: [UInt8] = []
    var access: PortalAccess!
    var dateFormats: DateText.Formats!
    /// Where the portfolio goes, when this build writes one.
    var portfolioFolder: OutputFolder?

    // Plan
    var plan: BuildPlan!
    var keys: [String: InputFingerprint.ClientKey] = [:]
    var signatures: [String: (signature: String, latestChange: Double)] = [:]
    var sink: (any BuildSink)?

    // Keys
    /// The sealers of the password portals this build renders, coming.
    var keyRing: PasswordKeyRing?

    // Clients, SharedFiles, Portfolio
    var outcomes: [ClientOutcome] = []
    var manifest = BuildManifest()
    var portfolioIndex: [OutputFile]?

    /// Where a build's files go.
    enum Destination: Sendable {
        /// `porthole check`: nowhere; nothing is rendered either.
        case none
        /// The output folder (and the portfolio's, from the options).
        case disk(OutputFolder)
        case memory(MemorySink)
    }

    init(options: BuildOptions, destination: Destination) {
        self.options = options
        self.destination = destination
        loader = ContentLoader(root: options.contentRoot, displayRoot: options.contentDisplay)
        passwords = Passwords(environment: options.environment)
    }

    /// The published site's folder, for a build to disk.
    var output: OutputFolder? {
        if case .disk(let folder) = destination { folder } else { nil }
    }

    /// The manifest the last build left, when it still describes the output.
    func published() async -> BuildManifest? { await publishedManifest?.value }
}

/// One named step of a build (docs/architecture.md lists them in order).
protocol BuildStep: Sendable {
    /// How the step's timing is reported (`BuildReport.stages`).
    var name: String { get }
    /// Runs the step; `.finished` ends the build here (done, nothing to
    /// change, or failed: the report's diagnostics say which).
    func run(_ build: inout BuildState) async -> StepResult
}

enum StepResult: Sendable {
    case next
    /// Nothing to do in this build (no portfolio, say): not reported.
    case skipped
    case finished
}
