/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sign-or-hash: exit codes, messages and allocation helpers.
 */

#ifndef SIGN_OR_HASH_UTIL_H
#define SIGN_OR_HASH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host_types.h"

/*
 * Exit codes. Each says which kind of thing went wrong so that scripts can
 * tell a module that would not load from a missing file or a bad key.
 */
enum soh_exit {
	SOH_OK		= 0,
	SOH_REJECTED	= 1,	/* verify: a module would not load */
	SOH_USAGE	= 2,	/* bad command line */
	SOH_IO		= 3,	/* a file could not be read or written */
	SOH_FORMAT	= 4,	/* input is not a module or its trailer is malformed */
	SOH_CRYPTO	= 5,	/* key, certificate or OpenSSL failure */
	SOH_MISMATCH	= 6,	/* prove: the proof belongs to another module */
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

extern const char *soh_prog;

/*
 * __printf() is the kernel's; the Makefiles that build this tool define
 * it on the command line, as the host has no <linux/compiler.h>.
 */

void soh_err(const char *fmt, ...) __printf(1, 2);
void soh_err_errno(const char *fmt, ...) __printf(1, 2);
/* Prints the message and every queued OpenSSL error, then clears them. */
void soh_err_openssl(const char *fmt, ...) __printf(1, 2);

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __printf(1, 2);

/* Reads a whole (small) file: a key, a certificate, a root record. */
int read_small_file(const char *path, u8 **data, size_t *len);

/*
 * Reads a list of paths, one per line (blank lines ignored); the order of
 * the lines is kept.
 */
int read_path_list(const char *path, char ***paths, size_t *nr_paths);
void free_path_list(char **paths, size_t nr_paths);

/* SHA-256 of a buffer, through OpenSSL's fastest implementation. */
void sha256_buffer(const u8 *data, size_t len, u8 out[32]);

void hex_encode(const u8 *in, size_t len, char *out);
int hex_decode(const char *in, u8 *out, size_t len);

#endif /* SIGN_OR_HASH_UTIL_H */
