// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's Merkle verifier (kernel/module/integrity/merkle.c) and the
 * host tree builder against the known-answer vectors of the independent
 * Python reference, for every tree size 1..130 and every leaf, and every
 * single-bit flip of module digest, path, leaf index and tree size.
 */

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../../kernel/module/integrity/core.h"
#include "../../scripts/sign-or-hash/merkle_build.h"
#include "host/tap.h"
#include "vectors/merkle_kat.h"

#define DS MODULE_HASHES_DIGEST_SIZE

/*
 * A second, deliberately naive implementation of RFC 9162 for the test:
 * straight recursion with OpenSSL's one-shot SHA-256, no shared code.
 */
static void ref_hash(const u8 *a, size_t alen, const u8 *b, size_t blen,
		     const u8 *c, size_t clen, u8 *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, a, alen);
	EVP_DigestUpdate(ctx, b, blen);
	EVP_DigestUpdate(ctx, c, clen);
	EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
}

static u32 ref_split(u32 n)
{
	u32 k = 1;

	while (2 * k < n)
		k *= 2;
	return k;
}

static void ref_mth(u8 (*d)[DS], u32 n, u8 *out)
{
	static const u8 leaf = 0, inner = 1;
	u8 l[DS], r[DS];
	u32 k;

	if (n == 1) {
		ref_hash(&leaf, 1, d[0], DS, NULL, 0, out);
		return;
	}
	k = ref_split(n);
	ref_mth(d, k, l);
	ref_mth(d + k, n - k, r);
	ref_hash(&inner, 1, l, DS, r, DS, out);
}

/* Appends PATH(m, D[n]) to @path, leaf level first; returns its length. */
static unsigned int ref_path(u8 (*d)[DS], u32 n, u32 m, u8 *path)
{
	unsigned int len;
	u32 k;

	if (n == 1)
		return 0;
	k = ref_split(n);
	if (m < k) {
		len = ref_path(d, k, m, path);
		ref_mth(d + k, n - k, path + len * DS);
	} else {
		len = ref_path(d + k, n - k, m - k, path);
		ref_mth(d, k, path + len * DS);
	}
	return len + 1;
}

static size_t make_payload(u8 *buf, u32 index, u32 size, const u8 *path,
			   unsigned int path_len)
{
	buf[0] = MODULE_HASHES_VERSION;
	buf[1] = HASH_ALGO_SHA256;
	buf[2] = path_len;
	buf[3] = 0;
	put_unaligned_be32(index, buf + 4);
	put_unaligned_be32(size, buf + 8);
	memcpy(buf + 12, path, (size_t)path_len * DS);
	return 12 + (size_t)path_len * DS;
}

static enum mod_check_status check(const u8 *payload, size_t len,
				   const u8 *digest,
				   const struct module_hashes_root *root)
{
	struct mod_merkle_proof proof;
	enum mod_check_status status;

	status = mod_merkle_parse(payload, len, &proof);
	if (status != MOD_CHECK_OK)
		return status;
	return mod_merkle_verify(&proof, digest, root);
}

struct size_result {
	unsigned long verified, flips, flips_rejected, wrong;
	bool builder_ok;
};

static void flip(u8 *p, unsigned int bit)
{
	p[bit / 8] ^= 1 << (bit % 8);
}

static void test_leaf(u8 (*d)[DS], u32 n, u32 m, const u8 *path,
		      unsigned int plen, const struct merkle_tree *tree,
		      struct size_result *res)
{
	u8 payload[12 + MODULE_HASHES_MAX_PATH * DS], built[sizeof(payload)];
	struct module_hashes_root root;
	u8 digest[DS];
	size_t len;
	unsigned int bit;

	root.version = MODULE_HASHES_VERSION;
	root.hash_algo = HASH_ALGO_SHA256;
	root.reserved[0] = root.reserved[1] = 0;
	put_unaligned_be32(n, &root.tree_size);
	memcpy(root.digest, merkle_kat_root[n], DS);
	memcpy(digest, d[m], DS);

