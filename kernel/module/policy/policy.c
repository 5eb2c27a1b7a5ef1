// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Module integrity policy: what a verdict means for the load, in one
 * table, and the knobs that choose the row.
 *
 *   module.sig_enforce=1             refuse what is not verified
 *   module.integrity_mechanisms=...  accept only these mechanisms
 *   lockdown=integrity               refuse what is not verified, -EPERM
 *
 * Both parameters only ever tighten: at boot, or later through
 * /sys/module/module/parameters/.
 */

#include <linux/err.h>
#include <linux/moduleparam.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/security.h>
#include <linux/string.h>

#include "../internal.h"
#include "../integrity/integrity.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "module."

static bool sig_enforce = IS_ENABLED(CONFIG_MODULE_SIG_FORCE);
module_param(sig_enforce, bool_enable_only, 0644);

bool is_module_sig_enforced(void)
{
	return sig_enforce;
}
EXPORT_SYMBOL(is_module_sig_enforced);

void set_module_sig_enforced(void)
{
	sig_enforce = true;
}

/* Mechanisms accepted; starts as all that are built in. */
static unsigned int mod_allowed = MOD_MECHS_BUILT;
static DEFINE_SPINLOCK(mod_allowed_lock);

unsigned int mod_policy_allowed(void)
{
	return READ_ONCE(mod_allowed);
}

/*
 * "merkle", "pkcs7", "merkle,pkcs7" (or with spaces): the set of
 * mechanisms to accept from now on. It may only drop mechanisms, and only
 * name ones this kernel has, so a mistake fails loudly instead of opening
 * a door. On the command line this runs before the allocators are up, so
 * the value is parsed in place.
 */
static int mod_mechanisms_parse(const char *val, unsigned int *mask)
{
	static const char *const seps = ", \t\n";
	const char *tok = val;
	size_t len;

	*mask = 0;
	for (tok += strspn(tok, seps); *tok; tok += strspn(tok, seps)) {
		unsigned int bit;

		len = strcspn(tok, seps);
		if (len == strlen("merkle") && !strncmp(tok, "merkle", len)) {
			bit = MOD_MECH_MERKLE_BIT;
		} else if (len == strlen("pkcs7") && !strncmp(tok, "pkcs7", len)) {
			bit = MOD_MECH_PKCS7_BIT;
		} else {
			pr_err("module.integrity_mechanisms: unknown mechanism '%.*s'\n",
			       (int)len, tok);
			return -EINVAL;
		}
		if (!(bit & MOD_MECHS_BUILT)) {
			pr_err("module.integrity_mechanisms: this kernel is built without '%.*s'\n",
			       (int)len, tok);
			return -EINVAL;
		}
		*mask |= bit;
		tok += len;
	}
	return 0;
}

static int mod_mechanisms_set(const char *val, const struct kernel_param *kp)
{
	unsigned int want;
	int err;

	err = mod_mechanisms_parse(val, &want);
	if (err)
		return err;
	spin_lock(&mod_allowed_lock);
	if (want & ~mod_allowed)
		err = -EPERM;	/* one way: never widen again */
	else
		WRITE_ONCE(mod_allowed, want);
	spin_unlock(&mod_allowed_lock);
	if (err)
		pr_err("module.integrity_mechanisms: can only be narrowed\n");
	return err;
}

static int mod_mechanisms_get(char *buffer, const struct kernel_param *kp)
{
	unsigned int allowed = mod_policy_allowed();

	if (!allowed)
		return sysfs_emit(buffer, "none\n");
	return sysfs_emit(buffer, "%s%s%s\n",
			  allowed & MOD_MECH_MERKLE_BIT ? "merkle" : "",
			  allowed == (MOD_MECH_MERKLE_BIT | MOD_MECH_PKCS7_BIT) ?
			  "," : "",
			  allowed & MOD_MECH_PKCS7_BIT ? "pkcs7" : "");
}

static const struct kernel_param_ops mod_mechanisms_ops = {
	.set = mod_mechanisms_set,
	.get = mod_mechanisms_get,
};
module_param_cb(integrity_mechanisms, &mod_mechanisms_ops, NULL, 0644);
MODULE_PARM_DESC(integrity_mechanisms,
		 "Module integrity mechanisms accepted: merkle, pkcs7 (narrow only)");

