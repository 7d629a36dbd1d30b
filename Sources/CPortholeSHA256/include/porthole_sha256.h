#ifndef PORTHOLE_SHA256_H
#define PORTHOLE_SHA256_H

#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the x86 SHA extensions (with SSSE3 and
/// SSE4.1) that `porthole_keys_iterate` needs; always 0 off x86-64.
int porthole_keys_available(void);

/// PBKDF2-HMAC-SHA-256's iterations 2 through `rounds` (RFC 8018 §5.2) for
/// `chains` chains (1 or 2) side by side, their blocks interleaved
/// instruction by instruction, so that one chain's rounds run while the
/// other's wait.
///
/// Per chain `j`, eight 32-bit words each, at offset 8 * j: `inner` and
/// `outer`, SHA-256's state after HMAC's key ⊕ ipad and key ⊕ opad blocks;
/// `u`, the chain's U1 as SHA-256 state words (the digest's big-endian
/// words), replaced by its last U; `sum`, U1 on entry, replaced by the XOR
/// of every U: the derived key's words. Does nothing where
/// `porthole_keys_available` is 0.
void porthole_keys_iterate(
    const uint32_t *inner, const uint32_t *outer, uint32_t *u, uint32_t *sum, int chains, uint64_t rounds);

/// Whether this processor and system have AVX-512 (its foundation), which
/// `porthole_keys_iterate_wide` needs; always 0 off x86-64.
int porthole_keys_wide_available(void);

/// The same iterations as `porthole_keys_iterate`, in the same layout, for
/// `chains` chains (1 to 16) at once, one in each lane of AVX-512's
/// registers: sixteen cost the time of one, so this pays from about eight
/// chains on where the SHA extensions are (docs/performance.md, "Password
/// portals"). Does nothing where `porthole_keys_wide_available` is 0.
void porthole_keys_iterate_wide(
    const uint32_t *inner, const uint32_t *outer, uint32_t *u, uint32_t *sum, int chains, uint64_t rounds);

/// Whether `porthole_sha256_many` can run here: AVX-512's foundation and
/// byte and word instructions; always 0 off x86-64.
int porthole_sha256_many_available(void);

/// The SHA-256 digests of `count` messages, sixteen at a time in AVX-512's
/// lanes: `messages[i]`, `lengths[i]` bytes long, into the 32 bytes at
/// `digests + 32 * i`. A lane whose message is done takes the next one, so
/// messages given longest first keep the lanes busy to the end. Does
/// nothing where `porthole_sha256_many_available` is 0.
void porthole_sha256_many(const uint8_t *const *messages, const size_t *lengths, size_t count, uint8_t *digests);
#endif
