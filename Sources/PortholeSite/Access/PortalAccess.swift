import Crypto
import PortholeCore

/// Where each client's portal lives and who may open it (site.md "Access modes").
public struct PortalAccess: Sendable {
    // Kept as bytes: SymmetricKey is not Sendable.
    private let secret: [UInt8]

    /// For deriving other per-client values (the password salt).
    var secretBytes: [UInt8] { secret }

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// The unguessable part of a link-mode folder: HMAC-SHA-256 of the slug
    /// under the agency's secret, first 80 bits, base32 (16 characters).
    /// Stable from build to build; rotating the secret rotates every link.
    public func token(for slug: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(slug.utf8), using: SymmetricKey(data: secret))
        return Base32.encode(Array(mac.prefix(10)))
    }

    /// The client's folder under the site root.
    public func folder(for client: Client) -> String {
        switch client.access {
        case .public: client.slug
        case .link, .password: client.slug + "-" + token(for: client.slug)
        }
    }
}

/// RFC 4648 base32 in lower case without padding: URL-safe and unambiguous.
enum Base32 {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var output = ""
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }
}
