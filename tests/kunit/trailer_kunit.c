// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KUnit suite for the trailer parser (trailer.c) and, with
 * CONFIG_MODULE_HASHES, the framing of Merkle proofs (merkle.c): every
 * malformed class ends in its own status, the verdict of that status and
 * the errno of the policy table (DESIGN 4.2).
 *
 * Each case starts from a well-formed image and breaks one thing.
 */

#include <linux/string.h>
#include <linux/unaligned.h>

#include "integrity_kunit.h"

#define BODY_LEN	300
#define DUMMY_LEN	64	/* a PKCS#7 payload that nothing here parses */
#define TREE_SIZE	5
#define LEAF		2
#define LEAF_PATH_LEN	3	/* leaf 2 of 5: two levels in [0, 4), one up */

enum trailer_base {
	BASE_PKCS7,	/* framing only: PKEY_ID_PKCS7, dummy payload */
	BASE_MERKLE,	/* leaf LEAF of a TREE_SIZE tree, valid proof */
};

enum trailer_op {
	OP_NONE,
	OP_NO_TRAILER,		/* the bare body */
	OP_CUT_MAGIC,		/* the last @val bytes of the magic missing */
	OP_KEEP_TAIL,		/* only the last @val bytes of the image */
	OP_SIG_BYTE,		/* byte @off of the module_signature = @val */
	OP_SIG_LEN,		/* sig_len = @val */
	OP_SIG_LEN_BEYOND,	/* sig_len = bytes before the block + @val */
	OP_PROOF_BYTE,		/* byte @off of the proof = @val */
	OP_PROOF_BE32,		/* be32 at @off of the proof = @val */
	OP_PROOF_CUT,		/* proof cut to @val bytes */
	OP_PATH_LEN,		/* path_len = @val, proof length unchanged */
	OP_PATH,		/* path_len = @val, proof length to match */
	OP_FLIP_BODY,		/* flip bit @val of the body */
	OP_FLIP_PROOF,		/* flip bit @val of the proof */
	OP_PLACEHOLDER_ROOT,	/* check against a root never filled in */
};

struct trailer_case {
	const char *desc;
	enum trailer_base base;
	enum trailer_op op;
	unsigned int off;
	u32 val;
	enum mod_check_status status;
	enum mod_verdict verdict;
	int err;		/* what a permissive kernel returns */
};

#define UNSIGNED	MOD_VERDICT_UNSIGNED
#define UNSUPPORTED	MOD_VERDICT_UNSUPPORTED
#define UNTRUSTED	MOD_VERDICT_UNTRUSTED
#define MALFORMED	MOD_VERDICT_MALFORMED

/* struct module_signature: algo, hash, id_type, signer_len, key_id_len */
#define MS_ID_TYPE	2

