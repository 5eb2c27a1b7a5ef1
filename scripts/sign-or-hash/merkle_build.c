// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash: building the module Merkle tree and every audit path in
 * one pass. The hashing primitives are the kernel's own (merkle.c).
 */

#include <stdlib.h>
#include <string.h>

#include "merkle_build.h"
#include "util.h"

static void append_sibling(struct merkle_tree *tree, u32 first, u32 count,
			   const u8 *sibling)
{
	u32 i;

	for (i = first; i < first + count; i++) {
		u8 *slot = tree->paths + ((size_t)i * tree->max_path +
					  tree->path_len[i]) *
					 MODULE_HASHES_DIGEST_SIZE;

		memcpy(slot, sibling, MODULE_HASHES_DIGEST_SIZE);
		tree->path_len[i]++;
	}
}

/*
 * MTH(D[first..first+count)) into @out. The children are finished before
 * a level's siblings are appended, so every path grows leaf level first.
 */
static void build_subtree(struct merkle_tree *tree,
			  const u8 (*digests)[MODULE_HASHES_DIGEST_SIZE],
			  u32 first, u32 count, u8 *out)
{
	u8 left[MODULE_HASHES_DIGEST_SIZE], right[MODULE_HASHES_DIGEST_SIZE];
	u32 k;

	if (count == 1) {
		mod_merkle_leaf(digests[first], out);
		return;
	}
	k = mod_merkle_split(count);
	build_subtree(tree, digests, first, k, left);
	build_subtree(tree, digests, first + k, count - k, right);
	append_sibling(tree, first, k, right);
	append_sibling(tree, first + k, count - k, left);
	mod_merkle_node(left, right, out);
}

void merkle_tree_build(struct merkle_tree *tree,
		       const u8 module_digests[][MODULE_HASHES_DIGEST_SIZE],
		       u32 size)
{
	memset(tree, 0, sizeof(*tree));
	tree->size = size;
	if (size == 0) {
		/* RFC 9162: the hash of an empty list; no proof matches it. */
		struct sha256_state state;

		sha256_init(&state);
		sha256_final(&state, tree->root);
		return;
	}
	/* The left subtree is perfect and the larger: leaf 0 is deepest. */
	tree->max_path = mod_merkle_path_len(0, size);
	tree->path_len = xcalloc(size, sizeof(*tree->path_len));
	tree->paths = xcalloc((size_t)size * (tree->max_path ? tree->max_path : 1),
			      MODULE_HASHES_DIGEST_SIZE);
	build_subtree(tree, module_digests, 0, size, tree->root);
}

void merkle_tree_free(struct merkle_tree *tree)
{
	free(tree->path_len);
	free(tree->paths);
	memset(tree, 0, sizeof(*tree));
}

void merkle_tree_root_record(const struct merkle_tree *tree,
			     struct module_hashes_root *record)
{
	memset(record, 0, sizeof(*record));
	record->version = MODULE_HASHES_VERSION;
	record->hash_algo = HASH_ALGO_SHA256;
	put_unaligned_be32(tree->size, &record->tree_size);
	memcpy(record->digest, tree->root, MODULE_HASHES_DIGEST_SIZE);
}

size_t merkle_tree_payload(const struct merkle_tree *tree, u32 index, u8 *out)
{
	struct module_hashes_proof *hdr = (struct module_hashes_proof *)out;
	size_t path_bytes = (size_t)tree->path_len[index] *
			    MODULE_HASHES_DIGEST_SIZE;

	hdr->version = MODULE_HASHES_VERSION;
	hdr->hash_algo = HASH_ALGO_SHA256;
	hdr->path_len = tree->path_len[index];
	hdr->reserved = 0;
	put_unaligned_be32(index, &hdr->leaf_index);
	put_unaligned_be32(tree->size, &hdr->tree_size);
	memcpy(hdr->path, tree->paths + (size_t)index * tree->max_path *
				       MODULE_HASHES_DIGEST_SIZE, path_bytes);
	return sizeof(*hdr) + path_bytes;
}
