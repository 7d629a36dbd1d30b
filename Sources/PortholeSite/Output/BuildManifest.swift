import Crypto
import Foundation
import PortholeCore

/// What the last build read and wrote, kept beside the output folder (never
/// inside it, so never published): the inputs' fingerprints, and per client
/// its folder, its diagnostics and the hash of every file it wrote. A rebuild
/// skips the clients whose fingerprint did not change and leaves every file
/// whose bytes did not change untouched (the same inode, so the same mtime).
///
/// A plain line format, not JSON: at 40,000 files it is read and written in
/// a few milliseconds.
struct BuildManifest: Sendable {
    struct ClientEntry: Sendable {
        var key: String
        /// What the client folder's file metadata looked like when `key` was
        /// computed (`InputFingerprint.Metadata`).
        var signature: String
        /// What its output folder looked like when this build left it
        /// (`TreeStamp`); "" when unknown (a kept client's files are links).
        var stamp = ""
        var name: String { didSet { body = nil } }
        var access: AccessMode
        var folder: String
        var projects: Int
        var pages: Int
        var diagnostics: [Diagnostic] { didSet { body = nil } }
        /// Relative to the client's folder → hash of the bytes.
        var files: FileHashes { didSet { body = nil } }
        /// The client's rows of the agency portfolio, one per project, as
        /// the manifest's records (`PortfolioRow.record`): decoded only when
        /// a build makes the portfolio's index, not by a no-op build.
        var portfolioRecords: [String] = [] { didSet { body = nil } }
        /// Those rows as the theme rendered them (`partials/portfolio-row`),
        /// escaped as the manifest holds them. They stay right while the
        /// entry is trusted: the theme, the date and portal.yaml are in
        /// `global`, the client's name and folder in the entry. Rendering
        /// the rows of every kept client again was half of keeping them.
        /// Bytes as read, not strings: a no-op build needs none of them.
        var portfolioRowMarkup: [ArraySlice<UInt8>] = [] { didSet { body = nil } }
        /// Its portfolio pages, relative to `portfolio/<slug>/` → hash.
        var portfolioFiles: FileHashes = [:] { didSet { body = nil } }
        /// The lines after the entry's `client` line (name, diagnostics,
        /// files, portfolio rows and pages) as the manifest held them, while
        /// none of those changed: a kept client's are written back as they
        /// are. After a one-page change that is 199 clients of 200, and
        /// making their 40,000 lines again was most of writing the manifest.
        var body: ArraySlice<UInt8>? = nil
    }

    /// 6: the `unflushed` line; a preview's manifest of 5 had none although
    /// its files were never flushed, so it is not read.
    static let formatLine = "porthole-manifest 6"
    static let spareFormatLine = "porthole-spare 4"

    var global = ""
    /// The templates this build (this binary) checked with swift-mustache
    /// and found without error (`InputFingerprint.checkedTemplates`): the
    /// next build with the same templates need not check them again.
    var checkedTemplates = ""
    /// Device and inode of the published folder this manifest describes: a
    /// build killed between the swap and the manifest write leaves a
    /// mismatch, and the next build then trusts nothing.
    var site = ""
    /// When the build that wrote it started (seconds since 1970, UTC): file
    /// times after this are too close to trust (`InputFingerprint`).
    var started = ""
    var clients: [String: ClientEntry] = [:]
    /// Files outside client folders (landing page, assets, …) → hash.
    var shared: [String: String] = [:]
    /// Device and inode of the portfolio folder whose pages the client
    /// entries describe, and its owner token (`OutputFolder.ownerFile`);
    /// "" when the last build did not write the portfolio
    /// (`--no-portfolio`, `--client`, `--shard`), so none of it is trusted.
    var portfolio = ""
    /// Portfolio files outside client folders (index, assets, …) → hash.
    var portfolioShared: [String: String] = [:]
    /// A spare's manifest written by `--full`, which replaced a published
    /// tree it never looked at (it exists for trees that may have been
    /// edited): its lists are not believed by an incremental build, only
    /// its stamps by the next `--full`, which check themselves.
    var unchecked = false
    /// The machine's start (`MachineBoot`) in which the build wrote its
    /// files without flushing them (`--no-flush`, a preview); "" when the
    /// swap flushed them.
    var unflushed = ""
    /// Taken over by `adopt` in this run, not yet written for its folder:
    /// saved even by a build that changes nothing, so the next one need not
    /// read the tree again. Never written to the file.
    var adopted = false

    /// Where the manifest of an output folder lives.
    static func path(for output: OutputFolder) -> String {
        OutputFolder.parent(of: output.path) + "/." + OutputFolder.name(of: output.path) + ".porthole-manifest"
    }