static const struct trailer_case trailer_framing_cases[] = {
	{ "no trailer", BASE_PKCS7, OP_NO_TRAILER, 0, 0,
	  MOD_CHECK_NO_TRAILER, UNSIGNED, 0 },
	{ "magic without its last byte", BASE_PKCS7, OP_CUT_MAGIC, 0, 1,
	  MOD_CHECK_NO_TRAILER, UNSIGNED, 0 },
	{ "empty image", BASE_PKCS7, OP_KEEP_TAIL, 0, 0,
	  MOD_CHECK_NO_TRAILER, UNSIGNED, 0 },
	{ "magic alone", BASE_PKCS7, OP_KEEP_TAIL, 0, MOD_KUNIT_MAGIC_LEN,
	  MOD_CHECK_TRUNCATED, MALFORMED, -EBADMSG },
	{ "magic and 11 bytes of block", BASE_PKCS7, OP_KEEP_TAIL, 0,
	  MOD_KUNIT_MAGIC_LEN + 11, MOD_CHECK_TRUNCATED, MALFORMED, -EBADMSG },
	{ "magic and block, no payload", BASE_PKCS7, OP_KEEP_TAIL, 0,
	  MOD_KUNIT_MAGIC_LEN + 12, MOD_CHECK_SIG_LEN, MALFORMED, -EBADMSG },
	{ "sig_len 0", BASE_PKCS7, OP_SIG_LEN, 0, 0,
	  MOD_CHECK_SIG_LEN, MALFORMED, -EBADMSG },
	{ "sig_len one past the file", BASE_PKCS7, OP_SIG_LEN_BEYOND, 0, 1,
	  MOD_CHECK_SIG_LEN, MALFORMED, -EBADMSG },
	{ "sig_len 0xffffffff", BASE_PKCS7, OP_SIG_LEN, 0, 0xffffffff,
	  MOD_CHECK_SIG_LEN, MALFORMED, -EBADMSG },
	{ "sig_len 0x80000000", BASE_PKCS7, OP_SIG_LEN, 0, 0x80000000,
	  MOD_CHECK_SIG_LEN, MALFORMED, -EBADMSG },
	{ "algo set", BASE_PKCS7, OP_SIG_BYTE, 0, 1,
	  MOD_CHECK_RESERVED, MALFORMED, -EBADMSG },
	{ "hash set", BASE_PKCS7, OP_SIG_BYTE, 1, 0x80,
	  MOD_CHECK_RESERVED, MALFORMED, -EBADMSG },
	{ "signer_len set", BASE_PKCS7, OP_SIG_BYTE, 3, 1,
	  MOD_CHECK_RESERVED, MALFORMED, -EBADMSG },
	{ "key_id_len set", BASE_PKCS7, OP_SIG_BYTE, 4, 0x10,
	  MOD_CHECK_RESERVED, MALFORMED, -EBADMSG },
	{ "__pad[0] set", BASE_PKCS7, OP_SIG_BYTE, 5, 1,
	  MOD_CHECK_RESERVED, MALFORMED, -EBADMSG },
	{ "__pad[1] set", BASE_PKCS7, OP_SIG_BYTE, 6, 0x40,
	  MOD_CHECK_RESERVED, MALFORMED, -EBADMSG },
	{ "__pad[2] set", BASE_PKCS7, OP_SIG_BYTE, 7, 0x80,
	  MOD_CHECK_RESERVED, MALFORMED, -EBADMSG },
	{ "id_type PGP (0)", BASE_PKCS7, OP_SIG_BYTE, MS_ID_TYPE, PKEY_ID_PGP,
	  MOD_CHECK_UNKNOWN_TYPE, UNSUPPORTED, 0 },
	{ "id_type X509 (1)", BASE_PKCS7, OP_SIG_BYTE, MS_ID_TYPE,
	  PKEY_ID_X509, MOD_CHECK_UNKNOWN_TYPE, UNSUPPORTED, 0 },
	{ "id_type 4", BASE_PKCS7, OP_SIG_BYTE, MS_ID_TYPE, 4,
	  MOD_CHECK_UNKNOWN_TYPE, UNSUPPORTED, 0 },
	{ "id_type 5", BASE_PKCS7, OP_SIG_BYTE, MS_ID_TYPE, 5,
	  MOD_CHECK_UNKNOWN_TYPE, UNSUPPORTED, 0 },
	{ "id_type 255", BASE_PKCS7, OP_SIG_BYTE, MS_ID_TYPE, 255,
	  MOD_CHECK_UNKNOWN_TYPE, UNSUPPORTED, 0 },
};

