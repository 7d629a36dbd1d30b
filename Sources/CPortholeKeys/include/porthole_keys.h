#ifndef PORTHOLE_KEYS_H
#define PORTHOLE_KEYS_H

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
#endif
