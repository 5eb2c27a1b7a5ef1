/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sign-or-hash: reading modules (plain or compressed) and writing them
 * back safely.
 */

#ifndef SIGN_OR_HASH_MODFILE_H
#define SIGN_OR_HASH_MODFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host_types.h"

enum mod_compression {
	MOD_COMP_NONE,
	MOD_COMP_XZ,
	MOD_COMP_ZSTD,
	MOD_COMP_GZIP,
};

/**
 * struct modfile - a module file in memory, decompressed
 * @path: the file it was read from
 * @data: the decompressed bytes, trailer included
 * @len: length of @data
 * @comp: how the file on disk is compressed
 */
struct modfile {
	const char *path;
	u8 *data;
	size_t len;
	enum mod_compression comp;
	bool mapped;
};

/*
 * Reads @path, decompressing it by its magic bytes. Returns SOH_OK or an
 * exit code after printing why.
 */
int modfile_read(const char *path, struct modfile *mf);
void modfile_free(struct modfile *mf);
const char *mod_compression_name(enum mod_compression comp);
/* The compression of data that starts with @p, by its magic bytes. */
enum mod_compression mod_compression_detect(const u8 *p, size_t len);

/**
 * struct out_chunk - one piece of the bytes to write
 */
struct out_chunk {
	const void *data;
	size_t len;
};

/*
 * Writes the concatenation of @chunks to @dest, compressed with @comp, by
 * way of a temporary file in the same folder that is renamed into place
 * only once it is complete and flushed: on any error @dest is untouched
 * and the temporary file is removed. A new file gets the mode of @mode_from
 * when given (the module it replaces), 0644 otherwise. Returns SOH_OK or
 * SOH_IO after printing why.
 */
int write_file_atomic(const char *dest, const struct out_chunk *chunks,
		      unsigned int nr_chunks, enum mod_compression comp,
		      const char *mode_from);

/*
 * The same without fsync(): for build products that the next build makes
 * again, where thousands of flushes would cost more than all the hashing.
 * The rename still guarantees a reader sees the old or the new file whole.
 */
#define WRITE_NO_SYNC	0x1
int write_file_atomic_flags(const char *dest, const struct out_chunk *chunks,
			    unsigned int nr_chunks, enum mod_compression comp,
			    const char *mode_from, unsigned int flags);

/*
 * Finds where the module proper ends: before its trailer if it has one.
 * Returns SOH_OK, or SOH_FORMAT after printing why when the trailer is too
 * broken to tell.
 */
int modfile_body(const struct modfile *mf, size_t *body_len);

/*
 * Writes the first @body_len bytes of @mf followed by a trailer of type
 * @id_type around @payload to @dest (atomically, in @mf's compression).
 * Any trailer @mf had is replaced, never stacked, because only the body is
 * copied.
 */
int modfile_write_with_trailer(const struct modfile *mf, size_t body_len,
			       const char *dest, u8 id_type,
			       const u8 *payload, size_t payload_len);
#endif /* SIGN_OR_HASH_MODFILE_H */