#if IS_ENABLED(CONFIG_MODULE_HASHES)
static const struct trailer_case trailer_merkle_cases[] = {
	{ "intact proof", BASE_MERKLE, OP_NONE, 0, 0,
	  MOD_CHECK_OK, MOD_VERDICT_VERIFIED, 0 },
	{ "proof of 1 byte", BASE_MERKLE, OP_PROOF_CUT, 0, 1,
	  MOD_CHECK_TRUNCATED, MALFORMED, -EBADMSG },
	{ "proof of 11 bytes", BASE_MERKLE, OP_PROOF_CUT, 0, 11,
	  MOD_CHECK_TRUNCATED, MALFORMED, -EBADMSG },
	{ "header without its path", BASE_MERKLE, OP_PROOF_CUT, 0, 12,
	  MOD_CHECK_PATH_LEN, MALFORMED, -EBADMSG },
	{ "version 0", BASE_MERKLE, OP_PROOF_BYTE, 0, 0,
	  MOD_CHECK_VERSION, MALFORMED, -EBADMSG },
	{ "version 2", BASE_MERKLE, OP_PROOF_BYTE, 0, 2,
	  MOD_CHECK_VERSION, MALFORMED, -EBADMSG },
	{ "hash_algo 0", BASE_MERKLE, OP_PROOF_BYTE, 1, 0,
	  MOD_CHECK_HASH_ALGO, MALFORMED, -EBADMSG },
	{ "hash_algo SHA-384", BASE_MERKLE, OP_PROOF_BYTE, 1,
	  HASH_ALGO_SHA384, MOD_CHECK_HASH_ALGO, MALFORMED, -EBADMSG },
	{ "reserved 0x01", BASE_MERKLE, OP_PROOF_BYTE, 3, 0x01,
	  MOD_CHECK_RESERVED, MALFORMED, -EBADMSG },
	{ "reserved 0x80", BASE_MERKLE, OP_PROOF_BYTE, 3, 0x80,
	  MOD_CHECK_RESERVED, MALFORMED, -EBADMSG },
	{ "path_len one more than the digests", BASE_MERKLE, OP_PATH_LEN, 0,
	  LEAF_PATH_LEN + 1, MOD_CHECK_PATH_LEN, MALFORMED, -EBADMSG },
	{ "path_len one less than the digests", BASE_MERKLE, OP_PATH_LEN, 0,
	  LEAF_PATH_LEN - 1, MOD_CHECK_PATH_LEN, MALFORMED, -EBADMSG },
	{ "path_len 33 with 33 digests", BASE_MERKLE, OP_PATH, 0, 33,
	  MOD_CHECK_PATH_LEN, MALFORMED, -EBADMSG },
	{ "path_len 255 with 3 digests", BASE_MERKLE, OP_PATH_LEN, 0, 255,
	  MOD_CHECK_PATH_LEN, MALFORMED, -EBADMSG },
	{ "path one digest too long", BASE_MERKLE, OP_PATH, 0,
	  LEAF_PATH_LEN + 1, MOD_CHECK_PATH_SHAPE, MALFORMED, -EBADMSG },
	{ "path one digest too short", BASE_MERKLE, OP_PATH, 0,
	  LEAF_PATH_LEN - 1, MOD_CHECK_PATH_SHAPE, MALFORMED, -EBADMSG },
	{ "empty path", BASE_MERKLE, OP_PATH, 0, 0,
	  MOD_CHECK_PATH_SHAPE, MALFORMED, -EBADMSG },
	{ "32 digests", BASE_MERKLE, OP_PATH, 0, 32,
	  MOD_CHECK_PATH_SHAPE, MALFORMED, -EBADMSG },
	{ "index = tree size", BASE_MERKLE, OP_PROOF_BE32, 4, TREE_SIZE,
	  MOD_CHECK_INDEX, MALFORMED, -EBADMSG },
	{ "index 0xffffffff", BASE_MERKLE, OP_PROOF_BE32, 4, 0xffffffff,
	  MOD_CHECK_INDEX, MALFORMED, -EBADMSG },
	{ "tree size 0", BASE_MERKLE, OP_PROOF_BE32, 8, 0,
	  MOD_CHECK_INDEX, MALFORMED, -EBADMSG },
	{ "index of a leaf with a shorter path", BASE_MERKLE, OP_PROOF_BE32,
	  4, 4, MOD_CHECK_PATH_SHAPE, MALFORMED, -EBADMSG },
	{ "tree size 6, not the kernel's", BASE_MERKLE, OP_PROOF_BE32, 8, 6,
	  MOD_CHECK_TREE_SIZE, UNTRUSTED, 0 },
	{ "tree size 8, not the kernel's", BASE_MERKLE, OP_PROOF_BE32, 8, 8,
	  MOD_CHECK_TREE_SIZE, UNTRUSTED, 0 },
	{ "proof of another leaf", BASE_MERKLE, OP_PROOF_BE32, 4, 3,
	  MOD_CHECK_ROOT_MISMATCH, UNTRUSTED, 0 },
	{ "flipped bit in the module, first", BASE_MERKLE, OP_FLIP_BODY, 0, 0,
	  MOD_CHECK_ROOT_MISMATCH, UNTRUSTED, 0 },
	{ "flipped bit in the module, last", BASE_MERKLE, OP_FLIP_BODY, 0,
	  BODY_LEN * 8 - 1, MOD_CHECK_ROOT_MISMATCH, UNTRUSTED, 0 },
	{ "flipped bit in the path, first", BASE_MERKLE, OP_FLIP_PROOF, 0,
	  MOD_KUNIT_PROOF_HDR * 8, MOD_CHECK_ROOT_MISMATCH, UNTRUSTED, 0 },
	{ "flipped bit in the path, last", BASE_MERKLE, OP_FLIP_PROOF, 0,
	  (MOD_KUNIT_PROOF_HDR + LEAF_PATH_LEN * MOD_KUNIT_DS) * 8 - 1,
	  MOD_CHECK_ROOT_MISMATCH, UNTRUSTED, 0 },
	{ "flipped low bit of the index", BASE_MERKLE, OP_FLIP_PROOF, 0,
	  7 * 8, MOD_CHECK_ROOT_MISMATCH, UNTRUSTED, 0 },
	{ "flipped high bit of the index", BASE_MERKLE, OP_FLIP_PROOF, 0,
	  4 * 8 + 7, MOD_CHECK_INDEX, MALFORMED, -EBADMSG },
	{ "flipped bit 0 of the tree size", BASE_MERKLE, OP_FLIP_PROOF, 0,
	  11 * 8, MOD_CHECK_PATH_SHAPE, MALFORMED, -EBADMSG },
	{ "flipped bit 1 of the tree size", BASE_MERKLE, OP_FLIP_PROOF, 0,
	  11 * 8 + 1, MOD_CHECK_TREE_SIZE, UNTRUSTED, 0 },
	{ "kernel root never filled in", BASE_MERKLE, OP_PLACEHOLDER_ROOT, 0,
	  0, MOD_CHECK_NO_ROOT, UNTRUSTED, 0 },
	{ "Merkle trailer with __pad[2] set", BASE_MERKLE, OP_SIG_BYTE, 7, 1,
	  MOD_CHECK_RESERVED, MALFORMED, -EBADMSG },
};
#endif

