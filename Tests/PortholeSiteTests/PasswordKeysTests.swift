import Crypto
import Foundation
import Testing

@testable import PortholeSite

/// The side by side PBKDF2 (`PasswordKeys`) against RFC 7914's published
/// PBKDF2-HMAC-SHA-256 vectors and against swift-crypto's own derivation.
struct PasswordKeysTests {
    private func request(_ password: String, _ salt: String) -> PasswordKeys.Request {
        PasswordKeys.Request(password: Array(password.utf8), salt: Array(salt.utf8))
    }

    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// RFC 7914 §11 gives 64-byte keys; a 32-byte key is their first half.
    @Test func test_rfc7914Vectors() {
        let keys = PasswordKeys.derive([request("passwd", "salt")], rounds: 1)
        #expect(hex(keys[0]) == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
        let long = PasswordKeys.derive([request("Password", "NaCl")], rounds: 80_000)
        #expect(hex(long[0]) == "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56")
    }

    /// Passwords of every length around HMAC's block (64 bytes, past which
    /// the key is hashed first), an empty one and one of non-ASCII bytes,
    /// several salts, derived together in one call: each key must be
    /// swift-crypto's, in the order asked.
    @Test func test_manyAtOnceEqualSwiftCryptos() {
        var requests: [PasswordKeys.Request] = []
        for length in [0, 1, 31, 32, 55, 56, 63, 64, 65, 100, 128, 200] {
            let password = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            requests.append(PasswordKeys.Request(password: password, salt: Array("salt-\(length)".utf8)))
        }
        requests.append(request("pässwörd ✓", ""))
        requests.append(request("bench-password", String(repeating: "s", count: 80)))
        for rounds in [1, 2, 3, 1_000] {
            let keys = PasswordKeys.derive(requests, rounds: rounds)
            #expect(keys.count == requests.count)
            for (request, key) in zip(requests, keys) {
                #expect(key == PasswordKeys.reference(request, rounds: rounds), "\(request.password.count)-byte password, \(rounds) rounds")
            }
        }
    }

    /// The loop with the x86 SHA extensions gives swift-crypto's key for
    /// an odd and an even number of chains: it takes chains in pairs, the
    /// last one alone.
    @Test(.enabled(if: PasswordKeys.usesSHAExtensions, "this processor has no SHA extensions"))
    func test_shaExtensionsLoopEqualsSwiftCryptos() {
        checkLoop(shaExtensions: true)
    }

    /// The loop around BoringSSL's block function, which processors without
    /// the SHA extensions use, gives swift-crypto's key too.
    @Test func test_portableLoopEqualsSwiftCryptos() {
        checkLoop(shaExtensions: false)
    }

    /// AVX-512's loop, sixteen chains at a time, gives swift-crypto's key
    /// for every lane it fills, beside either other loop: the counts give it
    /// 3, 8, 9 and 16 lanes, and leave chains over for the other loop.
    @Test(.enabled(if: PasswordKeys.usesWideLanes, "this processor has no AVX-512"))
    func test_wideLoopEqualsSwiftCryptos() {
        let requests = (0..<25).map { request("pw-\($0)", "salt-\($0 % 4)") }
        for (shaExtensions, counts) in [(false, [3, 17, 25]), (true, [8, 19, 24])]
        where shaExtensions == false || PasswordKeys.usesSHAExtensions {
            for count in counts {
                for rounds in [1, 2, 777] {
                    let batch = Array(requests.prefix(count))
                    let keys = PasswordKeys.sideBySide(batch, rounds: rounds, shaExtensions: shaExtensions, wideLanes: true)
                    #expect(keys == batch.map { PasswordKeys.reference($0, rounds: rounds) }, "\(count) chains, \(rounds) rounds")
                }
            }
        }
        let vector = [request("Password", "NaCl")] + (0..<15).map { request("pw-\($0)", "NaCl") }
        let long = PasswordKeys.sideBySide(vector, rounds: 80_000, shaExtensions: false, wideLanes: true)
        #expect(hex(long[0]) == "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56")
    }

