// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KUnit suite for the dispatch (dispatch.c): each id_type, under each
 * choice of mechanisms built in and allowed, goes to the right check or
 * to the status that says why not, and the module body is cut off at the
 * right place.
 *
 * mod_integrity_route() takes the mechanisms built in as a parameter and
 * the checks as a table, so every kernel configuration runs every row
 * here, against recording fakes.
 */

#include <kunit/test-bug.h>
#include <linux/string.h>

#include "integrity_kunit.h"

#define BODY_LEN	256
#define PAYLOAD_LEN	44

#define M	MOD_MECH_MERKLE_BIT
#define P	MOD_MECH_PKCS7_BIT

/* Where a trailer of a mechanism must end up. */
enum dispatch_route {
	TO_CHECK,	/* the mechanism's check, whose status is returned */
	TO_NOT_BUILT,
	TO_NOT_ALLOWED,
};

struct dispatch_config {
	const char *desc;
	unsigned int built;
	unsigned int allowed;
	enum dispatch_route pkcs7;
	enum dispatch_route merkle;
};

static const struct dispatch_config dispatch_configs[] = {
	{ "hash-only", M, M, TO_NOT_BUILT, TO_CHECK },
	{ "hash-only, nothing allowed", M, 0, TO_NOT_BUILT, TO_NOT_ALLOWED },
	{ "hash-only, pkcs7 allowed but not built", M, M | P,
	  TO_NOT_BUILT, TO_CHECK },
	{ "sig-only", P, P, TO_CHECK, TO_NOT_BUILT },
	{ "sig-only, nothing allowed", P, 0, TO_NOT_ALLOWED, TO_NOT_BUILT },
	{ "sig-only, merkle allowed but not built", P, M | P,
	  TO_CHECK, TO_NOT_BUILT },
	{ "both", M | P, M | P, TO_CHECK, TO_CHECK },
	{ "both, merkle only", M | P, M, TO_NOT_ALLOWED, TO_CHECK },
	{ "both, pkcs7 only", M | P, P, TO_CHECK, TO_NOT_ALLOWED },
	{ "both, nothing allowed", M | P, 0, TO_NOT_ALLOWED, TO_NOT_ALLOWED },
};

KUNIT_ARRAY_PARAM_DESC(dispatch_config, dispatch_configs, desc);

/* What the fakes saw, and what they answer. */
struct dispatch_calls {
	enum mod_check_status ret;
	unsigned int merkle;
	unsigned int pkcs7;
	const u8 *body;
	size_t body_len;
	const u8 *payload;
	size_t payload_len;
};

struct dispatch_fixture {
	struct dispatch_calls calls;
	u8 body[BODY_LEN];
	u8 payload[PAYLOAD_LEN];
};

static struct dispatch_calls *dispatch_record(const u8 *body, size_t body_len,
					      const u8 *payload,
					      size_t payload_len)
{
	struct kunit *test = kunit_get_current_test();
	struct dispatch_fixture *f = test->priv;

	f->calls.body = body;
	f->calls.body_len = body_len;
	f->calls.payload = payload;
	f->calls.payload_len = payload_len;
	return &f->calls;
}

static enum mod_check_status dispatch_fake_merkle(const u8 *body,
						  size_t body_len,
						  const u8 *payload,
						  size_t payload_len)
{
	struct dispatch_calls *calls;

	calls = dispatch_record(body, body_len, payload, payload_len);
	calls->merkle++;
	return calls->ret;
}

static enum mod_check_status dispatch_fake_pkcs7(const u8 *body,
						 size_t body_len,
						 const u8 *payload,
						 size_t payload_len)
{
	struct dispatch_calls *calls;

	calls = dispatch_record(body, body_len, payload, payload_len);
	calls->pkcs7++;
	return calls->ret;
}

static const struct mod_integrity_checks dispatch_fakes = {
	.merkle = dispatch_fake_merkle,
	.pkcs7 = dispatch_fake_pkcs7,
};

static int dispatch_test_init(struct kunit *test)
{
	struct dispatch_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	mod_kunit_body(f->body, BODY_LEN, 7);
	memset(f->payload, 0x5a, PAYLOAD_LEN);
	test->priv = f;
	return 0;
}

