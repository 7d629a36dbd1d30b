import CPortholeSystem
import Crypto
import PortholeCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fingerprints of what a build reads, for the build manifest: anything that
/// can change a page must change a fingerprint (a stale page is a bug, not a
/// speed-up), so whole files are hashed; their times only say when the hash
/// of a folder must be taken again.
enum InputFingerprint {
    /// Everything every client's output depends on.
    static func global(
        contentRoot: String, baseURL: String, theme: Theme, today: CalendarDate, secret: [UInt8], toolVersion: String
    ) -> String {
        var hasher = SHA256()
        func add(_ label: String, _ bytes: [UInt8]) {
            hasher.update(data: Array(label.utf8) + [0] + Array(String(bytes.count).utf8) + [0] + bytes)
        }
        add("tool", Array(toolVersion.utf8))
        add("tool-build", Array(executableIdentity().utf8))
        add("theme", Array(theme.digest.utf8))
        add("today", Array(today.description.utf8))
        // The secret itself never reaches the manifest, only a MAC of a label.
        add("secret", Array(HMAC<SHA256>.authenticationCode(for: Array("porthole/manifest".utf8), using: SymmetricKey(data: secret))))
        add("portal", ContentDisk.readBytes(contentRoot + "/portal.yaml") ?? [])
        // The base URL in use: portal.yaml's, or `--base-url`'s.
        add("base-url", Array(baseURL.utf8))
        for entry in ContentDisk.list(contentRoot + "/playbooks") ?? [] {
            add("playbook/" + entry.name, ContentDisk.readBytes(contentRoot + "/playbooks/" + entry.name) ?? [])
        }
        return hasher.finalize().hex(bytes: 16)
    }

    /// What a manifest records for templates that passed swift-mustache's
    /// syntax check: their digest with this very build of porthole, since
    /// another build may bring another swift-mustache.
    static func checkedTemplates(_ templatesDigest: String) -> String {
        let text = "templates\0" + templatesDigest + "\0" + PortholeInfo.version + "\0" + executableIdentity()
        return SHA256.hash(data: Array(text.utf8)).hex(bytes: 16)
    }

