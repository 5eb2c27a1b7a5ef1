/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sign-or-hash: the offline twin of the kernel's module integrity
 * dispatch: which check a trailer goes to and what it concludes.
 */

#ifndef SIGN_OR_HASH_CHECK_H
#define SIGN_OR_HASH_CHECK_H

#include <openssl/x509.h>

#include "../../kernel/module/integrity/core.h"
#include "modfile.h"

/**
 * struct check_kernel - what the kernel being asked about trusts
 * @root: its module root; NULL for a kernel without MODULE_HASHES
 * @certs: the certificates in its keyrings; NULL for one without MODULE_SIG
 */
struct check_kernel {
	const struct module_hashes_root *root;
	struct stack_st_X509 *certs;
};

/**
 * struct check_result - what the kernel would conclude
 * @status: why, as the kernel's shared code says it
 * @mechanism: "merkle", "pkcs7", "none" or "unknown"
 */
struct check_result {
	enum mod_check_status status;
	const char *mechanism;
};

void check_module(const struct check_kernel *kernel, const struct modfile *mf,
		  struct check_result *result);

#endif /* SIGN_OR_HASH_CHECK_H */
