// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every malformed trailer class through the kernel's shared parser
 * (trailer.c, merkle.c), each expected to end in its own status and the
 * verdict of the policy table.
 */

#include <stdlib.h>
#include <string.h>

#include "../../kernel/module/integrity/core.h"
#include "../../scripts/sign-or-hash/merkle_build.h"
#include "../../scripts/sign-or-hash/util.h"
#include "host/tap.h"

#define DS MODULE_HASHES_DIGEST_SIZE
#define MAGIC_LEN (sizeof(MODULE_SIG_STRING) - 1)
#define BODY_LEN 1000
#define TREE 5
#define LEAF 4

struct image {
	u8 buf[BODY_LEN + 2048];
	size_t len;
};

static struct merkle_tree tree;
static struct module_hashes_root root;
static u8 bodies[TREE][BODY_LEN];

/* A module image: body, payload, struct module_signature, magic. */
static void build_leaf(struct image *im, unsigned int leaf, const u8 *payload,
		       size_t payload_len, u8 id_type)
{
	struct module_signature ms = { .id_type = id_type };

	put_unaligned_be32(payload_len, &ms.sig_len);
	memcpy(im->buf, bodies[leaf], BODY_LEN);
	memcpy(im->buf + BODY_LEN, payload, payload_len);
	memcpy(im->buf + BODY_LEN + payload_len, &ms, sizeof(ms));
	memcpy(im->buf + BODY_LEN + payload_len + sizeof(ms), MODULE_SIG_STRING,
	       MAGIC_LEN);
	im->len = BODY_LEN + payload_len + sizeof(ms) + MAGIC_LEN;
}

static void build(struct image *im, const u8 *payload, size_t payload_len,
		  u8 id_type)
{
	build_leaf(im, LEAF, payload, payload_len, id_type);
}

static void good_image_of(struct image *im, unsigned int leaf)
{
	u8 payload[12 + MODULE_HASHES_MAX_PATH * DS];

	build_leaf(im, leaf, payload, merkle_tree_payload(&tree, leaf, payload),
		   PKEY_ID_MERKLE);
}

static void good_image(struct image *im)
{
	u8 payload[12 + MODULE_HASHES_MAX_PATH * DS];

	build(im, payload, merkle_tree_payload(&tree, LEAF, payload),
	      PKEY_ID_MERKLE);
}

/* What the kernel's Merkle path concludes about @im. */
static enum mod_check_status judge(const struct image *im)
{
	struct mod_merkle_proof proof;
	enum mod_check_status status;
	struct mod_trailer t;
	u8 digest[DS];

	status = mod_trailer_parse(im->buf, im->len, &t);
	if (status != MOD_CHECK_OK)
		return status;
	if (t.id_type != PKEY_ID_MERKLE)
		return MOD_CHECK_NOT_BUILT;
	status = mod_merkle_parse(t.payload, t.payload_len, &proof);
	if (status != MOD_CHECK_OK)
		return status;
	sha256_buffer(im->buf, t.body_len, digest);
	return mod_merkle_verify(&proof, digest, &root);
}

static void expect(const struct image *im, enum mod_check_status want,
		   enum mod_verdict verdict, const char *what)
{
	enum mod_check_status got = judge(im);

	tap(got == want && mod_check_verdict(got) == verdict,
	    "%s: %s (%s)", what, mod_verdict_name(mod_check_verdict(got)),
	    mod_check_reason(got));
}

/* Offsets from the end of the image. */
#define MS_OFF(im)	((im)->len - MAGIC_LEN - sizeof(struct module_signature))
#define PL_OFF(im)	(BODY_LEN)

