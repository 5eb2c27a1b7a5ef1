// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KUnit suite for the policy (policy/policy.c, status.c): the verdict
 * table of DESIGN 4.2, row by row and column by column, the verdict of
 * every check status, and the mechanisms a policy allows carried through
 * dispatch and policy to the load's outcome.
 */

#include <linux/errno.h>
#include <linux/init.h>
#include <linux/string.h>

#include "integrity_kunit.h"

enum policy_mode {
	PERMISSIVE,
	ENFORCING,	/* MODULE_SIG_FORCE or module.sig_enforce=1 */
	LOCKDOWN,	/* lockdown=integrity, not enforcing */
	ENFORCING_LOCKDOWN,
	NR_MODES
};

static const char *const policy_mode_names[NR_MODES] = {
	[PERMISSIVE] = "permissive",
	[ENFORCING] = "enforcing",
	[LOCKDOWN] = "lockdown",
	[ENFORCING_LOCKDOWN] = "enforcing and lockdown",
};

struct policy_case {
	enum mod_verdict verdict;
	enum policy_mode mode;
	struct mod_policy_outcome want;
};

#define LOAD		{ .err = 0 }
#define TAINT		{ .taint = true }
#define REJECT(e)	{ .err = (e) }
#define LOCKED		{ .err = -EPERM, .lockdown = true }

/* DESIGN 4.2, one row per verdict and mode. */
static const struct policy_case policy_table[] = {
	{ MOD_VERDICT_VERIFIED, PERMISSIVE, LOAD },
	{ MOD_VERDICT_VERIFIED, ENFORCING, LOAD },
	{ MOD_VERDICT_VERIFIED, LOCKDOWN, LOAD },
	{ MOD_VERDICT_VERIFIED, ENFORCING_LOCKDOWN, LOAD },

	{ MOD_VERDICT_UNSIGNED, PERMISSIVE, TAINT },
	{ MOD_VERDICT_UNSIGNED, ENFORCING, REJECT(-EKEYREJECTED) },
	{ MOD_VERDICT_UNSIGNED, LOCKDOWN, LOCKED },
	{ MOD_VERDICT_UNSIGNED, ENFORCING_LOCKDOWN, REJECT(-EKEYREJECTED) },

	{ MOD_VERDICT_UNSUPPORTED, PERMISSIVE, TAINT },
	{ MOD_VERDICT_UNSUPPORTED, ENFORCING, REJECT(-EKEYREJECTED) },
	{ MOD_VERDICT_UNSUPPORTED, LOCKDOWN, LOCKED },
	{ MOD_VERDICT_UNSUPPORTED, ENFORCING_LOCKDOWN, REJECT(-EKEYREJECTED) },

	{ MOD_VERDICT_UNTRUSTED, PERMISSIVE, TAINT },
	{ MOD_VERDICT_UNTRUSTED, ENFORCING, REJECT(-EKEYREJECTED) },
	{ MOD_VERDICT_UNTRUSTED, LOCKDOWN, LOCKED },
	{ MOD_VERDICT_UNTRUSTED, ENFORCING_LOCKDOWN, REJECT(-EKEYREJECTED) },

	{ MOD_VERDICT_MALFORMED, PERMISSIVE, REJECT(-EBADMSG) },
	{ MOD_VERDICT_MALFORMED, ENFORCING, REJECT(-EBADMSG) },
	{ MOD_VERDICT_MALFORMED, LOCKDOWN, REJECT(-EBADMSG) },
	{ MOD_VERDICT_MALFORMED, ENFORCING_LOCKDOWN, REJECT(-EBADMSG) },

	{ MOD_VERDICT_BAD_SIGNATURE, PERMISSIVE, REJECT(-EKEYREJECTED) },
	{ MOD_VERDICT_BAD_SIGNATURE, ENFORCING, REJECT(-EKEYREJECTED) },
	{ MOD_VERDICT_BAD_SIGNATURE, LOCKDOWN, REJECT(-EKEYREJECTED) },
	{ MOD_VERDICT_BAD_SIGNATURE, ENFORCING_LOCKDOWN,
	  REJECT(-EKEYREJECTED) },

	{ MOD_VERDICT_CHECK_FAILED, PERMISSIVE, REJECT(-ENOMEM) },
	{ MOD_VERDICT_CHECK_FAILED, ENFORCING, REJECT(-ENOMEM) },
	{ MOD_VERDICT_CHECK_FAILED, LOCKDOWN, REJECT(-ENOMEM) },
	{ MOD_VERDICT_CHECK_FAILED, ENFORCING_LOCKDOWN, REJECT(-ENOMEM) },
};

static void policy_table_desc(const struct policy_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s, %s",
		 mod_verdict_name(c->verdict), policy_mode_names[c->mode]);
}

