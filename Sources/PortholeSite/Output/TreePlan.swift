import PortholeCore

/// Which trees a disk build writes over, decided once the build's plan says
/// there is something to write. Pure, like `BuildPlan`: the disk's facts
/// come in as values (`DiskSink.facts`), and `BuildPlanTests` test it.
struct TreePlan: Sendable {
    /// The facts about the trees beside the output folders.
    struct Facts: Sendable {
        /// The published site exists as a folder.
        var siteExists = false
        /// The spare tree (the site before last) can be written over, and
        /// its manifest, when it still describes it.
        var spareReusable = false
        var spareManifest: BuildManifest?
        /// The published portfolio exists; its spare can be written over,
        /// and that spare's identity ("" when absent).
        var portfolioExists = false
        var portfolioSpareReusable = false
        var portfolioSpareIdentity = ""
    }

    /// One tree: written over the spare or into a fresh folder, linking
    /// unchanged files from the published tree, going by a list of what the
    /// spare holds when one is believed.
    struct Tree: Sendable {
        var reusesSpare: Bool
        /// Unchanged files are hard-linked from the published tree.
        var linksPublished: Bool
        /// What the spare holds, believed as a whole (its manifest is trusted).
        var listed: SpareContents?
        /// What the spare's manifest claims when it is not believed as a whole
        /// (`--full` wrote it, or this is a `--full` build): a client folder
        /// is believed only when its stamp still matches.
        var claimed: SpareContents?

        /// Whether writing the tree reads files an earlier build wrote (the
        /// spare's, compared before they are written over; the published
        /// ones, linked when unchanged). A tree written into a new folder
        /// reads nothing back.
        var readsEarlierFiles: Bool { reusesSpare || linksPublished }
    }

    let site: Tree
    /// Nil when the build writes no portfolio.
    let portfolio: Tree?

    /// `goesByPrevious`: the build goes by the last build's manifest (not a
    /// first build, not `--full`); `carries`: a `--client` build carries
    /// other portals from the published site (their files are linked from
    /// it, `--full` or not, but the spare's list is believed only when the
    /// build goes by the last manifest); `portfolioTrusted`: that manifest
    /// describes the published portfolio.
    init(facts: Facts, goesByPrevious: Bool, carries: Bool = false, portfolioTrusted: Bool, writesPortfolio: Bool) {
        let spareFiles = facts.spareManifest.map { SpareContents($0) }
        let linksPublished = (goesByPrevious || carries) && facts.siteExists
        let listed =
            facts.spareReusable && goesByPrevious && linksPublished && facts.spareManifest?.unchecked == false ? spareFiles : nil
        site = Tree(
            reusesSpare: facts.spareReusable, linksPublished: linksPublished, listed: listed,
            claimed: facts.spareReusable && listed == nil ? spareFiles : nil)
        guard writesPortfolio else {
            portfolio = nil
            return
        }
        // The spare manifest also describes the portfolio's spare when its
        // `portfolio` is that folder (the build before last wrote both);
        // `--full` trusts neither.
        let portfolioSpare = facts.spareManifest.flatMap { manifest in
            facts.portfolioSpareReusable && goesByPrevious && !manifest.unchecked && !manifest.portfolio.isEmpty
                && manifest.portfolio == facts.portfolioSpareIdentity ? manifest : nil
        }
        portfolio = Tree(
            reusesSpare: facts.portfolioSpareReusable, linksPublished: portfolioTrusted && facts.portfolioExists,
            listed: portfolioSpare.map(SpareContents.init(portfolioOf:)), claimed: nil)
    }
}
