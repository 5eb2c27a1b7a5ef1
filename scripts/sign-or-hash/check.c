// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash: routes a module's trailer to its check, as the kernel's
 * dispatch does, with the kernel's own parser and Merkle verifier.
 */

#include "check.h"
#include "pkcs7.h"
#include "util.h"

static enum mod_check_status check_merkle(const struct check_kernel *kernel,
					  const struct modfile *mf,
					  const struct mod_trailer *trailer)
{
	u8 digest[MODULE_HASHES_DIGEST_SIZE];
	struct mod_merkle_proof proof;
	enum mod_check_status status;

	if (!kernel->root)
		return MOD_CHECK_NOT_BUILT;
	status = mod_merkle_parse(trailer->payload, trailer->payload_len,
				  &proof);
	if (status != MOD_CHECK_OK)
		return status;
	sha256_buffer(mf->data, trailer->body_len, digest);
	return mod_merkle_verify(&proof, digest, kernel->root);
}

void check_module(const struct check_kernel *kernel, const struct modfile *mf,
		  struct check_result *result)
{
	struct mod_trailer trailer;

	result->status = mod_trailer_parse(mf->data, mf->len, &trailer);
	if (result->status == MOD_CHECK_NO_TRAILER) {
		result->mechanism = "none";
		return;
	}
	if (result->status != MOD_CHECK_OK) {
		result->mechanism = "unknown";
		return;
	}
	switch (trailer.id_type) {
	case PKEY_ID_MERKLE:
		result->mechanism = "merkle";
		result->status = check_merkle(kernel, mf, &trailer);
		break;
	case PKEY_ID_PKCS7:
		result->mechanism = "pkcs7";
		if (!kernel->certs)
			result->status = MOD_CHECK_NOT_BUILT;
		else
			result->status = pkcs7_verify(mf->data,
						      trailer.body_len,
						      trailer.payload,
						      trailer.payload_len,
						      kernel->certs);
		break;
	default:
		result->mechanism = "unknown";
		result->status = MOD_CHECK_UNKNOWN_TYPE;
		break;
	}
}