    static func hash(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).hex(bytes: 16) }

    /// The manifest's text, built as bytes: 45,000 lines at 200 clients.
    /// Against `base` (the spare's manifest, written beside the published
    /// one), a client or the shared files that `base` holds alike are one
    /// `same` line: after a one-page change that is a few lines, not a
    /// second copy of the whole manifest to write and read.
    func render(against base: BuildManifest? = nil) -> [UInt8] {
        renderSite(against: base) + renderPortfolio()
    }

    /// The portfolio's lines, last in the file: a build writes the rest
    /// while it makes the portfolio, and these once it is made.
    func renderPortfolio() -> [UInt8] {
        var out: [UInt8] = []
        if !portfolio.isEmpty { out += "portfolio \(portfolio)\n".utf8 }
        for path in portfolioShared.keys.sorted() { out += "pshared \(portfolioShared[path]!) \(path)\n".utf8 }
        return out
    }

    /// Everything but the portfolio's lines.
    func renderSite(against base: BuildManifest? = nil) -> [UInt8] {
        var out: [UInt8] = []
        // Kept clients' lines are copied as they are; the rest is about 64
        // bytes a line (3 KiB a portfolio row).
        out.reserveCapacity(
            64 * shared.count
                + clients.values.reduce(0) { size, entry in
                    size
                        + (entry.body?.count ?? 64 * (entry.files.count + entry.diagnostics.count + 2) + 3_072
                            * entry.portfolioRecords.count)
                })
        func line(_ parts: String...) {
            for (index, part) in parts.enumerated() {
                if index > 0 { out.append(UInt8(ascii: " ")) }
                out.append(contentsOf: part.utf8)
            }
            out.append(UInt8(ascii: "\n"))
        }
        line(base == nil ? Self.formatLine : Self.spareFormatLine)
        line("global", global)
        if !checkedTemplates.isEmpty { line("templates", checkedTemplates) }
        line("site", site)
        line("started", started)
        if let base { line("base", base.site) }
        if unchecked { line("unchecked") }
        if !unflushed.isEmpty { line("unflushed", unflushed) }
        if let base, base.shared == shared {
            line("same-shared")
        } else {
            for path in shared.keys.sorted() { line("shared", shared[path]!, path) }
        }
        for slug in clients.keys.sorted() {
            let entry = clients[slug]!
            if let other = base?.clients[slug], other.folder == entry.folder, other.files == entry.files,
                other.portfolioFiles == entry.portfolioFiles
            {
                // The two trees are different inodes: the same files, their own stamps.
                if other.stamp == entry.stamp { line("same", slug) } else { line("same", slug, entry.stamp.isEmpty ? "-" : entry.stamp) }
                continue
            }
            line(
                "client", slug, entry.key, entry.signature, entry.folder, String(entry.projects), String(entry.pages),
                entry.access.rawValue,
                entry.stamp.isEmpty ? "-" : entry.stamp)
            if let body = entry.body {
                out += body
                continue
            }
            line("name", Self.escape(entry.name))
            for diagnostic in entry.diagnostics {
                let fields = [
                    diagnostic.severity.rawValue, diagnostic.code, diagnostic.location?.file ?? "",
                    String(diagnostic.location?.line ?? 0), String(diagnostic.location?.column ?? 0), diagnostic.message,
                ]
                line("diag", fields.map(Self.escape).joined(separator: "\t"))
            }
            entry.files.appendLines(kind: "file", to: &out)
            for (index, record) in entry.portfolioRecords.enumerated() {
                line("prow", record)
                if index < entry.portfolioRowMarkup.count {
                    out += "phtml ".utf8
                    out += entry.portfolioRowMarkup[index]
                    out.append(UInt8(ascii: "\n"))
                }
            }
            entry.portfolioFiles.appendLines(kind: "pfile", to: &out)
        }
        return out
    }

    /// Nil when the bytes are not a manifest of this format. Parsed on UTF-8
    /// bytes: a no-op build of 200 clients reads 45,000
    /// lines here before anything else can happen, and splitting
    /// `Character`s cost a third of it.
    init?(bytes source: [UInt8], against base: BuildManifest? = nil) {
        // Every line ends in a newline, the last one too: anything else was
        // cut short.
        guard source.last == UInt8(ascii: "\n") else { return nil }
        let parsed = source.withUnsafeBufferPointer { bytes in
            var parser = Parser(source: source, bytes: bytes, base: base)
            return parser.parse()
        }
        guard let parsed else { return nil }
        self = parsed
    }

    init() {}

    /// Backslash, tab and newline escaped, so a diagnostic stays one line.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") }) else {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unescape(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        var out: [UInt8] = []
        var escaping = false
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if escaping {
                out.append(byte == UInt8(ascii: "t") ? UInt8(ascii: "\t") : byte == UInt8(ascii: "n") ? UInt8(ascii: "\n") : byte)
                escaping = false
            } else if byte == UInt8(ascii: "\\") {
                escaping = true
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension BuildManifest {
    /// Reads a manifest's lines in order: the build's own lines (`global`,
    /// `site`, `shared`, …) and, per client, its `client` line (or a `same`
    /// line against the base) followed by its body: `name`, `diag`, `file`,
    /// `prow`, `phtml` and `pfile` lines.
    private struct Parser {
        /// Whole lines of one kind, one after the other: where they start,
        /// where they end (after the last newline) and how many there are.
        typealias Run = (start: Int, end: Int, count: Int)

        let source: [UInt8]
        let bytes: UnsafeBufferPointer<UInt8>
        let base: BuildManifest?
        var manifest = BuildManifest()
        /// The client whose body is being read.
        var current: String?
        /// Where the current client's lines after its `client` line begin.
        var bodyStart: Int?
        /// Where its `file` and `pfile` lines run (each kind one run of
        /// whole lines, as they are written), and how many there are:
        /// they are handed over as they are, parsed only when needed.
        var fileRun: Run?
        var pageRun: Run?

        /// Nil when a line is not one this format writes, or not where it
        /// can be.
        mutating func parse() -> BuildManifest? {
            let lines = Self.lineRanges(of: bytes)
            guard let first = lines.first,
                Self.string(UnsafeBufferPointer(rebasing: bytes[first]))
                    == (base == nil ? BuildManifest.formatLine : BuildManifest.spareFormatLine)
            else { return nil }
            for range in lines.dropFirst() {
                guard read(range) else { return nil }
            }
            endBody(at: bytes.count)
            return manifest
        }

        /// The non-empty lines, without their newlines.
        static func lineRanges(of bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
            var lines: [Range<Int>] = []
            var start = 0
            for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
                if index > start { lines.append(start..<index) }
                start = index + 1
            }
            if start < bytes.count { lines.append(start..<bytes.count) }
            return lines
        }

        /// False when the line makes the manifest untrusted.
        mutating func read(_ range: Range<Int>) -> Bool {
            let line = UnsafeBufferPointer(rebasing: bytes[range])
            if Self.string(line) == "unchecked" {
                endBody(at: range.lowerBound)
                current = nil
                manifest.unchecked = true
                return true
            }
            if let base, Self.string(line) == "same-shared" {
                endBody(at: range.lowerBound)
                current = nil
                manifest.shared = base.shared
                return true
            }
            guard let (kind, rest) = Self.cut(line, at: UInt8(ascii: " ")) else { return false }
            let kindText = Self.string(kind)
            switch kindText {
            case "name", "diag", "file", "prow", "phtml", "pfile":
                return readBodyLine(kindText, rest, range)
            default:
                endBody(at: range.lowerBound)
                return readBuildLine(kindText, rest, range)
            }
        }

        /// A line of the current client's body.
        mutating func readBodyLine(_ kind: String, _ rest: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            switch kind {
            case "file":
                guard current != nil, rest.contains(UInt8(ascii: " ")), let run = extended(fileRun, by: range) else { return false }
                fileRun = run
            case "pfile":
                guard current != nil, rest.contains(UInt8(ascii: " ")), let run = extended(pageRun, by: range) else { return false }
                pageRun = run
            case "prow":
                guard let slug = current else { return false }
                manifest.clients[slug]!.portfolioRecords.append(Self.string(rest))
            case "phtml":
                guard let slug = current else { return false }
                manifest.clients[slug]!.portfolioRowMarkup.append(source[(range.upperBound - rest.count)..<range.upperBound])
            case "name":
                // Names and diagnostics are shown again: a damaged one
                // (not UTF-8) makes the manifest untrusted, rather than
                // shown with replacement characters.
                guard let slug = current, let name = String(validating: rest, as: UTF8.self) else { return false }
                manifest.clients[slug]!.name = BuildManifest.unescape(name)
            case "diag":
                return readDiagnostic(rest)
            default:
                return false
            }
            return true
        }

        /// A line outside a client's body (the body ended before it).
        mutating func readBuildLine(_ kind: String, _ rest: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            switch kind {
            case "same":
                return readSame(rest)
            case "base":
                guard let base, Self.string(rest) == base.site else { return false }
            case "portfolio":
                manifest.portfolio = Self.string(rest)
            case "pshared":
                guard let (hash, path) = Self.cut(rest, at: UInt8(ascii: " ")) else { return false }
                manifest.portfolioShared[Self.string(path)] = Self.string(hash)
            case "global":
                manifest.global = Self.string(rest)
            case "templates":
                manifest.checkedTemplates = Self.string(rest)
            case "site":
                manifest.site = Self.string(rest)
            case "started":
                manifest.started = Self.string(rest)
            case "unflushed":
                manifest.unflushed = Self.string(rest)
            case "shared":
                guard let (hash, path) = Self.cut(rest, at: UInt8(ascii: " ")) else { return false }
                manifest.shared[Self.string(path)] = Self.string(hash)
            case "client":
                return readClient(rest, range)
            default:
                return false
            }
            return true
        }

        /// `same <slug> [<stamp>]`: the client as the base manifest has it.
        mutating func readSame(_ rest: UnsafeBufferPointer<UInt8>) -> Bool {
            let fields = Self.string(rest).split(separator: " ")
            guard fields.count <= 2, let slug = fields.first.map(String.init), var entry = base?.clients[slug] else { return false }
            if fields.count == 2 { entry.stamp = fields[1] == "-" ? "" : String(fields[1]) }
            manifest.clients[slug] = entry
            current = nil
            return true
        }

        /// `client <slug> <key> <signature> <folder> <projects> <pages>
        /// <access> <stamp>`: a client, whose body follows.
        mutating func readClient(_ rest: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            let fields = Self.string(rest).split(separator: " ")
            guard fields.count == 8, let projects = Int(fields[4]), let pages = Int(fields[5]),
                let access = AccessMode(rawValue: String(fields[6]))
            else { return false }
            let slug = String(fields[0])
            manifest.clients[slug] = ClientEntry(
                key: String(fields[1]), signature: String(fields[2]), stamp: fields[7] == "-" ? "" : String(fields[7]),
                name: "", access: access, folder: String(fields[3]), projects: projects, pages: pages,
                diagnostics: [], files: [:])
            current = slug
            bodyStart = min(range.upperBound + 1, bytes.count)
            return true
        }

        /// `diag` and six escaped fields between tabs: severity, code, file,
        /// line, column and message.
        mutating func readDiagnostic(_ rest: UnsafeBufferPointer<UInt8>) -> Bool {
            guard String(validating: rest, as: UTF8.self) != nil else { return false }
            let fields = rest.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map {
                BuildManifest.unescape(Self.string(UnsafeBufferPointer(rebasing: $0)))
            }
            guard let slug = current, fields.count == 6, let severity = Severity(rawValue: fields[0]),
                let line = Int(fields[3]), let column = Int(fields[4])
            else { return false }
            let location = fields[2].isEmpty ? nil : SourceLocation(file: fields[2], line: line, column: column)
            var diagnostic = Diagnostic(severity, fields[1], fields[5], at: location)
            diagnostic.client = slug
            manifest.clients[slug]!.diagnostics.append(diagnostic)
            return true
        }

        /// `run` with this line added; nil when the line is not whole (no
        /// newline) or not right after the run (another kind between).
        @inline(__always)
        func extended(_ run: Run?, by range: Range<Int>) -> Run? {
            guard range.upperBound < bytes.count else { return nil }
            guard let run else { return (range.lowerBound, range.upperBound + 1, 1) }
            guard run.end == range.lowerBound else { return nil }
            return (run.start, range.upperBound + 1, run.count + 1)
        }

        /// Hands the current client's runs of `file` and `pfile` lines, and
        /// its body as it was read, to its entry.
        mutating func endBody(at end: Int) {
            if let slug = current {
                if let run = fileRun {
                    manifest.clients[slug]!.files = FileHashes(lines: source[run.start..<run.end], prefix: 5, count: run.count)
                }
                if let run = pageRun {
                    manifest.clients[slug]!.portfolioFiles = FileHashes(lines: source[run.start..<run.end], prefix: 6, count: run.count)
                }
            }
            // Kept only when it ends a line, as every line is written.
            if let slug = current, let begin = bodyStart, end > begin, end <= bytes.count, bytes[end - 1] == UInt8(ascii: "\n") {
                manifest.clients[slug]!.body = source[begin..<end]
            }
            bodyStart = nil
            fileRun = nil
            pageRun = nil
        }

        @inline(__always)
        static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

        /// Splits at the first `separator`; nil when there is none.
        @inline(__always)
        static func cut(_ bytes: UnsafeBufferPointer<UInt8>, at separator: UInt8) -> (
            UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>
        )? {
            guard let index = bytes.firstIndex(of: separator) else { return nil }
            return (UnsafeBufferPointer(rebasing: bytes[..<index]), UnsafeBufferPointer(rebasing: bytes[(index + 1)...]))
        }
    }
}

