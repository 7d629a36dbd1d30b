// SHA-256's compression function (FIPS 180-4 §6.2.2) for sixteen blocks at
// once, one in each 32-bit lane of AVX-512's registers: each instruction
// advances sixteen independent hashes by the same step of the same round,
// so no instruction waits for the one before it as a single hash's do.
// Ch and Maj are one three-input logic instruction each, each Σ and σ
// three rotations or shifts and one.
#ifndef PORTHOLE_SHA256_LANES_H
#define PORTHOLE_SHA256_LANES_H

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include <stdint.h>

#include "sha256_constants.h"

#define LANES_TARGET __attribute__((target("avx512f,avx512bw")))
#define LANES_INLINE LANES_TARGET __attribute__((always_inline)) static inline

typedef __m512i Lanes;

// AVX-512's foundation and byte and word instructions, and a system that
// saves the registers across context switches: XCR0's SSE, AVX, opmask
// and both halves of the upper ZMM state.
static inline int sha256_lanes_check(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !((c >> 27) & 1)) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    const int avx512f = (b >> 16) & 1, avx512bw = (b >> 30) & 1;
    if (!avx512f || !avx512bw) return 0;
    unsigned int low, high;
    __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return (low & 0xE6) == 0xE6;
}

// The check, asked once (per file that includes this): each CPUID leaves a
// virtual machine for its host.
static inline int sha256_lanes_available(void) {
    static int known = -1;
    int available = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (available < 0) {
        available = sha256_lanes_check();
        __atomic_store_n(&known, available, __ATOMIC_RELAXED);
    }
    return available;
}

#define LANES_ROTATE(x, n) _mm512_ror_epi32((x), (n))

LANES_INLINE Lanes lanes_xor3(Lanes a, Lanes b, Lanes c) { return _mm512_ternarylogic_epi32(a, b, c, 0x96); }
LANES_INLINE Lanes lanes_add(Lanes a, Lanes b) { return _mm512_add_epi32(a, b); }

// One block per lane: the state after `start` takes the message words `w`
// (sixteen, each lane's own), into `h`. `w` is used as the schedule's
// working space.
LANES_INLINE void sha256_lanes_compress(const Lanes start[8], Lanes w[16], Lanes h[8]) {
    Lanes a = start[0], b = start[1], c = start[2], d = start[3];
    Lanes e = start[4], f = start[5], g = start[6], k = start[7];
#pragma clang loop unroll(full)
    for (int t = 0; t < 64; t++) {
        Lanes wt;
        if (t < 16) {
            wt = w[t];
        } else {
            const Lanes w2 = w[(t - 2) & 15], w15 = w[(t - 15) & 15];
            const Lanes s1 = lanes_xor3(LANES_ROTATE(w2, 17), LANES_ROTATE(w2, 19), _mm512_srli_epi32(w2, 10));
            const Lanes s0 = lanes_xor3(LANES_ROTATE(w15, 7), LANES_ROTATE(w15, 18), _mm512_srli_epi32(w15, 3));
            wt = lanes_add(lanes_add(s1, w[(t - 7) & 15]), lanes_add(s0, w[(t - 16) & 15]));
            w[t & 15] = wt;
        }
        const Lanes ch = _mm512_ternarylogic_epi32(e, f, g, 0xCA);
        const Lanes maj = _mm512_ternarylogic_epi32(a, b, c, 0xE8);
        const Lanes t1 = lanes_add(lanes_add(k, lanes_xor3(LANES_ROTATE(e, 6), LANES_ROTATE(e, 11), LANES_ROTATE(e, 25))),
                                   lanes_add(ch, lanes_add(wt, _mm512_set1_epi32((int)SHA256_K[t]))));
        const Lanes t2 = lanes_add(lanes_xor3(LANES_ROTATE(a, 2), LANES_ROTATE(a, 13), LANES_ROTATE(a, 22)), maj);
        k = g;
        g = f;
        f = e;
        e = lanes_add(d, t1);
        d = c;
        c = b;
        b = a;
        a = lanes_add(t1, t2);
    }
    h[0] = lanes_add(a, start[0]);
    h[1] = lanes_add(b, start[1]);
    h[2] = lanes_add(c, start[2]);
    h[3] = lanes_add(d, start[3]);
    h[4] = lanes_add(e, start[4]);
    h[5] = lanes_add(f, start[5]);
    h[6] = lanes_add(g, start[6]);
    h[7] = lanes_add(k, start[7]);
}
#endif
#endif
