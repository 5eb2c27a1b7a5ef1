// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The PKEY_ID_PKCS7 check: a detached PKCS#7 signature over the module
 * by a key in the kernel's trusted keyrings.
 */

#include <keys/system_keyring.h>
#include <linux/err.h>
#include <linux/verification.h>

#include "integrity.h"

/**
 * mod_pkcs7_status() - what an error of the signature check means
 * @err: return value of verify_pkcs7_signature() or the blacklist lookup
 *
 * Return: the check status for @err.
 */
enum mod_check_status mod_pkcs7_status(int err)
{
	switch (err) {
	case 0:
		return MOD_CHECK_OK;
	case -ENOKEY:
		return MOD_CHECK_NO_KEY;
	case -EKEYREJECTED:
		return MOD_CHECK_BAD_SIGNATURE;
	case -ENOPKG:
		return MOD_CHECK_PKCS7_ALGO;
	case -ENOMEM:
		/* Says nothing about the module: it may load on a retry. */
		return MOD_CHECK_NO_MEMORY;
	default:
		/* -EBADMSG, -EINVAL: the message itself does not parse. */
		return MOD_CHECK_PKCS7_PARSE;
	}
}

/*
 * The blacklist keyring may hold the SHA-256 of whole signed modules
 * (trailer included) that must never load, whoever signed them.
 */
static bool mod_pkcs7_blacklisted(const u8 *image, size_t image_len)
{
	u8 digest[SHA256_DIGEST_SIZE];

	if (!IS_ENABLED(CONFIG_SYSTEM_BLACKLIST_KEYRING))
		return false;
	mod_sha256(image, image_len, digest);
	return is_hash_blacklisted(digest, sizeof(digest),
				   BLACKLIST_HASH_BINARY) == -EKEYREJECTED;
}

enum mod_check_status mod_pkcs7_check(const u8 *body, size_t body_len,
				      const u8 *payload, size_t payload_len)
{
	int err;

	/* .secondary_trusted_keys holds the builtin and machine (MOK) keys. */
	err = verify_pkcs7_signature(body, body_len, payload, payload_len,
				     VERIFY_USE_SECONDARY_KEYRING,
				     VERIFYING_MODULE_SIGNATURE, NULL, NULL);
	if (err == -ENOKEY && IS_ENABLED(CONFIG_INTEGRITY_PLATFORM_KEYRING))
		err = verify_pkcs7_signature(body, body_len, payload,
					     payload_len,
					     VERIFY_USE_PLATFORM_KEYRING,
					     VERIFYING_MODULE_SIGNATURE,
					     NULL, NULL);
	if (err)
		return mod_pkcs7_status(err);

	/* The whole image: see struct mod_integrity_checks. */
	if (mod_pkcs7_blacklisted(body, body_len + payload_len +
					mod_trailer_overhead()))
		return MOD_CHECK_BLACKLISTED;
	return MOD_CHECK_OK;
}
