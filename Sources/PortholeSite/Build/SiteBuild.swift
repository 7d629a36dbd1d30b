import PortholeCore

/// `porthole build` and `porthole check`: named steps over one `BuildState`,
/// in the order docs/architecture.md describes. A new output is a new step
/// (or a new view), not a new branch here.
public struct SiteBuild: Sendable {
    public let options: BuildOptions
    private let destination: BuildState.Destination

    /// A build to the output folder (or, for `check`, to nowhere).
    public init(options: BuildOptions) {
        self.options = options
        var output = OutputFolder(path: options.output)
        output.flushes = options.flushes && !options.unsealedPreview
        destination = options.checkOnly ? .none : .disk(output)
    }

    /// A whole build held in `memory`: nothing is written to disk but the
    /// link secret, when it does not exist yet.
    public init(options: BuildOptions, into memory: MemorySink) {
        self.options = options
        destination = .memory(memory)
    }

    /// The steps of a build, in order; `check` stops after the clients.
    static let steps: [any BuildStep] = [
        LoadShared(), LoadTheme(), CheckAccess(), PlanBuild(), DeriveKeys(), BuildClients(), WriteSharedFiles(), RenderPortfolioIndex(),
        Publish(),
    ]

    public func run() async -> BuildReport {
        var build = BuildState(options: options, destination: destination)
        let clock = ContinuousClock()
        let started = clock.now
        for step in Self.steps {
            let result = await step.run(&build)
            if case .skipped = result { continue }
            build.report.stages.append((step.name, clock.now - started))
            if case .finished = result { break }
        }
        return build.report
    }
}
