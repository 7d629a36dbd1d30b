import Testing

@testable import PortholeCore
@testable import PortholeSite

/// Every decision of `BuildPlan` and `TreePlan`, from values alone: no file
/// system. The disk's facts (which manifest still describes which folder,
/// whether a spare exists) come in as values, as `DiskSink.facts` gathers
/// them in a real build.
struct BuildPlanTests {
    static let clients = ["acme", "beta", "gamma"]

    static func entry(_ slug: String, key: String = "key") -> BuildManifest.ClientEntry {
        BuildManifest.ClientEntry(
            key: key + "-" + slug, signature: "sig-" + slug, name: slug.capitalized, access: .public, folder: slug,
            projects: 1, pages: 10, diagnostics: [], files: ["index.html": "h-" + slug])
    }

    /// The manifest a build of every client left, with the given global
    /// fingerprint and portfolio identity.
    static func manifest(global: String = "g1", portfolio: String = "1:2@owner") -> BuildManifest {
        var manifest = BuildManifest()
        manifest.global = global
        manifest.site = "1:1"
        manifest.portfolio = portfolio
        manifest.started = "1000"
        for slug in clients { manifest.clients[slug] = entry(slug) }
        return manifest
    }

    static func request(global: String = "g1") -> BuildPlan.Request {
        BuildPlan.Request(clients: clients, global: global, writesPortfolio: true, portfolioIdentity: "1:2@owner")
    }

    /// Each client's key as the manifest has it (its inputs did not change).
    static func unchangedKeys(except changed: Set<String> = []) -> [String: InputFingerprint.ClientKey] {
        Dictionary(
            uniqueKeysWithValues: clients.map { slug in
                (slug, InputFingerprint.ClientKey(key: (changed.contains(slug) ? "new" : "key") + "-" + slug, signature: "sig-" + slug))
            })
    }

    static func plan(_ request: BuildPlan.Request, _ published: BuildManifest?, keys: [String: InputFingerprint.ClientKey]? = nil)
        -> BuildPlan
    {
        BuildPlan(request, published: published, keys: keys ?? unchangedKeys())
    }

    /// The trees a disk build following `plan` writes over.
    func trees(_ plan: BuildPlan, _ facts: TreePlan.Facts, writesPortfolio: Bool) -> TreePlan {
        TreePlan(
            facts: facts, goesByPrevious: plan.previous != nil, portfolioTrusted: plan.portfolioTrusted, writesPortfolio: writesPortfolio)
    }

    func kind(_ work: BuildPlan.Work?) -> String {
        switch work {
        case .keep: "keep"
        case .carry: "carry"
        case .render(let previous): previous == nil ? "render new" : "render"
        case nil: "none"
        }
    }

    func kinds(_ plan: BuildPlan) -> [String: String] { plan.work.mapValues { kind($0) } }

    @Test func test_firstBuildRendersEveryClientIntoAFreshTree() {
        #expect(BuildPlan.clientsToFingerprint(Self.request(), published: nil).isEmpty, "no key is read to decide anything")
        let plan = Self.plan(Self.request(), nil, keys: [:])
        #expect(kinds(plan) == ["acme": "render new", "beta": "render new", "gamma": "render new"])
        #expect(!plan.nothingChanged)
        let trees = trees(plan, TreePlan.Facts(), writesPortfolio: true)
        #expect(!trees.site.reusesSpare && !trees.site.linksPublished && trees.site.listed == nil && trees.site.claimed == nil)
        #expect(trees.portfolio?.linksPublished == false)
        #expect(!trees.site.readsEarlierFiles && trees.portfolio?.readsEarlierFiles == false, "a thread per core: nothing is read back")
    }

    @Test func test_noChangeKeepsEveryClientAndWritesNothing() {
        let published = Self.manifest()
        #expect(BuildPlan.clientsToFingerprint(Self.request(), published: published) == Self.clients)
        let plan = Self.plan(Self.request(), published)
        #expect(kinds(plan) == ["acme": "keep", "beta": "keep", "gamma": "keep"])
        #expect(plan.nothingChanged)
        #expect(!plan.signaturesMoved)
    }

    @Test func test_touchedFolderWithTheSameBytesIsKeptAndRemembered() {
        var keys = Self.unchangedKeys()
        keys["beta"]?.signature = "touched"
        let plan = Self.plan(Self.request(), Self.manifest(), keys: keys)
        #expect(plan.nothingChanged)
        #expect(plan.signaturesMoved)
        #expect(plan.keptEntries["beta"]?.signature == "touched")
    }

