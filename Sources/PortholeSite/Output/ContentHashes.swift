import Crypto

#if canImport(CPortholeSHA256)
    import CPortholeSHA256
#endif

/// The hashes the manifest records (`BuildManifest.hash`) for many files at
/// once: a client's pages, as the disk sink writes them.
///
/// Where the processor has AVX-512, sixteen files are hashed side by side,
/// one in each lane of its registers (`CPortholeSHA256`), the longest first,
/// each lane taking the next file when its own is done: about one and a
/// half times what swift-crypto's SHA-256 does one file after another with
/// the x86 SHA extensions (docs/performance.md). Written by hand because no
/// library here hashes several messages at once; the tests hold every hash
/// equal to `BuildManifest.hash` of the same bytes.
enum ContentHashes {
    static let sideBySide: Bool = {
        #if canImport(CPortholeSHA256)
            porthole_sha256_many_available() != 0
        #else
            false
        #endif
    }()

    /// `BuildManifest.hash` of each, in order.
    static func of(_ contents: [[UInt8]], sideBySide: Bool = sideBySide) -> [String] {
        #if canImport(CPortholeSHA256)
            let total = contents.reduce(0) { $0 + $1.count }
            guard sideBySide, contents.count > 1, total > 0 else { return contents.map(BuildManifest.hash) }
            let longestFirst = contents.indices.sorted { contents[$0].count > contents[$1].count }
            // One buffer, so that every file's address holds at once.
            var joined = [UInt8]()
            joined.reserveCapacity(total)
            var offsets: [Int] = []
            offsets.reserveCapacity(contents.count)
            for index in longestFirst {
                offsets.append(joined.count)
                joined += contents[index]
            }
            var digests = [UInt8](repeating: 0, count: 32 * contents.count)
            joined.withUnsafeBufferPointer { bytes in
                let messages = offsets.map { Optional(bytes.baseAddress! + $0) }
                porthole_sha256_many(messages, longestFirst.map { contents[$0].count }, contents.count, &digests)
            }
            var hashes = [String](repeating: "", count: contents.count)
            digests.withUnsafeBytes { digests in
                for (position, index) in longestFirst.enumerated() {
                    hashes[index] = UnsafeRawBufferPointer(rebasing: digests[32 * position..<32 * position + 16]).hex
                }
            }
            return hashes
        #else
            return contents.map(BuildManifest.hash)
        #endif
    }
}