extension BuildManifest {
    /// The manifest of an output folder, when it exists, parses and still
    /// describes that folder (its device and inode match).
    /// A folder that is not the one its manifest names (restored from a CI
    /// cache, copied, moved) is taken over when it holds every file the
    /// manifest lists with the listed bytes (`adopt`).
    /// Files written without a flush, before the machine last started (or
    /// on one whose starts cannot be told apart), are checked as a restored
    /// folder's are: a power loss may have cut them short.
    static func load(for output: OutputFolder) async -> BuildManifest? {
        // Read and parsed once, whether it describes the folder or the
        // folder may adopt it.
        guard let bytes = ContentDisk.readBytes(path(for: output)), let manifest = BuildManifest(bytes: bytes),
            !manifest.site.isEmpty
        else { return nil }
        let identity = OutputFolder.identity(of: output.path)
        if manifest.site == identity && !manifest.mayHaveLostWrites { return manifest }
        return await adopt(manifest, folder: output.path, identity: identity)
    }

    /// Whether the files it lists were written without a flush in another
    /// start of the machine than this one.
    var mayHaveLostWrites: Bool {
        guard !unflushed.isEmpty else { return false }
        return MachineBoot.id.map { $0 != unflushed } ?? true
    }

    /// The manifest of `folder` when its `site` names another folder but
    /// every file it lists is in `folder` with the bytes it lists: a CI
    /// runner restores `site/` and its manifest from its cache into a new
    /// folder each run, and without this every client would be rendered
    /// again. Each listed file is read and hashed (the cost of a clean
    /// build's writing, once); a build killed between its swap and its
    /// manifest left a tree that differs from the manifest, and is refused.
    /// Files the manifest does not list do not matter: a build writes a new
    /// tree, taking from this one only the listed files.
    private static func adopt(_ manifest: BuildManifest, folder: String, identity: String) async -> BuildManifest? {
        guard !identity.isEmpty, !manifest.unchecked else { return nil }
        var manifest = manifest
        // One task per top-level folder: a client's, or the shared files'.
        let byFolder = Dictionary(grouping: manifest.allFiles(), by: { String($0.key.prefix { $0 != "/" }) })
        let matches = await ClientThreads.inParallel(Array(byFolder.keys)) { top in
            byFolder[top]!.allSatisfy { file in
                ContentDisk.readBytes(folder + "/" + file.key).map(hash) == file.value
            }
        }
        guard matches.allSatisfy({ $0 }) else { return nil }
        // The portfolio's pages were not read back: none of them is trusted.
        if manifest.mayHaveLostWrites { manifest.portfolio = "" }
        // Its own folder, read back after a restart, was read from the
        // disk. A restored or copied folder was written by whatever copied
        // it, in this start of the machine, flushed or not.
        let readFromDisk = manifest.site == identity && MachineBoot.id != nil
        manifest.unflushed = readFromDisk ? "" : MachineBoot.current
        manifest.site = identity
        manifest.adopted = true
        return manifest
    }