    @Test func test_oneClientChangedIsRenderedTheOthersKept() {
        let published = Self.manifest()
        let plan = Self.plan(Self.request(), published, keys: Self.unchangedKeys(except: ["beta"]))
        #expect(kinds(plan) == ["acme": "keep", "beta": "render", "gamma": "keep"])
        #expect(!plan.nothingChanged)
        #expect(plan.renderCount == 1)
        // The spare's manifest is trusted: the new site is its list brought up to date.
        let facts = TreePlan.Facts(siteExists: true, spareReusable: true, spareManifest: published)
        let trees = trees(plan, facts, writesPortfolio: false)
        #expect(trees.site.reusesSpare && trees.site.linksPublished)
        #expect(trees.site.readsEarlierFiles)
        #expect(trees.site.listed != nil && trees.site.claimed == nil)
        #expect(trees.portfolio == nil)
    }

    @Test func test_siteWideChangeRendersEveryClient() {
        let request = Self.request(global: "g2")
        #expect(BuildPlan.clientsToFingerprint(request, published: Self.manifest()).isEmpty)
        let plan = Self.plan(request, Self.manifest())
        #expect(kinds(plan) == ["acme": "render", "beta": "render", "gamma": "render"])
        #expect(plan.trusted == nil && plan.previous != nil, "files may still be linked from the published site")
    }

    @Test func test_fullTrustsNothingButKeepsTheSpareByItsStamps() {
        var request = Self.request()
        request.full = true
        let published = Self.manifest()
        #expect(BuildPlan.clientsToFingerprint(request, published: published).isEmpty)
        let plan = Self.plan(request, published)
        #expect(kinds(plan) == ["acme": "render new", "beta": "render new", "gamma": "render new"])
        let facts = TreePlan.Facts(siteExists: true, spareReusable: true, spareManifest: published)
        let trees = trees(plan, facts, writesPortfolio: true)
        #expect(trees.site.reusesSpare && !trees.site.linksPublished)
        #expect(trees.site.readsEarlierFiles, "the spare's files are compared before they are written over")
        #expect(trees.site.listed == nil && trees.site.claimed != nil, "folders are believed only on their stamps")
        #expect(trees.portfolio?.listed == nil, "nor is the portfolio's spare list")
    }

    @Test func test_spareLeftByFullIsBelievedOnlyOnStamps() {
        var spare = Self.manifest()
        spare.unchecked = true
        let plan = Self.plan(Self.request(), Self.manifest(), keys: Self.unchangedKeys(except: ["acme"]))
        let facts = TreePlan.Facts(siteExists: true, spareReusable: true, spareManifest: spare)
        let trees = trees(plan, facts, writesPortfolio: false)
        #expect(trees.site.listed == nil && trees.site.claimed != nil)
    }

    @Test func test_clientSubsetCarriesTheOthers() {
        var request = Self.request()
        request.subset = ["beta"]
        request.writesPortfolio = false
        let plan = Self.plan(request, Self.manifest(), keys: Self.unchangedKeys(except: ["beta"]))
        #expect(plan.selected == ["beta"])
        #expect(kinds(plan) == ["acme": "carry", "beta": "render", "gamma": "carry"])
        #expect(!plan.widened && !plan.nothingChanged, "a subset build always writes")
    }

    @Test func test_clientSubsetAfterSiteWideChangeIsWidened() {
        var request = Self.request(global: "g2")
        request.subset = ["beta"]
        let plan = Self.plan(request, Self.manifest())
        #expect(plan.widened)
        #expect(plan.selected == Self.clients)
        #expect(kinds(plan) == ["acme": "render", "beta": "render", "gamma": "render"])
    }

    /// `--client beta --full`: beta is rendered trusting nothing of the last
    /// build, and the other portals are still carried from the published
    /// site (their files linked from it), not dropped.
    @Test func test_fullClientSubsetStillCarriesTheOthers() {
        var request = Self.request()
        request.subset = ["beta"]
        request.writesPortfolio = false
        request.full = true
        let published = Self.manifest()
        let plan = Self.plan(request, published)
        #expect(plan.selected == ["beta"] && !plan.widened)
        #expect(kinds(plan) == ["acme": "carry", "beta": "render new", "gamma": "carry"])
        #expect(plan.previous == nil && plan.carries)
        let facts = TreePlan.Facts(siteExists: true, spareReusable: true, spareManifest: published)
        let trees = TreePlan(
            facts: facts, goesByPrevious: plan.previous != nil, carries: plan.carries, portfolioTrusted: plan.portfolioTrusted,
            writesPortfolio: false)
        #expect(trees.site.linksPublished, "the carried portals' files are linked from the published site")
        #expect(trees.site.listed == nil && trees.site.claimed != nil, "the spare is still believed only on its stamps")
    }

