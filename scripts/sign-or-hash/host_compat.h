/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Lets the kernel's shared module integrity code (kernel/module/integrity/
 * core.h) build unchanged on the host: kernel integer types, unaligned
 * big-endian loads and the lib/crypto SHA-256 interface on top of
 * OpenSSL.
 */

#ifndef SIGN_OR_HASH_HOST_COMPAT_H
#define SIGN_OR_HASH_HOST_COMPAT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <linux/hash_info.h>
#include <linux/types.h>
#include <openssl/sha.h>

#include "host_types.h"

#include <linux/module_hashes.h>
#include <linux/module_signature.h>

static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline u32 be32_to_cpu(__be32 v)
{
	return get_unaligned_be32(&v);
}

static inline void put_unaligned_be32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

#define SHA256_DIGEST_SIZE	32

/*
 * SHA256_Init() and friends are deprecated in OpenSSL 3, but they need no
 * allocation and cannot fail, exactly like the kernel's library interface.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

struct sha256_state {
	SHA256_CTX ctx;
};

static inline void sha256_init(struct sha256_state *state)
{
	SHA256_Init(&state->ctx);
}

static inline void sha256_update(struct sha256_state *state, const u8 *data,
				 unsigned int len)
{
	SHA256_Update(&state->ctx, data, len);
}

static inline void sha256_final(struct sha256_state *state, u8 *out)
{
	SHA256_Final(out, &state->ctx);
}

#pragma GCC diagnostic pop

#endif /* SIGN_OR_HASH_HOST_COMPAT_H */
