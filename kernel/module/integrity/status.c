// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What each check status means: its verdict and the reason that the
 * kernel log and the host tool print.
 *
 * Shared with the host: see core.h.
 */

#include "core.h"

/* The two reasons an administrator sees most, kept whole for grep. */
#define MOD_REASON_NO_TRAILER \
	"no signature or Merkle proof (modules get theirs at 'make modules_install')"
#define MOD_REASON_ROOT_MISMATCH \
	"Merkle proof does not match this kernel's module root (modified, or from another build)"

static const struct {
	enum mod_verdict verdict;
	const char *reason;
} mod_check_table[MOD_CHECK_NR_STATUS] = {
	[MOD_CHECK_OK] = {
		MOD_VERDICT_VERIFIED, "verified" },
	[MOD_CHECK_NO_TRAILER] = {
		MOD_VERDICT_UNSIGNED, MOD_REASON_NO_TRAILER },
	[MOD_CHECK_FLAGS_IGNORED] = {
		MOD_VERDICT_UNSIGNED,
		"loaded with MODULE_INIT_IGNORE_* flags, integrity data not checked" },
	[MOD_CHECK_UNKNOWN_TYPE] = {
		MOD_VERDICT_UNSUPPORTED,
		"trailer of an unknown type" },
	[MOD_CHECK_NOT_BUILT] = {
		MOD_VERDICT_UNSUPPORTED,
		"this kernel is built without that mechanism" },
	[MOD_CHECK_NOT_ALLOWED] = {
		MOD_VERDICT_UNSUPPORTED,
		"mechanism not allowed by module.integrity_mechanisms" },
	[MOD_CHECK_PKCS7_ALGO] = {
		MOD_VERDICT_UNSUPPORTED,
		"signature algorithm not supported by this kernel" },
	[MOD_CHECK_TRUNCATED] = {
		MOD_VERDICT_MALFORMED, "trailer truncated" },
	[MOD_CHECK_SIG_LEN] = {
		MOD_VERDICT_MALFORMED,
		"trailer length runs past the start of the module" },
	[MOD_CHECK_RESERVED] = {
		MOD_VERDICT_MALFORMED, "reserved trailer fields are not zero" },
	[MOD_CHECK_VERSION] = {
		MOD_VERDICT_MALFORMED, "unknown Merkle proof version" },
	[MOD_CHECK_HASH_ALGO] = {
		MOD_VERDICT_MALFORMED, "unsupported Merkle proof hash algorithm" },
	[MOD_CHECK_PATH_LEN] = {
		MOD_VERDICT_MALFORMED,
		"Merkle proof length does not match its path length" },
	[MOD_CHECK_INDEX] = {
		MOD_VERDICT_MALFORMED,
		"Merkle proof leaf index outside its tree" },
	[MOD_CHECK_PATH_SHAPE] = {
		MOD_VERDICT_MALFORMED,
		"Merkle proof path does not fit its leaf index and tree size" },
	[MOD_CHECK_PKCS7_PARSE] = {
		MOD_VERDICT_MALFORMED, "PKCS#7 message cannot be parsed" },
	[MOD_CHECK_NO_ROOT] = {
		MOD_VERDICT_UNTRUSTED,
		"no module root in this kernel (placeholder never filled in)" },
	[MOD_CHECK_TREE_SIZE] = {
		MOD_VERDICT_UNTRUSTED,
		"Merkle proof is for a tree of another size (from another build)" },
	[MOD_CHECK_ROOT_MISMATCH] = {
		MOD_VERDICT_UNTRUSTED, MOD_REASON_ROOT_MISMATCH },
	[MOD_CHECK_NO_KEY] = {
		MOD_VERDICT_UNTRUSTED,
		"signing key is not in any trusted keyring" },
	[MOD_CHECK_BAD_SIGNATURE] = {
		MOD_VERDICT_BAD_SIGNATURE,
		"signature does not match the module (modified after signing)" },
	[MOD_CHECK_BLACKLISTED] = {
		MOD_VERDICT_BAD_SIGNATURE, "module hash is on the blacklist" },
	[MOD_CHECK_NO_MEMORY] = {
		MOD_VERDICT_CHECK_FAILED,
		"out of memory while checking the signature" },
};

static const char *const mod_verdict_names[MOD_NR_VERDICTS] = {
	[MOD_VERDICT_VERIFIED]		= "verified",
	[MOD_VERDICT_UNSIGNED]		= "unsigned",
	[MOD_VERDICT_UNSUPPORTED]	= "unsupported",
	[MOD_VERDICT_UNTRUSTED]		= "untrusted",
	[MOD_VERDICT_MALFORMED]		= "malformed",
	[MOD_VERDICT_BAD_SIGNATURE]	= "bad signature",
	[MOD_VERDICT_CHECK_FAILED]	= "check failed",
};

enum mod_verdict mod_check_verdict(enum mod_check_status status)
{
	if ((unsigned int)status >= MOD_CHECK_NR_STATUS)
		return MOD_VERDICT_MALFORMED;
	return mod_check_table[status].verdict;
}

const char *mod_check_reason(enum mod_check_status status)
{
	if ((unsigned int)status >= MOD_CHECK_NR_STATUS)
		return "unknown status";
	return mod_check_table[status].reason;
}

const char *mod_verdict_name(enum mod_verdict verdict)
{
	if ((unsigned int)verdict >= MOD_NR_VERDICTS)
		return "unknown";
	return mod_verdict_names[verdict];
}