static void dispatch_route(struct kunit *test, const struct mod_kunit_image *im,
			   bool waived, struct mod_integrity_result *res)
{
	const struct dispatch_config *cfg = test->param_value;
	struct dispatch_fixture *f = test->priv;
	enum mod_check_status ret = f->calls.ret;

	memset(&f->calls, 0, sizeof(f->calls));
	f->calls.ret = ret;
	memset(res, 0xa5, sizeof(*res));
	mod_integrity_route(im->buf, im->len, waived, cfg->built, cfg->allowed,
			    &dispatch_fakes, res);
}

static void dispatch_expect_no_call(struct kunit *test)
{
	struct dispatch_fixture *f = test->priv;

	KUNIT_EXPECT_EQ(test, f->calls.merkle, 0);
	KUNIT_EXPECT_EQ(test, f->calls.pkcs7, 0);
}

static void dispatch_no_trailer_test(struct kunit *test)
{
	struct dispatch_fixture *f = test->priv;
	struct mod_integrity_result res;
	struct mod_kunit_image im;

	mod_kunit_image(test, &im, f->body, BODY_LEN, NULL, 0, 0);
	dispatch_route(test, &im, false, &res);
	KUNIT_EXPECT_EQ(test, res.mech, MOD_MECH_NONE);
	KUNIT_EXPECT_EQ(test, res.status, MOD_CHECK_NO_TRAILER);
	KUNIT_EXPECT_EQ(test, res.body_len, BODY_LEN);
	dispatch_expect_no_call(test);
}

/* A trailer of @id_type, whose mechanism @mech is routed as @route. */
static void dispatch_known_type(struct kunit *test, u8 id_type,
				enum mod_mechanism mech,
				enum dispatch_route route)
{
	static const enum mod_check_status answers[] = {
		MOD_CHECK_OK, MOD_CHECK_ROOT_MISMATCH, MOD_CHECK_NO_KEY,
		MOD_CHECK_PATH_SHAPE, MOD_CHECK_BAD_SIGNATURE,
	};
	struct dispatch_fixture *f = test->priv;
	struct mod_integrity_result res;
	struct mod_kunit_image im;
	unsigned int i;

	mod_kunit_image(test, &im, f->body, BODY_LEN, f->payload, PAYLOAD_LEN,
			id_type);
	for (i = 0; i < ARRAY_SIZE(answers); i++) {
		f->calls.ret = answers[i];
		dispatch_route(test, &im, false, &res);
		KUNIT_EXPECT_EQ(test, res.mech, mech);
		/* The ELF parser must not see the trailer, checked or not. */
		KUNIT_EXPECT_EQ(test, res.body_len, BODY_LEN);

		switch (route) {
		case TO_CHECK:
			KUNIT_EXPECT_EQ(test, res.status, answers[i]);
			KUNIT_EXPECT_EQ(test, f->calls.merkle,
					mech == MOD_MECH_MERKLE ? 1 : 0);
			KUNIT_EXPECT_EQ(test, f->calls.pkcs7,
					mech == MOD_MECH_PKCS7 ? 1 : 0);
			KUNIT_EXPECT_PTR_EQ(test, f->calls.body,
					    (const u8 *)im.buf);
			KUNIT_EXPECT_EQ(test, f->calls.body_len, BODY_LEN);
			KUNIT_EXPECT_PTR_EQ(test, f->calls.payload,
					    (const u8 *)im.buf + BODY_LEN);
			KUNIT_EXPECT_EQ(test, f->calls.payload_len,
					PAYLOAD_LEN);
			break;
		case TO_NOT_BUILT:
			KUNIT_EXPECT_EQ(test, res.status, MOD_CHECK_NOT_BUILT);
			dispatch_expect_no_call(test);
			break;
		case TO_NOT_ALLOWED:
			KUNIT_EXPECT_EQ(test, res.status,
					MOD_CHECK_NOT_ALLOWED);
			dispatch_expect_no_call(test);
			break;
		}
	}
}

static void dispatch_pkcs7_test(struct kunit *test)
{
	const struct dispatch_config *cfg = test->param_value;

	dispatch_known_type(test, PKEY_ID_PKCS7, MOD_MECH_PKCS7, cfg->pkcs7);
}

