import PortholeCore

/// What a build does with each client, decided before anything is written:
/// from what the last build left (its manifest), the inputs' fingerprints and
/// the options. No I/O: every fact about the disk comes in as a value, so
/// each decision is unit-tested without a file system (`BuildPlanTests`).
///
/// A plan is made in two halves, because the second needs what the first
/// decides: `clientsToFingerprint` says which clients could be kept (their
/// keys are then read, the only expensive input), and `init` decides.
struct BuildPlan: Sendable {
    /// What happens to one client.
    enum Work: Sendable {
        /// Its inputs did not change: its files are kept from the last build
        /// and its diagnostics replayed.
        case keep(BuildManifest.ClientEntry)
        /// Outside a `--client` build's subset: kept as it was, unchecked.
        case carry(BuildManifest.ClientEntry)
        /// Loaded, checked and rendered; `previous` is the last build's
        /// entry (its files are hard-linked where the bytes are the same).
        case render(previous: BuildManifest.ClientEntry?)
    }

    /// The facts a plan needs that are not the last build's manifest.
    struct Request: Sendable {
        /// Every client folder, in order.
        var clients: [String]
        /// `--client`: only these; `--shard I/N`: a stable part.
        var subset: [String] = []
        var shard: (index: Int, count: Int)?
        /// `--full`: trust nothing of the last build.
        var full = false
        /// The fingerprint of what every page depends on.
        var global: String
        /// Whether this build writes the portfolio, and the identity (device,
        /// inode and owner token) of the published one ("" when absent).
        var writesPortfolio = false
        var portfolioIdentity = ""
    }

    /// The clients this run builds, in order.
    let selected: [String]
    /// A `--client` build that builds every client: site-wide inputs changed.
    let widened: Bool
    /// The last build's manifest, unless `--full`.
    let previous: BuildManifest?
    /// `previous`, when its site-wide inputs are this build's: its clients
    /// may be kept.
    let trusted: BuildManifest?
    /// Whether the published portfolio is the one the manifest describes
    /// (always true for a build without a portfolio).
    let portfolioTrusted: Bool
    /// Per client of `selected` and, in a subset build, the carried ones.
    let work: [String: Work]
    /// Nothing to write: `site/` and `portfolio/` stay exactly as they are.
    let nothingChanged: Bool
    /// A kept client's folder was touched without changing its bytes: the
    /// manifest is worth saving with the new signatures even when nothing
    /// changed, so the next build need not read the folder again.
    let signaturesMoved: Bool

    /// The clients whose keys decide something: the ones that could be kept.
    /// Any other client's key is taken in its own task while others render.
    static func clientsToFingerprint(_ request: Request, published: BuildManifest?) -> [String] {
        let (_, trusted) = manifests(request, published: published)
        let selected = selection(request, widened: widens(request, published: published))
        guard portfolioTrusted(request, trusted: trusted), let trusted else { return [] }
        return selected.filter { trusted.clients[$0] != nil }
    }

    /// `keys`: the fingerprints of `clientsToFingerprint`'s clients.
    init(_ request: Request, published: BuildManifest?, keys: [String: InputFingerprint.ClientKey]) {
        let (previous, trusted) = Self.manifests(request, published: published)
        let widened = Self.widens(request, published: published)
        let selected = Self.selection(request, widened: widened)
        let portfolioTrusted = Self.portfolioTrusted(request, trusted: trusted)
        (self.previous, self.trusted, self.widened, self.selected) = (previous, trusted, widened, selected)
        self.portfolioTrusted = portfolioTrusted
        var work: [String: Work] = [:]
        var moved = false
        for slug in selected {
            if portfolioTrusted, var entry = trusted?.clients[slug], let key = keys[slug], entry.key == key.key {
                // Same bytes, other metadata (a touched file): remembered.
                moved = moved || entry.signature != key.signature
                entry.signature = key.signature
                work[slug] = .keep(entry)
            } else {
                work[slug] = .render(previous: previous?.clients[slug])
            }
        }
        // Carried from the published site as they are, `--full` or not:
        // `--full` distrusts the pages it renders, not the portals it was
        // told to leave alone.
        if !request.subset.isEmpty, !widened, let published = Self.carriable(request, published: published) {
            for slug in request.clients where !selected.contains(slug) {
                if let entry = published.clients[slug] { work[slug] = .carry(entry) }
            }
        }
        self.work = work
        signaturesMoved = moved
        let keepsAll = selected.allSatisfy { if case .keep = work[$0] { true } else { false } }
        let sameClients = trusted.map { Set($0.clients.keys) == Set(selected) } ?? false
        let wholeSite = request.subset.isEmpty && request.shard == nil
        nothingChanged = sameClients && wholeSite && keepsAll && portfolioTrusted
    }

    /// The clients kept or carried, with their entries.
    var keptEntries: [String: BuildManifest.ClientEntry] {
        work.compactMapValues { work in
            switch work {
            case .keep(let entry), .carry(let entry): entry
            case .render: nil
            }
        }
    }

    /// How many clients are rendered from content.
    var renderCount: Int { work.values.count { if case .render = $0 { true } else { false } } }

    private static func manifests(_ request: Request, published: BuildManifest?) -> (BuildManifest?, BuildManifest?) {
        // `--full` reuses nothing of the previous build (the disk output
        // still keeps the replaced site as the spare).
        let previous = request.full ? nil : published
        return (previous, carriable(request, published: previous))
    }

    /// A subset build (`--client`) carries the other clients over unchanged,
    /// but only when nothing site-wide changed: after a theme or date change
    /// the other portals would point at assets that are gone.
    private static func widens(_ request: Request, published: BuildManifest?) -> Bool {
        !request.subset.isEmpty && published != nil && carriable(request, published: published) == nil
    }

    /// A build's manifest, when its site-wide inputs are this build's: its
    /// portals can be kept (the previous build) or carried (the published
    /// one, `--full` or not).
    private static func carriable(_ request: Request, published: BuildManifest?) -> BuildManifest? {
        published.flatMap { $0.global == request.global ? $0 : nil }
    }

    /// Whether some portal is carried from the published site.
    var carries: Bool { work.values.contains { if case .carry = $0 { true } else { false } } }

    /// The clients a run builds: all, the `--client` ones, or a `--shard`.
    static func selection(_ request: Request, widened: Bool) -> [String] {
        var selected = request.clients
        if !request.subset.isEmpty && !widened { selected = selected.filter { request.subset.contains($0) } }
        if let shard = request.shard {
            selected = selected.filter { InputFingerprint.shard(of: $0, count: shard.count) == shard.index - 1 }
        }
        return selected
    }

    /// The portfolio pages the manifest records are usable only if the
    /// portfolio folder is still the one they were written to; if not (first
    /// build, `--no-portfolio` or a subset build last time, the folder moved
    /// or was deleted), every client is rendered once more.
    private static func portfolioTrusted(_ request: Request, trusted: BuildManifest?) -> Bool {
        guard request.writesPortfolio else { return true }
        guard let trusted else { return false }
        return !trusted.portfolio.isEmpty && trusted.portfolio == request.portfolioIdentity
    }
}
