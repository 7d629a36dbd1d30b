import PortholeCore

/// Step 9: the build made visible at once: on disk, the portfolio and then
/// the site swapped in whole (any failure leaves what was not yet replaced
/// as it was), then the manifests.
struct Publish: BuildStep {
    let name = "publish"

    func run(_ build: inout BuildState) async -> StepResult {
        guard let sink = build.sink else { return .finished }
        let publication = await sink.publish(build.manifest, portfolio: build.portfolioIndex)
        build.report.wroteSite = publication.wroteSite
        build.report.wrotePortfolio = publication.wrotePortfolio
        if let failure = publication.failure { build.report.diagnostics.add(failure) }
        return .finished
    }
}