    /// Which build of porthole this is: the version number does not change
    /// while Porthole itself is being worked on, and a rebuilt binary may
    /// render pages differently. The linker's build ID is a hash of the
    /// linked program, so the same binary installed afresh (a CI runner that
    /// downloads the release each run) is the same tool, and any rebuilt
    /// one is another. A program without one is known by its file's
    /// identity and times instead.
    static func executableIdentity() -> String {
        var digits = [CChar](repeating: 0, count: 129)
        if porthole_build_id(&digits, Int32(digits.count)) > 0 {
            return "build-id:" + String(decoding: digits.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 || stat(CommandLine.arguments[0], &info) == 0 else { return "?" }
        return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// A client's fingerprint, and the file metadata it was taken from.
    struct ClientKey: Sendable {
        var key: String
        var signature: String
    }

    /// What a client folder's files look like from outside: names, kinds,
    /// sizes, inodes, modification and change times. Reading and hashing
    /// every file of every client was most of a no-op build, so `key` is
    /// computed only when this (with the password, `signature`) differs from
    /// the previous build's, as git's index does: any write changes a file's
    /// change time, which no tool can set back. `latestChange` is the newest
    /// of those times (seconds since 1970), for the caller's racy check.
    struct FolderMetadata: Sendable {
        let digest: [UInt8]
        let latestChange: Double
    }

    /// A client folder's metadata and its password's fingerprint.
    static func signature(_ metadata: FolderMetadata, password: String?, secret: [UInt8]) -> (signature: String, latestChange: Double) {
        var hasher = SHA256()
        hasher.update(data: metadata.digest)
        addPassword(password, secret: secret, to: &hasher)
        return (hasher.finalize().hex(bytes: 16), metadata.latestChange)
    }

    static func metadata(of folder: String) -> FolderMetadata {
        var hasher = SHA256()
        var latest = 0.0
        func walk(_ path: String) {
            guard let dir = opendir(path) else {
                hasher.update(data: [0xFF])
                latest = .infinity
                return
            }
            defer { closedir(dir) }
            // Names keep their terminating 0: it sorts first, so the order is
            // the names' own, and the name is hashed with it, as a separator.
            // One allocation per name: this runs over every input file of
            // every build, a no-op build included.
            var names: [[UInt8]] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw[...(raw.firstIndex(of: 0) ?? raw.count - 1)]) }
                // The loaders skip hidden and `_` names (drafts), so does this.
                guard name[0] != 0, name[0] != UInt8(ascii: "."), name[0] != UInt8(ascii: "_") else { continue }
                names.append(name)
            }
            names.sort { $0.lexicographicallyPrecedes($1) }
            for name in names {
                var info = stat()
                let found = name.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { fstatat(dirfd(dir), $0.baseAddress!, &info, AT_SYMLINK_NOFOLLOW) == 0 }
                }
                name.withUnsafeBytes { hasher.update(bufferPointer: $0) }
                guard found else {
                    latest = .infinity
                    continue
                }
                let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
                let changed = Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1e9
                latest = max(latest, modified, changed)
                let fields = (
                    Int64(info.st_mode), Int64(info.st_size), Int64(bitPattern: UInt64(info.st_ino)),
                    Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec),
                    Int64(info.st_ctim.tv_sec), Int64(info.st_ctim.tv_nsec)
                )
                withUnsafeBytes(of: fields) { hasher.update(bufferPointer: $0) }
                if info.st_mode & S_IFMT == S_IFDIR {
                    walk(path + "/" + String(decoding: name.dropLast(), as: UTF8.self))
                    hasher.update(data: [0xFE])
                }
            }
        }
        walk(folder)
        return FolderMetadata(digest: Array(hasher.finalize()), latestChange: latest)
    }

    /// Everything in one client's folder (names and bytes, drafts excluded,
    /// as the loader excludes them), plus its password's fingerprint; and,
    /// when `prefix` is given, the files read for it (`prefix` + name below
    /// `folder` → bytes), for the loader to take instead of reading them
    /// again.
    static func key(folder: String, password: String?, secret: [UInt8], keepingAs prefix: String?) -> (
        key: String, files: [String: [UInt8]]
    ) {
        var hasher = SHA256()
        var files: [String: [UInt8]] = [:]
        func walk(_ path: String, _ relative: String) {
            // Files are opened in the open folder, by name.
            let folder = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            defer { if folder >= 0 { close(folder) } }
            for entry in ContentDisk.list(path) ?? [] {
                let child = path + "/" + entry.name
                let name = relative + entry.name
                switch entry.kind {
                case .directory:
                    hasher.update(data: Array(("d " + name + "\n").utf8))
                    walk(child, name + "/")
                case .file:
                    let read = folder >= 0 ? ContentDisk.readBytes(entry.name, in: folder) : nil
                    let bytes = read ?? []
                    if let prefix, let read { files[prefix + name] = read }
                    hasher.update(data: Array(("f " + name + " \(bytes.count)\n").utf8))
                    hasher.update(data: bytes)
                case .symlink, .other, .invalidName:
                    hasher.update(data: Array(("x " + name + "\n").utf8))
                }
            }
        }
        walk(folder, "")
        addPassword(password, secret: secret, to: &hasher)
        return (hasher.finalize().hex(bytes: 16), files)
    }

    /// A password counts by its MAC under the agency secret, never as itself.
    private static func addPassword(_ password: String?, secret: [UInt8], to hasher: inout SHA256) {
        guard let password else { return }
        hasher.update(data: Array("password\n".utf8))
        hasher.update(data: Array(HMAC<SHA256>.authenticationCode(for: Array(password.utf8), using: SymmetricKey(data: secret))))
    }

    /// The client's key: the previous build's when the folder's signature is
    /// unchanged and its times are not too close to that build's start (a
    /// file written while it ran, or a file system with coarse times). With
    /// it, the files read for it when it had to read them and `prefix` asks
    /// for them (see `key`): empty when the previous key was kept.
    static func client(
        folder: String, password: String?, secret: [UInt8],
        signature: (signature: String, latestChange: Double),
        previous: BuildManifest.ClientEntry?, previousStart: Double?,
        keepingFilesAs prefix: String?
    ) -> (key: ClientKey, files: [String: [UInt8]]) {
        if let key = unchangedKey(signature: signature, previous: previous, previousStart: previousStart) { return (key, [:]) }
        let (key, files) = key(folder: folder, password: password, secret: secret, keepingAs: prefix)
        return (ClientKey(key: key, signature: signature.signature), files)
    }

    /// The previous build's key, when the folder looks as it did then and
    /// its times are not too close to that build's start; nil when the
    /// folder must be read.
    static func unchangedKey(
        signature: (signature: String, latestChange: Double), previous: BuildManifest.ClientEntry?,
        previousStart: Double?
    ) -> ClientKey? {
        guard let previous, let previousStart, previous.signature == signature.signature,
            signature.latestChange < previousStart - racyMargin
        else { return nil }
        return ClientKey(key: previous.key, signature: signature.signature)
    }

    /// Seconds before the previous build's start within which file times are
    /// not trusted: FAT keeps 2-second times, and kernels stamp files from a
    /// coarse clock.
    static let racyMargin = 3.0

    /// Now, in seconds since 1970 (UTC), as recorded in the manifest.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// A stable 1/N of the clients (`--shard I/N`): by a hash of the slug, so
    /// adding a client moves no other client to another shard.
    static func shard(of slug: String, count: Int) -> Int {
        let digest = Array(SHA256.hash(data: Array(slug.utf8)))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(value % UInt64(count))
    }
}
