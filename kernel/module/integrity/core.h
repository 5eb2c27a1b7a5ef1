/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Module integrity: the parts shared by the kernel and the host.
 *
 * trailer.c, merkle.c and status.c do not depend on the module loader:
 * the kernel links them into the loader, and scripts/sign-or-hash, its
 * tests and its fuzzer compile the very same files on the host through
 * host_compat.h. Keep them free of anything but memory, integers and
 * SHA-256.
 */

#ifndef _KERNEL_MODULE_INTEGRITY_CORE_H
#define _KERNEL_MODULE_INTEGRITY_CORE_H

#ifdef __KERNEL__
#include <crypto/sha2.h>
#include <linux/errno.h>
#include <linux/module_hashes.h>
#include <linux/module_signature.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/unaligned.h>
#else
#include "host_compat.h"
#endif

/*
 * Why a check ended as it did. Each value belongs to exactly one verdict
 * (mod_check_verdict()) and has one human-readable reason
 * (mod_check_reason()) that the kernel log and the host tool both print.
 */
enum mod_check_status {
	MOD_CHECK_OK = 0,
	/* unsigned */
	MOD_CHECK_NO_TRAILER,
	MOD_CHECK_FLAGS_IGNORED,
	/* unsupported */
	MOD_CHECK_UNKNOWN_TYPE,
	MOD_CHECK_NOT_BUILT,
	MOD_CHECK_NOT_ALLOWED,
	MOD_CHECK_PKCS7_ALGO,
	/* malformed */
	MOD_CHECK_TRUNCATED,
	MOD_CHECK_SIG_LEN,
	MOD_CHECK_RESERVED,
	MOD_CHECK_VERSION,
	MOD_CHECK_HASH_ALGO,
	MOD_CHECK_PATH_LEN,
	MOD_CHECK_INDEX,
	MOD_CHECK_PATH_SHAPE,
	MOD_CHECK_PKCS7_PARSE,
	/* untrusted */
	MOD_CHECK_NO_ROOT,
	MOD_CHECK_TREE_SIZE,
	MOD_CHECK_ROOT_MISMATCH,
	MOD_CHECK_NO_KEY,
	/* bad signature */
	MOD_CHECK_BAD_SIGNATURE,
	MOD_CHECK_BLACKLISTED,
	/* check failed */
	MOD_CHECK_NO_MEMORY,
	MOD_CHECK_NR_STATUS
};

/* The verdicts of the policy table; the order is not significant. */
enum mod_verdict {
	MOD_VERDICT_VERIFIED,
	MOD_VERDICT_UNSIGNED,
	MOD_VERDICT_UNSUPPORTED,
	MOD_VERDICT_UNTRUSTED,
	MOD_VERDICT_MALFORMED,
	MOD_VERDICT_BAD_SIGNATURE,
	MOD_VERDICT_CHECK_FAILED,
	MOD_NR_VERDICTS
};

/* status.c */
enum mod_verdict mod_check_verdict(enum mod_check_status status);
const char *mod_check_reason(enum mod_check_status status);
const char *mod_verdict_name(enum mod_verdict verdict);

/* trailer.c */

/**
 * struct mod_trailer - a module split from its integrity trailer
 * @body_len: length of the module without the trailer
 * @id_type: enum pkey_id_type of the payload
 * @payload: the payload, @payload_len bytes, right after the body
 * @payload_len: sig_len from the trailer
 */
struct mod_trailer {
	size_t body_len;
	u8 id_type;
	const u8 *payload;
	size_t payload_len;
};

enum mod_check_status mod_trailer_parse(const u8 *data, size_t len,
					struct mod_trailer *trailer);
size_t mod_trailer_overhead(void);

/* merkle.c */

/**
 * struct mod_merkle_proof - a parsed PKEY_ID_MERKLE payload
 * @leaf_index: the module's position in the tree
 * @tree_size: number of leaves the proof was made for
 * @path_len: number of digests in @path
 * @path: sibling digests, leaf level first (points into the payload)
 */
struct mod_merkle_proof {
	u32 leaf_index;
	u32 tree_size;
	unsigned int path_len;
	const u8 *path;
};

enum mod_check_status mod_merkle_parse(const u8 *payload, size_t len,
				       struct mod_merkle_proof *proof);
u32 mod_merkle_split(u32 n);
unsigned int mod_merkle_path_len(u32 leaf_index, u32 tree_size);
void mod_merkle_leaf(const u8 module_digest[MODULE_HASHES_DIGEST_SIZE],
		     u8 out[MODULE_HASHES_DIGEST_SIZE]);
void mod_merkle_node(const u8 left[MODULE_HASHES_DIGEST_SIZE],
		     const u8 right[MODULE_HASHES_DIGEST_SIZE],
		     u8 out[MODULE_HASHES_DIGEST_SIZE]);
enum mod_check_status
mod_merkle_check_root(const struct module_hashes_root *root);
enum mod_check_status
mod_merkle_verify(const struct mod_merkle_proof *proof,
		  const u8 module_digest[MODULE_HASHES_DIGEST_SIZE],
		  const struct module_hashes_root *root);

#endif /* _KERNEL_MODULE_INTEGRITY_CORE_H */
