import Crypto
import PortholeCore

/// Fingerprints of what a build reads, for the build manifest: anything that
/// can change a page must change a fingerprint (a stale page is a bug, not a
/// speed-up), so whole files are hashed, not their times.
enum InputFingerprint {
    /// Everything every client's output depends on.
    static func global(contentRoot: String, theme: Theme, today: CalendarDate, secret: [UInt8], toolVersion: String) -> String {
        var hasher = SHA256()
        func add(_ label: String, _ bytes: [UInt8]) {
            hasher.update(data: Array(label.utf8) + [0] + Array(String(bytes.count).utf8) + [0] + bytes)
        }
        add("tool", Array(toolVersion.utf8))
        add("theme", Array(theme.digest.utf8))
        add("today", Array(today.description.utf8))
        // The secret itself never reaches the manifest, only a MAC of a label.
        add("secret", Array(HMAC<SHA256>.authenticationCode(for: Array("porthole/manifest".utf8), using: SymmetricKey(data: secret))))
        add("portal", ContentDisk.readBytes(contentRoot + "/portal.yaml") ?? [])
        for entry in ContentDisk.list(contentRoot + "/playbooks") ?? [] {
            add("playbook/" + entry.name, ContentDisk.readBytes(contentRoot + "/playbooks/" + entry.name) ?? [])
        }
        return hasher.finalize().hex.prefix(32).description
    }

    /// Everything in one client's folder (names and bytes, drafts excluded,
    /// as the loader excludes them), plus its password's fingerprint.
    static func client(folder: String, password: String?, secret: [UInt8]) -> String {
        var hasher = SHA256()
        func walk(_ path: String, _ relative: String) {
            for entry in ContentDisk.list(path) ?? [] {
                let child = path + "/" + entry.name, name = relative + entry.name
                switch entry.kind {
                case .directory:
                    hasher.update(data: Array(("d " + name + "\n").utf8))
                    walk(child, name + "/")
                case .file:
                    let bytes = ContentDisk.readBytes(child) ?? []
                    hasher.update(data: Array(("f " + name + " \(bytes.count)\n").utf8))
                    hasher.update(data: bytes)
                case .symlink, .other, .invalidName:
                    hasher.update(data: Array(("x " + name + "\n").utf8))
                }
            }
        }
        walk(folder, "")
        if let password {
            hasher.update(data: Array("password\n".utf8))
            hasher.update(data: Array(HMAC<SHA256>.authenticationCode(for: Array(password.utf8), using: SymmetricKey(data: secret))))
        }
        return hasher.finalize().hex.prefix(32).description
    }

    /// A stable 1/N of the clients (`--shard I/N`): by a hash of the slug, so
    /// adding a client moves no other client to another shard.
    static func shard(of slug: String, count: Int) -> Int {
        let digest = Array(SHA256.hash(data: Array(slug.utf8)))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(value % UInt64(count))
    }
}