struct trailer_fixture {
	u8 bodies[TREE_SIZE][BODY_LEN];
	u8 digests[TREE_SIZE][MOD_KUNIT_DS];
	struct module_hashes_root root;
	struct module_hashes_root placeholder;
	u8 proof[MOD_KUNIT_PROOF_MAX];
	size_t proof_len;
};

static int trailer_test_init(struct kunit *test)
{
	struct trailer_fixture *f;
	u8 mth[MOD_KUNIT_DS];
	unsigned int i, plen;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	for (i = 0; i < TREE_SIZE; i++) {
		mod_kunit_body(f->bodies[i], BODY_LEN, i);
		sha256(f->bodies[i], BODY_LEN, f->digests[i]);
	}
	mod_kunit_ref_mth((const u8 *)f->digests, TREE_SIZE, mth);
	mod_kunit_root(&f->root, TREE_SIZE, mth);
	f->placeholder.version = MODULE_HASHES_VERSION;
	f->placeholder.hash_algo = HASH_ALGO_SHA256;

	plen = mod_kunit_ref_path((const u8 *)f->digests, TREE_SIZE, LEAF,
				  f->proof + MOD_KUNIT_PROOF_HDR);
	KUNIT_ASSERT_EQ(test, plen, LEAF_PATH_LEN);
	f->proof_len = mod_kunit_proof(f->proof, LEAF, TREE_SIZE,
				       f->proof + MOD_KUNIT_PROOF_HDR, plen);
	test->priv = f;
	return 0;
}

static void trailer_flip(u8 *p, unsigned int bit)
{
	p[bit / 8] ^= 1 << (bit % 8);
}