/**
 * mod_policy_decide() - the verdict table
 * @verdict: what the check concluded
 * @enforcing: module.sig_enforce is set
 * @locked_down: lockdown refuses unverified modules
 * @outcome: what to do
 *
 * Malformed trailers and bad signatures are refused even in permissive
 * mode, as module signatures always were: they are never an accident of
 * configuration. A check that could not finish refuses with its error, as
 * module_sig_check() did, and taints nothing: the module may well be
 * authentic. The rest loads with a taint unless enforcement or lockdown
 * says no.
 */
void mod_policy_decide(enum mod_verdict verdict, bool enforcing,
		       bool locked_down, struct mod_policy_outcome *outcome)
{
	outcome->err = 0;
	outcome->taint = false;
	outcome->lockdown = false;

	switch (verdict) {
	case MOD_VERDICT_VERIFIED:
		break;
	case MOD_VERDICT_MALFORMED:
		outcome->err = -EBADMSG;
		break;
	case MOD_VERDICT_BAD_SIGNATURE:
		outcome->err = -EKEYREJECTED;
		break;
	case MOD_VERDICT_CHECK_FAILED:
		/* Only an allocation can fail without a conclusion. */
		outcome->err = -ENOMEM;
		break;
	case MOD_VERDICT_UNSIGNED:
	case MOD_VERDICT_UNSUPPORTED:
	case MOD_VERDICT_UNTRUSTED:
	default:
		if (enforcing) {
			outcome->err = -EKEYREJECTED;
		} else if (locked_down) {
			outcome->err = -EPERM;
			outcome->lockdown = true;
		} else {
			outcome->taint = true;
		}
		break;
	}
}

static bool mod_policy_may_taint(enum mod_verdict verdict)
{
	return verdict == MOD_VERDICT_UNSIGNED ||
	       verdict == MOD_VERDICT_UNSUPPORTED ||
	       verdict == MOD_VERDICT_UNTRUSTED;
}

/**
 * mod_policy_apply() - decide for a module being loaded and say why
 * @name: how to call the module in the log
 * @res: the dispatch result
 * @outcome: filled in
 *
 * Every refusal is logged, rate-limited per call site but never only once
 * per boot, so each refused module shows up.
 *
 * Return: @outcome->err.
 */
int mod_policy_apply(const char *name, const struct mod_integrity_result *res,
		     struct mod_policy_outcome *outcome)
{
	enum mod_verdict verdict = mod_check_verdict(res->status);
	bool enforcing = is_module_sig_enforced();
	bool locked_down = false;

	/* Asked only when it matters: lockdown logs each denial itself. */
	if (!enforcing && mod_policy_may_taint(verdict))
		locked_down = security_locked_down(LOCKDOWN_MODULE_SIGNATURE);
	mod_policy_decide(verdict, enforcing, locked_down, outcome);

	if (outcome->err)
		pr_err_ratelimited("module %s: %s: %s (%s), rejected with %pe\n",
				   name, mod_mechanism_name(res->mech),
				   mod_verdict_name(verdict),
				   mod_check_reason(res->status),
				   ERR_PTR(outcome->err));
	return outcome->err;
}

/**
 * module_integrity_loaded() - record how a module that loads was checked
 * @mod: the module, now with its name
 * @info: its load, with the dispatch result
 *
 * Return: true if the kernel is to be tainted for it.
 */
bool module_integrity_loaded(struct module *mod, const struct load_info *info)
{
	mod->sig_ok = info->sig_ok;
	mod->integrity_mech = info->integrity_mech;
	if (mod->sig_ok)
		return false;
	pr_notice_ratelimited("module %s: %s: %s (%s), tainting kernel\n",
			      mod->name,
			      mod_mechanism_name(info->integrity_mech),
			      mod_verdict_name(mod_check_verdict(info->integrity_status)),
			      mod_check_reason(info->integrity_status));
	return true;
}

static ssize_t integrity_show(struct module_attribute *mattr,
			      struct module_kobject *mk, char *buffer)
{
	struct module *mod = mk->mod;

	return sysfs_emit(buffer, "%s\n",
			  mod->sig_ok ? mod_mechanism_name(mod->integrity_mech) :
					"none");
}

struct module_attribute module_integrity_attr = __ATTR_RO(integrity);
