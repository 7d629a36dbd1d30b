import Crypto
import Foundation
import Mustache
import Testing
import _CryptoExtras

@testable import PortholeCore
@testable import PortholeSite

struct AccessAndCryptoTests {
    @Test func test_linkTokenIsStableEightyBitsAndSecretDependent() {
        let access = PortalAccess(secret: Array("s".utf8))
        let token = access.token(for: "acme")
        #expect(token.count == 16)
        #expect(token.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
        #expect(token == PortalAccess(secret: Array("s".utf8)).token(for: "acme"))
        #expect(token != PortalAccess(secret: Array("t".utf8)).token(for: "acme"))
        #expect(token != access.token(for: "acme-2"))
    }

    @Test func test_sealedPageOpensWithTheDerivedKeyOnlyAtItsPath() throws {
        let sealer = PageSealer(password: "correct horse", slug: "acme", secret: Array("s".utf8))
        let sealed = try sealer.seal("<p>Hello</p>", path: "acme-x/index.html")
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array("correct horse".utf8), salt: sealer.salt, using: .sha256,
            outputByteCount: 32, rounds: PageSealer.iterations)
        let box = try AES.GCM.SealedBox(combined: sealed)
        let opened = try AES.GCM.open(box, using: key, authenticating: Array("acme-x/index.html".utf8))
        #expect(String(decoding: opened, as: UTF8.self) == "<p>Hello</p>")
        #expect(throws: (any Error).self) { try AES.GCM.open(box, using: key, authenticating: Array("acme-x/other.html".utf8)) }
        let wrong = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array("wrong".utf8), salt: sealer.salt, using: .sha256,
            outputByteCount: 32, rounds: PageSealer.iterations)
        #expect(throws: (any Error).self) { try AES.GCM.open(box, using: wrong, authenticating: Array("acme-x/index.html".utf8)) }
    }

    @Test func test_nonceDependsOnPathAndContent() throws {
        let sealer = PageSealer(password: "pw", slug: "acme", secret: Array("s".utf8))
        let a = try sealer.seal("same", path: "a/index.html")
        let b = try sealer.seal("same", path: "b/index.html")
        let c = try sealer.seal("other", path: "a/index.html")
        let again = try sealer.seal("same", path: "a/index.html")
        #expect(Set([a.prefix(12), b.prefix(12), c.prefix(12)].map { Array($0) }).count == 3)
        #expect(a == again, "reproducible")
    }

    /// RFC 4648 section 10's test vectors.
    @Test func test_base64IsRFC4648() {
        let vectors = [
            "": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy",
        ]
        for (text, encoded) in vectors { #expect(Base64.encode(Array(text.utf8)) == encoded, "\(text)") }
        // Every byte value, and the two characters beyond the letters and digits.
        let bytes = (0...255).map(UInt8.init)
        #expect(Data(base64Encoded: Base64.encode(bytes)).map(Array.init) == bytes)
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
    }

    /// RFC 4648 section 10's base32 test vectors, under the variant link
    /// tokens use by design (`Base32`: lower case, no padding, so a token
    /// is a URL path segment as it is): each vector lower-cased and its
    /// "=" padding dropped.
    @Test func test_base32IsRFC4648LowerCaseUnpadded() {
        let vectors = [
            "": "", "f": "MY======", "fo": "MZXQ====", "foo": "MZXW6===", "foob": "MZXW6YQ=", "fooba": "MZXW6YTB",
            "foobar": "MZXW6YTBOI======",
        ]
        for (text, encoded) in vectors {
            let variant = encoded.lowercased().filter { $0 != "=" }
            #expect(Base32.encode(Array(text.utf8)) == variant, "\(text)")
        }
        #expect(Base32.encode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF]) == "77777777")
    }
}

struct BrandColourTests {
    @Test func test_lightAccentIsDarkenedToAA() {
        let yellow = "#ffd400"
        #expect(CSSColor.contrast(yellow, "#ffffff") < 4.5)
        let fixed = CSSColor.darkened(yellow)
        #expect(CSSColor.contrast(fixed, "#ffffff") >= 4.5)
    }

    @Test func test_darkAccentIsKept() {
        #expect(CSSColor.darkened("#1f5fbf") == "#1f5fbf")
    }

    @Test func test_darkModeAccentIsLightenedToAA() {
        let dark = CSSColor.lightened("#0b3d2e", against: "#181c22")
        #expect(CSSColor.contrast(dark, "#181c22") >= 4.5)
    }

    @Test func test_hexNormalisation() {
        #expect(CSSColor.normalisedHex("#ABC") == "#aabbcc")
        #expect(CSSColor.normalisedHex("#1F6FEB") == "#1f6feb")
        for bad in ["1f6feb", "#12345", "red", "#gggggg", "#1f6feb;x:y"] { #expect(CSSColor.normalisedHex(bad) == nil, "\(bad)") }
    }
}

struct DateTextTests {
    @Test func test_datesFollowThePortalLocale() {
        let day = CalendarDate(iso: "2026-11-27")!
        #expect(DateText(localeIdentifier: "en-GB").medium(day) == "27 Nov 2026")
        #expect(DateText(localeIdentifier: "en-US").medium(day) == "Nov 27, 2026")
    }

    /// Issue 21: the timeline's "Aug 26" read as 26 August; its month axis
    /// shows the year in full.
    @Test(arguments: ["en-GB", "en-US"])
    func test_monthAxisLabelCannotBeReadAsADay(locale: String) throws {
        let august = try #require(CalendarDate(year: 2026, month: 8, day: 1))
        #expect(DateText(localeIdentifier: locale).monthYear(august) == "Aug 2026")
    }
}

struct ThemeTests {
    @Test func test_partialReferencesAreFoundWithTheirPosition() {
        let refs = Theme.partialReferences(in: "a\n  {{> partials/row }} {{<base}}{{$x}}{{/x}}{{/base}} {{>*dynamic}}\n")
        #expect(refs.map(\.name) == ["partials/row", "base"])
        #expect(refs[0].line == 2 && refs[0].column == 3)
    }
}

struct FastEscapingTests {
    @Test(
        "The fast HTML escaper gives exactly Mustache's own output",
        arguments: [
            "plain", "", "<script>alert('x')</script>", "Tom & \"Jerry\" <b>", "é ü 🚀 שלום", "a\u{0301}<", "&amp;&", "''\"\"<<>>",
        ])
    func test_fastEscapingMatchesMustache(text: String) throws {
        _ = FastHTMLContentType.registered
        let builtIn = try MustacheTemplate(string: "[{{x}}]").render(["x": text])
        let fast = try MustacheTemplate(string: "{{% CONTENT_TYPE: PORTHOLE_HTML}}\n[{{x}}]").render(["x": text])
        #expect(fast == builtIn)
    }
}
