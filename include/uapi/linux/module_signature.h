/* SPDX-License-Identifier: GPL-2.0+ WITH Linux-syscall-note */
/*
 * The trailer appended to a loadable module.
 *
 * A module that carries integrity data ends with
 *
 *	[ module ][ payload ][ struct module_signature ][ MODULE_SIG_STRING ]
 *
 * The payload is sig_len bytes long. Its format is named by id_type: a
 * detached PKCS#7 SignedData (PKEY_ID_PKCS7) or a Merkle inclusion proof
 * against the module root linked into vmlinux (PKEY_ID_MERKLE, see
 * <linux/module_hashes.h>). A module carries at most one trailer.
 *
 * This header is the only definition of the trailer: the kernel, the
 * sign-or-hash host tool and the tests all include it.
 */

#ifndef _UAPI_LINUX_MODULE_SIGNATURE_H
#define _UAPI_LINUX_MODULE_SIGNATURE_H

#include <linux/types.h>

/* In stripped ARM and x86-64 modules, ~ is surprisingly rare. */
#define MODULE_SIG_STRING "~Module signature appended~\n"

enum pkey_id_type {
	PKEY_ID_PGP,		/* OpenPGP generated key ID */
	PKEY_ID_X509,		/* X.509 arbitrary subjectKeyIdentifier */
	PKEY_ID_PKCS7,		/* Signature in PKCS#7 message */
	PKEY_ID_MERKLE,		/* Merkle inclusion proof (module_hashes.h) */
};

/*
 * Module signature information block.
 *
 * For both PKEY_ID_PKCS7 and PKEY_ID_MERKLE the fields algo, hash,
 * signer_len, key_id_len and __pad are zero: everything the check needs is
 * in the payload. Nonzero values make the trailer malformed.
 */
struct module_signature {
	__u8	algo;		/* Public-key crypto algorithm [0] */
	__u8	hash;		/* Digest algorithm [0] */
	__u8	id_type;	/* Key identifier type [enum pkey_id_type] */
	__u8	signer_len;	/* Length of signer's name [0] */
	__u8	key_id_len;	/* Length of key identifier [0] */
	__u8	__pad[3];
	__be32	sig_len;	/* Length of the payload before this block */
};

#endif /* _UAPI_LINUX_MODULE_SIGNATURE_H */
