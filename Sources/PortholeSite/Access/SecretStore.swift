import Crypto
import PortholeCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The agency's link secret: `PORTHOLE_SECRET`, else `.porthole/secret`
/// beside the content folder, created on first use (site.md "link").
public enum SecretStore {
    public struct Secret: Sendable {
        public let bytes: [UInt8]
        /// Set when this run created the secret file, so the CLI can say so.
        public let createdFile: String?
    }

    public static func secret(environment: [String: String], projectRoot: String, create: Bool) -> Result<Secret, Diagnostic> {
        // Trimmed like the file, so a trailing newline in a CI secret does
        // not give different links from a local build.
        let fromEnvironment = (environment["PORTHOLE_SECRET"] ?? "").trimmingCharacters(in: " \n\r\t")
        if !fromEnvironment.isEmpty {
            return .success(Secret(bytes: Array(fromEnvironment.utf8), createdFile: nil))
        }
        let folder = projectRoot + "/.porthole"
        let file = folder + "/secret"
        if let bytes = ContentDisk.readBytes(file) {
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: " \n\r\t")
            if !text.isEmpty { return .success(Secret(bytes: Array(text.utf8), createdFile: nil)) }
        }
        // A CI runner starts clean: a secret made there would change every
        // link on every deploy.
        if create, let ci = environment["CI"], !ci.isEmpty, ci != "false", ci != "0" {
            return .failure(
                .error(
                    "secret",
                    "PORTHOLE_SECRET is not set: in CI, set it as a secret (a new one each run would change every link portal's address)",
                    at: nil))
        }
        guard create else {
            return .failure(
                .error(
                    "secret",
                    "no PORTHOLE_SECRET set and no \(file): set PORTHOLE_SECRET (in CI), or run porthole build once locally to create the file",
                    at: nil))
        }
        let random = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let text = random.hex
        mkdir(folder, 0o700)
        guard case .success = AtomicFile.write(text + "\n", to: file, mode: 0o600, replacing: false) else {
            return .failure(.error("secret", "cannot create \(file) (set PORTHOLE_SECRET instead)", at: nil))
        }
        return .success(Secret(bytes: Array(text.utf8), createdFile: file))
    }
}
