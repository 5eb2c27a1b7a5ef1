// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The module root record of this kernel build.
 *
 * vmlinux is linked with this placeholder (tree size 0, which verifies
 * nothing). Once the modules are built against that vmlinux, kbuild
 * computes the Merkle tree over them with scripts/sign-or-hash and writes
 * the real record over the placeholder in the .module_hashes_root section,
 * before any image is made from vmlinux.
 */

#include <linux/module_hashes.h>

const struct module_hashes_root module_hashes_root
	__section(MODULE_HASHES_ROOT_SECTION) __aligned(8) __used = {
	.version = MODULE_HASHES_VERSION,
	.hash_algo = HASH_ALGO_SHA256,
};
