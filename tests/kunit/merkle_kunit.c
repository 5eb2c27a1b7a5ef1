// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KUnit suite for the Merkle verifier (merkle.c, merkle_check.c).
 *
 * For every tree size from 1 to MERKLE_KAT_MAX_SIZE and every leaf, the
 * test's own naive tree (integrity_kunit.c) makes the audit path; the
 * roots and paths are checked against the vectors of the independent
 * Python reference (tests/host/merkle_ref.py, shared with the host
 * tests). Every proof must then verify, and every single-bit flip of the
 * module digest, of the proof (leaf index, tree size, path) and of the
 * kernel's tree size must be rejected.
 *
 * The module digests are SHA-256("module <i>"), so the string itself is
 * a module body: mod_merkle_check_against() checks each proof the way the
 * loader does, hashing the body through the crypto API.
 */

#include <crypto/sha2.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "integrity_kunit.h"
#include "merkle_kat.h"

#define DSZ		MOD_KUNIT_DS

/*
 * Flipping every bit of every proof of every tree takes 17 million
 * verifications (about 250 million SHA-256 blocks): about a minute under
 * UML with the generic SHA-256, far longer with KASAN. Every bit is
 * flipped for the trees where the shapes change (sizes up to 33 and
 * around 64 and 128); for the others every byte gets one flipped bit, a
 * different bit position for each byte and leaf. Every tree size and leaf
 * is still verified, KAT-checked and hashed through the crypto API. The
 * suite takes about 12 s under UML, 25 s with KASAN and UBSAN.
 */
static bool merkle_every_bit(u32 n)
{
	return n <= 33 || (n >= 63 && n <= 65) || n >= 127;
}

static u8 merkle_digests[MERKLE_KAT_MAX_SIZE][DSZ];
/* The digests one after the other, as the reference tree takes them. */
#define MERKLE_DIGESTS	((const u8 *)merkle_digests)

struct merkle_ctx {
	struct kunit *test;
	u32 n, m;
	bool every_bit;
	struct module_hashes_root root;
	u8 digest[DSZ];
	u8 *payload;
	size_t len;
	unsigned long checks, misses;
};

static int merkle_suite_init(struct kunit_suite *suite)
{
	char name[16];
	u32 i;

	for (i = 0; i < MERKLE_KAT_MAX_SIZE; i++) {
		snprintf(name, sizeof(name), "module %u", i);
		sha256((const u8 *)name, strlen(name), merkle_digests[i]);
	}
	return 0;
}

/* The parameter is the row of merkle_kat_root for the tree size. */
static const void *merkle_size_gen(const void *prev, char *desc)
{
	const u8 (*row)[DSZ] = prev;

	row = row ? row + 1 : &merkle_kat_root[1];
	if (row > &merkle_kat_root[MERKLE_KAT_MAX_SIZE])
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "tree size %u",
		 (unsigned int)(row - merkle_kat_root));
	return row;
}

static u32 merkle_param_size(struct kunit *test)
{
	const u8 (*row)[DSZ] = test->param_value;

	return row - merkle_kat_root;
}

static enum mod_check_status merkle_judge(const struct merkle_ctx *c)
{
	struct mod_merkle_proof proof;
	enum mod_check_status status;

	status = mod_merkle_parse(c->payload, c->len, &proof);
	if (status != MOD_CHECK_OK)
		return status;
	return mod_merkle_verify(&proof, c->digest, &c->root);
}

/* Counts every check; reports the first few that go wrong. */
static void merkle_expect(struct merkle_ctx *c, bool ok, const char *what,
			  unsigned int bit, enum mod_check_status got)
{
	c->checks++;
	if (ok)
		return;
	if (c->misses++ < 8)
		KUNIT_FAIL(c->test, "size %u leaf %u: %s, bit %u: got %s (%s)",
			   c->n, c->m, what, bit,
			   mod_verdict_name(mod_check_verdict(got)),
			   mod_check_reason(got));
}

static void merkle_flip(u8 *p, unsigned int bit)
{
	p[bit / 8] ^= 1 << (bit % 8);
}

