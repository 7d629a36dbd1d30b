// SHA-256 of many messages, sixteen at a time, one in each 32-bit lane of
// AVX-512's registers (sha256_lanes.h), for the hashes of every file a
// build writes.
//
// Each step loads the next block of each lane's message as sixteen rows,
// puts its words in big-endian order, and transposes the sixteen-by-sixteen
// words so that register t holds word t of every lane. A lane whose message
// is done (its padding hashed) gives its digest and takes the next message,
// so lanes stay full while messages are left: given the longest first, the
// lanes finish at about the same time.
#include "porthole_sha256.h"

#if defined(__x86_64__)
#include <string.h>

#include "sha256_lanes.h"

int porthole_sha256_many_available(void) { return sha256_lanes_available(); }

static const uint32_t initial[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

// One message: its whole blocks where they are, then the bytes after them
// with the padding (FIPS 180-4 §5.1.1: 0x80, zeros, the length in bits),
// one or two blocks.
typedef struct {
    const uint8_t *bytes;
    uint64_t whole;
    uint64_t blocks;
    uint8_t tail[128];
} Message;

static void prepare(Message *message, const uint8_t *bytes, size_t length) {
    const size_t rest = length % 64;
    message->bytes = bytes;
    message->whole = length / 64;
    memset(message->tail, 0, sizeof message->tail);
    if (rest > 0) memcpy(message->tail, bytes + 64 * message->whole, rest);
    message->tail[rest] = 0x80;
    const uint64_t padding = rest + 9 <= 64 ? 1 : 2;
    const uint64_t bits = (uint64_t)length * 8;
    for (int i = 0; i < 8; i++) message->tail[64 * padding - 1 - i] = (uint8_t)(bits >> (8 * i));
    message->blocks = message->whole + padding;
}

// Rows (one message's sixteen words each) to columns (one word of every
// message each): 4-by-4 transposes of words inside each 128-bit part, then
// of the 128-bit parts.
LANES_INLINE void transpose(Lanes r[16]) {
    Lanes t[16], u[16];
    for (int i = 0; i < 16; i += 2) {
        t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
    }
    // u[4g + j], part k: word 4k + j of messages 4g to 4g + 3.
    for (int i = 0; i < 16; i += 4) {
        u[i] = _mm512_unpacklo_epi64(t[i], t[i + 2]);
        u[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]);
        u[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]);
        u[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3]);
    }
    for (int j = 0; j < 4; j++) {
        const Lanes low0 = _mm512_shuffle_i32x4(u[j], u[4 + j], 0x44), high0 = _mm512_shuffle_i32x4(u[j], u[4 + j], 0xEE);
        const Lanes low1 = _mm512_shuffle_i32x4(u[8 + j], u[12 + j], 0x44), high1 = _mm512_shuffle_i32x4(u[8 + j], u[12 + j], 0xEE);
        r[j] = _mm512_shuffle_i32x4(low0, low1, 0x88);
        r[4 + j] = _mm512_shuffle_i32x4(low0, low1, 0xDD);
        r[8 + j] = _mm512_shuffle_i32x4(high0, high1, 0x88);
        r[12 + j] = _mm512_shuffle_i32x4(high0, high1, 0xDD);
    }
}

static void put_digest(const uint32_t words[8][16], int lane, uint8_t *out) {
    for (int i = 0; i < 8; i++) {
        const uint32_t word = words[i][lane];
        out[4 * i] = (uint8_t)(word >> 24);
        out[4 * i + 1] = (uint8_t)(word >> 16);
        out[4 * i + 2] = (uint8_t)(word >> 8);
        out[4 * i + 3] = (uint8_t)word;
    }
}

LANES_TARGET static void hash_lanes(const uint8_t *const *messages, const size_t *lengths, size_t count, uint8_t *digests) {
    Message lanes[16];
    size_t taken[16];
    uint64_t done[16];
    size_t next = 0;
    __mmask16 busy = 0;
    Lanes start[8], state[8];
    for (int i = 0; i < 8; i++) start[i] = state[i] = _mm512_set1_epi32((int)initial[i]);
    for (int l = 0; l < 16 && next < count; l++, next++) {
        prepare(&lanes[l], messages[next], lengths[next]);
        taken[l] = next;
        done[l] = 0;
        busy |= (__mmask16)(1u << l);
    }
    static const uint8_t none[64] __attribute__((aligned(64))) = {0};
    // Each 32-bit word's bytes reversed: the message's words are big-endian.
    const Lanes swap = _mm512_set4_epi32(0x0c0d0e0f, 0x08090a0b, 0x04050607, 0x00010203);
    while (busy) {
        Lanes w[16];
        __mmask16 finished = 0;
        for (int l = 0; l < 16; l++) {
            const uint8_t *block = none;
            if (busy & (1u << l)) {
                const Message *m = &lanes[l];
                block = done[l] < m->whole ? m->bytes + 64 * done[l] : m->tail + 64 * (done[l] - m->whole);
                if (++done[l] == m->blocks) finished |= (__mmask16)(1u << l);
            }
            w[l] = _mm512_shuffle_epi8(_mm512_loadu_si512(block), swap);
        }
        transpose(w);
        Lanes after[8];
        sha256_lanes_compress(state, w, after);
        for (int i = 0; i < 8; i++) state[i] = _mm512_mask_mov_epi32(state[i], busy, after[i]);
        if (!finished) continue;
        uint32_t words[8][16] __attribute__((aligned(64)));
        for (int i = 0; i < 8; i++) _mm512_store_si512(words[i], state[i]);
        for (int l = 0; l < 16; l++) {
            if (!(finished & (1u << l))) continue;
            put_digest(words, l, digests + 32 * taken[l]);
            if (next < count) {
                prepare(&lanes[l], messages[next], lengths[next]);
                taken[l] = next++;
                done[l] = 0;
            } else {
                busy &= (__mmask16)~(1u << l);
            }
        }
        for (int i = 0; i < 8; i++) state[i] = _mm512_mask_mov_epi32(state[i], finished, start[i]);
    }
}

void porthole_sha256_many(const uint8_t *const *messages, const size_t *lengths, size_t count, uint8_t *digests) {
    if (count == 0 || !porthole_sha256_many_available()) return;
    hash_lanes(messages, lengths, count, digests);
}

#else

int porthole_sha256_many_available(void) { return 0; }

void porthole_sha256_many(const uint8_t *const *messages, const size_t *lengths, size_t count, uint8_t *digests) {
    (void)messages, (void)lengths, (void)count, (void)digests;
}
#endif
