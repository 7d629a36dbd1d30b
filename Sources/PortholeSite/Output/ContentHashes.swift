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

    /// Each file with its bytes and their hash, in order.
    static func hashed(_ files: [OutputFile]) -> [(file: OutputFile, bytes: [UInt8], hash: String)] {
        let contents = files.map(\.bytes)
        return zip(files, zip(contents, of(contents))).map { ($0, $1.0, $1.1) }
    }

    /// `BuildManifest.hash` of each, in order.
    static func of(_ contents: [[UInt8]], sideBySide: Bool = sideBySide) -> [String] {
        #if canImport(CPortholeSHA256)
            guard sideBySide, contents.count > 1 else { return contents.map(BuildManifest.hash) }
            let longestFirst = contents.indices.sorted { contents[$0].count > contents[$1].count }
            var digests = [UInt8](repeating: 0, count: 32 * contents.count)
            // Up to 256 files at a time (a 200-client site's client has about
            // 210): every file's address must hold while C reads them, each
            // one held is a frame on the stack, and each call's last files
            // leave lanes empty.
            for start in stride(from: 0, to: longestFirst.count, by: 256) {
                let chunk = longestFirst[start..<min(start + 256, longestFirst.count)]
                var messages: [UnsafePointer<UInt8>?] = []
                messages.reserveCapacity(chunk.count)
                withBaseAddresses(of: chunk.map { contents[$0] }[...], &messages) { messages in
                    digests.withUnsafeMutableBufferPointer { digests in
                        porthole_sha256_many(messages, chunk.map { contents[$0].count }, chunk.count, digests.baseAddress! + 32 * start)
                    }
                }
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

    /// `body` with `addresses` and the address of each array's bytes after
    /// them, all valid at once.
    private static func withBaseAddresses(
        of arrays: ArraySlice<[UInt8]>, _ addresses: inout [UnsafePointer<UInt8>?], _ body: ([UnsafePointer<UInt8>?]) -> Void
    ) {
        guard let first = arrays.first else { return body(addresses) }
        first.withUnsafeBufferPointer { bytes in
            addresses.append(bytes.baseAddress)
            withBaseAddresses(of: arrays.dropFirst(), &addresses, body)
        }
    }
}
