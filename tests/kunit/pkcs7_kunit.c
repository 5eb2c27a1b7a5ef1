// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KUnit suite for the PKCS#7 check (pkcs7_check.c), through the real
 * verify_pkcs7_signature() and the kernel's trusted keyrings.
 *
 * The signatures are made when the kernel is built (see the Makefile):
 * one by the build's own module signing key, whose certificate is in the
 * builtin trusted keyring, and two by a key made for the purpose that is
 * in no keyring, with and without its certificate in the message.
 */

#include <linux/errno.h>
#include <linux/string.h>

#include "integrity_kunit.h"
#include "pkcs7_kunit_data.h"

/*
 * The check is handed the module as the loader holds it: body, payload
 * and framing in one buffer (the blacklist lookup hashes all of it).
 */
static void pkcs7_image(struct kunit *test, struct mod_kunit_image *im,
			const u8 *sig, size_t sig_len)
{
	mod_kunit_image(test, im, pkcs7_kunit_blob, sizeof(pkcs7_kunit_blob),
			sig, sig_len, PKEY_ID_PKCS7);
}

static enum mod_check_status pkcs7_check(const struct mod_kunit_image *im)
{
	return mod_pkcs7_check(im->buf, im->body_len, im->buf + im->body_len,
			       im->payload_len);
}

static void pkcs7_need_trusted(struct kunit *test)
{
	/* CONFIG_MODULE_SIG_KEY on a PKCS#11 token: nothing to sign with. */
	if (!sizeof(pkcs7_kunit_trusted))
		kunit_skip(test, "the module signing key is not a file");
}

static void pkcs7_trusted_test(struct kunit *test)
{
	struct mod_kunit_image im;

	pkcs7_need_trusted(test);
	pkcs7_image(test, &im, pkcs7_kunit_trusted,
		    sizeof(pkcs7_kunit_trusted));
	KUNIT_EXPECT_EQ(test, pkcs7_check(&im), MOD_CHECK_OK);
}

static void pkcs7_unknown_key_test(struct kunit *test)
{
	struct mod_kunit_image im;

	pkcs7_image(test, &im, pkcs7_kunit_untrusted,
		    sizeof(pkcs7_kunit_untrusted));
	KUNIT_EXPECT_EQ(test, pkcs7_check(&im), MOD_CHECK_NO_KEY);

	/* A certificate in the message does not make its key trusted. */
	pkcs7_image(test, &im, pkcs7_kunit_untrusted_cert,
		    sizeof(pkcs7_kunit_untrusted_cert));
	KUNIT_EXPECT_EQ(test, pkcs7_check(&im), MOD_CHECK_NO_KEY);
}

/* A trusted key's signature, over content that is not this module. */
static void pkcs7_bad_signature_test(struct kunit *test)
{
	const size_t len = sizeof(pkcs7_kunit_blob);
	const size_t offs[] = { 0, len / 2, len - 1 };
	struct mod_kunit_image im;
	unsigned int i;

	pkcs7_need_trusted(test);
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		pkcs7_image(test, &im, pkcs7_kunit_trusted,
			    sizeof(pkcs7_kunit_trusted));
		im.buf[offs[i]] ^= 0x01;
		KUNIT_EXPECT_EQ_MSG(test, pkcs7_check(&im),
				    MOD_CHECK_BAD_SIGNATURE,
				    "byte %zu of the module flipped", offs[i]);
	}

	/* One byte short: the signature covered more. */
	pkcs7_image(test, &im, pkcs7_kunit_trusted,
		    sizeof(pkcs7_kunit_trusted));
	KUNIT_EXPECT_EQ(test, mod_pkcs7_check(im.buf, im.body_len - 1,
					      im.buf + im.body_len,
					      im.payload_len),
			MOD_CHECK_BAD_SIGNATURE);
}

static void pkcs7_parse_test(struct kunit *test)
{
	const size_t len = sizeof(pkcs7_kunit_trusted);
	struct mod_kunit_image im;
	u8 *junk;

	junk = kunit_kzalloc(test, 256, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, junk);

	pkcs7_image(test, &im, junk, 256);
	KUNIT_EXPECT_EQ_MSG(test, pkcs7_check(&im), MOD_CHECK_PKCS7_PARSE,
			    "zeroes");

	mod_kunit_body(junk, 256, 1);
	pkcs7_image(test, &im, junk, 256);
	KUNIT_EXPECT_EQ_MSG(test, pkcs7_check(&im), MOD_CHECK_PKCS7_PARSE,
			    "noise");

	/* A Merkle proof handed to the PKCS#7 check. */
	mod_kunit_proof(junk, 0, 1, junk + MOD_KUNIT_PROOF_HDR, 0);
	pkcs7_image(test, &im, junk, MOD_KUNIT_PROOF_HDR);
	KUNIT_EXPECT_EQ_MSG(test, pkcs7_check(&im), MOD_CHECK_PKCS7_PARSE,
			    "Merkle proof");

	/* A real signature, cut short. */
	pkcs7_image(test, &im, pkcs7_kunit_untrusted,
		    sizeof(pkcs7_kunit_untrusted) / 2);
	KUNIT_EXPECT_EQ_MSG(test, pkcs7_check(&im), MOD_CHECK_PKCS7_PARSE,
			    "half a signature");

	/* A real signature whose outer SEQUENCE is not one. */
	if (len) {
		pkcs7_image(test, &im, pkcs7_kunit_trusted, len);
		im.buf[im.body_len] ^= 0x01;
		KUNIT_EXPECT_EQ_MSG(test, pkcs7_check(&im),
				    MOD_CHECK_PKCS7_PARSE, "broken tag");
	}
}