KUNIT_ARRAY_PARAM(policy_table, policy_table, policy_table_desc);

static const struct policy_case *policy_lookup(enum mod_verdict verdict,
					       enum policy_mode mode)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(policy_table); i++)
		if (policy_table[i].verdict == verdict &&
		    policy_table[i].mode == mode)
			return &policy_table[i];
	return NULL;
}

static void policy_decide(enum mod_verdict verdict, enum policy_mode mode,
			  struct mod_policy_outcome *out)
{
	/* Poison, so that a field left unset shows. */
	memset(out, 0xa5, sizeof(*out));
	mod_policy_decide(verdict, mode == ENFORCING ||
			  mode == ENFORCING_LOCKDOWN,
			  mode == LOCKDOWN || mode == ENFORCING_LOCKDOWN, out);
}

static void policy_expect(struct kunit *test, const struct policy_case *want,
			  const struct mod_policy_outcome *got)
{
	KUNIT_EXPECT_EQ(test, got->err, want->want.err);
	KUNIT_EXPECT_EQ(test, got->taint, want->want.taint);
	KUNIT_EXPECT_EQ(test, got->lockdown, want->want.lockdown);
	/* A module that loads is never refused, a refused one never tainted. */
	KUNIT_EXPECT_FALSE(test, got->err && got->taint);
	KUNIT_EXPECT_TRUE(test, !got->lockdown || got->err == -EPERM);
}

static void policy_table_test(struct kunit *test)
{
	const struct policy_case *c = test->param_value;
	struct mod_policy_outcome out;

	policy_decide(c->verdict, c->mode, &out);
	policy_expect(test, c, &out);
}

/* The table covers every verdict in every mode, once. */
static void policy_table_complete_test(struct kunit *test)
{
	enum mod_verdict v;
	enum policy_mode mode;

	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(policy_table),
			(size_t)MOD_NR_VERDICTS * NR_MODES);
	for (v = 0; v < MOD_NR_VERDICTS; v++)
		for (mode = 0; mode < NR_MODES; mode++)
			KUNIT_EXPECT_NOT_NULL_MSG(test, policy_lookup(v, mode),
						  "%s, %s",
						  mod_verdict_name(v),
						  policy_mode_names[mode]);
}

/* Every check status and the verdict it belongs to. */
struct policy_status {
	enum mod_check_status status;
	enum mod_verdict verdict;
	const char *desc;
};

#define STATUS(s, v)	{ MOD_CHECK_##s, MOD_VERDICT_##v, #s " is " #v }

static const struct policy_status policy_statuses[] = {
	STATUS(OK, VERIFIED),
	STATUS(NO_TRAILER, UNSIGNED),
	STATUS(FLAGS_IGNORED, UNSIGNED),
	STATUS(UNKNOWN_TYPE, UNSUPPORTED),
	STATUS(NOT_BUILT, UNSUPPORTED),
	STATUS(NOT_ALLOWED, UNSUPPORTED),
	STATUS(PKCS7_ALGO, UNSUPPORTED),
	STATUS(TRUNCATED, MALFORMED),
	STATUS(SIG_LEN, MALFORMED),
	STATUS(RESERVED, MALFORMED),
	STATUS(VERSION, MALFORMED),
	STATUS(HASH_ALGO, MALFORMED),
	STATUS(PATH_LEN, MALFORMED),
	STATUS(INDEX, MALFORMED),
	STATUS(PATH_SHAPE, MALFORMED),
	STATUS(PKCS7_PARSE, MALFORMED),
	STATUS(NO_ROOT, UNTRUSTED),
	STATUS(TREE_SIZE, UNTRUSTED),
	STATUS(ROOT_MISMATCH, UNTRUSTED),
	STATUS(NO_KEY, UNTRUSTED),
	STATUS(BAD_SIGNATURE, BAD_SIGNATURE),
	STATUS(BLACKLISTED, BAD_SIGNATURE),
	STATUS(NO_MEMORY, CHECK_FAILED),
};

KUNIT_ARRAY_PARAM_DESC(policy_status, policy_statuses, desc);

static void policy_status_test(struct kunit *test)
{
	const struct policy_status *s = test->param_value;
	const char *reason = mod_check_reason(s->status);
	const char *other;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, mod_check_verdict(s->status), s->verdict);
	KUNIT_ASSERT_NOT_NULL(test, reason);
	KUNIT_EXPECT_GT(test, strlen(reason), 0);
	/* The reason is what the log line says: one per status. */
	for (i = 0; i < ARRAY_SIZE(policy_statuses); i++) {
		if (policy_statuses[i].status == s->status)
			continue;
		other = mod_check_reason(policy_statuses[i].status);
		KUNIT_EXPECT_STRNEQ(test, reason, other);
	}
}