/* The image of case @c, and the root to check it against. */
static void trailer_build(struct kunit *test, const struct trailer_case *c,
			  struct mod_kunit_image *im,
			  const struct module_hashes_root **root)
{
	struct trailer_fixture *f = test->priv;
	u8 body[BODY_LEN], *proof;
	size_t proof_len, off;
	u8 id_type = PKEY_ID_PKCS7;

	memcpy(body, f->bodies[LEAF], BODY_LEN);
	*root = &f->root;
	proof = kunit_kzalloc(test, MOD_KUNIT_PROOF_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, proof);
	if (c->base == BASE_MERKLE) {
		memcpy(proof, f->proof, f->proof_len);
		proof_len = f->proof_len;
		id_type = PKEY_ID_MERKLE;
	} else {
		memset(proof, 0x30, DUMMY_LEN);
		proof_len = DUMMY_LEN;
	}

	/* What changes the payload comes before the framing. */
	switch (c->op) {
	case OP_PROOF_BYTE:
		proof[c->off] = c->val;
		break;
	case OP_PROOF_BE32:
		put_unaligned_be32(c->val, proof + c->off);
		break;
	case OP_PROOF_CUT:
		proof_len = c->val;
		break;
	case OP_PATH_LEN:
		proof[2] = c->val;
		break;
	case OP_PATH:
		proof[2] = c->val;
		proof_len = MOD_KUNIT_PROOF_HDR + c->val * MOD_KUNIT_DS;
		/* Extra digests are copies of the leaf's own, not zeroes. */
		for (off = f->proof_len; off < proof_len; off += MOD_KUNIT_DS)
			memcpy(proof + off, f->digests[LEAF], MOD_KUNIT_DS);
		break;
	case OP_FLIP_BODY:
		trailer_flip(body, c->val);
		break;
	case OP_FLIP_PROOF:
		trailer_flip(proof, c->val);
		break;
	case OP_PLACEHOLDER_ROOT:
		*root = &f->placeholder;
		break;
	default:
		break;
	}

	mod_kunit_image(test, im, body, BODY_LEN,
			c->op == OP_NO_TRAILER ? NULL : proof, proof_len,
			id_type);

	switch (c->op) {
	case OP_CUT_MAGIC:
		im->len -= c->val;
		break;
	case OP_KEEP_TAIL:
		memmove(im->buf, im->buf + im->len - c->val, c->val);
		im->len = c->val;
		break;
	case OP_SIG_BYTE:
		im->buf[mod_kunit_sig_off(im) + c->off] = c->val;
		break;
	case OP_SIG_LEN:
		put_unaligned_be32(c->val, im->buf + mod_kunit_sig_off(im) +
				   offsetof(struct module_signature, sig_len));
		break;
	case OP_SIG_LEN_BEYOND:
		put_unaligned_be32(mod_kunit_sig_off(im) + c->val,
				   im->buf + mod_kunit_sig_off(im) +
				   offsetof(struct module_signature, sig_len));
		break;
	default:
		break;
	}
}

/*
 * What the loader's parsers conclude: the framing, then for a Merkle
 * trailer the proof, checked as merkle_check.c does against @root.
 */
static enum mod_check_status
trailer_judge(const struct mod_kunit_image *im,
	      const struct module_hashes_root *root)
{
	struct mod_trailer t;
	enum mod_check_status status;

	status = mod_trailer_parse(im->buf, im->len, &t);
	if (status != MOD_CHECK_OK)
		return status;
#if IS_ENABLED(CONFIG_MODULE_HASHES)
	if (t.id_type == PKEY_ID_MERKLE)
		return mod_merkle_check_against(im->buf, t.body_len, t.payload,
						t.payload_len, root);
#endif
	return status;
}

static void trailer_expect(struct kunit *test, const struct trailer_case *c)
{
	const struct module_hashes_root *root;
	struct mod_policy_outcome outcome;
	struct mod_kunit_image im;
	enum mod_check_status status;
	enum mod_verdict verdict;

	trailer_build(test, c, &im, &root);
	status = trailer_judge(&im, root);
	verdict = mod_check_verdict(status);
	mod_policy_decide(verdict, false, false, &outcome);

	KUNIT_EXPECT_EQ_MSG(test, status, c->status, "got '%s', want '%s'",
			    mod_check_reason(status),
			    mod_check_reason(c->status));
	KUNIT_EXPECT_STREQ(test, mod_verdict_name(verdict),
			   mod_verdict_name(c->verdict));
	KUNIT_EXPECT_EQ(test, outcome.err, c->err);
}

KUNIT_ARRAY_PARAM_DESC(trailer_framing, trailer_framing_cases, desc);

static void trailer_framing_test(struct kunit *test)
{
	trailer_expect(test, test->param_value);
}

