import Foundation
import PortholeCore

/// Where a build's files go. The renderers hand every file to a sink and
/// know nothing of how it is kept: `DiskSink` owns the output folders, the
/// manifests, the spare trees, the stamps and the swap; `MemorySink` holds a
/// whole build in memory (the preview server and fuzz targets); `porthole
/// check` writes nothing and renders nothing, so it has no sink at all.
protocol BuildSink: Sendable {
    /// Keeps a client whose inputs did not change as the last build wrote it;
    /// nil when that is not possible (its published files were edited), and
    /// the client is rendered instead.
    func keep(_ slug: String, _ entry: BuildManifest.ClientEntry) -> WrittenClient?
    /// Puts one client's files. `afterFailedKeep`: a keep of this client
    /// failed first, so what the sink knew of its old files is doubtful.
    func put(_ client: ClientFiles, previous: BuildManifest.ClientEntry?, afterFailedKeep: Bool) throws(Diagnostic) -> WrittenClient
    /// Puts the files outside every client folder, once every client is
    /// done; records them in `manifest` (whose clients are all there).
    func putShared(_ files: [OutputFile], into manifest: inout BuildManifest) throws(Diagnostic) -> WriteCounts
    /// Puts the portfolio's index and assets (nil: no portfolio), and makes
    /// the build visible: on disk, the atomic swap and the manifests. A
    /// failure is reported in the result, with what was replaced before it.
    func publish(_ manifest: BuildManifest, portfolio: [OutputFile]?) async -> Publication
    /// Forgets everything put so far: the build failed.
    func discard()
    /// Whether keeping or putting a client may read files an earlier build
    /// wrote (a spare tree written over, a published tree linked from): a
    /// client then waits on the disk now and then, which a build with more
    /// threads than cores fills (`ClientThreads`).
    var readsEarlierFiles: Bool { get }
}

/// One client's files as rendered: its portal's, relative to its folder
/// below the site root, and its portfolio pages, relative to
/// `portfolio/<slug>/`.
struct ClientFiles: Sendable {
    let slug: String
    let folder: String
    var site: [OutputFile]
    var portfolio: [OutputFile]
}

/// What a sink did with one client's files.
struct WrittenClient: Sendable {
    /// Every file, relative to the client's folder → hash of its bytes.
    var files: FileHashes = [:]
    var portfolioFiles: FileHashes = [:]
    /// The folder's `TreeStamp` ("" when none was taken).
    var stamp = ""
    var counts = WriteCounts()
    /// The newest change time in the folder when its stamp was taken.
    var newestStamped: timespec?
}

/// Files written anew, and files kept from the previous build.
struct WriteCounts: Sendable {
    var written = 0
    var kept = 0
}

/// What `publish` replaced.
struct Publication: Sendable {
    var wroteSite = false
    var wrotePortfolio = false
    /// Why the build could not be published (everything not yet replaced
    /// was left as it was).
    var failure: Diagnostic?
}

/// One file of the output, path relative to the tree it goes in.
struct OutputFile: Sendable {
    enum Content: Sendable {
        case text(String)
        case bytes([UInt8])
    }

    let path: String
    let content: Content

    var bytes: [UInt8] {
        switch content {
        case .text(let text): Array(text.utf8)
        case .bytes(let data): data
        }
    }
}

/// A whole build held in memory, by path below the site root and below the
/// portfolio root. Nothing is kept from an earlier build: every client is
/// rendered, and the files are exactly what a first build writes to disk.
public final class MemorySink: BuildSink, @unchecked Sendable {
    private let lock = NSLock()
    private var siteFiles: [String: [UInt8]] = [:]
    private var portfolioFiles: [String: [UInt8]] = [:]

    public init() {}

    /// The site's files, path below the site root → bytes.
    public var site: [String: [UInt8]] { lock.withLock { siteFiles } }
    /// The portfolio's files, path below its root → bytes.
    public var portfolio: [String: [UInt8]] { lock.withLock { portfolioFiles } }

    var readsEarlierFiles: Bool { false }

    func keep(_ slug: String, _ entry: BuildManifest.ClientEntry) -> WrittenClient? { nil }

    func put(_ client: ClientFiles, previous: BuildManifest.ClientEntry?, afterFailedKeep: Bool) throws(Diagnostic) -> WrittenClient {
        lock.withLock {
            for file in client.site { siteFiles[client.folder + "/" + file.path] = file.bytes }
            for file in client.portfolio { portfolioFiles[client.slug + "/" + file.path] = file.bytes }
        }
        var written = WrittenClient()
        written.counts.written = client.site.count
        return written
    }

    func putShared(_ files: [OutputFile], into manifest: inout BuildManifest) throws(Diagnostic) -> WriteCounts {
        lock.withLock { for file in files { siteFiles[file.path] = file.bytes } }
        return WriteCounts(written: files.count, kept: 0)
    }

    func publish(_ manifest: BuildManifest, portfolio: [OutputFile]?) async -> Publication {
        guard let portfolio else { return Publication(wroteSite: true) }
        lock.withLock { for file in portfolio { portfolioFiles[file.path] = file.bytes } }
        return Publication(wroteSite: true, wrotePortfolio: true)
    }

    func discard() {
        lock.withLock {
            siteFiles = [:]
            portfolioFiles = [:]
        }
    }
}
