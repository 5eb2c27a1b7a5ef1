/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hash-based module authentication (CONFIG_MODULE_HASHES). The formats are
 * in <uapi/linux/module_hashes.h>, where the tree is described.
 */

#ifndef _LINUX_MODULE_HASHES_H
#define _LINUX_MODULE_HASHES_H

#include <crypto/hash_info.h>
#include <linux/compiler.h>
#include <uapi/linux/module_hashes.h>

/* The root record linked into vmlinux, filled in after the modules are built. */
extern const struct module_hashes_root module_hashes_root;

#endif /* _LINUX_MODULE_HASHES_H */