static void policy_names_test(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(policy_statuses),
			(size_t)MOD_CHECK_NR_STATUS);

	/* The words of the table in DESIGN 4.2 and of the log lines. */
	KUNIT_EXPECT_STREQ(test, mod_verdict_name(MOD_VERDICT_VERIFIED),
			   "verified");
	KUNIT_EXPECT_STREQ(test, mod_verdict_name(MOD_VERDICT_UNSIGNED),
			   "unsigned");
	KUNIT_EXPECT_STREQ(test, mod_verdict_name(MOD_VERDICT_UNSUPPORTED),
			   "unsupported");
	KUNIT_EXPECT_STREQ(test, mod_verdict_name(MOD_VERDICT_UNTRUSTED),
			   "untrusted");
	KUNIT_EXPECT_STREQ(test, mod_verdict_name(MOD_VERDICT_MALFORMED),
			   "malformed");
	KUNIT_EXPECT_STREQ(test, mod_verdict_name(MOD_VERDICT_BAD_SIGNATURE),
			   "bad signature");
	KUNIT_EXPECT_STREQ(test, mod_verdict_name(MOD_VERDICT_CHECK_FAILED),
			   "check failed");

	/* Out of range is never mistaken for success. */
	KUNIT_EXPECT_EQ(test, mod_check_verdict(MOD_CHECK_NR_STATUS),
			MOD_VERDICT_MALFORMED);
	KUNIT_EXPECT_EQ(test, mod_check_verdict(-1), MOD_VERDICT_MALFORMED);
	KUNIT_EXPECT_STREQ(test, mod_check_reason(MOD_CHECK_NR_STATUS),
			   "unknown status");
	KUNIT_EXPECT_STREQ(test, mod_verdict_name(MOD_NR_VERDICTS), "unknown");
}

/*
 * The mechanisms a policy allows, from the trailer to the outcome: the
 * dispatch (with checks that accept everything) gives a verdict, and the
 * verdict an outcome in each mode, as in the table above.
 */
#define M	MOD_MECH_MERKLE_BIT
#define P	MOD_MECH_PKCS7_BIT
#define NO_TRAILER	0xff

struct policy_allowed_case {
	const char *desc;
	unsigned int built;
	unsigned int allowed;
	u8 id_type;
	enum mod_verdict verdict;
};

static const struct policy_allowed_case policy_allowed_cases[] = {
	{ "both built, both allowed, signed", M | P, M | P, PKEY_ID_PKCS7,
	  MOD_VERDICT_VERIFIED },
	{ "both built, both allowed, hashed", M | P, M | P, PKEY_ID_MERKLE,
	  MOD_VERDICT_VERIFIED },
	{ "both built, both allowed, bare", M | P, M | P, NO_TRAILER,
	  MOD_VERDICT_UNSIGNED },
	{ "both built, merkle allowed, signed", M | P, M, PKEY_ID_PKCS7,
	  MOD_VERDICT_UNSUPPORTED },
	{ "both built, merkle allowed, hashed", M | P, M, PKEY_ID_MERKLE,
	  MOD_VERDICT_VERIFIED },
	{ "both built, pkcs7 allowed, signed", M | P, P, PKEY_ID_PKCS7,
	  MOD_VERDICT_VERIFIED },
	{ "both built, pkcs7 allowed, hashed", M | P, P, PKEY_ID_MERKLE,
	  MOD_VERDICT_UNSUPPORTED },
	{ "both built, none allowed, signed", M | P, 0, PKEY_ID_PKCS7,
	  MOD_VERDICT_UNSUPPORTED },
	{ "both built, none allowed, hashed", M | P, 0, PKEY_ID_MERKLE,
	  MOD_VERDICT_UNSUPPORTED },
	{ "both built, none allowed, bare", M | P, 0, NO_TRAILER,
	  MOD_VERDICT_UNSIGNED },
	{ "hash-only, signed", M, M, PKEY_ID_PKCS7, MOD_VERDICT_UNSUPPORTED },
	{ "hash-only, hashed", M, M, PKEY_ID_MERKLE, MOD_VERDICT_VERIFIED },
	{ "hash-only, none allowed, hashed", M, 0, PKEY_ID_MERKLE,
	  MOD_VERDICT_UNSUPPORTED },
	{ "sig-only, signed", P, P, PKEY_ID_PKCS7, MOD_VERDICT_VERIFIED },
	{ "sig-only, hashed", P, P, PKEY_ID_MERKLE, MOD_VERDICT_UNSUPPORTED },
	{ "sig-only, none allowed, signed", P, 0, PKEY_ID_PKCS7,
	  MOD_VERDICT_UNSUPPORTED },
	{ "any, unknown id_type 5", M | P, M | P, 5, MOD_VERDICT_UNSUPPORTED },
};

