/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sign-or-hash: the --root / --vmlinux pair that names a kernel's root.
 */

#ifndef SIGN_OR_HASH_ROOT_OPTS_H
#define SIGN_OR_HASH_ROOT_OPTS_H

#include "root_io.h"
#include "util.h"

/* Loads the root named by one of @root_file or @vmlinux (not both). */
static inline int load_root_option(const char *root_file, const char *vmlinux,
				   struct module_hashes_root *root)
{
	if (root_file && vmlinux) {
		soh_err("give either --root or --vmlinux, not both");
		return SOH_USAGE;
	}
	if (root_file)
		return root_read_file(root_file, root);
	return root_read_vmlinux(vmlinux, root);
}

#endif /* SIGN_OR_HASH_ROOT_OPTS_H */
