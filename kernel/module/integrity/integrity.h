/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Module integrity in the kernel: the dispatch from a module's trailer to
 * the check of its mechanism, and the policy that turns the verdict into
 * load, taint or refuse.
 *
 * Grouped by file, as fs/verity/fsverity_private.h does.
 */

#ifndef _KERNEL_MODULE_INTEGRITY_H
#define _KERNEL_MODULE_INTEGRITY_H

#include <linux/bits.h>

#include "core.h"

struct load_info;
struct module;

/* How a module was (or was not) authenticated. */
enum mod_mechanism {
	MOD_MECH_NONE,		/* no trailer, or its check was waived */
	MOD_MECH_PKCS7,		/* PKEY_ID_PKCS7 signature */
	MOD_MECH_MERKLE,	/* PKEY_ID_MERKLE inclusion proof */
	MOD_MECH_UNKNOWN,	/* a trailer this kernel cannot read */
	MOD_NR_MECHS
};

#define MOD_MECH_PKCS7_BIT	BIT(MOD_MECH_PKCS7)
#define MOD_MECH_MERKLE_BIT	BIT(MOD_MECH_MERKLE)

/* The mechanisms this kernel was built with. */
#define MOD_MECHS_BUILT						\
	((IS_ENABLED(CONFIG_MODULE_SIG) ? MOD_MECH_PKCS7_BIT : 0) |	\
	 (IS_ENABLED(CONFIG_MODULE_HASHES) ? MOD_MECH_MERKLE_BIT : 0))

/**
 * struct mod_integrity_result - what the dispatch found
 * @mech: the mechanism the trailer asked for
 * @status: the check's conclusion
 * @body_len: length of the module without its trailer
 */
struct mod_integrity_result {
	enum mod_mechanism mech;
	enum mod_check_status status;
	size_t body_len;
};

/**
 * struct mod_integrity_checks - the check of each mechanism
 * @merkle: checks a PKEY_ID_MERKLE payload against the module body
 * @pkcs7: checks a PKEY_ID_PKCS7 payload against the module body
 *
 * A table rather than direct calls so that the KUnit suite can route
 * trailers to recording fakes. @body is the start of the module image as
 * loaded, with @payload and the rest of the trailer right after the body:
 * a check may read the whole image (the blacklist hashes it).
 */
struct mod_integrity_checks {
	enum mod_check_status (*merkle)(const u8 *body, size_t body_len,
					const u8 *payload, size_t payload_len);
	enum mod_check_status (*pkcs7)(const u8 *body, size_t body_len,
				       const u8 *payload, size_t payload_len);
};

/* dispatch.c */
const char *mod_mechanism_name(enum mod_mechanism mech);
void mod_integrity_route(const u8 *image, size_t len, bool check_waived,
			 unsigned int built, unsigned int allowed,
			 const struct mod_integrity_checks *checks,
			 struct mod_integrity_result *result);

/* digest.c */
void mod_sha256(const u8 *data, size_t len, u8 out[SHA256_DIGEST_SIZE]);

/* merkle_check.c */
enum mod_check_status mod_merkle_check(const u8 *body, size_t body_len,
				       const u8 *payload, size_t payload_len);
enum mod_check_status
mod_merkle_check_against(const u8 *body, size_t body_len, const u8 *payload,
			 size_t payload_len,
			 const struct module_hashes_root *root);

/* pkcs7_check.c */
enum mod_check_status mod_pkcs7_check(const u8 *body, size_t body_len,
				      const u8 *payload, size_t payload_len);
enum mod_check_status mod_pkcs7_status(int err);

/* ../policy/policy.c */

/**
 * struct mod_policy_outcome - what happens to a module
 * @err: 0 to load it, or the errno load_module() returns
 * @taint: load it, but with TAINT_UNSIGNED_MODULE
 * @lockdown: the refusal comes from lockdown=integrity
 */
struct mod_policy_outcome {
	int err;
	bool taint;
	bool lockdown;
};

unsigned int mod_policy_allowed(void);
void mod_policy_decide(enum mod_verdict verdict, bool enforcing,
		       bool locked_down, struct mod_policy_outcome *outcome);
int mod_policy_apply(const char *name, const struct mod_integrity_result *res,
		     struct mod_policy_outcome *outcome);

#endif /* _KERNEL_MODULE_INTEGRITY_H */
