// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one place where the module loader asks whether a module is
 * authentic: split the trailer off, hand its payload to the check of its
 * mechanism and let the policy decide what the verdict means.
 */

#include <linux/fs.h>
#include <linux/module.h>
#include <uapi/linux/module.h>

#include "../internal.h"
#include "integrity.h"

static const char *const mod_mechanism_names[MOD_NR_MECHS] = {
	[MOD_MECH_NONE]		= "none",
	[MOD_MECH_PKCS7]	= "pkcs7",
	[MOD_MECH_MERKLE]	= "merkle",
	[MOD_MECH_UNKNOWN]	= "unknown",
};

const char *mod_mechanism_name(enum mod_mechanism mech)
{
	if ((unsigned int)mech >= MOD_NR_MECHS)
		return "unknown";
	return mod_mechanism_names[mech];
}

/**
 * mod_integrity_route() - route a module image to the check it asks for
 * @image: the module as handed to the loader, trailer included
 * @len: length of @image
 * @check_waived: the caller asked to ignore modversions or vermagic, so
 *	the module cannot be what was authenticated: it counts as unsigned
 * @built: MOD_MECH_*_BIT of the mechanisms this kernel has
 * @allowed: MOD_MECH_*_BIT of the mechanisms the policy accepts
 * @checks: the checks to call
 * @result: filled in with the mechanism, the status and the body length
 *
 * Pure routing, no policy: the same image always gives the same result.
 */
void mod_integrity_route(const u8 *image, size_t len, bool check_waived,
			 unsigned int built, unsigned int allowed,
			 const struct mod_integrity_checks *checks,
			 struct mod_integrity_result *result)
{
	struct mod_trailer trailer;
	enum mod_check_status status;
	unsigned int bit;

	result->body_len = len;
	status = mod_trailer_parse(image, len, &trailer);
	if (status == MOD_CHECK_OK) {
		/* From here on the ELF parser must not see the trailer. */
		result->body_len = trailer.body_len;
		result->mech = trailer.id_type == PKEY_ID_MERKLE ?
			       MOD_MECH_MERKLE : MOD_MECH_PKCS7;
	} else {
		result->mech = status == MOD_CHECK_NO_TRAILER ?
			       MOD_MECH_NONE : MOD_MECH_UNKNOWN;
	}
	/*
	 * A waived check is waived whatever the trailer looks like: such a
	 * module counts as unsigned, as it always has, even when its
	 * trailer would not parse.
	 */
	if (check_waived) {
		result->status = MOD_CHECK_FLAGS_IGNORED;
		return;
	}
	if (status != MOD_CHECK_OK) {
		result->status = status;
		return;
	}
	bit = BIT(result->mech);
	if (!(built & bit)) {
		result->status = MOD_CHECK_NOT_BUILT;
		return;
	}
	if (!(allowed & bit)) {
		result->status = MOD_CHECK_NOT_ALLOWED;
		return;
	}
	if (result->mech == MOD_MECH_MERKLE)
		result->status = checks->merkle(image, trailer.body_len,
						trailer.payload,
						trailer.payload_len);
	else
		result->status = checks->pkcs7(image, trailer.body_len,
					       trailer.payload,
					       trailer.payload_len);
}

#if !IS_ENABLED(CONFIG_MODULE_HASHES) || !IS_ENABLED(CONFIG_MODULE_SIG)
static enum mod_check_status mod_no_check(const u8 *body, size_t body_len,
					  const u8 *payload, size_t payload_len)
{
	return MOD_CHECK_NOT_BUILT;
}
#endif

static const struct mod_integrity_checks mod_integrity_kernel_checks = {
#ifdef CONFIG_MODULE_HASHES
	.merkle	= mod_merkle_check,
#else
	.merkle	= mod_no_check,
#endif
#ifdef CONFIG_MODULE_SIG
	.pkcs7	= mod_pkcs7_check,
#else
	.pkcs7	= mod_no_check,
#endif
};

/**
 * module_integrity_check() - authenticate a module about to be loaded
 * @info: the load; info->len is cut to the module body on return
 * @flags: the MODULE_INIT_* flags of the load
 *
 * Called by load_module() before anything parses the module.
 *
 * Return: 0 to go on loading, or the errno of the policy table.
 */
int module_integrity_check(struct load_info *info, int flags)
{
	bool waived = flags & (MODULE_INIT_IGNORE_MODVERSIONS |
			       MODULE_INIT_IGNORE_VERMAGIC);
	struct mod_integrity_result result;
	struct mod_policy_outcome outcome;
	char name[64];

	mod_integrity_route((const u8 *)info->hdr, info->len, waived,
			    MOD_MECHS_BUILT, mod_policy_allowed(),
			    &mod_integrity_kernel_checks, &result);
	info->len = result.body_len;
	info->sig_ok = result.status == MOD_CHECK_OK;
	info->integrity_mech = result.mech;
	info->integrity_status = result.status;

	/*
	 * Nothing has parsed the ELF yet, so the module's own name is not
	 * known; the file it came from is the next best thing.
	 */
	if (info->file)
		snprintf(name, sizeof(name), "%pD", info->file);
	else
		strscpy(name, "(loaded from memory)", sizeof(name));
	return mod_policy_apply(name, &result, &outcome);
}
