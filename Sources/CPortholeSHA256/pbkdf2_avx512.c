// PBKDF2-HMAC-SHA-256's iteration loop for up to sixteen chains at once, one
// chain in each 32-bit lane of AVX-512's registers (sha256_lanes.h).
//
// The SHA extensions compute one block at a time, fast, but a chain's next
// block waits for the one before; here sixteen chains' blocks go through
// each round together, and nothing waits. Only the message shapes PBKDF2
// needs occur: a 32-byte message after a 64-byte key block, so the second
// half of every block is constant padding.
#include "porthole_sha256.h"

#if defined(__x86_64__)
#include "sha256_lanes.h"

int porthole_keys_wide_available(void) { return sha256_lanes_available(); }

// One block per lane: from state `start`, over the message `m` (eight
// words) and the padding of a 96-byte message; the new state into `h`.
LANES_INLINE void block(const Lanes start[8], const Lanes m[8], Lanes h[8]) {
    Lanes w[16];
    for (int i = 0; i < 8; i++) w[i] = m[i];
    // After the 32-byte message: the 0x80 that ends it, then its length,
    // 96 bytes, in bits (RFC 6234 §4.1).
    w[8] = _mm512_set1_epi32((int)0x80000000);
    for (int i = 9; i < 15; i++) w[i] = _mm512_setzero_si512();
    w[15] = _mm512_set1_epi32(96 * 8);
    sha256_lanes_compress(start, w, h);
}

// Word `word` of every chain (eight words per chain) into one register's
// lanes; lanes past `chains` are zero and their results never read.
LANES_INLINE Lanes gather(const uint32_t *words, int word, int chains) {
    uint32_t lanes[16] __attribute__((aligned(64))) = {0};
    for (int j = 0; j < chains; j++) lanes[j] = words[8 * j + word];
    return _mm512_load_si512(lanes);
}

LANES_INLINE void scatter(Lanes value, uint32_t *words, int word, int chains) {
    uint32_t lanes[16] __attribute__((aligned(64)));
    _mm512_store_si512(lanes, value);
    for (int j = 0; j < chains; j++) words[8 * j + word] = lanes[j];
}

LANES_TARGET static void iterate_wide(
    const uint32_t *inner, const uint32_t *outer, uint32_t *u, uint32_t *sum, int chains, uint64_t rounds) {
    Lanes in[8], out[8], m[8], s[8], h[8];
    for (int i = 0; i < 8; i++) {
        in[i] = gather(inner, i, chains);
        out[i] = gather(outer, i, chains);
        m[i] = gather(u, i, chains);
        s[i] = gather(sum, i, chains);
    }
    for (uint64_t round = 1; round < rounds; round++) {
        block(in, m, h);
        block(out, h, m);
        for (int i = 0; i < 8; i++) s[i] = _mm512_xor_si512(s[i], m[i]);
    }
    for (int i = 0; i < 8; i++) {
        scatter(m[i], u, i, chains);
        scatter(s[i], sum, i, chains);
    }
}

void porthole_keys_iterate_wide(
    const uint32_t *inner, const uint32_t *outer, uint32_t *u, uint32_t *sum, int chains, uint64_t rounds) {
    if (chains < 1 || chains > 16 || !porthole_keys_wide_available()) return;
    iterate_wide(inner, outer, u, sum, chains, rounds);
}

#else

int porthole_keys_wide_available(void) { return 0; }

void porthole_keys_iterate_wide(
    const uint32_t *inner, const uint32_t *outer, uint32_t *u, uint32_t *sum, int chains, uint64_t rounds) {
    (void)inner, (void)outer, (void)u, (void)sum, (void)chains, (void)rounds;
}
#endif
