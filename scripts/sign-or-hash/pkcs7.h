/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sign-or-hash: PKCS#7 module signatures as the kernel's module signature
 * check accepts them.
 */

#ifndef SIGN_OR_HASH_PKCS7_H
#define SIGN_OR_HASH_PKCS7_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <openssl/x509.h>

#include "../../kernel/module/integrity/core.h"
#include "host_types.h"

/*
 * Stacks of certificates are written as struct stack_st_X509, which is
 * what OpenSSL's STACK_OF(X509) stands for.
 */

/**
 * struct pkcs7_sign_opts - how to sign
 * @hash_algo: digest name as sign-file takes it ("sha256", "sha512", ...)
 * @key: private key file (PEM or DER) or a "pkcs11:" URI
 * @x509: signer certificate (PEM or DER)
 * @use_keyid: identify the signer by subjectKeyIdentifier (sign-file -k)
 *	instead of issuer and serial number
 * @raw_sig: a detached signature made elsewhere to use as it is
 *	(sign-file -s); @key is then ignored
 */
struct pkcs7_sign_opts {
	const char *hash_algo;
	const char *key;
	const char *x509;
	bool use_keyid;
	const char *raw_sig;
};

/*
 * Makes the DER payload of a PKEY_ID_PKCS7 trailer over @body: detached,
 * no signed attributes, no certificates. The key's password comes from
 * KBUILD_SIGN_PIN. Returns SOH_OK with *@der allocated, or an exit code
 * after printing why.
 */
int pkcs7_sign(const struct pkcs7_sign_opts *opts, const u8 *body,
	       size_t body_len, u8 **der, size_t *der_len);

/*
 * Would the kernel accept @der as the signature of @body if exactly
 * @trusted were in its keyrings? Returns MOD_CHECK_OK,
 * MOD_CHECK_PKCS7_PARSE, MOD_CHECK_PKCS7_ALGO, MOD_CHECK_NO_KEY or
 * MOD_CHECK_BAD_SIGNATURE.
 */
enum mod_check_status pkcs7_verify(const u8 *body, size_t body_len,
				   const u8 *der, size_t der_len,
				   struct stack_st_X509 *trusted);

/* Prints signer, key id and digest algorithm of @der, indented. */
int pkcs7_show(FILE *out, const u8 *der, size_t der_len);

/* Appends the certificates in @path (PEM, several allowed, or DER). */
int load_certs(const char *path, struct stack_st_X509 *certs);

#endif /* SIGN_OR_HASH_PKCS7_H */