    /// `base`: the published manifest a spare's manifest was written against.
    static func load(path: String, describing folder: String, against base: BuildManifest? = nil) -> BuildManifest? {
        guard let bytes = ContentDisk.readBytes(path),
            let manifest = BuildManifest(bytes: bytes, against: base),
            manifest.site == OutputFolder.identity(of: folder), !manifest.site.isEmpty, !manifest.mayHaveLostWrites
        else { return nil }
        return manifest
    }

    /// Written through a temporary file and a rename, so it is whole or absent.
    func save(to final: String, against base: BuildManifest? = nil) {
        Self.write(render(against: base), to: final)
    }

    static func write(_ text: [UInt8], to final: String) {
        AtomicFile.write(text, to: final)
    }

    /// Writes the first part of a manifest beside where it will go, so the
    /// 45,000 lines of a 200-client site are written while the build is
    /// still making its portfolio; `finishWrite` adds the rest and puts it
    /// in place.
    static func startWrite(_ text: [UInt8], to final: String) -> Bool {
        AtomicFile.begin(text, to: final)
    }

    static func finishWrite(appending text: [UInt8], to final: String) {
        AtomicFile.finish(final, appending: text)
    }

    /// Every file of the site it describes: site-relative path → hash.
    func allFiles() -> [String: String] {
        var files = shared
        for entry in clients.values {
            for (file, hash) in entry.files.table { files[entry.folder + "/" + file] = hash }
        }
        return files
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
