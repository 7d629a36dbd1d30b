import Crypto
import Foundation
import PropertyBased
import Testing

@testable import PortholeCore
@testable import PortholeSite

/// Slugs become folder names and link tokens become the unguessable part of
/// a URL (content.md "Identifiers", site.md "Access modes").
struct IdentifierPropertyTests {
    static let slugAlphabet = Array("abcxyz0189-_AZ./ \\é\u{0}\u{301}")
    static let slugLike = Gen<Character?>.element(of: slugAlphabet).map { $0 ?? "a" }.string(of: 0...70)

    @Test func test_slugValidityIsExactlyTheContentRule() throws {
        let rule = try Regex("^[a-z0-9][a-z0-9-]{0,62}$")
        Property.check("slug-valid", Gen<String>.oneOf(Self.slugLike.eraseToAny(), HostileText.string().eraseToAny())) { text in
            let matches = (try? rule.wholeMatch(in: text)) != nil && !text.contains("\n")
            try Property.require(Slug.isValid(text) == matches, "isValid says \(Slug.isValid(text)), the rule \(matches)")
        }
    }

    /// Any title gives a valid slug, and a slug is its own slug.
    @Test func test_slugFromAnyTitleIsValidAndStable() {
        Property.check("slug-from-title", Gen<String>.oneOf(Self.slugLike.eraseToAny(), HostileText.string().eraseToAny())) { title in
            let slug = Scaffold.slug(fromTitle: title)
            try Property.require(Slug.isValid(slug), "\(slug.debugDescription) is not a slug")
            try Property.require(Scaffold.slug(fromTitle: slug) == slug, "not stable: \(slug)")
        }
    }

    /// An id of ASCII is folded byte by byte: what folding it character by
    /// character gives.
    @Test func test_anASCIIIdFoldsAsAnyTextFolds() {
        let ascii = Gen<Character?>.element(of: Array("aZ09-_ .:/\\\t\n\r\u{0}\u{7F}~R12M")).map { $0 ?? "a" }.string(of: 0...40)
        Property.check("slug-folded-ascii", Gen<String>.oneOf(ascii.eraseToAny(), Self.slugLike.eraseToAny())) { id in
            try Property.require(Slug.folded(id) == Slug.foldedCharacters(id), "\(id.debugDescription): \(Slug.folded(id))")
        }
    }

    /// Folded ids are anchors: ASCII lower case, digits and "-" only.
    @Test func test_foldedIdsAreAnchorSafe() {
        Property.check("slug-folded", HostileText.string()) { id in
            let folded = Slug.folded(id)
            try Property.require(
                folded.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 },
                "folded: \(folded.debugDescription)")
            try Property.require(Slug.folded(folded) == folded, "folding twice changes \(folded)")
        }
    }

    static let secret = Gen<UInt8>.value(in: 0...255).array(of: 32)
    static let validSlug = Gen<Character?>.element(of: Array("abcdefghijklmnopqrstuvwxyz0123456789-")).map { $0 ?? "a" }
        .string(of: 0...62).map { "a" + $0 }

    /// A link token is 16 base32 characters that decode to the first 80
    /// bits of HMAC-SHA-256(slug) under the secret: the same every build,
    /// and different for another slug or another secret.
    @Test func test_linkTokensAreTheTruncatedHMACInURLSafeBase32() {
        Property.check("link-token", zip(Self.secret, Self.validSlug, Self.validSlug)) { secret, slug, other in
            let access = PortalAccess(secret: secret)
            let token = access.token(for: slug)
            try Property.require(token.count == 16, "token \(token) is not 16 characters")
            let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
            let values = token.utf8.compactMap { alphabet.firstIndex(of: $0) }
            try Property.require(values.count == 16, "token \(token) leaves the base32 alphabet")
            var bits = 0
            var buffer = 0
            var decoded: [UInt8] = []
            for value in values {
                buffer = (buffer << 5) | value
                bits += 5
                if bits >= 8 {
                    decoded.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                    bits -= 8
                }
            }
            let mac = Array(HMAC<SHA256>.authenticationCode(for: Array(slug.utf8), using: SymmetricKey(data: secret)))
            try Property.require(decoded == Array(mac.prefix(10)), "token \(token) is not the HMAC's first 80 bits")
            try Property.require(PortalAccess(secret: secret).token(for: slug) == token, "not stable")
            try Property.require(other == slug || access.token(for: other) != token, "\(slug) and \(other) share a token")
            var otherSecret = secret
            otherSecret[0] ^= 1
            try Property.require(PortalAccess(secret: otherSecret).token(for: slug) != token, "a new secret kept the token")
        }
    }
}
