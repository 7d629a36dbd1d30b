#define _GNU_SOURCE
#include <string.h>
#include "porthole_system.h"

#if defined(__linux__)
#include <elf.h>
#include <link.h>

struct found {
    const unsigned char *bytes;
    size_t size;
};

// The first object dl_iterate_phdr reports is the program itself; its
// PT_NOTE segments hold the build ID note (type NT_GNU_BUILD_ID, owner "GNU").
static int find_build_id(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct found *found = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[i];
        if (header->p_type != PT_NOTE) continue;
        const unsigned char *note = (const unsigned char *)(info->dlpi_addr + header->p_vaddr);
        const unsigned char *end = note + header->p_memsz;
        while (note + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *entry = (const ElfW(Nhdr) *)note;
            const unsigned char *name = note + sizeof(ElfW(Nhdr));
            const unsigned char *desc = name + ((entry->n_namesz + 3) & ~3u);
            const unsigned char *next = desc + ((entry->n_descsz + 3) & ~3u);
            if (next > end) break;
            if (entry->n_type == NT_GNU_BUILD_ID && entry->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
                found->bytes = desc;
                found->size = entry->n_descsz;
                return 1;
            }
            note = next;
        }
    }
    return 1;  // only the program itself is looked at
}

int porthole_build_id(char *out, int capacity) {
    struct found found = {0, 0};
    dl_iterate_phdr(find_build_id, &found);
    if (found.bytes == 0 || found.size == 0 || (int)(2 * found.size + 1) > capacity) return 0;
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < found.size; i++) {
        out[2 * i] = digits[found.bytes[i] >> 4];
        out[2 * i + 1] = digits[found.bytes[i] & 15];
    }
    out[2 * found.size] = 0;
    return (int)(2 * found.size);
}
#else
int porthole_build_id(char *out, int capacity) {
    (void)out;
    (void)capacity;
    return 0;
}
#endif
