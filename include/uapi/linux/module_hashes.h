/* SPDX-License-Identifier: GPL-2.0+ WITH Linux-syscall-note */
/*
 * Hash-based module authentication: the Merkle tree over the in-tree
 * modules of one kernel build, its root record in vmlinux and the
 * inclusion proof a module carries.
 *
 * The tree
 * --------
 * The leaves are the modules of one build in modules.order order, as
 * they are installed: after INSTALL_MOD_STRIP, before compression, without
 * any trailer. With n modules and SHA-256 as H:
 *
 *	digest(m)    = H(module bytes)                (the sha256sum of the file)
 *	leaf(m)      = H(0x00 || digest(m))
 *	node(l, r)   = H(0x01 || l || r)
 *
 *	MTH(D[0..1)) = leaf(D[0])
 *	MTH(D[0..n)) = node(MTH(D[0..k)), MTH(D[k..n)))  for n > 1, where k is
 *		       the largest power of two smaller than n
 *
 * This is the tree of RFC 9162 (Certificate Transparency 2.0), section
 * 2.1.1. The one-byte prefixes keep a leaf from ever being read as an
 * inner node and the other way round. An unbalanced tree is split, never
 * padded by repeating a node, so no two different module lists share a
 * root. A tree of no modules has no root that any proof can match.
 *
 * The proof
 * ---------
 * A module's proof is the RFC 9162 section 2.1.3 audit path: the sibling
 * hashes from the leaf up to the root. The kernel recomputes the root from
 * the module's digest, the leaf index in the proof and the tree size it
 * holds itself; the path must be consumed exactly.
 *
 * All integers are big-endian.
 */

#ifndef _UAPI_LINUX_MODULE_HASHES_H
#define _UAPI_LINUX_MODULE_HASHES_H

#include <linux/types.h>

#define MODULE_HASHES_VERSION		1
#define MODULE_HASHES_DIGEST_SIZE	32	/* SHA-256 */

/*
 * Audit paths are at most 32 hashes long: leaf indices and tree sizes are
 * 32-bit, so no tree is deeper than that.
 */
#define MODULE_HASHES_MAX_PATH		32

/* Domain separation prefixes of the hash inputs (RFC 9162 2.1.1). */
#define MODULE_HASHES_LEAF_PREFIX	0x00
#define MODULE_HASHES_NODE_PREFIX	0x01

/**
 * struct module_hashes_proof - header of a PKEY_ID_MERKLE payload
 * @version: MODULE_HASHES_VERSION
 * @hash_algo: enum hash_algo from <linux/hash_info.h>, HASH_ALGO_SHA256
 * @path_len: number of sibling digests that follow this header
 * @reserved: zero
 * @leaf_index: position of the module in the module list, from 0
 * @tree_size: number of modules in the tree the proof was made for
 * @path: @path_len digests, the leaf's sibling first
 *
 * The payload is exactly sizeof(struct module_hashes_proof) +
 * @path_len * MODULE_HASHES_DIGEST_SIZE bytes long.
 */
struct module_hashes_proof {
	__u8	version;
	__u8	hash_algo;
	__u8	path_len;
	__u8	reserved;
	__be32	leaf_index;
	__be32	tree_size;
	__u8	path[];
};

/**
 * struct module_hashes_root - the root record linked into vmlinux
 * @version: MODULE_HASHES_VERSION
 * @hash_algo: enum hash_algo, HASH_ALGO_SHA256
 * @reserved: zero
 * @tree_size: number of modules in the tree; 0 while it is a placeholder
 * @digest: MTH over all modules
 */
struct module_hashes_root {
	__u8	version;
	__u8	hash_algo;
	__u8	reserved[2];
	__be32	tree_size;
	__u8	digest[MODULE_HASHES_DIGEST_SIZE];
};

/* Name of the vmlinux section that holds the root record. */
#define MODULE_HASHES_ROOT_SECTION	".module_hashes_root"

#endif /* _UAPI_LINUX_MODULE_HASHES_H */
