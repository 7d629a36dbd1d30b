#include "cmark_arena.h"

#include <cmark.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// A note's tree is thousands of small nodes and buffers, each allocated,
// then freed one by one when the tree goes (cmark_node_free walks it). The
// tree lives exactly as long as one `CmarkDocument`, so its memory is taken
// from a bump arena instead, and the whole arena is released when the
// thread's last document is done.

// A chunk's blocks follow its 16 bytes of header, as aligned as malloc's.
typedef struct chunk {
    struct chunk *next;
    size_t capacity;
} chunk;

// Every allocation is preceded by its size, for `realloc`; 16 bytes keep
// the payload aligned as malloc's is.
enum { header = 16, first_capacity = 64 * 1024 };

typedef struct arena {
    chunk *chunks;
    char *next;
    size_t left;
    // The allocation that ended at `next`, which `realloc` may grow in place.
    char *last;
    int open_documents;
} arena;

static _Thread_local arena local;

// The room an allocation of `size` takes: its header, rounded up to 16.
static size_t block_size(size_t size) { return (size + header + 15) & ~(size_t)15; }

static void *take(size_t size) {
    if (size > SIZE_MAX - 2 * header) return NULL;
    size_t needed = block_size(size);
    if (needed > local.left) {
        size_t capacity = needed > first_capacity ? needed : first_capacity;
        chunk *fresh = malloc(sizeof(chunk) + capacity);
        if (fresh == NULL) return NULL;
        fresh->next = local.chunks;
        fresh->capacity = capacity;
        local.chunks = fresh;
        local.next = (char *)(fresh + 1);
        local.left = capacity;
    }
    char *block = local.next;
    local.next += needed;
    local.left -= needed;
    *(size_t *)block = size;
    local.last = block + header;
    return local.last;
}

static void *arena_calloc(size_t count, size_t size) {
    if (size != 0 && count > SIZE_MAX / size) return NULL;
    void *memory = take(count * size);
    if (memory != NULL) memset(memory, 0, count * size);
    return memory;
}

static void *arena_realloc(void *old, size_t size) {
    if (old == NULL) return take(size);
    size_t *old_size = (size_t *)((char *)old - header);
    // The newest allocation grows where it is when the chunk has room.
    if (old == local.last && size <= SIZE_MAX - 2 * header) {
        size_t had = block_size(*old_size);
        size_t needed = block_size(size);
        if (needed <= had) {
            *old_size = size;
            return old;
        }
        if (needed - had <= local.left) {
            local.next += needed - had;
            local.left -= needed - had;
            *old_size = size;
            return old;
        }
    }
    void *memory = take(size);
    if (memory != NULL) memcpy(memory, old, *old_size < size ? *old_size : size);
    return memory;
}

static void arena_free(void *memory) { (void)memory; }

static cmark_mem allocator = {arena_calloc, arena_realloc, arena_free};

void *porthole_cmark_arena_enter(void) {
    local.open_documents += 1;
    return &allocator;
}

void porthole_cmark_arena_leave(void) {
    if (--local.open_documents > 0) return;
    // All but the first chunk go back to malloc; the first, if it is of the
    // usual size, is kept for the thread's next note.
    chunk *kept = NULL;
    while (local.chunks != NULL) {
        chunk *next = local.chunks->next;
        if (next == NULL && local.chunks->capacity == first_capacity) {
            kept = local.chunks;
        } else {
            free(local.chunks);
        }
        local.chunks = next;
    }
    local.chunks = kept;
    local.next = kept ? (char *)(kept + 1) : NULL;
    local.left = kept ? kept->capacity : 0;
    local.last = NULL;
}
