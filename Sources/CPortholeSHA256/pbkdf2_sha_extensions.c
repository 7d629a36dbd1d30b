// PBKDF2-HMAC-SHA-256's iteration loop with the x86 SHA extensions, two
// chains interleaved instruction by instruction.
//
// Each iteration of a 32-byte PBKDF2 key is two SHA-256 blocks (HMAC's inner
// and outer hash of the previous U), each depending on the one before, so a
// single chain leaves the SHA unit idle while each round's result is awaited;
// a second, independent chain's rounds fill those gaps. The block function
// follows Intel's published SHA extensions sequence (sha256rnds2 for two
// rounds, sha256msg1/sha256msg2 for the message schedule). Only the message
// shapes PBKDF2 needs occur here: a 32-byte message after a 64-byte key
// block, so the second half of every block is constant padding.
#include "porthole_sha256.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

#include "sha256_constants.h"

int porthole_keys_available(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    const int sha = (b >> 29) & 1;
    return ssse3 && sse41 && sha;
}

#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))
#define SHA_INLINE SHA_TARGET __attribute__((always_inline)) static inline

// State words H0..H7 to the instructions' layout: ABEF and CDGH.
SHA_INLINE void to_lanes(const uint32_t *h, __m128i *abef, __m128i *cdgh) {
    const __m128i low = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0xB1);
    const __m128i high = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(h + 4)), 0x1B);
    *abef = _mm_alignr_epi8(low, high, 8);
    *cdgh = _mm_blend_epi16(high, low, 0xF0);
}

// ABEF and CDGH back to H0..H3 and H4..H7, which are also the next block's
// first message words: the digest's big-endian words.
SHA_INLINE void to_words(__m128i abef, __m128i cdgh, __m128i *h0, __m128i *h4) {
    const __m128i feba = _mm_shuffle_epi32(abef, 0x1B), dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    *h0 = _mm_blend_epi16(feba, dchg, 0xF0);
    *h4 = _mm_alignr_epi8(dchg, feba, 8);
}

// Four rounds with message words `w`.
#define FOUR_ROUNDS(abef, cdgh, w, quad)                                             \
    do {                                                                             \
        __m128i wk = _mm_add_epi32((w), _mm_load_si128((const __m128i *)&SHA256_K[4 * (quad)])); \
        (cdgh) = _mm_sha256rnds2_epu32((cdgh), (abef), wk);                          \
        wk = _mm_shuffle_epi32(wk, 0x0E);                                            \
        (abef) = _mm_sha256rnds2_epu32((abef), (cdgh), wk);                          \
    } while (0)

// The next four message words into m0, from the sixteen before them.
#define SCHEDULE(m0, m1, m2, m3) \
    (m0) = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((m0), (m1)), _mm_alignr_epi8((m3), (m2), 4)), (m3))

// One SHA-256 block for each of `N` chains, interleaved: from `start` (in
// lanes) over the message h0, h4, then padding for a 96-byte message;
// h0 and h4 are replaced by the resulting state's words.
#define BLOCKS(N, start0, start1, h0, h4)                                                \
    do {                                                                                 \
        __m128i abef[N], cdgh[N], m[N][4];                                              \
        _Pragma("clang loop unroll(full)") for (int j = 0; j < (N); j++) {                                                  \
            abef[j] = start0[j];                                                         \
            cdgh[j] = start1[j];                                                         \
            m[j][0] = h0[j];                                                             \
            m[j][1] = h4[j];                                                             \
            m[j][2] = end_first;                                                         \
            m[j][3] = end_length;                                                        \
        }                                                                                \
        _Pragma("clang loop unroll(full)") for (int quad = 0; quad < 16; quad++) {                                          \
            _Pragma("clang loop unroll(full)") for (int j = 0; j < (N); j++) {                                              \
                if (quad >= 4)                                                           \
                    SCHEDULE(m[j][quad % 4], m[j][(quad + 1) % 4], m[j][(quad + 2) % 4], \
                             m[j][(quad + 3) % 4]);                                      \
                FOUR_ROUNDS(abef[j], cdgh[j], m[j][quad % 4], quad);                      \
            }                                                                            \
        }                                                                                \
        _Pragma("clang loop unroll(full)") for (int j = 0; j < (N); j++)                                                    \
            to_words(_mm_add_epi32(abef[j], start0[j]), _mm_add_epi32(cdgh[j], start1[j]), &h0[j], &h4[j]); \
    } while (0)

#define ITERATE(N)                                                                      \
    SHA_TARGET static void iterate_##N(const uint32_t *inner, const uint32_t *outer,   \
                                       uint32_t *u, uint32_t *sum, uint64_t rounds) {  \
        /* After the 32-byte message: the 0x80 that ends it, then its length,    */    \
        /* 96 bytes, in bits (RFC 6234 §4.1).                                    */    \
        const __m128i end_first = _mm_set_epi32(0, 0, 0, (int)0x80000000);             \
        const __m128i end_length = _mm_set_epi32(96 * 8, 0, 0, 0);                     \
        __m128i in0[N], in1[N], out0[N], out1[N], h0[N], h4[N], s0[N], s1[N];          \
        _Pragma("clang loop unroll(full)") for (int j = 0; j < (N); j++) {                                                 \
            to_lanes(inner + 8 * j, &in0[j], &in1[j]);                                  \
            to_lanes(outer + 8 * j, &out0[j], &out1[j]);                                \
            h0[j] = _mm_loadu_si128((const __m128i *)(u + 8 * j));                      \
            h4[j] = _mm_loadu_si128((const __m128i *)(u + 8 * j + 4));                  \
            s0[j] = _mm_loadu_si128((const __m128i *)(sum + 8 * j));                    \
            s1[j] = _mm_loadu_si128((const __m128i *)(sum + 8 * j + 4));                \
        }                                                                               \
        for (uint64_t round = 1; round < rounds; round++) {                             \
            BLOCKS(N, in0, in1, h0, h4);                                                \
            BLOCKS(N, out0, out1, h0, h4);                                              \
            _Pragma("clang loop unroll(full)") for (int j = 0; j < (N); j++) {                                             \
                s0[j] = _mm_xor_si128(s0[j], h0[j]);                                    \
                s1[j] = _mm_xor_si128(s1[j], h4[j]);                                    \
            }                                                                           \
        }                                                                               \
        _Pragma("clang loop unroll(full)") for (int j = 0; j < (N); j++) {                                                 \
            _mm_storeu_si128((__m128i *)(u + 8 * j), h0[j]);                            \
            _mm_storeu_si128((__m128i *)(u + 8 * j + 4), h4[j]);                        \
            _mm_storeu_si128((__m128i *)(sum + 8 * j), s0[j]);                          \
            _mm_storeu_si128((__m128i *)(sum + 8 * j + 4), s1[j]);                      \
        }                                                                               \
    }

ITERATE(1)
ITERATE(2)

void porthole_keys_iterate(
    const uint32_t *inner, const uint32_t *outer, uint32_t *u, uint32_t *sum, int chains, uint64_t rounds) {
    if (!porthole_keys_available()) return;
    if (chains == 2)
        iterate_2(inner, outer, u, sum, rounds);
    else if (chains == 1)
        iterate_1(inner, outer, u, sum, rounds);
}

#else

int porthole_keys_available(void) { return 0; }

void porthole_keys_iterate(
    const uint32_t *inner, const uint32_t *outer, uint32_t *u, uint32_t *sum, int chains, uint64_t rounds) {
    (void)inner, (void)outer, (void)u, (void)sum, (void)chains, (void)rounds;
}
#endif
