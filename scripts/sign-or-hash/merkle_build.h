/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sign-or-hash: building the module Merkle tree and its proofs.
 */

#ifndef SIGN_OR_HASH_MERKLE_BUILD_H
#define SIGN_OR_HASH_MERKLE_BUILD_H

#include "../../kernel/module/integrity/core.h"

/**
 * struct merkle_tree - a built tree and the audit path of every leaf
 * @size: number of leaves
 * @root: MTH over all leaves
 * @max_path: room for this many digests per leaf in @paths
 * @path_len: length of the audit path of each leaf
 * @paths: @size * @max_path digests, leaf level first
 */
struct merkle_tree {
	u32 size;
	u8 root[MODULE_HASHES_DIGEST_SIZE];
	unsigned int max_path;
	unsigned int *path_len;
	u8 *paths;
};

/* Builds the tree over @size module digests (not leaf hashes). */
void merkle_tree_build(struct merkle_tree *tree,
		       const u8 module_digests[][MODULE_HASHES_DIGEST_SIZE],
		       u32 size);
void merkle_tree_free(struct merkle_tree *tree);

/* The root record of @tree as vmlinux holds it. */
void merkle_tree_root_record(const struct merkle_tree *tree,
			     struct module_hashes_root *record);

/*
 * The PKEY_ID_MERKLE payload of leaf @index: writes and returns its length,
 * at most merkle_payload_max() bytes.
 */
size_t merkle_tree_payload(const struct merkle_tree *tree, u32 index, u8 *out);

static inline size_t merkle_payload_max(void)
{
	return sizeof(struct module_hashes_proof) +
	       MODULE_HASHES_MAX_PATH * MODULE_HASHES_DIGEST_SIZE;
}

#endif /* SIGN_OR_HASH_MERKLE_BUILD_H */
