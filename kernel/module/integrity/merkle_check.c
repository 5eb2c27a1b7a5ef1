// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The PKEY_ID_MERKLE check: is this module one of the modules this
 * kernel was built with? One SHA-256 over the module and a path of node
 * hashes up to the root record linked into vmlinux.
 */

#include <crypto/hash.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/mutex.h>

#include "integrity.h"

/*
 * The root record is filled into vmlinux after the link, so the compiler
 * must never assume it knows the placeholder's contents.
 */
static const struct module_hashes_root *mod_merkle_kernel_root(void)
{
	const struct module_hashes_root *root = &module_hashes_root;

	OPTIMIZER_HIDE_VAR(root);
	return root;
}

/*
 * The crypto API picks the architecture's fastest SHA-256 (SHA-NI, AVX2,
 * ARMv8 CE); lib/crypto's sha256() is generic C on 6.12. The transform is
 * set up on first use, when modules start to arrive.
 */
static struct crypto_shash *mod_merkle_tfm(void)
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

static void mod_merkle_digest(const u8 *body, size_t body_len,
			      u8 out[MODULE_HASHES_DIGEST_SIZE])
{
	struct crypto_shash *tfm = mod_merkle_tfm();

	/* Without a transform (no memory), the library is still correct. */
	if (!tfm || crypto_shash_tfm_digest(tfm, body, body_len, out))
		sha256(body, body_len, out);
}

/**
 * mod_merkle_check_against() - check a proof against a given root
 * @body: the module without its trailer
 * @body_len: its length
 * @payload: the PKEY_ID_MERKLE payload
 * @payload_len: its length
 * @root: the root record to check against
 *
 * Return: MOD_CHECK_OK or why not.
 */
enum mod_check_status
mod_merkle_check_against(const u8 *body, size_t body_len, const u8 *payload,
			 size_t payload_len,
			 const struct module_hashes_root *root)
{
	u8 digest[MODULE_HASHES_DIGEST_SIZE];
	struct mod_merkle_proof proof;
	enum mod_check_status status;

	status = mod_merkle_parse(payload, payload_len, &proof);
	if (status != MOD_CHECK_OK)
		return status;
	/* A placeholder root matches nothing: do not hash for nothing. */
	status = mod_merkle_check_root(root);
	if (status != MOD_CHECK_OK)
		return status;
	mod_merkle_digest(body, body_len, digest);
	return mod_merkle_verify(&proof, digest, root);
}

enum mod_check_status mod_merkle_check(const u8 *body, size_t body_len,
				       const u8 *payload, size_t payload_len)
{
	return mod_merkle_check_against(body, body_len, payload, payload_len,
					mod_merkle_kernel_root());
}
