import Crypto
import Foundation
import PortholeCore
import _CryptoExtras

#if canImport(CCryptoBoringSSL)
    import CCryptoBoringSSL
    import CPortholeSHA256
#endif

/// PBKDF2-HMAC-SHA-256 (RFC 8018 §5.2) with a 32-byte key, for several
/// passwords at once: the password portals a build renders.
///
/// A 32-byte key is one block of PBKDF2's output, so the key is
/// `U1 ⊕ U2 ⊕ … ⊕ Uc` with `Ui = HMAC(password, Ui-1)`: one chain of
/// dependent SHA-256 blocks, each waiting for the one before, so a core
/// computing one chain mostly waits. Several chains run side by side
/// instead, a block of each in turn, so that one block is computed while
/// another waits (docs/performance.md, "Password portals", has the figures).
///
/// Written by hand because no library here derives several keys side by
/// side: swift-crypto and BoringSSL derive one key per call. Where the
/// processor has AVX-512, up to sixteen chains run in `CPortholeSHA256`, one
/// in each lane of its registers; where it has the x86 SHA extensions, two
/// chains' iterations run there, their blocks interleaved instruction by
/// instruction; elsewhere around the SHA-256 block function of the
/// BoringSSL that swift-crypto links, a block of each chain in turn. The
/// hand-written part is HMAC's two-block structure (RFC 2104) and, in
/// `CPortholeSHA256`, the SHA-256 block itself (FIPS 180-4), with the SHA
/// extensions and with AVX-512, for these two fixed message shapes;
/// each chain's `U1` is swift-crypto's own HMAC, and the tests hold every
/// key, from either loop, equal to swift-crypto's `KDF.Insecure.PBKDF2`.
/// BoringSSL's module is not one of swift-crypto's products (its
/// `_CryptoExtras` uses it on every platform): should a swift-crypto come
/// without it, each key is swift-crypto's.
enum PasswordKeys {
    struct Request: Sendable {
        let password: [UInt8]
        let salt: [UInt8]
    }

