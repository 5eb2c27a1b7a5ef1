// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SHA-256 over whole modules, for the Merkle check and the blacklist
 * lookup of signed modules.
 */

#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/mutex.h>

#include "integrity.h"

/*
 * The crypto API picks the architecture's fastest SHA-256 (SHA-NI, AVX2,
 * ARMv8 CE); lib/crypto's sha256() is generic C on 6.12. The transform is
 * set up on first use, when modules start to arrive, and then shared:
 * a digest keeps its state on the caller's stack.
 */
static struct crypto_shash *mod_sha256_tfm(void)
{
	static struct crypto_shash *tfm;
	static DEFINE_MUTEX(tfm_lock);
	struct crypto_shash *t;

	/* Pairs with the release below: a seen pointer is fully set up. */
	t = smp_load_acquire(&tfm);
	if (t)
		return t;
	mutex_lock(&tfm_lock);
	if (!tfm) {
		t = crypto_alloc_shash("sha256", 0, 0);
		if (!IS_ERR(t)) {
			/* Publish only a complete transform to lockless readers. */
			smp_store_release(&tfm, t);
		}
	}
	t = tfm;
	mutex_unlock(&tfm_lock);
	return t;
}

/**
 * mod_sha256() - SHA-256 of a module image
 * @data: the bytes
 * @len: their length
 * @out: the digest
 *
 * Never fails: without a transform (no memory), the library is still
 * correct, only slower.
 */
void mod_sha256(const u8 *data, size_t len, u8 out[SHA256_DIGEST_SIZE])
{
	struct crypto_shash *tfm = mod_sha256_tfm();

	if (!tfm || crypto_shash_tfm_digest(tfm, data, len, out))
		sha256(data, len, out);
}