/* All bits, or one per byte, moving along with the byte and the leaf. */
static unsigned int merkle_next_bit(const struct merkle_ctx *c,
				    unsigned int bit)
{
	unsigned int byte;

	if (c->every_bit)
		return bit + 1;
	byte = bit / 8 + 1;
	return byte * 8 + (byte + c->m) % 8;
}

static unsigned int merkle_first_bit(const struct merkle_ctx *c)
{
	return c->every_bit ? 0 : c->m % 8;
}

static void merkle_flip_digest(struct merkle_ctx *c)
{
	enum mod_check_status st;
	unsigned int bit;

	for (bit = merkle_first_bit(c); bit < DSZ * 8;
	     bit = merkle_next_bit(c, bit)) {
		merkle_flip(c->digest, bit);
		st = merkle_judge(c);
		merkle_expect(c, st == MOD_CHECK_ROOT_MISMATCH,
			      "flipped module digest", bit, st);
		merkle_flip(c->digest, bit);
	}
}

/* Leaf index, tree size and path, as they sit in the payload. */
static void merkle_flip_proof(struct merkle_ctx *c)
{
	const unsigned int start = offsetof(struct module_hashes_proof,
					    leaf_index) * 8;
	enum mod_check_status st;
	unsigned int bit;

	for (bit = start + merkle_first_bit(c); bit < c->len * 8;
	     bit = merkle_next_bit(c, bit)) {
		merkle_flip(c->payload, bit);
		st = merkle_judge(c);
		/* A flipped path digest can only ever change the root. */
		if (bit >= MOD_KUNIT_PROOF_HDR * 8)
			merkle_expect(c, st == MOD_CHECK_ROOT_MISMATCH,
				      "flipped path", bit, st);
		else
			merkle_expect(c, st != MOD_CHECK_OK,
				      "flipped index or tree size", bit, st);
		merkle_flip(c->payload, bit);
	}
}

/* The kernel's own tree size: from another build. */
static void merkle_flip_root_size(struct merkle_ctx *c)
{
	enum mod_check_status st, want;
	unsigned int bit;
	u32 size;

	for (bit = 0; bit < 32; bit++) {
		size = c->n ^ (1U << bit);
		c->root.tree_size = cpu_to_be32(size);
		st = merkle_judge(c);
		want = size ? MOD_CHECK_TREE_SIZE : MOD_CHECK_NO_ROOT;
		merkle_expect(c, st == want, "flipped root tree size", bit, st);
	}
	c->root.tree_size = cpu_to_be32(c->n);
}

/* As the loader does it: the module body through the crypto API. */
static void merkle_check_body(struct merkle_ctx *c)
{
	enum mod_check_status st;
	unsigned int bit;
	char body[16];
	size_t len;

	len = snprintf(body, sizeof(body), "module %u", c->m);
	st = mod_merkle_check_against((const u8 *)body, len, c->payload,
				      c->len, &c->root);
	merkle_expect(c, st == MOD_CHECK_OK, "module body", 0, st);

	bit = (c->m * 7) % (len * 8);
	merkle_flip((u8 *)body, bit);
	st = mod_merkle_check_against((const u8 *)body, len, c->payload,
				      c->len, &c->root);
	merkle_expect(c, st == MOD_CHECK_ROOT_MISMATCH,
		      "modified module body", bit, st);
}