int main(void)
{
	u8 digests[TREE][DS];
	struct image im;
	struct mod_trailer t;
	unsigned int i;

	for (i = 0; i < TREE; i++) {
		memset(bodies[i], 'a' + i, BODY_LEN);
		sha256_buffer(bodies[i], BODY_LEN, digests[i]);
	}
	merkle_tree_build(&tree, (const u8 (*)[DS])digests, TREE);
	merkle_tree_root_record(&tree, &root);

	for (i = 0; i < TREE; i++) {
		good_image_of(&im, i);
		expect(&im, MOD_CHECK_OK, MOD_VERDICT_VERIFIED, "intact proof");
	}
	good_image(&im);
	memset(&t, 0, sizeof(t));
	i = mod_trailer_parse(im.buf, im.len, &t);
	tap(i == MOD_CHECK_OK && t.id_type == PKEY_ID_MERKLE &&
	    t.body_len == BODY_LEN && t.payload == im.buf + BODY_LEN &&
	    t.payload_len == 12 + DS,
	    "trailer split at the body's end, payload %zu bytes", t.payload_len);

	im.len = BODY_LEN;
	expect(&im, MOD_CHECK_NO_TRAILER, MOD_VERDICT_UNSIGNED, "no trailer");

	/* Framing */
	good_image(&im);
	memmove(im.buf, im.buf + im.len - MAGIC_LEN - 5, MAGIC_LEN + 5);
	im.len = MAGIC_LEN + 5;
	expect(&im, MOD_CHECK_TRUNCATED, MOD_VERDICT_MALFORMED,
	       "magic with a partial signature block");
	good_image(&im);
	put_unaligned_be32(im.len, im.buf + MS_OFF(&im) + 8);
	expect(&im, MOD_CHECK_SIG_LEN, MOD_VERDICT_MALFORMED, "sig_len past the file");
	put_unaligned_be32(0xffffffff, im.buf + MS_OFF(&im) + 8);
	expect(&im, MOD_CHECK_SIG_LEN, MOD_VERDICT_MALFORMED, "sig_len 0xffffffff");
	put_unaligned_be32(0, im.buf + MS_OFF(&im) + 8);
	expect(&im, MOD_CHECK_SIG_LEN, MOD_VERDICT_MALFORMED, "sig_len 0");
	for (i = 0; i < 8; i++) {
		static const char *const names[] = {
			"algo", "hash", "id_type", "signer_len", "key_id_len",
			"__pad[0]", "__pad[1]", "__pad[2]",
		};

		good_image(&im);
		im.buf[MS_OFF(&im) + i] ^= i == 2 ? 0x40 : 0x01;
		if (i == 2)
			expect(&im, MOD_CHECK_UNKNOWN_TYPE, MOD_VERDICT_UNSUPPORTED,
			       "unknown id_type");
		else
			expect(&im, MOD_CHECK_RESERVED, MOD_VERDICT_MALFORMED,
			       names[i]);
	}

	/* Merkle payload */
	{
		static const u8 short_payload[11] = { 1, HASH_ALGO_SHA256 };

		build(&im, short_payload, sizeof(short_payload), PKEY_ID_MERKLE);
		expect(&im, MOD_CHECK_TRUNCATED, MOD_VERDICT_MALFORMED,
		       "payload shorter than the proof header");
	}
	good_image(&im);
	im.buf[PL_OFF(&im)] = 2;
	expect(&im, MOD_CHECK_VERSION, MOD_VERDICT_MALFORMED, "proof version 2");
	good_image(&im);
	im.buf[PL_OFF(&im)] = 0;
	expect(&im, MOD_CHECK_VERSION, MOD_VERDICT_MALFORMED, "proof version 0");
	good_image(&im);
	im.buf[PL_OFF(&im) + 1] = HASH_ALGO_SHA512;
	expect(&im, MOD_CHECK_HASH_ALGO, MOD_VERDICT_MALFORMED, "hash algorithm SHA-512");
	good_image(&im);
	im.buf[PL_OFF(&im) + 3] = 0x80;
	expect(&im, MOD_CHECK_RESERVED, MOD_VERDICT_MALFORMED, "proof reserved byte set");
	good_image(&im);
	im.buf[PL_OFF(&im) + 2]++;
	expect(&im, MOD_CHECK_PATH_LEN, MOD_VERDICT_MALFORMED,
	       "path_len one more than the payload holds");
	good_image(&im);
	im.buf[PL_OFF(&im) + 2]--;
	expect(&im, MOD_CHECK_PATH_LEN, MOD_VERDICT_MALFORMED,
	       "path_len one less than the payload holds");
	good_image(&im);
	im.buf[PL_OFF(&im) + 2] = 33;
	expect(&im, MOD_CHECK_PATH_LEN, MOD_VERDICT_MALFORMED, "path_len 33");
	good_image(&im);
	put_unaligned_be32(TREE, im.buf + PL_OFF(&im) + 4);
	expect(&im, MOD_CHECK_INDEX, MOD_VERDICT_MALFORMED, "leaf index == tree size");
	good_image(&im);
	put_unaligned_be32(0, im.buf + PL_OFF(&im) + 8);
	expect(&im, MOD_CHECK_INDEX, MOD_VERDICT_MALFORMED, "tree size 0");
	{
		/* Leaf 0 has a path of 3 in trees of 5 and of 6 modules. */
		u8 payload[12 + 3 * DS];

		merkle_tree_payload(&tree, 0, payload);
		put_unaligned_be32(TREE + 1, payload + 8);
		build_leaf(&im, 0, payload, sizeof(payload), PKEY_ID_MERKLE);
		expect(&im, MOD_CHECK_TREE_SIZE, MOD_VERDICT_UNTRUSTED,
		       "tree size not the root's");
	}
	{
		/* Leaf 4 of 5 has a path of 1; one longer and one shorter. */
		u8 payload[12 + 4 * DS];
		size_t len = merkle_tree_payload(&tree, LEAF, payload);

		memset(payload + len, 0x5a, DS);
		payload[2]++;
		build(&im, payload, len + DS, PKEY_ID_MERKLE);
		expect(&im, MOD_CHECK_PATH_SHAPE, MOD_VERDICT_MALFORMED,
		       "path one too long");
		payload[2] -= 2;
		build(&im, payload, len - DS, PKEY_ID_MERKLE);
		expect(&im, MOD_CHECK_PATH_SHAPE, MOD_VERDICT_MALFORMED,
		       "path one too short");
	}
	good_image(&im);
	im.buf[17] ^= 0x04;
	expect(&im, MOD_CHECK_ROOT_MISMATCH, MOD_VERDICT_UNTRUSTED,
	       "flipped bit in the module");
	good_image(&im);
	im.buf[PL_OFF(&im) + 12 + 10] ^= 0x10;
	expect(&im, MOD_CHECK_ROOT_MISMATCH, MOD_VERDICT_UNTRUSTED,
	       "flipped bit in the path");
	good_image(&im);
	im.buf[PL_OFF(&im) + 7] ^= 0x01;
	expect(&im, MOD_CHECK_INDEX, MOD_VERDICT_MALFORMED,
	       "flipped bit in the leaf index (4 -> 5, outside the tree)");
	good_image(&im);
	im.buf[PL_OFF(&im) + 7] ^= 0x04;
	expect(&im, MOD_CHECK_PATH_SHAPE, MOD_VERDICT_MALFORMED,
	       "flipped bit in the leaf index (4 -> 0, a deeper leaf)");
	good_image_of(&im, 2);
	im.buf[PL_OFF(&im) + 7] ^= 0x01;
	expect(&im, MOD_CHECK_ROOT_MISMATCH, MOD_VERDICT_UNTRUSTED,
	       "flipped bit in the leaf index (2 -> 3, same depth)");
	{
		/* Another module's proof on this module. */
		u8 payload[12 + 3 * DS];

		build(&im, payload, merkle_tree_payload(&tree, 0, payload),
		      PKEY_ID_MERKLE);
		expect(&im, MOD_CHECK_ROOT_MISMATCH, MOD_VERDICT_UNTRUSTED,
		       "another module's proof");
	}
	{
		struct module_hashes_root empty = root;

		put_unaligned_be32(0, &empty.tree_size);
		tap(mod_merkle_check_root(&empty) == MOD_CHECK_NO_ROOT &&
		    mod_merkle_check_root(&root) == MOD_CHECK_OK,
		    "a placeholder root (tree size 0) verifies nothing");
	}
	merkle_tree_free(&tree);
	return 0;
}
