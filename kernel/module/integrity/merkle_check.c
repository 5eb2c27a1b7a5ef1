// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The PKEY_ID_MERKLE check: is this module one of the modules this
 * kernel was built with? One SHA-256 over the module and a path of node
 * hashes up to the root record linked into vmlinux.
 */

#include <linux/compiler.h>

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
	mod_sha256(body, body_len, digest);
	return mod_merkle_verify(&proof, digest, root);
}

enum mod_check_status mod_merkle_check(const u8 *body, size_t body_len,
				       const u8 *payload, size_t payload_len)
{
	return mod_merkle_check_against(body, body_len, payload, payload_len,
					mod_merkle_kernel_root());
}