static void merkle_all_proofs_test(struct kunit *test)
{
	u8 paths_digest[DSZ], root[DSZ];
	struct sha256_state paths;
	struct merkle_ctx *c;
	enum mod_check_status st;
	unsigned int plen;
	u8 *path;

	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	c->payload = kunit_kzalloc(test, MOD_KUNIT_PROOF_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->payload);
	path = kunit_kzalloc(test, MODULE_HASHES_MAX_PATH * DSZ, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, path);

	c->test = test;
	c->n = merkle_param_size(test);
	c->every_bit = merkle_every_bit(c->n);

	mod_kunit_ref_mth(MERKLE_DIGESTS, c->n, root);
	KUNIT_ASSERT_MEMEQ_MSG(test, root, merkle_kat_root[c->n], DSZ,
			       "the test's tree differs from the reference");
	mod_kunit_root(&c->root, c->n, root);

	sha256_init(&paths);
	for (c->m = 0; c->m < c->n; c->m++) {
		plen = mod_kunit_ref_path(MERKLE_DIGESTS, c->n, c->m, path);
		sha256_update(&paths, path, plen * DSZ);
		KUNIT_EXPECT_EQ(test, plen, mod_merkle_path_len(c->m, c->n));

		memcpy(c->digest, merkle_digests[c->m], DSZ);
		c->len = mod_kunit_proof(c->payload, c->m, c->n, path, plen);
		st = merkle_judge(c);
		merkle_expect(c, st == MOD_CHECK_OK, "intact proof", 0, st);

		merkle_check_body(c);
		merkle_flip_digest(c);
		merkle_flip_proof(c);
		merkle_flip_root_size(c);
	}
	sha256_final(&paths, paths_digest);
	KUNIT_EXPECT_MEMEQ_MSG(test, paths_digest, merkle_kat_paths[c->n], DSZ,
			       "the test's paths differ from the reference");
	KUNIT_EXPECT_EQ(test, c->misses, 0UL);
	kunit_info(test, "tree size %u: %u proofs, %lu checks%s\n", c->n, c->n,
		   c->checks, c->every_bit ? ", every bit flipped" : "");
}

/* The root record itself: anything but a filled-in v1 record is none. */
struct merkle_root_case {
	const char *desc;
	unsigned int off;
	u8 val;
	enum mod_check_status status;
};

static const struct merkle_root_case merkle_root_cases[] = {
	{ "intact", 0, MODULE_HASHES_VERSION, MOD_CHECK_OK },
	{ "version 0", 0, 0, MOD_CHECK_NO_ROOT },
	{ "version 2", 0, 2, MOD_CHECK_NO_ROOT },
	{ "hash_algo 0", 1, 0, MOD_CHECK_NO_ROOT },
	{ "hash_algo SHA-512", 1, HASH_ALGO_SHA512, MOD_CHECK_NO_ROOT },
	{ "reserved[0] set", 2, 1, MOD_CHECK_NO_ROOT },
	{ "reserved[1] set", 3, 0x80, MOD_CHECK_NO_ROOT },
	{ "placeholder (tree size 0)", 7, 0, MOD_CHECK_NO_ROOT },
};

KUNIT_ARRAY_PARAM_DESC(merkle_root, merkle_root_cases, desc);

static void merkle_root_record_test(struct kunit *test)
{
	const struct merkle_root_case *p = test->param_value;
	const u32 n = 5, m = 3;
	struct module_hashes_root root;
	struct mod_merkle_proof proof;
	u8 payload[MOD_KUNIT_PROOF_HDR + 4 * DSZ];
	u8 path[4 * DSZ];
	unsigned int plen;
	size_t len;
	u8 mth[DSZ];

	mod_kunit_ref_mth(MERKLE_DIGESTS, n, mth);
	mod_kunit_root(&root, n, mth);
	((u8 *)&root)[p->off] = p->val;
	KUNIT_EXPECT_EQ(test, mod_merkle_check_root(&root), p->status);

	plen = mod_kunit_ref_path(MERKLE_DIGESTS, n, m, path);
	KUNIT_ASSERT_LE(test, plen, 4);
	len = mod_kunit_proof(payload, m, n, path, plen);
	KUNIT_ASSERT_EQ(test, mod_merkle_parse(payload, len, &proof),
			MOD_CHECK_OK);
	KUNIT_EXPECT_EQ(test, mod_merkle_verify(&proof, merkle_digests[m],
						&root), p->status);
	KUNIT_EXPECT_EQ(test,
			mod_merkle_check_against((const u8 *)"module 3", 8,
						 payload, len, &root),
			p->status);
}

static struct kunit_case merkle_test_cases[] = {
	KUNIT_CASE_PARAM(merkle_all_proofs_test, merkle_size_gen),
	KUNIT_CASE_PARAM(merkle_root_record_test, merkle_root_gen_params),
	{}
};

static struct kunit_suite merkle_test_suite = {
	.name = "module_integrity_merkle",
	.suite_init = merkle_suite_init,
	.test_cases = merkle_test_cases,
};

kunit_test_suite(merkle_test_suite);