	len = make_payload(payload, m, n, path, plen);
	if (merkle_tree_payload(tree, m, built) != len ||
	    memcmp(built, payload, len))
		res->builder_ok = false;
	if (check(payload, len, digest, &root) == MOD_CHECK_OK)
		res->verified++;
	else
		res->wrong++;

	/* Module digest: a modified module. */
	for (bit = 0; bit < DS * 8; bit++) {
		flip(digest, bit);
		res->flips++;
		if (check(payload, len, digest, &root) == MOD_CHECK_ROOT_MISMATCH)
			res->flips_rejected++;
		flip(digest, bit);
	}
	/* Path, leaf index and tree size, as they sit in the payload. */
	for (bit = 0; bit < (len - 4) * 8; bit++) {
		enum mod_check_status st;
		size_t byte = 4 + bit / 8;

		flip(payload + 4, bit);
		st = check(payload, len, digest, &root);
		res->flips++;
		/* A flipped path digest can only ever change the root. */
		if (byte >= 12 ? st == MOD_CHECK_ROOT_MISMATCH : st != MOD_CHECK_OK)
			res->flips_rejected++;
		flip(payload + 4, bit);
	}
	/* The kernel's own tree size. */
	for (bit = 0; bit < 32; bit++) {
		put_unaligned_be32(n ^ (1u << bit), &root.tree_size);
		res->flips++;
		if (check(payload, len, digest, &root) != MOD_CHECK_OK)
			res->flips_rejected++;
	}
}

static void test_size(u8 (*d)[DS], u32 n)
{
	u8 root[DS], paths_digest[DS];
	struct size_result res = { .builder_ok = true };
	struct merkle_tree tree;
	EVP_MD_CTX *all = EVP_MD_CTX_new();
	u8 *path = malloc(MODULE_HASHES_MAX_PATH * DS);
	u32 m;

	ref_mth(d, n, root);
	merkle_tree_build(&tree, (const u8 (*)[DS])d, n);
	if (memcmp(tree.root, merkle_kat_root[n], DS))
		res.builder_ok = false;

	EVP_DigestInit_ex(all, EVP_sha256(), NULL);
	for (m = 0; m < n; m++) {
		unsigned int plen = ref_path(d, n, m, path);

		EVP_DigestUpdate(all, path, (size_t)plen * DS);
		if (plen != mod_merkle_path_len(m, n))
			res.wrong++;
		test_leaf(d, n, m, path, plen, &tree, &res);
	}
	EVP_DigestFinal_ex(all, paths_digest, NULL);
	EVP_MD_CTX_free(all);
	free(path);
	merkle_tree_free(&tree);

	tap(!memcmp(root, merkle_kat_root[n], DS) &&
	    !memcmp(paths_digest, merkle_kat_paths[n], DS),
	    "tree size %u: the test's own tree matches the reference vectors", n);
	tap(res.builder_ok, "tree size %u: sign-or-hash builds the reference root and all %u proofs",
	    n, n);
	tap(res.verified == n && !res.wrong && res.flips == res.flips_rejected,
	    "tree size %u: %lu proofs verify, %lu of %lu single-bit flips rejected",
	    n, res.verified, res.flips_rejected, res.flips);
}

int main(void)
{
	u8 (*d)[DS] = calloc(MERKLE_KAT_MAX_SIZE, DS);
	char name[32];
	u32 i;

	for (i = 0; i < MERKLE_KAT_MAX_SIZE; i++) {
		snprintf(name, sizeof(name), "module %u", i);
		ref_hash((const u8 *)name, strlen(name), NULL, 0, NULL, 0, d[i]);
	}
	for (i = 1; i <= MERKLE_KAT_MAX_SIZE; i++)
		test_size(d, i);
	free(d);
	return 0;
}