#if IS_ENABLED(CONFIG_MODULE_HASHES)
KUNIT_ARRAY_PARAM_DESC(trailer_merkle, trailer_merkle_cases, desc);

static void trailer_merkle_test(struct kunit *test)
{
	trailer_expect(test, test->param_value);
}
#endif

/* A good trailer is split exactly at the end of the body. */
static void trailer_split_test(struct kunit *test)
{
	static const u8 types[] = { PKEY_ID_PKCS7, PKEY_ID_MERKLE };
	struct trailer_fixture *f = test->priv;
	struct mod_kunit_image im;
	struct mod_trailer t;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, mod_trailer_overhead(),
			sizeof(struct module_signature) + MOD_KUNIT_MAGIC_LEN);

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		mod_kunit_image(test, &im, f->bodies[0], BODY_LEN, f->proof,
				f->proof_len, types[i]);
		memset(&t, 0xa5, sizeof(t));
		KUNIT_ASSERT_EQ(test, mod_trailer_parse(im.buf, im.len, &t),
				MOD_CHECK_OK);
		KUNIT_EXPECT_EQ(test, t.id_type, types[i]);
		KUNIT_EXPECT_EQ(test, t.body_len, BODY_LEN);
		KUNIT_EXPECT_PTR_EQ(test, t.payload,
				    (const u8 *)im.buf + BODY_LEN);
		KUNIT_EXPECT_EQ(test, t.payload_len, f->proof_len);
		KUNIT_EXPECT_EQ(test, t.body_len + t.payload_len +
				mod_trailer_overhead(), im.len);
	}

	/* The payload may take the whole image: an empty body is framed. */
	mod_kunit_image(test, &im, NULL, 0, f->proof, f->proof_len,
			PKEY_ID_PKCS7);
	KUNIT_ASSERT_EQ(test, mod_trailer_parse(im.buf, im.len, &t),
			MOD_CHECK_OK);
	KUNIT_EXPECT_EQ(test, t.body_len, 0);
	KUNIT_EXPECT_PTR_EQ(test, t.payload, (const u8 *)im.buf);
	KUNIT_EXPECT_EQ(test, t.payload_len, f->proof_len);

	/* A payload of one byte is framing-valid too. */
	mod_kunit_image(test, &im, f->bodies[0], BODY_LEN, f->proof, 1,
			PKEY_ID_PKCS7);
	KUNIT_ASSERT_EQ(test, mod_trailer_parse(im.buf, im.len, &t),
			MOD_CHECK_OK);
	KUNIT_EXPECT_EQ(test, t.body_len, BODY_LEN);
	KUNIT_EXPECT_EQ(test, t.payload_len, 1);
}

/*
 * Only the last magic counts: a module whose body happens to contain the
 * magic, or whose trailer was stacked on another, is judged by the last.
 */
static void trailer_last_magic_test(struct kunit *test)
{
	struct trailer_fixture *f = test->priv;
	struct mod_kunit_image inner, outer;
	struct mod_trailer t;

	mod_kunit_image(test, &inner, f->bodies[1], BODY_LEN, f->proof,
			f->proof_len, PKEY_ID_PKCS7);
	mod_kunit_image(test, &outer, inner.buf, inner.len, f->proof,
			f->proof_len, PKEY_ID_MERKLE);
	KUNIT_ASSERT_EQ(test, mod_trailer_parse(outer.buf, outer.len, &t),
			MOD_CHECK_OK);
	KUNIT_EXPECT_EQ(test, t.id_type, PKEY_ID_MERKLE);
	KUNIT_EXPECT_EQ(test, t.body_len, inner.len);
}

static struct kunit_case trailer_test_cases[] = {
	KUNIT_CASE(trailer_split_test),
	KUNIT_CASE(trailer_last_magic_test),
	KUNIT_CASE_PARAM(trailer_framing_test, trailer_framing_gen_params),
#if IS_ENABLED(CONFIG_MODULE_HASHES)
	KUNIT_CASE_PARAM(trailer_merkle_test, trailer_merkle_gen_params),
#endif
	{}
};

static struct kunit_suite trailer_test_suite = {
	.name = "module_integrity_trailer",
	.init = trailer_test_init,
	.test_cases = trailer_test_cases,
};

kunit_test_suite(trailer_test_suite);