    @Test func test_fullClientSubsetAfterSiteWideChangeIsWidened() {
        var request = Self.request(global: "g2")
        request.subset = ["beta"]
        request.full = true
        let plan = Self.plan(request, Self.manifest())
        #expect(plan.widened && !plan.carries)
        #expect(kinds(plan) == ["acme": "render new", "beta": "render new", "gamma": "render new"])
    }

    @Test func test_firstSubsetBuildBuildsOnlyTheSubset() {
        var request = Self.request()
        request.subset = ["gamma"]
        let plan = Self.plan(request, nil, keys: [:])
        #expect(!plan.widened)
        #expect(kinds(plan) == ["gamma": "render new"])
    }

    @Test func test_shardsSplitTheClientsStably() {
        var seen: [String] = []
        for index in 1...3 {
            var request = Self.request()
            request.shard = (index, 3)
            let plan = Self.plan(request, Self.manifest())
            #expect(!plan.nothingChanged, "a shard always writes its part")
            #expect(Set(plan.work.keys) == Set(plan.selected), "nothing is carried by a shard")
            seen += plan.selected
        }
        #expect(seen.sorted() == Self.clients, "every client in exactly one shard")
    }

    @Test func test_movedOrForeignPortfolioRendersEveryClient() {
        var request = Self.request()
        request.portfolioIdentity = "9:9@someone-else"
        #expect(BuildPlan.clientsToFingerprint(request, published: Self.manifest()).isEmpty)
        let plan = Self.plan(request, Self.manifest())
        #expect(!plan.portfolioTrusted)
        #expect(kinds(plan) == ["acme": "render", "beta": "render", "gamma": "render"])
        #expect(
            trees(plan, TreePlan.Facts(siteExists: true, portfolioExists: true), writesPortfolio: true)
                .portfolio?.linksPublished == false)
    }

    @Test func test_noPortfolioNeedsNoPortfolioIdentity() {
        var request = Self.request()
        request.writesPortfolio = false
        request.portfolioIdentity = ""
        #expect(Self.plan(request, Self.manifest()).nothingChanged)
    }

    @Test func test_killedPreviousBuildLeavesNothingTrusted() {
        // A build killed between the swap and the manifest write leaves a
        // manifest that no longer describes site/: `BuildManifest.load`
        // returns nil, and the spare (changed in place) has no manifest.
        let plan = Self.plan(Self.request(), nil, keys: [:])
        let facts = TreePlan.Facts(siteExists: true, spareReusable: true, spareManifest: nil)
        let trees = trees(plan, facts, writesPortfolio: false)
        #expect(kinds(plan).values.allSatisfy { $0 == "render new" })
        #expect(trees.site.reusesSpare, "the spare is still written over, its files compared")
        #expect(trees.site.listed == nil && trees.site.claimed == nil && !trees.site.linksPublished)
    }

    @Test func test_missingSpareMeansAFreshFolder() {
        let plan = Self.plan(Self.request(), Self.manifest(), keys: Self.unchangedKeys(except: ["gamma"]))
        let facts = TreePlan.Facts(siteExists: true, spareReusable: false, spareManifest: nil)
        let trees = trees(plan, facts, writesPortfolio: false)
        #expect(!trees.site.reusesSpare && trees.site.linksPublished && trees.site.listed == nil)
        #expect(trees.site.readsEarlierFiles, "unchanged files are linked from the published site")
    }

    @Test func test_portfolioSpareListIsBelievedOnlyWhenItIsThatTree() {
        let plan = Self.plan(Self.request(), Self.manifest(), keys: Self.unchangedKeys(except: ["gamma"]))
        var spare = Self.manifest()
        spare.portfolio = "1:3@earlier"
        var facts = TreePlan.Facts(
            siteExists: true, spareReusable: true, spareManifest: spare, portfolioExists: true, portfolioSpareReusable: true,
            portfolioSpareIdentity: "1:3@earlier")
        #expect(trees(plan, facts, writesPortfolio: true).portfolio?.listed != nil)
        facts.portfolioSpareIdentity = "1:3@another-site"
        let foreign = trees(plan, facts, writesPortfolio: true).portfolio
        #expect(foreign?.listed == nil && foreign?.reusesSpare == true, "another site's tree is compared, not believed")
    }
}
