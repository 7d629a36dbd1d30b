#ifndef PORTHOLE_SYSTEM_H
#define PORTHOLE_SYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE), so a
/// published folder is never missing, not even for an instant. Returns 0 on
/// success, -1 with errno set otherwise (EINVAL/ENOSYS where unsupported).
int porthole_exchange_paths(const char *a, const char *b);



/// Flushes the whole file system holding `path` to disk in one call
/// (Linux syncfs; sync() elsewhere): durability once, before the swap.
int porthole_sync_filesystem(const char *path);

/// The running program's GNU build ID (the `.note.gnu.build-id` the linker
/// computes from the linked bytes), as lowercase hex in `out` (NUL-ended).
/// Returns its length in hex digits, or 0 when the program has none (or
/// `out` is too small) or the platform has no `dl_iterate_phdr`.
int porthole_build_id(char *out, int capacity);

/// An unnamed file in the folder `folder` (Linux O_TMPFILE), open for
/// writing with permissions `mode`: a process killed before it is linked
/// leaves nothing behind. Returns the descriptor, or -1 with errno set
/// (EOPNOTSUPP, EISDIR or EINVAL where the file system or system has none).
int porthole_open_unnamed(const char *folder, unsigned int mode);

/// Gives the unnamed file `fd` the name `path`; fails with EEXIST when the
/// name is taken (link(2) never replaces). Returns 0 or -1 with errno set.
int porthole_name_unnamed(int fd, const char *path);
#endif