    /// The key of every request, in order, in `cores` groups side by side
    /// (all cores unless a test says otherwise).
    static func derive(
        _ requests: [Request], rounds: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> [[UInt8]] {
        guard !requests.isEmpty else { return [] }
        let groups = max(1, min(cores, requests.count))
        // Request i goes to group i % groups, so the groups differ by one
        // chain at most.
        let members = (0..<groups).map { group in Array(stride(from: group, to: requests.count, by: groups)) }
        let derived = members.concurrentMap { indices in sideBySide(indices.map { requests[$0] }, rounds: rounds) }
        var keys = [[UInt8]](repeating: [], count: requests.count)
        for (indices, groupKeys) in zip(members, derived) {
            for (index, key) in zip(indices, groupKeys) { keys[index] = key }
        }
        return keys
    }

    /// The chains AVX-512's registers hold side by side (`CPortholeSHA256`).
    static let lanes = 16

    /// Whether keys are derived side by side here; false where BoringSSL's
    /// module cannot be imported (a test checks it is true, so that a
    /// swift-crypto without the module does not slow builds unnoticed).
    #if canImport(CCryptoBoringSSL)
        static let derivesSideBySide = true
    #else
        static let derivesSideBySide = false
    #endif

    /// One request's key with swift-crypto alone: the definition the side by
    /// side derivation is held to.
    static func reference(_ request: Request, rounds: Int) -> [UInt8] {
        // Unchecked: the checked call refuses fewer rounds than a portal's,
        // which the tests use. It refuses nothing else we pass, so an error
        // here is a bug.
        let key = try! KDF.Insecure.PBKDF2.deriveKey(
            from: request.password, salt: request.salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }

    #if canImport(CCryptoBoringSSL)
        /// Whether this processor has the x86 SHA extensions, with which
        /// two chains' blocks are interleaved instruction by instruction
        /// (`CPortholeSHA256`) rather than taking turns at BoringSSL's block
        /// function, which checks the processor on every call.
        static let usesSHAExtensions = porthole_keys_available() != 0

        /// Whether this processor has AVX-512, whose registers hold a block
        /// of sixteen chains at once (`CPortholeSHA256`).
        static let usesWideLanes = porthole_keys_wide_available() != 0

        /// The keys of `requests`, derived on the calling thread: sixteen
        /// chains at a time in AVX-512's lanes while there are enough of them
        /// to fill its registers better than the other loops, the rest
        /// side by side.
        static func sideBySide(
            _ requests: [Request], rounds: Int, shaExtensions: Bool = usesSHAExtensions, wideLanes: Bool = usesWideLanes
        ) -> [[UInt8]] {
            let chains = Chains(requests)
            defer { chains.free() }
            var first = 0
            // Sixteen lanes take as long as one: the time the SHA extensions
            // take for about eight chains. Without them, BoringSSL's block is
            // several times slower still (not timed: every machine here has
            // them), so three chains are taken to fill enough lanes.
            let fewest = shaExtensions ? 8 : 3
            while wideLanes, chains.count - first >= fewest {
                let count = min(lanes, chains.count - first)
                chains.iterateWide(from: first, count: count, rounds: rounds)
                first += count
            }
            if shaExtensions {
                for start in stride(from: first, to: chains.count, by: 2) {
                    chains.iterate(from: start, count: min(2, chains.count - start), rounds: rounds)
                }
            } else if first < chains.count {
                for _ in 1..<max(1, rounds) {
                    // Every chain's inner block, then every chain's outer one:
                    // each waits only for its own chain's previous block.
                    for chain in first..<chains.count { chains.hashInner(chain) }
                    for chain in first..<chains.count { chains.hashOuter(chain) }
                }
            }
            return (0..<chains.count).map(chains.key)
        }

        /// Every chain's HMAC key states, next two blocks and running XOR of
        /// its `U`s, in memory of their own: the loop above runs 600,000
        /// times and touches nothing else.
        private struct Chains {
            let count: Int
            /// Per chain, SHA-256's state after the key ⊕ ipad block, then
            /// after the key ⊕ opad block.
            private let starts: UnsafeMutablePointer<SHA256_CTX>
            private let work: UnsafeMutablePointer<SHA256_CTX>
            /// Per chain, 128 bytes: the inner block (`U`, padded), then the
            /// outer block (the inner hash, padded).
            private let blocks: UnsafeMutablePointer<UInt8>
            /// Per chain, the XOR of every `U` so far: eight words whose
            /// big-endian bytes are the key's.
            private let sums: UnsafeMutablePointer<UInt32>
            /// The key states' words, every chain's inner one, then every
            /// chain's outer one, then every chain's last `U`: what the SHA
            /// extensions' loop reads, a pair of chains' next to each other.
            private let words: UnsafeMutablePointer<UInt32>

            /// A 32-byte message after the 64-byte key block: the 0x80 that
            /// ends it, and its length, 96 bytes, in bits (RFC 6234 §4.1).
            private static let padding: [UInt8] = [0x80] + [UInt8](repeating: 0, count: 29) + [0x03, 0x00]

            init(_ requests: [Request]) {
                count = requests.count
                starts = .allocate(capacity: 2 * count)
                starts.initialize(repeating: SHA256_CTX(), count: 2 * count)
                work = .allocate(capacity: count)
                work.initialize(repeating: SHA256_CTX(), count: count)
                blocks = .allocate(capacity: 128 * max(1, count))
                blocks.initialize(repeating: 0, count: 128 * max(1, count))
                sums = .allocate(capacity: 8 * max(1, count))
                sums.initialize(repeating: 0, count: 8 * max(1, count))
                words = .allocate(capacity: 24 * max(1, count))
                words.initialize(repeating: 0, count: 24 * max(1, count))
                for (chain, request) in requests.enumerated() {
                    // HMAC's key: hashed first when longer than a block (RFC 2104).
                    var key = request.password.count > 64 ? Array(SHA256.hash(data: request.password)) : request.password
                    key += [UInt8](repeating: 0, count: 64 - key.count)
                    for (index, pad) in [(2 * chain, UInt8(0x36)), (2 * chain + 1, UInt8(0x5C))] {
                        CCryptoBoringSSL_SHA256_Init(starts + index)
                        CCryptoBoringSSL_SHA256_Update(starts + index, key.map { $0 ^ pad }, 64)
                    }
                    let first = Array(
                        HMAC<SHA256>.authenticationCode(for: request.salt + [0, 0, 0, 1], using: SymmetricKey(data: request.password)))
                    let block = blocks + 128 * chain
                    for half in [block, block + 64] { (half + 32).update(from: Self.padding, count: 32) }
                    block.update(from: first, count: 32)
                    for word in 0..<8 {
                        let value = first[4 * word..<4 * word + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                        sums[8 * chain + word] = value
                        words[16 * count + 8 * chain + word] = value
                    }
                    // A state's `h` is eight contiguous words (a C array).
                    withUnsafeBytes(of: starts[2 * chain].h) {
                        UnsafeMutableRawPointer(words + 8 * chain).copyMemory(from: $0.baseAddress!, byteCount: 32)
                    }
                    withUnsafeBytes(of: starts[2 * chain + 1].h) {
                        UnsafeMutableRawPointer(words + 8 * count + 8 * chain).copyMemory(from: $0.baseAddress!, byteCount: 32)
                    }
                }
            }

            /// Iterations 2 through `rounds` of `count` chains (one or two)
            /// from `first`, with the SHA extensions.
            func iterate(from first: Int, count: Int, rounds: Int) {
                let inner = words + 8 * first
                porthole_keys_iterate(
                    inner, inner + 8 * self.count, inner + 16 * self.count, sums + 8 * first, Int32(count), UInt64(max(1, rounds)))
            }

            /// Iterations 2 through `rounds` of `count` chains (1 to 16) from
            /// `first`, in AVX-512's lanes.
            func iterateWide(from first: Int, count: Int, rounds: Int) {
                let inner = words + 8 * first
                porthole_keys_iterate_wide(
                    inner, inner + 8 * self.count, inner + 16 * self.count, sums + 8 * first, Int32(count), UInt64(max(1, rounds)))
            }

            /// This memory is cleared before it is freed (BoringSSL's
            /// `OPENSSL_cleanse`, which the compiler cannot drop): the key
            /// states stand for the password, and the sums are the keys. The
            /// padded key, `U1` and the keys returned are arrays, which
            /// Swift gives no way to clear, as the password itself is.
            func free() {
                CCryptoBoringSSL_OPENSSL_cleanse(starts, 2 * count * MemoryLayout<SHA256_CTX>.stride)
                CCryptoBoringSSL_OPENSSL_cleanse(work, count * MemoryLayout<SHA256_CTX>.stride)
                CCryptoBoringSSL_OPENSSL_cleanse(blocks, 128 * max(1, count))
                CCryptoBoringSSL_OPENSSL_cleanse(sums, 32 * max(1, count))
                CCryptoBoringSSL_OPENSSL_cleanse(words, 96 * max(1, count))
                starts.deallocate()
                work.deallocate()
                blocks.deallocate()
                sums.deallocate()
                words.deallocate()
            }

            /// The inner hash of the chain's `U`, into its outer block.
            @inline(__always)
            func hashInner(_ chain: Int) {
                work[chain].h = starts[2 * chain].h
                CCryptoBoringSSL_SHA256_Transform(work + chain, blocks + 128 * chain)
                Self.store(work[chain].h, at: UnsafeMutableRawPointer(blocks + 128 * chain + 64))
            }

            /// The chain's next `U`, into its inner block and its sum.
            @inline(__always)
            func hashOuter(_ chain: Int) {
                work[chain].h = starts[2 * chain + 1].h
                CCryptoBoringSSL_SHA256_Transform(work + chain, blocks + 128 * chain + 64)
                let h = work[chain].h
                Self.store(h, at: UnsafeMutableRawPointer(blocks + 128 * chain))
                let sum = sums + 8 * chain
                sum[0] ^= h.0
                sum[1] ^= h.1
                sum[2] ^= h.2
                sum[3] ^= h.3
                sum[4] ^= h.4
                sum[5] ^= h.5
                sum[6] ^= h.6
                sum[7] ^= h.7
            }

            /// A state's eight words as SHA-256's digest bytes (big-endian).
            @inline(__always)
            private static func store(
                _ h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32), at bytes: UnsafeMutableRawPointer
            ) {
                bytes.storeBytes(of: h.0.bigEndian, toByteOffset: 0, as: UInt32.self)
                bytes.storeBytes(of: h.1.bigEndian, toByteOffset: 4, as: UInt32.self)
                bytes.storeBytes(of: h.2.bigEndian, toByteOffset: 8, as: UInt32.self)
                bytes.storeBytes(of: h.3.bigEndian, toByteOffset: 12, as: UInt32.self)
                bytes.storeBytes(of: h.4.bigEndian, toByteOffset: 16, as: UInt32.self)
                bytes.storeBytes(of: h.5.bigEndian, toByteOffset: 20, as: UInt32.self)
                bytes.storeBytes(of: h.6.bigEndian, toByteOffset: 24, as: UInt32.self)
                bytes.storeBytes(of: h.7.bigEndian, toByteOffset: 28, as: UInt32.self)
            }

            /// The chain's sum as bytes: its key.
            func key(_ chain: Int) -> [UInt8] {
                (0..<8).flatMap { word in withUnsafeBytes(of: sums[8 * chain + word].bigEndian) { Array($0) } }
            }
        }
    #else
        static let usesSHAExtensions = false
        static let usesWideLanes = false

        static func sideBySide(_ requests: [Request], rounds: Int, shaExtensions: Bool = false, wideLanes: Bool = false) -> [[UInt8]] {
            requests.map { reference($0, rounds: rounds) }
        }
    #endif
}
