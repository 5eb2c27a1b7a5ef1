// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Helpers shared by the module integrity KUnit suites.
 *
 * The Merkle tree here is a second implementation of RFC 9162 section
 * 2.1, written to be obviously right rather than fast: plain recursion,
 * one-shot SHA-256 over concatenated buffers, subtrees recomputed for
 * every path. It shares nothing with merkle.c, and its results are
 * themselves checked against the vectors of the Python reference.
 */

#include <crypto/sha2.h>
#include <linux/log2.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "integrity_kunit.h"

/**
 * mod_kunit_image() - build a module image with a trailer
 * @test: the test; the image is freed with it
 * @im: filled in
 * @body: the module body
 * @body_len: its length
 * @payload: the payload, or NULL for an image without any trailer
 * @payload_len: its length, written to sig_len as is
 * @id_type: the id_type of the trailer
 */
void mod_kunit_image(struct kunit *test, struct mod_kunit_image *im,
		     const u8 *body, size_t body_len, const u8 *payload,
		     size_t payload_len, u8 id_type)
{
	struct module_signature ms = { .id_type = id_type };
	size_t len = body_len;
	u8 *p;

	if (payload)
		len += payload_len + sizeof(ms) + MOD_KUNIT_MAGIC_LEN;
	/* At least one byte, so that an empty image is a valid pointer. */
	im->buf = kunit_kzalloc(test, len + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, im->buf);
	im->len = len;
	im->body_len = body_len;
	im->payload_len = payload ? payload_len : 0;

	if (body_len)
		memcpy(im->buf, body, body_len);
	if (!payload)
		return;
	p = im->buf + body_len;
	memcpy(p, payload, payload_len);
	p += payload_len;
	ms.sig_len = cpu_to_be32(payload_len);
	memcpy(p, &ms, sizeof(ms));
	p += sizeof(ms);
	memcpy(p, MODULE_SIG_STRING, MOD_KUNIT_MAGIC_LEN);
}

/* Fill @body with bytes that differ with @seed and along the body. */
void mod_kunit_body(u8 *body, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		body[i] = (u8)(i * 131 + seed * 29 + (i >> 8));
}

static void mod_kunit_hash2(u8 prefix, const u8 *a, const u8 *b, u8 *out)
{
	u8 buf[1 + 2 * MOD_KUNIT_DS];
	unsigned int len = 1 + MOD_KUNIT_DS;

	buf[0] = prefix;
	memcpy(buf + 1, a, MOD_KUNIT_DS);
	if (b) {
		memcpy(buf + 1 + MOD_KUNIT_DS, b, MOD_KUNIT_DS);
		len += MOD_KUNIT_DS;
	}
	sha256(buf, len, out);
}

/* leaf = SHA-256(0x00 || module digest) */
void mod_kunit_ref_leaf(const u8 *digest, u8 *out)
{
	mod_kunit_hash2(0x00, digest, NULL, out);
}

/* The largest power of two strictly smaller than @n, for n > 1. */
static u32 mod_kunit_ref_split(u32 n)
{
	return rounddown_pow_of_two(n - 1);
}

/**
 * mod_kunit_ref_mth() - Merkle tree hash, RFC 9162 section 2.1.1
 * @digests: @n module digests, one after the other
 * @n: how many, at least 1
 * @out: the tree hash
 */
void mod_kunit_ref_mth(const u8 *digests, u32 n, u8 *out)
{
	u8 left[MOD_KUNIT_DS], right[MOD_KUNIT_DS];
	u32 k;

	if (n == 1) {
		mod_kunit_ref_leaf(digests, out);
		return;
	}
	k = mod_kunit_ref_split(n);
	mod_kunit_ref_mth(digests, k, left);
	mod_kunit_ref_mth(digests + k * MOD_KUNIT_DS, n - k, right);
	mod_kunit_hash2(0x01, left, right, out);
}

/**
 * mod_kunit_ref_path() - audit path, RFC 9162 section 2.1.3.1
 * @digests: @n module digests, one after the other
 * @n: how many, at least 1
 * @m: the leaf, below @n
 * @path: receives the sibling digests, leaf level first
 *
 * Return: the number of digests written to @path.
 */
unsigned int mod_kunit_ref_path(const u8 *digests, u32 n, u32 m, u8 *path)
{
	const u8 *right;
	unsigned int len;
	u32 k;

	if (n == 1)
		return 0;
	k = mod_kunit_ref_split(n);
	right = digests + k * MOD_KUNIT_DS;
	if (m < k) {
		len = mod_kunit_ref_path(digests, k, m, path);
		mod_kunit_ref_mth(right, n - k, path + len * MOD_KUNIT_DS);
	} else {
		len = mod_kunit_ref_path(right, n - k, m - k, path);
		mod_kunit_ref_mth(digests, k, path + len * MOD_KUNIT_DS);
	}
	return len + 1;
}

/**
 * mod_kunit_proof() - write a PKEY_ID_MERKLE payload
 * @buf: receives the payload, MOD_KUNIT_PROOF_MAX bytes at most
 * @index: leaf index
 * @size: tree size
 * @path: @path_len sibling digests
 * @path_len: written to the path_len byte as is
 *
 * Return: the length of the payload.
 */
size_t mod_kunit_proof(u8 *buf, u32 index, u32 size, const u8 *path,
		       unsigned int path_len)
{
	buf[0] = MODULE_HASHES_VERSION;
	buf[1] = HASH_ALGO_SHA256;
	buf[2] = path_len;
	buf[3] = 0;
	put_unaligned_be32(index, buf + 4);
	put_unaligned_be32(size, buf + 8);
	memcpy(buf + MOD_KUNIT_PROOF_HDR, path, path_len * MOD_KUNIT_DS);
	return MOD_KUNIT_PROOF_HDR + path_len * MOD_KUNIT_DS;
}

/* A valid root record for a tree of @tree_size leaves. */
void mod_kunit_root(struct module_hashes_root *root, u32 tree_size,
		    const u8 *digest)
{
	memset(root, 0, sizeof(*root));
	root->version = MODULE_HASHES_VERSION;
	root->hash_algo = HASH_ALGO_SHA256;
	root->tree_size = cpu_to_be32(tree_size);
	memcpy(root->digest, digest, MOD_KUNIT_DS);
}