/* Through the dispatch, with the kernel's own PKCS#7 check. */
static enum mod_check_status pkcs7_no_merkle(const u8 *body, size_t body_len,
					     const u8 *payload,
					     size_t payload_len)
{
	return MOD_CHECK_NOT_BUILT;
}

static const struct mod_integrity_checks pkcs7_real_checks = {
	.merkle = pkcs7_no_merkle,
	.pkcs7 = mod_pkcs7_check,
};

static void pkcs7_route_test(struct kunit *test)
{
	const unsigned int p = MOD_MECH_PKCS7_BIT;
	struct mod_integrity_result res;
	struct mod_policy_outcome out;
	struct mod_kunit_image im;

	pkcs7_need_trusted(test);
	pkcs7_image(test, &im, pkcs7_kunit_trusted,
		    sizeof(pkcs7_kunit_trusted));
	mod_integrity_route(im.buf, im.len, false, p, p, &pkcs7_real_checks,
			    &res);
	KUNIT_EXPECT_EQ(test, res.mech, MOD_MECH_PKCS7);
	KUNIT_EXPECT_EQ(test, res.status, MOD_CHECK_OK);
	KUNIT_EXPECT_EQ(test, res.body_len, sizeof(pkcs7_kunit_blob));
	mod_policy_decide(mod_check_verdict(res.status), true, true, &out);
	KUNIT_EXPECT_EQ(test, out.err, 0);

	pkcs7_image(test, &im, pkcs7_kunit_untrusted,
		    sizeof(pkcs7_kunit_untrusted));
	mod_integrity_route(im.buf, im.len, false, p, p, &pkcs7_real_checks,
			    &res);
	KUNIT_EXPECT_EQ(test, res.status, MOD_CHECK_NO_KEY);
	mod_policy_decide(mod_check_verdict(res.status), true, false, &out);
	KUNIT_EXPECT_EQ(test, out.err, -EKEYREJECTED);
}

/* What each error of verify_pkcs7_signature() means. */
struct pkcs7_errno {
	const char *desc;
	int err;
	enum mod_check_status status;
};

static const struct pkcs7_errno pkcs7_errnos[] = {
	{ "0", 0, MOD_CHECK_OK },
	{ "ENOKEY", -ENOKEY, MOD_CHECK_NO_KEY },
	{ "EKEYREJECTED", -EKEYREJECTED, MOD_CHECK_BAD_SIGNATURE },
	{ "ENOPKG", -ENOPKG, MOD_CHECK_PKCS7_ALGO },
	{ "EBADMSG", -EBADMSG, MOD_CHECK_PKCS7_PARSE },
	{ "EINVAL", -EINVAL, MOD_CHECK_PKCS7_PARSE },
	{ "ENOMEM", -ENOMEM, MOD_CHECK_NO_MEMORY },
};

KUNIT_ARRAY_PARAM_DESC(pkcs7_errno, pkcs7_errnos, desc);

static void pkcs7_status_test(struct kunit *test)
{
	const struct pkcs7_errno *e = test->param_value;

	KUNIT_EXPECT_EQ(test, mod_pkcs7_status(e->err), e->status);
}

static struct kunit_case pkcs7_test_cases[] = {
	KUNIT_CASE(pkcs7_trusted_test),
	KUNIT_CASE(pkcs7_unknown_key_test),
	KUNIT_CASE(pkcs7_bad_signature_test),
	KUNIT_CASE(pkcs7_parse_test),
	KUNIT_CASE(pkcs7_route_test),
	KUNIT_CASE_PARAM(pkcs7_status_test, pkcs7_errno_gen_params),
	{}
};

static struct kunit_suite pkcs7_test_suite = {
	.name = "module_integrity_pkcs7",
	.test_cases = pkcs7_test_cases,
};

kunit_test_suite(pkcs7_test_suite);
