/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the module integrity KUnit suites: module images with
 * a trailer, and a second, deliberately naive Merkle tree to check the
 * kernel's verifier against.
 */

#ifndef _KERNEL_MODULE_INTEGRITY_TESTS_INTEGRITY_KUNIT_H
#define _KERNEL_MODULE_INTEGRITY_TESTS_INTEGRITY_KUNIT_H

#include <kunit/test.h>

#include "../integrity.h"

#define MOD_KUNIT_DS		MODULE_HASHES_DIGEST_SIZE
#define MOD_KUNIT_MAGIC_LEN	(sizeof(MODULE_SIG_STRING) - 1)
#define MOD_KUNIT_PROOF_HDR	sizeof(struct module_hashes_proof)
/* Room for a proof one digest longer than any valid one. */
#define MOD_KUNIT_PROOF_MAX	\
	(MOD_KUNIT_PROOF_HDR + (MODULE_HASHES_MAX_PATH + 1) * MOD_KUNIT_DS)

/**
 * struct mod_kunit_image - a module image as the loader receives it
 * @buf: body, payload, struct module_signature, magic
 * @len: length of @buf
 * @body_len: length of the body at the start of @buf
 * @payload_len: length of the payload right after the body
 */
struct mod_kunit_image {
	u8 *buf;
	size_t len;
	size_t body_len;
	size_t payload_len;
};

void mod_kunit_image(struct kunit *test, struct mod_kunit_image *im,
		     const u8 *body, size_t body_len, const u8 *payload,
		     size_t payload_len, u8 id_type);
void mod_kunit_body(u8 *body, size_t len, unsigned int seed);

/* Offset of struct module_signature in @im. */
static inline size_t mod_kunit_sig_off(const struct mod_kunit_image *im)
{
	return im->len - MOD_KUNIT_MAGIC_LEN - sizeof(struct module_signature);
}

void mod_kunit_ref_leaf(const u8 *digest, u8 *out);
void mod_kunit_ref_mth(const u8 *digests, u32 n, u8 *out);
unsigned int mod_kunit_ref_path(const u8 *digests, u32 n, u32 m, u8 *path);
size_t mod_kunit_proof(u8 *buf, u32 index, u32 size, const u8 *path,
		       unsigned int path_len);
void mod_kunit_root(struct module_hashes_root *root, u32 tree_size,
		    const u8 *digest);

#endif /* _KERNEL_MODULE_INTEGRITY_TESTS_INTEGRITY_KUNIT_H */
