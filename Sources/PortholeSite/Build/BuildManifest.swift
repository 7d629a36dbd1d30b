import Crypto
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
        var name: String
        var access: AccessMode
        var folder: String
        var projects: Int
        var pages: Int
        var diagnostics: [Diagnostic]
        /// Relative to the client's folder → hash of the bytes.
        var files: [String: String]
        /// The client's rows of the agency portfolio, one per project.
        var portfolioRows: [PortfolioRow] = []
        /// Its portfolio pages, relative to `portfolio/<slug>/` → hash.
        var portfolioFiles: [String: String] = [:]
    }

    static let formatLine = "porthole-manifest 2"

    var global = ""
    /// Device and inode of the published folder this manifest describes: a
    /// build killed between the swap and the manifest write leaves a
    /// mismatch, and the next build then trusts nothing.
    var site = ""
    var clients: [String: ClientEntry] = [:]
    /// Files outside client folders (landing page, assets, …) → hash.
    var shared: [String: String] = [:]
    /// Device and inode of the portfolio folder whose pages the client
    /// entries describe; "" when the last build did not write the portfolio
    /// (`--no-portfolio`, `--client`, `--shard`), so none of it is trusted.
    var portfolio = ""
    /// Portfolio files outside client folders (index, assets, …) → hash.
    var portfolioShared: [String: String] = [:]

    /// Where the manifest of an output folder lives.
    static func path(for output: OutputFolder) -> String {
        OutputFolder.parent(of: output.path) + "/." + OutputFolder.name(of: output.path) + ".porthole-manifest"
    }

    static func hash(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).hex.prefix(32).description }

    func render() -> String {
        var out = Self.formatLine + "\nglobal \(global)\nsite \(site)\n"
        if !portfolio.isEmpty { out += "portfolio \(portfolio)\n" }
        for path in shared.keys.sorted() { out += "shared \(shared[path]!) \(path)\n" }
        for path in portfolioShared.keys.sorted() { out += "pshared \(portfolioShared[path]!) \(path)\n" }
        for slug in clients.keys.sorted() {
            let entry = clients[slug]!
            out += "client \(slug) \(entry.key) \(entry.folder) \(entry.projects) \(entry.pages) \(entry.access.rawValue)\n"
            out += "name \(Self.escape(entry.name))\n"
            for diagnostic in entry.diagnostics {
                let fields = [diagnostic.severity.rawValue, diagnostic.code, diagnostic.location?.file ?? "",
                              String(diagnostic.location?.line ?? 0), String(diagnostic.location?.column ?? 0), diagnostic.message]
                out += "diag " + fields.map(Self.escape).joined(separator: "\t") + "\n"
            }
            for path in entry.files.keys.sorted() { out += "file \(entry.files[path]!) \(path)\n" }
            for row in entry.portfolioRows { out += "prow \(row.record)\n" }
            for path in entry.portfolioFiles.keys.sorted() { out += "pfile \(entry.portfolioFiles[path]!) \(path)\n" }
        }
        return out
    }

    /// Nil when the text is not a manifest of this format.
    init?(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard lines.popFirst().map(String.init) == Self.formatLine else { return nil }
        var current: String?
        for line in lines {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let rest = parts[1]
            switch parts[0] {
            case "global":
                global = String(rest)
            case "site":
                site = String(rest)
            case "portfolio":
                portfolio = String(rest)
            case "pshared":
                let fields = rest.split(separator: " ", maxSplits: 1)
                guard fields.count == 2 else { return nil }
                portfolioShared[String(fields[1])] = String(fields[0])
            case "prow":
                guard let slug = current, let row = PortfolioRow(record: String(rest)) else { return nil }
                clients[slug]!.portfolioRows.append(row)
            case "pfile":
                let fields = rest.split(separator: " ", maxSplits: 1)
                guard let slug = current, fields.count == 2 else { return nil }
                clients[slug]!.portfolioFiles[String(fields[1])] = String(fields[0])
            case "name":
                guard let slug = current else { return nil }
                clients[slug]!.name = Self.unescape(String(rest))
            case "shared":
                let fields = rest.split(separator: " ", maxSplits: 1)
                guard fields.count == 2 else { return nil }
                shared[String(fields[1])] = String(fields[0])
            case "client":
                let fields = rest.split(separator: " ")
                guard fields.count == 6, let projects = Int(fields[3]), let pages = Int(fields[4]),
                      let access = AccessMode(rawValue: String(fields[5])) else { return nil }
                let slug = String(fields[0])
                clients[slug] = ClientEntry(key: String(fields[1]), name: "", access: access, folder: String(fields[2]),
                                            projects: projects, pages: pages, diagnostics: [], files: [:])
                current = slug
            case "diag":
                let fields = rest.split(separator: "\t", omittingEmptySubsequences: false).map { Self.unescape(String($0)) }
                guard let slug = current, fields.count == 6, let severity = Severity(rawValue: fields[0]),
                      let line = Int(fields[3]), let column = Int(fields[4]) else { return nil }
                let location = fields[2].isEmpty ? nil : SourceLocation(file: fields[2], line: line, column: column)
                var diagnostic = Diagnostic(severity, fields[1], fields[5], at: location)
                diagnostic.client = slug
                clients[slug]!.diagnostics.append(diagnostic)
            case "file":
                let fields = rest.split(separator: " ", maxSplits: 1)
                guard let slug = current, fields.count == 2 else { return nil }
                clients[slug]!.files[String(fields[1])] = String(fields[0])
            default:
                return nil
            }
        }
    }

    init() {}

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func unescape(_ text: String) -> String {
        var out = "", escaping = false
        for character in text {
            if escaping {
                out.append(character == "t" ? "\t" : character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }

    func components(separatedBy separator: String) -> [String] {
        var parts: [String] = [], current = "", rest = self[...]
        while let range = rest.range(of: separator) {
            current += rest[..<range.lowerBound]
            parts.append(current)
            current = ""
            rest = rest[range.upperBound...]
        }
        parts.append(current + rest)
        return parts
    }
}

extension BuildManifest {
    /// The manifest of an output folder, when it exists, parses and still
    /// describes that folder (its device and inode match).
    static func load(for output: OutputFolder) -> BuildManifest? {
        load(path: path(for: output), describing: output.path)
    }

    static func load(path: String, describing folder: String) -> BuildManifest? {
        guard case .success(let text) = ContentDisk.readText(path),
              let manifest = BuildManifest(text: text),
              manifest.site == OutputFolder.identity(of: folder), !manifest.site.isEmpty else { return nil }
        return manifest
    }

    /// Written through a temporary file and a rename, so it is whole or absent.
    func save(to final: String) {
        let temporary = final + ".tmp"
        if FileTree.write(render(), to: temporary) { _ = rename(temporary, final) }
    }

    /// Every file of the site it describes: site-relative path → hash.
    func allFiles() -> [String: String] {
        var files = shared
        for entry in clients.values {
            for (file, hash) in entry.files { files[entry.folder + "/" + file] = hash }
        }
        return files
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
