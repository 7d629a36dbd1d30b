#ifndef PORTHOLE_CMARK_ARENA_H
#define PORTHOLE_CMARK_ARENA_H

/// libcmark's allocator for the documents of the calling thread: memory is
/// handed out from a per-thread arena and never freed one block at a time;
/// everything is released together when the thread's last open document is
/// done. Each `enter` is paired with one `leave` on the same thread, and no
/// pointer into a document (node, literal, rendered text) is used after the
/// `leave` that ends it. Returns a `cmark_mem *` (as `void *`: this header
/// does not include cmark.h, which the CCmark module already brings).
void *porthole_cmark_arena_enter(void);
void porthole_cmark_arena_leave(void);

#endif