    private func checkLoop(shaExtensions: Bool) {
        let requests = (0..<5).map { request("pw-\($0)", "salt") } + [request(String(repeating: "p", count: 70), "NaCl")]
        for count in [1, 2, 3, 6] {
            for rounds in [1, 2, 777] {
                let batch = Array(requests.prefix(count))
                let keys = PasswordKeys.sideBySide(batch, rounds: rounds, shaExtensions: shaExtensions, wideLanes: false)
                #expect(keys == batch.map { PasswordKeys.reference($0, rounds: rounds) }, "\(count) chains, \(rounds) rounds")
            }
        }
        let long = PasswordKeys.sideBySide([request("Password", "NaCl")], rounds: 80_000, shaExtensions: shaExtensions, wideLanes: false)
        #expect(hex(long[0]) == "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56")
    }

    /// swift-crypto links BoringSSL (its `_CryptoExtras` uses it on every
    /// platform), whose block function the side by side derivation uses: a
    /// swift-crypto without that module would leave every build on the
    /// slower path, silently but for this.
    @Test func test_derivesSideBySide() {
        #expect(PasswordKeys.derivesSideBySide)
    }

    /// Each key lands at its request's place, however the requests are
    /// split between cores (one group, two, three, more groups than
    /// requests), and the same request twice gives the same key twice.
    @Test func test_orderAndRepeatsWhateverTheCores() {
        let requests = (0..<7).map { request("pw\($0)", "salt\($0 % 3)") } + [request("pw2", "salt2")]
        let expected = requests.map { PasswordKeys.reference($0, rounds: 50) }
        #expect(Set(expected.dropLast()).count == 7)
        #expect(expected[2] == expected[7])
        for cores in [1, 2, 3, 5, 16] {
            #expect(PasswordKeys.derive(requests, rounds: 50, cores: cores) == expected, "\(cores) cores")
        }
        #expect(PasswordKeys.derive([], rounds: 50).isEmpty)
    }

    /// The key ring derives on threads of its own, so many portals to a
    /// thread: each portal's sealer is the one it derives alone, a slug it
    /// was not asked for has none and never waits, and a slug whose sealer
    /// was had is ready. (Fewer rounds than a portal's: the same code.)
    @Test(arguments: [PasswordKeys.lanes, 5, 1])
    func test_keyRingGivesEachPortalItsOwnSealer(perThread: Int) throws {
        let secret = Array("agency-secret".utf8)
        let portals = (0..<PasswordKeys.lanes + 2).map { ("portal-\($0)", "password \($0)") }
        let ring = PasswordKeyRing(deriving: portals, secret: secret, perThread: perThread, rounds: 500)
        #expect(ring.isReady("hooli"))
        #expect(ring.sealer(for: "hooli") == nil)
        for (slug, password) in portals {
            let derived = try #require(ring.sealer(for: slug))
            #expect(ring.isReady(slug))
            #expect(derived.password == password)
            let alone = try #require(PageSealer.derived(for: [(slug, password)], secret: secret, rounds: 500)[slug])
            let page = "<p>Hi</p>"
            #expect(try derived.sealer.seal(page, path: "\(slug)/index.html") == alone.sealer.seal(page, path: "\(slug)/index.html"))
        }
    }

    /// A portal's sealer from the batch opens with the key the browser
    /// derives: the one `PageSealer(password:slug:secret:)` derives alone.
    @Test func test_sealersFromTheBatchEqualOneByOne() throws {
        let secret = Array("agency-secret".utf8)
        let batch = PageSealer.derived(for: [("acme", "correct horse"), ("globex", "battery staple")], secret: secret)
        for (slug, password) in [("acme", "correct horse"), ("globex", "battery staple")] {
            let alone = PageSealer(password: password, slug: slug, secret: secret)
            let derived = try #require(batch[slug])
            #expect(derived.password == password)
            let sealer = derived.sealer
            #expect(sealer.salt == alone.salt)
            #expect(try sealer.seal("<p>Hi</p>", path: "\(slug)/index.html") == alone.seal("<p>Hi</p>", path: "\(slug)/index.html"))
        }
    }
}