static void dispatch_merkle_test(struct kunit *test)
{
	const struct dispatch_config *cfg = test->param_value;

	dispatch_known_type(test, PKEY_ID_MERKLE, MOD_MECH_MERKLE, cfg->merkle);
}

static const u8 dispatch_unknown_types[] = {
	PKEY_ID_PGP, PKEY_ID_X509, 4, 5, 0x80, 0xff,
};

static void dispatch_unknown_type_test(struct kunit *test)
{
	struct dispatch_fixture *f = test->priv;
	struct mod_integrity_result res;
	struct mod_kunit_image im;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dispatch_unknown_types); i++) {
		mod_kunit_image(test, &im, f->body, BODY_LEN, f->payload,
				PAYLOAD_LEN, dispatch_unknown_types[i]);
		dispatch_route(test, &im, false, &res);
		KUNIT_EXPECT_EQ(test, res.mech, MOD_MECH_UNKNOWN);
		KUNIT_EXPECT_EQ(test, res.status, MOD_CHECK_UNKNOWN_TYPE);
		/* Nothing known about the trailer: the image stays whole. */
		KUNIT_EXPECT_EQ(test, res.body_len, im.len);
		dispatch_expect_no_call(test);
	}
}

/* Trailers broken in their framing, whatever their id_type. */
struct dispatch_broken {
	const char *desc;
	u8 id_type;
	unsigned int off;	/* byte of struct module_signature */
	u8 val;
	enum mod_check_status status;
};

static const struct dispatch_broken dispatch_broken[] = {
	{ "PKCS7, algo set", PKEY_ID_PKCS7, 0, 1, MOD_CHECK_RESERVED },
	{ "Merkle, key_id_len set", PKEY_ID_MERKLE, 4, 1, MOD_CHECK_RESERVED },
	{ "PKCS7, sig_len past the file", PKEY_ID_PKCS7,
	  offsetof(struct module_signature, sig_len), 0xff,
	  MOD_CHECK_SIG_LEN },
	{ "Merkle, sig_len past the file", PKEY_ID_MERKLE,
	  offsetof(struct module_signature, sig_len), 0xff,
	  MOD_CHECK_SIG_LEN },
};

static void dispatch_broken_image(struct kunit *test,
				  const struct dispatch_broken *b,
				  struct mod_kunit_image *im)
{
	struct dispatch_fixture *f = test->priv;

	mod_kunit_image(test, im, f->body, BODY_LEN, f->payload, PAYLOAD_LEN,
			b->id_type);
	im->buf[mod_kunit_sig_off(im) + b->off] = b->val;
}

static void dispatch_malformed_test(struct kunit *test)
{
	struct mod_integrity_result res;
	struct mod_kunit_image im;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dispatch_broken); i++) {
		dispatch_broken_image(test, &dispatch_broken[i], &im);
		dispatch_route(test, &im, false, &res);
		KUNIT_EXPECT_EQ_MSG(test, res.status, dispatch_broken[i].status,
				    "%s", dispatch_broken[i].desc);
		KUNIT_EXPECT_EQ(test, res.mech, MOD_MECH_UNKNOWN);
		KUNIT_EXPECT_EQ(test, res.body_len, im.len);
		dispatch_expect_no_call(test);
	}
}

/*
 * MODULE_INIT_IGNORE_MODVERSIONS or _VERMAGIC: the module was changed on
 * the way in, so whatever it carries counts as unsigned (DESIGN 4.2, as
 * module_sig_check() did). Nothing is checked; a known trailer is still
 * cut off.
 */