KUNIT_ARRAY_PARAM_DESC(policy_allowed, policy_allowed_cases, desc);

static enum mod_check_status policy_accept(const u8 *body, size_t body_len,
					   const u8 *payload,
					   size_t payload_len)
{
	return MOD_CHECK_OK;
}

static const struct mod_integrity_checks policy_accept_all = {
	.merkle = policy_accept,
	.pkcs7 = policy_accept,
};

static void policy_allowed_test(struct kunit *test)
{
	const struct policy_allowed_case *c = test->param_value;
	static const u8 payload[16] = { 1 };
	struct mod_integrity_result res;
	struct mod_policy_outcome out;
	struct mod_kunit_image im;
	enum mod_verdict verdict;
	enum policy_mode mode;
	u8 body[64];

	mod_kunit_body(body, sizeof(body), 3);
	mod_kunit_image(test, &im, body, sizeof(body),
			c->id_type == NO_TRAILER ? NULL : payload,
			sizeof(payload), c->id_type);
	mod_integrity_route(im.buf, im.len, false, c->built, c->allowed,
			    &policy_accept_all, &res);
	verdict = mod_check_verdict(res.status);
	KUNIT_ASSERT_EQ_MSG(test, verdict, c->verdict, "got %s (%s)",
			    mod_verdict_name(verdict),
			    mod_check_reason(res.status));

	for (mode = 0; mode < NR_MODES; mode++) {
		const struct policy_case *want = policy_lookup(verdict, mode);

		KUNIT_ASSERT_NOT_NULL(test, want);
		policy_decide(verdict, mode, &out);
		policy_expect(test, want, &out);
	}
}

/*
 * mod_policy_apply() for the verdicts whose outcome does not depend on
 * the state of the running kernel: it returns the errno it decided.
 */
static void policy_apply_test(struct kunit *test)
{
	static const struct {
		enum mod_check_status status;
		int err;
	} rows[] = {
		{ MOD_CHECK_OK, 0 },
		{ MOD_CHECK_SIG_LEN, -EBADMSG },
		{ MOD_CHECK_PATH_SHAPE, -EBADMSG },
		{ MOD_CHECK_BAD_SIGNATURE, -EKEYREJECTED },
		{ MOD_CHECK_BLACKLISTED, -EKEYREJECTED },
	};
	struct mod_integrity_result res = { .mech = MOD_MECH_MERKLE };
	struct mod_policy_outcome out;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		res.status = rows[i].status;
		KUNIT_EXPECT_EQ(test, mod_policy_apply("kunit_test_module",
						       &res, &out),
				rows[i].err);
		KUNIT_EXPECT_EQ(test, out.err, rows[i].err);
		KUNIT_EXPECT_FALSE(test, out.taint);
		KUNIT_EXPECT_FALSE(test, out.lockdown);
	}
}

/*
 * What is allowed from boot on: all that is built, unless the command
 * line narrows it (mk/kunit.sh boots once more with
 * module.integrity_mechanisms=merkle to check that it does).
 */
static void policy_boot_param_test(struct kunit *test)
{
	static const char param[] = "module.integrity_mechanisms=";
	unsigned int want = MOD_MECHS_BUILT;
	const char *arg;
	char *val, *cur, *tok;
	size_t len;

	arg = strstr(saved_command_line, param);
	if (arg) {
		arg += strlen(param);
		len = strcspn(arg, " ");
		val = kunit_kzalloc(test, len + 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, val);
		memcpy(val, arg, len);
		kunit_info(test, "booted with %s%s\n", param, val);

		want = 0;
		cur = val;
		while ((tok = strsep(&cur, ",")) != NULL) {
			if (!strcmp(tok, "merkle"))
				want |= M;
			else if (!strcmp(tok, "pkcs7"))
				want |= P;
		}
	}
	KUNIT_EXPECT_EQ(test, mod_policy_allowed(), want);
}

static struct kunit_case policy_test_cases[] = {
	KUNIT_CASE_PARAM(policy_table_test, policy_table_gen_params),
	KUNIT_CASE(policy_table_complete_test),
	KUNIT_CASE_PARAM(policy_status_test, policy_status_gen_params),
	KUNIT_CASE(policy_names_test),
	KUNIT_CASE_PARAM(policy_allowed_test, policy_allowed_gen_params),
	KUNIT_CASE(policy_apply_test),
	KUNIT_CASE(policy_boot_param_test),
	{}
};

static struct kunit_suite policy_test_suite = {
	.name = "module_integrity_policy",
	.test_cases = policy_test_cases,
};

kunit_test_suite(policy_test_suite);
