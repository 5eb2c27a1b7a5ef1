// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Merkle inclusion proofs of modules against the module root of a kernel
 * build. The tree and the proof are described in <linux/module_hashes.h>.
 *
 * Shared with the host: see core.h.
 */

#include "core.h"

/* The largest power of two smaller than @n, for n > 1 (RFC 9162 2.1.1). */
u32 mod_merkle_split(u32 n)
{
	u32 k = 1;

	/* Written as k < n - k so that k never overflows. */
	while (k < n - k)
		k <<= 1;
	return k;
}

/**
 * mod_merkle_path_len() - length of the audit path of a leaf
 * @leaf_index: position of the leaf, below @tree_size
 * @tree_size: number of leaves
 *
 * Return: the number of sibling digests from the leaf to the root.
 */
unsigned int mod_merkle_path_len(u32 leaf_index, u32 tree_size)
{
	unsigned int len = 0;

	while (tree_size > 1) {
		u32 k = mod_merkle_split(tree_size);

		if (leaf_index < k) {
			tree_size = k;
		} else {
			leaf_index -= k;
			tree_size -= k;
		}
		len++;
	}
	return len;
}

void mod_merkle_leaf(const u8 module_digest[MODULE_HASHES_DIGEST_SIZE],
		     u8 out[MODULE_HASHES_DIGEST_SIZE])
{
	static const u8 prefix = MODULE_HASHES_LEAF_PREFIX;
	struct sha256_state state;

	sha256_init(&state);
	sha256_update(&state, &prefix, 1);
	sha256_update(&state, module_digest, MODULE_HASHES_DIGEST_SIZE);
	sha256_final(&state, out);
}

void mod_merkle_node(const u8 left[MODULE_HASHES_DIGEST_SIZE],
		     const u8 right[MODULE_HASHES_DIGEST_SIZE],
		     u8 out[MODULE_HASHES_DIGEST_SIZE])
{
	static const u8 prefix = MODULE_HASHES_NODE_PREFIX;
	struct sha256_state state;

	sha256_init(&state);
	sha256_update(&state, &prefix, 1);
	sha256_update(&state, left, MODULE_HASHES_DIGEST_SIZE);
	sha256_update(&state, right, MODULE_HASHES_DIGEST_SIZE);
	sha256_final(&state, out);
}

/**
 * mod_merkle_parse() - check the framing of a PKEY_ID_MERKLE payload
 * @payload: the payload as split off by mod_trailer_parse()
 * @len: its length
 * @proof: filled in on success; @proof->path points into @payload
 *
 * A proof is malformed when it is not internally consistent: a header it
 * does not know, a length that disagrees with path_len, an index outside
 * the tree or a path that is not exactly as long as that leaf's audit
 * path. Whether it belongs to this kernel is mod_merkle_verify()'s job.
 *
 * Return: MOD_CHECK_OK or the malformed status.
 */
enum mod_check_status mod_merkle_parse(const u8 *payload, size_t len,
				       struct mod_merkle_proof *proof)
{
	struct module_hashes_proof hdr;
	u32 leaf_index, tree_size;

	if (len < sizeof(hdr))
		return MOD_CHECK_TRUNCATED;
	/* The payload follows the module body at any alignment. */
	memcpy(&hdr, payload, sizeof(hdr));

	if (hdr.version != MODULE_HASHES_VERSION)
		return MOD_CHECK_VERSION;
	if (hdr.hash_algo != HASH_ALGO_SHA256)
		return MOD_CHECK_HASH_ALGO;
	if (hdr.reserved)
		return MOD_CHECK_RESERVED;
	if (hdr.path_len > MODULE_HASHES_MAX_PATH ||
	    len != sizeof(hdr) + (size_t)hdr.path_len * MODULE_HASHES_DIGEST_SIZE)
		return MOD_CHECK_PATH_LEN;

	leaf_index = be32_to_cpu(hdr.leaf_index);
	tree_size = be32_to_cpu(hdr.tree_size);
	if (leaf_index >= tree_size)
		return MOD_CHECK_INDEX;
	if (hdr.path_len != mod_merkle_path_len(leaf_index, tree_size))
		return MOD_CHECK_PATH_SHAPE;

	proof->leaf_index = leaf_index;
	proof->tree_size = tree_size;
	proof->path_len = hdr.path_len;
	proof->path = payload + sizeof(hdr);
	return MOD_CHECK_OK;
}

/**
 * mod_merkle_check_root() - check that a root record can verify anything
 * @root: the root record, as linked into vmlinux
 *
 * Return: MOD_CHECK_OK, or MOD_CHECK_NO_ROOT for a placeholder that was
 * never filled in, an empty tree or a record of an unknown format.
 */
enum mod_check_status
mod_merkle_check_root(const struct module_hashes_root *root)
{
	if (root->version != MODULE_HASHES_VERSION ||
	    root->hash_algo != HASH_ALGO_SHA256 ||
	    root->reserved[0] || root->reserved[1] ||
	    be32_to_cpu(root->tree_size) == 0)
		return MOD_CHECK_NO_ROOT;
	return MOD_CHECK_OK;
}

/**
 * mod_merkle_verify() - verify an inclusion proof against a root
 * @proof: a proof accepted by mod_merkle_parse()
 * @module_digest: SHA-256 of the module body, without its trailer
 * @root: the kernel's root record
 *
 * Recomputes the root from the leaf upwards as in RFC 9162 section
 * 2.1.3.2, with the tree size taken from @root, not from the proof.
 *
 * Return: MOD_CHECK_OK when the module is one of the modules the root was
 * built over, at the position the proof claims; an untrusted status when
 * it is not; MOD_CHECK_PATH_SHAPE if the path is not consumed exactly.
 */
enum mod_check_status
mod_merkle_verify(const struct mod_merkle_proof *proof,
		  const u8 module_digest[MODULE_HASHES_DIGEST_SIZE],
		  const struct module_hashes_root *root)
{
	u8 hash[MODULE_HASHES_DIGEST_SIZE];
	enum mod_check_status status;
	u32 fn, sn;
	unsigned int i;

	status = mod_merkle_check_root(root);
	if (status != MOD_CHECK_OK)
		return status;
	if (proof->tree_size != be32_to_cpu(root->tree_size))
		return MOD_CHECK_TREE_SIZE;
	if (proof->leaf_index >= proof->tree_size)
		return MOD_CHECK_INDEX;

	fn = proof->leaf_index;
	sn = proof->tree_size - 1;
	mod_merkle_leaf(module_digest, hash);

	for (i = 0; i < proof->path_len; i++) {
		const u8 *sibling = proof->path + i * MODULE_HASHES_DIGEST_SIZE;

		if (sn == 0)
			return MOD_CHECK_PATH_SHAPE;
		if ((fn & 1) || fn == sn) {
			mod_merkle_node(sibling, hash, hash);
			/* Skip the levels where this node has no sibling. */
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			mod_merkle_node(hash, sibling, hash);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return MOD_CHECK_PATH_SHAPE;

	if (memcmp(hash, root->digest, MODULE_HASHES_DIGEST_SIZE) != 0)
		return MOD_CHECK_ROOT_MISMATCH;
	return MOD_CHECK_OK;
}