static void dispatch_waived_test(struct kunit *test)
{
	struct dispatch_fixture *f = test->priv;
	struct mod_integrity_result res;
	struct mod_kunit_image im;
	unsigned int i;

	mod_kunit_image(test, &im, f->body, BODY_LEN, NULL, 0, 0);
	dispatch_route(test, &im, true, &res);
	KUNIT_EXPECT_EQ(test, res.mech, MOD_MECH_NONE);
	KUNIT_EXPECT_EQ(test, res.status, MOD_CHECK_FLAGS_IGNORED);
	KUNIT_EXPECT_EQ(test, res.body_len, BODY_LEN);
	dispatch_expect_no_call(test);

	mod_kunit_image(test, &im, f->body, BODY_LEN, f->payload, PAYLOAD_LEN,
			PKEY_ID_PKCS7);
	dispatch_route(test, &im, true, &res);
	KUNIT_EXPECT_EQ(test, res.mech, MOD_MECH_PKCS7);
	KUNIT_EXPECT_EQ(test, res.status, MOD_CHECK_FLAGS_IGNORED);
	KUNIT_EXPECT_EQ(test, res.body_len, BODY_LEN);
	dispatch_expect_no_call(test);

	mod_kunit_image(test, &im, f->body, BODY_LEN, f->payload, PAYLOAD_LEN,
			PKEY_ID_MERKLE);
	dispatch_route(test, &im, true, &res);
	KUNIT_EXPECT_EQ(test, res.mech, MOD_MECH_MERKLE);
	KUNIT_EXPECT_EQ(test, res.status, MOD_CHECK_FLAGS_IGNORED);
	KUNIT_EXPECT_EQ(test, res.body_len, BODY_LEN);
	dispatch_expect_no_call(test);

	for (i = 0; i < ARRAY_SIZE(dispatch_unknown_types); i++) {
		mod_kunit_image(test, &im, f->body, BODY_LEN, f->payload,
				PAYLOAD_LEN, dispatch_unknown_types[i]);
		dispatch_route(test, &im, true, &res);
		KUNIT_EXPECT_EQ(test, res.mech, MOD_MECH_UNKNOWN);
		KUNIT_EXPECT_EQ(test, res.status, MOD_CHECK_FLAGS_IGNORED);
		KUNIT_EXPECT_EQ(test, res.body_len, im.len);
		dispatch_expect_no_call(test);
	}

	for (i = 0; i < ARRAY_SIZE(dispatch_broken); i++) {
		dispatch_broken_image(test, &dispatch_broken[i], &im);
		dispatch_route(test, &im, true, &res);
		KUNIT_EXPECT_EQ_MSG(test, res.status, MOD_CHECK_FLAGS_IGNORED,
				    "%s: got '%s'", dispatch_broken[i].desc,
				    mod_check_reason(res.status));
		KUNIT_EXPECT_EQ(test, res.body_len, im.len);
		dispatch_expect_no_call(test);
	}
}

/* The kernel's own mechanisms, and their names. */
static void dispatch_kernel_test(struct kunit *test)
{
	unsigned int built = 0;

	if (IS_ENABLED(CONFIG_MODULE_SIG))
		built |= P;
	if (IS_ENABLED(CONFIG_MODULE_HASHES))
		built |= M;
	KUNIT_EXPECT_EQ(test, MOD_MECHS_BUILT, built);
	KUNIT_EXPECT_NE(test, built, 0);

	KUNIT_EXPECT_STREQ(test, mod_mechanism_name(MOD_MECH_NONE), "none");
	KUNIT_EXPECT_STREQ(test, mod_mechanism_name(MOD_MECH_PKCS7), "pkcs7");
	KUNIT_EXPECT_STREQ(test, mod_mechanism_name(MOD_MECH_MERKLE), "merkle");
	KUNIT_EXPECT_STREQ(test, mod_mechanism_name(MOD_MECH_UNKNOWN),
			   "unknown");
	KUNIT_EXPECT_STREQ(test, mod_mechanism_name(MOD_NR_MECHS), "unknown");
	KUNIT_EXPECT_STREQ(test, mod_mechanism_name(-1), "unknown");
}

static struct kunit_case dispatch_test_cases[] = {
	KUNIT_CASE(dispatch_kernel_test),
	KUNIT_CASE_PARAM(dispatch_no_trailer_test, dispatch_config_gen_params),
	KUNIT_CASE_PARAM(dispatch_pkcs7_test, dispatch_config_gen_params),
	KUNIT_CASE_PARAM(dispatch_merkle_test, dispatch_config_gen_params),
	KUNIT_CASE_PARAM(dispatch_unknown_type_test,
			 dispatch_config_gen_params),
	KUNIT_CASE_PARAM(dispatch_malformed_test, dispatch_config_gen_params),
	KUNIT_CASE_PARAM(dispatch_waived_test, dispatch_config_gen_params),
	{}
};

static struct kunit_suite dispatch_test_suite = {
	.name = "module_integrity_dispatch",
	.init = dispatch_test_init,
	.test_cases = dispatch_test_cases,
};

kunit_test_suite(dispatch_test_suite);
