import Crypto
import Foundation
import PortholeCore
import _CryptoExtras

/// Encrypts a password portal's pages at build time (site.md "password"):
/// AES-256-GCM under a key from PBKDF2-HMAC-SHA-256, decrypted in the
/// browser with WebCrypto by the theme's `unlock.js`.
public struct PageSealer: Sendable {
    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA-256, and site.md's minimum.
    public static let iterations = 600_000

    /// Public, stable per client so the browser can cache the derived key for
    /// the whole portal: HMAC of the slug under the agency secret.
    public let salt: [UInt8]
    // Bytes, not SymmetricKey, which is not Sendable.
    private let key: [UInt8]

    /// Derives the key once per client and build: the slowest single step
    /// of a password portal, by design (docs/performance.md has its cost).
    /// A build with more password portals to render than cores derives
    /// their keys together (`derived(for:secret:)`); this is for one, on the
    /// calling thread.
    public init(password: String, slug: String, secret: [UInt8]) {
        salt = Self.salt(slug: slug, secret: secret)
        key = PasswordKeys.derive([PasswordKeys.Request(password: Array(password.utf8), salt: salt)], rounds: Self.iterations)[0]
    }

    private init(salt: [UInt8], key: [UInt8]) {
        self.salt = salt
        self.key = key
    }

    /// The sealers of several portals (slug, password), their keys derived
    /// side by side on `cores` cores (`PasswordKeys`): the same keys as one
    /// by one, in less time. Each with the password it was derived from.
    /// (Fewer `rounds` than a portal's are for tests.)
    static func derived(
        for portals: [(slug: String, password: String)], secret: [UInt8],
        cores: Int = ProcessInfo.processInfo.activeProcessorCount, rounds: Int = iterations
    ) -> [String: Derived] {
        let requests = portals.map { PasswordKeys.Request(password: Array($0.password.utf8), salt: salt(slug: $0.slug, secret: secret)) }
        let keys = PasswordKeys.derive(requests, rounds: rounds, cores: cores)
        let derived = zip(portals, zip(requests, keys)).map { portal, pair in
            (portal.slug, Derived(password: portal.password, sealer: PageSealer(salt: pair.0.salt, key: pair.1)))
        }
        return Dictionary(derived) { first, _ in first }
    }

    /// A sealer and the password its key was derived from.
    struct Derived: Sendable {
        let password: String
        let sealer: PageSealer
    }

    private static func salt(slug: String, secret: [UInt8]) -> [UInt8] {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("porthole/password-salt/\(slug)".utf8), using: SymmetricKey(data: secret))
        return Array(mac.prefix(16))
    }

    /// `nonce(12) ‖ ciphertext ‖ tag(16)`, the layout WebCrypto expects.
    ///
    /// The nonce is derived from the page's path and a hash of its content
    /// under the key, so output is reproducible, and a nonce repeats only for
    /// the very same page with the very same bytes (the same message): GCM's
    /// rule, one nonce per distinct message under a key, always holds. The
    /// path is also the additional data, so a page cannot be swapped for
    /// another of the same portal.
    public func seal(_ page: String, path: String) throws -> [UInt8] {
        try seal(Array(page.utf8), path: path)
    }

    public func seal(_ plaintext: [UInt8], path: String) throws -> [UInt8] {
        let symmetric = SymmetricKey(data: key)
        let digest = SHA256.hash(data: plaintext)
        let nonceSource = HMAC<SHA256>.authenticationCode(for: Array(path.utf8) + [0] + Array(digest), using: symmetric)
        let nonce = try AES.GCM.Nonce(data: Array(nonceSource.prefix(12)))
        let box = try AES.GCM.seal(plaintext, using: symmetric, nonce: nonce, authenticating: Array(path.utf8))
        guard let combined = box.combined else { throw CryptoKitError.incorrectParameterSize }
        return Array(combined)
    }
}

/// Standard base64 with padding (RFC 4648 §4), as Foundation writes it:
/// password portals' payloads and inline logos.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}
