// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash: PKCS#7 module signatures.
 *
 * Signing makes exactly what the kernel's module signature check takes:
 * a DER CMS SignedData over the module body, content detached, no signed
 * attributes, no certificates, one signer named by issuer and serial
 * number or by subjectKeyIdentifier.
 *
 * Verifying answers "would a kernel whose keyrings hold exactly these
 * certificates load this module?". It follows the order of
 * crypto/asymmetric_keys/pkcs7_{parser,verify,trust}.c so that each
 * refusal lands on the status the kernel's errno maps to (see
 * mod_pkcs7_status()): -EBADMSG and -EINVAL on MOD_CHECK_PKCS7_PARSE,
 * -ENOPKG on MOD_CHECK_PKCS7_ALGO, -ENOKEY on MOD_CHECK_NO_KEY,
 * -EKEYREJECTED on MOD_CHECK_BAD_SIGNATURE.
 */

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/provider.h>
#include <openssl/store.h>
#include <openssl/ui.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "pkcs7.h"
#include "util.h"

/*
 * A certificate chain carried inside a message is followed at most this
 * far towards a trusted key; real chains are two or three long and the
 * bound stops a loop of certificates naming each other.
 */
#define PKCS7_MAX_CHAIN	8

/* Digests crypto/asymmetric_keys/pkcs7_parser.c knows; others: -ENOPKG. */
static const int kernel_digests[] = {
	NID_sha1, NID_sha224, NID_sha256, NID_sha384, NID_sha512,
	NID_sha3_256, NID_sha3_384, NID_sha3_512, NID_sm3,
	NID_id_GostR3411_2012_256, NID_id_GostR3411_2012_512,
};

/* Signature algorithms the same parser knows; others: -ENOPKG. */
static const int kernel_sig_algs[] = {
	NID_rsaEncryption,
	NID_ecdsa_with_SHA1, NID_ecdsa_with_SHA224, NID_ecdsa_with_SHA256,
	NID_ecdsa_with_SHA384, NID_ecdsa_with_SHA512,
	NID_ecdsa_with_SHA3_256, NID_ecdsa_with_SHA3_384,
	NID_ecdsa_with_SHA3_512,
	NID_id_GostR3410_2012_256, NID_id_GostR3410_2012_512,
};

static bool nid_in(int nid, const int *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == nid)
			return true;
	return false;
}

static bool kernel_digest(int nid)
{
	return nid_in(nid, kernel_digests, ARRAY_SIZE(kernel_digests));
}

static bool kernel_sig_alg(int nid)
{
	return nid_in(nid, kernel_sig_algs, ARRAY_SIZE(kernel_sig_algs));
}

static const char *nid_name(int nid)
{
	const char *name = OBJ_nid2ln(nid);

	return name ? name : "unknown";
}

/* Colon-separated upper-case hex, the way modinfo prints sig_key. */
static void print_hex(FILE *out, const unsigned char *p, int len)
{
	int i;

	for (i = 0; i < len; i++)
		fprintf(out, "%s%02X", i ? ":" : "", p[i]);
}

/* ---- certificates ---- */

/*
 * Certificates are always longer than 127 bytes, so DER starts with a
 * SEQUENCE tag and a long-form length; no PEM file starts like that.
 */
static bool looks_like_der(const u8 *p, size_t len)
{
	return len >= 2 && p[0] == 0x30 && p[1] >= 0x81 && p[1] <= 0x84;
}

static int parse_der_certs(const char *path, const u8 *data,
			   size_t len, struct stack_st_X509 *out)
{
	const unsigned char *p = data, *end = data + len;

	while (p < end) {
		X509 *x = d2i_X509(NULL, &p, end - p);

		if (!x) {
			soh_err_openssl("%s: not a DER X.509 certificate", path);
			return SOH_CRYPTO;
		}
		if (!sk_X509_push(out, x)) {
			X509_free(x);
			soh_err_openssl("%s", path);
			return SOH_CRYPTO;
		}
	}
	return SOH_OK;
}

static int parse_pem_certs(const char *path, const u8 *data,
			   size_t len, struct stack_st_X509 *out)
{
	unsigned long e;
	X509 *x;
	BIO *b;

	if (len > INT_MAX) {
		soh_err("%s: too large for a certificate file", path);
		return SOH_CRYPTO;
	}
	b = BIO_new_mem_buf(data, (int)len);
	if (!b) {
		soh_err_openssl("%s", path);
		return SOH_CRYPTO;
	}
	/* Blocks other than certificates (a private key) are skipped. */
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL))) {
		if (!sk_X509_push(out, x)) {
			X509_free(x);
			BIO_free(b);
			soh_err_openssl("%s", path);
			return SOH_CRYPTO;
		}
	}
	BIO_free(b);

	/* Running out of PEM blocks is how the loop ends; all else is not. */
	e = ERR_peek_last_error();
	if (ERR_GET_LIB(e) == ERR_LIB_PEM &&
	    ERR_GET_REASON(e) == PEM_R_NO_START_LINE && sk_X509_num(out)) {
		ERR_clear_error();
		return SOH_OK;
	}
	if (!sk_X509_num(out))
		soh_err_openssl("%s: no PEM or DER X.509 certificate in it",
				path);
	else
		soh_err_openssl("%s: broken PEM certificate", path);
	return SOH_CRYPTO;
}

int load_certs(const char *path, struct stack_st_X509 *certs)
{
	struct stack_st_X509 *found;
	u8 *data;
	size_t len;
	int ret;

	ret = read_small_file(path, &data, &len);
	if (ret)
		return ret;
	found = sk_X509_new_null();
	if (!found) {
		free(data);
		soh_err_openssl("%s", path);
		return SOH_CRYPTO;
	}
	if (looks_like_der(data, len))
		ret = parse_der_certs(path, data, len, found);
	else
		ret = parse_pem_certs(path, data, len, found);
	free(data);

	/* All or nothing: the caller never sees half a file. */
	while (!ret && sk_X509_num(found)) {
		X509 *x = sk_X509_shift(found);

		if (!sk_X509_push(certs, x)) {
			X509_free(x);
			soh_err_openssl("%s", path);
			ret = SOH_CRYPTO;
		}
	}
	sk_X509_pop_free(found, X509_free);
	return ret;
}

/* ---- private keys ---- */

/*
 * Nobody is ever prompted: signing runs in builds, where nobody would
 * answer. As with sign-file, the password or PIN comes only from
 * KBUILD_SIGN_PIN.
 */
static int pin_cb(char *buf, int size, int rwflag, void *u)
{
	const char *pin = u;
	size_t len;

	(void)rwflag;
	if (!pin)
		return -1;
	len = strlen(pin);
	if (size < 0 || len >= (size_t)size)
		return -1;
	memcpy(buf, pin, len + 1);
	return (int)len;
}

static int load_pkcs11_provider(const char *uri)
{
	/*
	 * Keep the built-in providers available as fallbacks: the digest
	 * and the CMS encoding still come from the default provider.
	 */
	if (!OSSL_PROVIDER_try_load(NULL, "pkcs11", 1)) {
		soh_err_openssl("%s: no OpenSSL pkcs11 provider (package pkcs11-provider)",
				uri);
		return SOH_CRYPTO;
	}
	if (!OSSL_PROVIDER_try_load(NULL, "default", 1)) {
		soh_err_openssl("cannot load the OpenSSL default provider");
		return SOH_CRYPTO;
	}
	return SOH_OK;
}

static int load_private_key(const char *uri, EVP_PKEY **pkey)
{
	const char *pin = getenv("KBUILD_SIGN_PIN");
	bool pkcs11 = !strncmp(uri, "pkcs11:", 7);
	OSSL_STORE_CTX *store;
	UI_METHOD *ui;
	int objects = 0;
	int ret;

	*pkey = NULL;
	if (pkcs11) {
		ret = load_pkcs11_provider(uri);
		if (ret)
			return ret;
	} else if (access(uri, R_OK)) {
		/* Said here: OSSL_STORE would bury errno under decoder noise. */
		soh_err_errno("cannot read private key %s", uri);
		return SOH_IO;
	}

	ui = UI_UTIL_wrap_read_pem_callback(pin_cb, 0);
	if (!ui) {
		soh_err_openssl("cannot set up the PIN callback");
		return SOH_CRYPTO;
	}
	store = OSSL_STORE_open(uri, ui, (void *)pin, NULL, NULL);
	if (!store) {
		soh_err_openssl("cannot open private key %s", uri);
		UI_destroy_method(ui);
		return SOH_CRYPTO;
	}
	/* Not every loader can filter; a failure here only costs a loop. */
	if (!OSSL_STORE_expect(store, OSSL_STORE_INFO_PKEY))
		ERR_clear_error();

	/*
	 * A PEM file may hold the certificate next to the key, as the
	 * kernel's generated signing_key.pem does: take the first key. The
	 * bound keeps a loader that never reports EOF from spinning.
	 */
	while (!*pkey && !OSSL_STORE_eof(store) && objects++ < 64) {
		OSSL_STORE_INFO *info = OSSL_STORE_load(store);

		if (!info)
			continue;
		if (OSSL_STORE_INFO_get_type(info) == OSSL_STORE_INFO_PKEY)
			*pkey = OSSL_STORE_INFO_get1_PKEY(info);
		OSSL_STORE_INFO_free(info);
	}
	OSSL_STORE_close(store);
	UI_destroy_method(ui);

	if (!*pkey) {
		soh_err_openssl("%s: no usable private key%s", uri,
				pin ? " (not a key, or KBUILD_SIGN_PIN is wrong)" :
				" (not a key, or encrypted: set KBUILD_SIGN_PIN)");
		return SOH_CRYPTO;
	}
	ERR_clear_error();
	return SOH_OK;
}

/* ---- version fields ---- */

/*
 * OpenSSL parses SignedData and SignerInfo versions without checking them
 * and offers no way to read them, but the kernel refuses a message whose
 * versions are not 1 and 1 (signer by issuer and serial number) or 3 and
 * 3 (signer by key identifier). So the few fields that decide this are
 * read here from the BER itself, indefinite lengths included, which
 * PKCS#7 allows and the kernel's decoder takes.
 */

#define BER_MAX_DEPTH	16	/* SignedData nests far less deeply */

struct ber {
	const u8 *p, *end;
};

/* Reads one header: its tag byte and its length, unless indefinite. */
static bool ber_header(struct ber *b, u8 *tag, size_t *len, bool *indef)
{
	size_t n, i;

	if (b->end - b->p < 2)
		return false;
	*tag = *b->p++;
	/* Multi-byte tag numbers never occur in SignedData. */
	if ((*tag & 0x1f) == 0x1f)
		return false;
	n = *b->p++;
	*indef = n == 0x80;
	if (*indef)
		return *tag & 0x20;	/* only constructed ones may be */
	if (n < 0x80) {
		*len = n;
	} else {
		n &= 0x7f;
		if (n > sizeof(size_t) - 1 || (size_t)(b->end - b->p) < n)
			return false;
		for (*len = 0, i = 0; i < n; i++)
			*len = *len << 8 | *b->p++;
	}
	return *len <= (size_t)(b->end - b->p);
}

static bool ber_at_eoc(const struct ber *b)
{
	return b->end - b->p >= 2 && !b->p[0] && !b->p[1];
}

/* Skips one element, however it is encoded. */
static bool ber_skip(struct ber *b, int depth)
{
	u8 tag;
	size_t len;
	bool indef;

	if (depth > BER_MAX_DEPTH || !ber_header(b, &tag, &len, &indef))
		return false;
	if (!indef) {
		b->p += len;
		return true;
	}
	while (!ber_at_eoc(b))
		if (!ber_skip(b, depth + 1))
			return false;
	b->p += 2;
	return true;
}

/*
 * Enters a constructed element with tag @want: afterwards @b covers its
 * contents (up to the end of the message for an indefinite length, whose
 * contents the caller only reads a prefix of).
 */
static bool ber_enter(struct ber *b, u8 want)
{
	u8 tag;
	size_t len;
	bool indef;

	if (!ber_header(b, &tag, &len, &indef) || tag != want)
		return false;
	if (!indef)
		b->end = b->p + len;
	return true;
}

/* Reads a one-byte INTEGER, as the kernel's version fields must be. */
static bool ber_small_int(struct ber *b, int *val)
{
	u8 tag;
	size_t len;
	bool indef;

	if (!ber_header(b, &tag, &len, &indef) || tag != 0x02 || indef ||
	    len != 1)
		return false;
	*val = *b->p++;
	return true;
}

/* Steps over the optional [n] elements of SignedData before signerInfos. */
static bool skip_optional(struct ber *b, u8 tag_a, u8 tag_b)
{
	if (b->p < b->end && (*b->p == tag_a || *b->p == tag_b))
		return ber_skip(b, 0);
	return true;
}

/*
 * pkcs7_note_signeddata_version() and pkcs7_note_signerinfo_version():
 * returns the SignedData version, 1 or 3, or -1 for a message they
 * refuse. Every SignerInfo then has the same version as the SignedData.
 */
static int signed_data_version(const u8 *der, size_t len)
{
	struct ber b = { der, der + len }, sis;
	int sd_version, si_version;

	if (!ber_enter(&b, 0x30) || !ber_skip(&b, 0) ||	/* contentType */
	    !ber_enter(&b, 0xa0) || !ber_enter(&b, 0x30) ||
	    !ber_small_int(&b, &sd_version))
		return -1;
	if (sd_version != 1 && sd_version != 3)
		return -1;
	if (!ber_skip(&b, 0) || !ber_skip(&b, 0) ||	/* digests, content */
	    !skip_optional(&b, 0xa0, 0xa2) ||		/* certificates */
	    !skip_optional(&b, 0xa1, 0xa3))		/* crls */
		return -1;

	/* signerInfos: SET OF or SEQUENCE OF SignerInfo */
	sis = b;
	if (!ber_enter(&sis, 0x31)) {
		sis = b;
		if (!ber_enter(&sis, 0x30))
			return -1;
	}
	while (sis.p < sis.end && !ber_at_eoc(&sis)) {
		struct ber si = sis;

		if (!ber_enter(&si, 0x30) || !ber_small_int(&si, &si_version))
			return -1;
		if (si_version != sd_version)
			return -1;
		if (!ber_skip(&sis, 0))
			return -1;
	}
	return sd_version;
}

/* ---- inspecting messages ---- */

/* Parses a DER ContentInfo that must be SignedData; NULL otherwise. */
static CMS_ContentInfo *parse_signed_data(const u8 *der, size_t len)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms;

	/*
	 * Bytes after the ContentInfo are ignored, as the kernel's ASN.1
	 * decoder ignores them.
	 */
	if (len > LONG_MAX)
		return NULL;
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	if (!cms)
		return NULL;
	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		CMS_ContentInfo_free(cms);
		return NULL;
	}
	return cms;
}

static int si_digest_nid(CMS_SignerInfo *si)
{
	X509_ALGOR *dig = NULL, *sig = NULL;

	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, &sig);
	return dig ? OBJ_obj2nid(dig->algorithm) : NID_undef;
}

static int si_sig_nid(CMS_SignerInfo *si)
{
	X509_ALGOR *dig = NULL, *sig = NULL;

	CMS_SignerInfo_get0_algs(si, NULL, NULL, &dig, &sig);
	return sig ? OBJ_obj2nid(sig->algorithm) : NID_undef;
}

static bool si_kernel_supported(CMS_SignerInfo *si)
{
	return kernel_digest(si_digest_nid(si)) &&
	       kernel_sig_alg(si_sig_nid(si));
}

/* The number of SignerInfos of @cms, and one of them. */
static int signer_count(CMS_ContentInfo *cms)
{
	int n = sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(cms));

	return n > 0 ? n : 0;
}

static CMS_SignerInfo *signer_at(CMS_ContentInfo *cms, int i)
{
	return sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), i);
}

/*
 * The message-level checks the kernel makes before it looks at any key:
 * parse errors and inconsistent signed attributes (-EBADMSG, -EINVAL),
 * embedded content (-EINVAL when the module is supplied as detached
 * data), unknown algorithms (-ENOPKG), and for module signatures a
 * content type other than data or any signed attributes (-EKEYREJECTED).
 */
static enum mod_check_status check_message(CMS_ContentInfo *cms)
{
	ASN1_OCTET_STRING **content = CMS_get0_content(cms);
	int i, n = signer_count(cms);
	int with_attrs = 0;

	if (n <= 0)
		return MOD_CHECK_PKCS7_PARSE;
	/* The parser itself stops at an unknown algorithm. */
	for (i = 0; i < n; i++)
		if (!si_kernel_supported(signer_at(cms, i)))
			return MOD_CHECK_PKCS7_ALGO;
	for (i = 0; i < n; i++)
		if (CMS_signed_get_attr_count(signer_at(cms, i)) > 0)
			with_attrs++;
	if (with_attrs && with_attrs != n)
		return MOD_CHECK_PKCS7_PARSE;
	if (content && *content)
		return MOD_CHECK_PKCS7_PARSE;
	if (OBJ_obj2nid(CMS_get0_eContentType(cms)) != NID_pkcs7_data ||
	    with_attrs)
		return MOD_CHECK_BAD_SIGNATURE;
	return MOD_CHECK_OK;
}

/* ---- the kernel's key identifiers ---- */

static bool same_octets(const ASN1_OCTET_STRING *a,
			const ASN1_OCTET_STRING *b)
{
	return a && b && !ASN1_OCTET_STRING_cmp(a, b);
}

/*
 * The kernel compares names as the bytes they were encoded as, not as
 * X509_NAME_cmp() does after canonicalising string types and case.
 */
static bool same_name_bytes(const X509_NAME *a, const X509_NAME *b)
{
	const unsigned char *da, *db;
	size_t la, lb;

	if (!X509_NAME_get0_der(a, &da, &la) ||
	    !X509_NAME_get0_der(b, &db, &lb))
		return false;
	return la == lb && !memcmp(da, db, la);
}

static bool same_issuer_serial(X509 *x, const X509_NAME *issuer,
			       const ASN1_INTEGER *serial)
{
	return issuer && serial &&
	       same_name_bytes(X509_get_issuer_name(x), issuer) &&
	       !ASN1_INTEGER_cmp(X509_get0_serialNumber(x), serial);
}

/*
 * The kernel finds a key by one or two identifiers: issuer and serial
 * number, subjectKeyIdentifier, or both, in which case both must match
 * (find_asymmetric_key()). NULL stands for an identifier not given.
 */
static bool key_has_ids(X509 *x, const X509_NAME *issuer,
			const ASN1_INTEGER *serial,
			const ASN1_OCTET_STRING *skid)
{
	if (issuer && serial) {
		if (!same_issuer_serial(x, issuer, serial))
			return false;
		return !skid || same_octets(X509_get0_subject_key_id(x), skid);
	}
	return skid && same_octets(X509_get0_subject_key_id(x), skid);
}

/* The authorityKeyIdentifier of @x as the kernel reads it. */
static void akid_ids(X509 *x, const X509_NAME **issuer,
		     const ASN1_INTEGER **serial,
		     const ASN1_OCTET_STRING **keyid)
{
	const GENERAL_NAMES *names = X509_get0_authority_issuer(x);
	int i;

	*issuer = NULL;
	*serial = X509_get0_authority_serial(x);
	*keyid = X509_get0_authority_key_id(x);
	for (i = 0; names && i < sk_GENERAL_NAME_num(names); i++) {
		const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, i);

		if (gn->type == GEN_DIRNAME) {
			*issuer = gn->d.directoryName;
			break;
		}
	}
	if (!*serial)
		*issuer = NULL;
}

static bool akid_present(X509 *x)
{
	const ASN1_OCTET_STRING *keyid;
	const ASN1_INTEGER *serial;
	const X509_NAME *issuer;

	akid_ids(x, &issuer, &serial, &keyid);
	return issuer || keyid;
}

/* Does @cand hold the key that the AKID of @child names? */
static bool issued_by_akid(X509 *child, X509 *cand)
{
	const ASN1_OCTET_STRING *keyid;
	const ASN1_INTEGER *serial;
	const X509_NAME *issuer;

	akid_ids(child, &issuer, &serial, &keyid);
	if (!issuer && !keyid)
		return false;
	return key_has_ids(cand, issuer, serial, keyid);
}

/* x509_check_for_self_signed(), without the signature check. */
static bool self_signed(X509 *x)
{
	if (!same_name_bytes(X509_get_subject_name(x),
			     X509_get_issuer_name(x)))
		return false;
	return !akid_present(x) || issued_by_akid(x, x);
}

static X509 *find_cert(struct stack_st_X509 *certs, X509 *child,
		       const X509_NAME *issuer, const ASN1_INTEGER *serial,
		       const ASN1_OCTET_STRING *skid)
{
	int i;

	for (i = 0; certs && i < sk_X509_num(certs); i++) {
		X509 *x = sk_X509_value(certs, i);

		if (child ? issued_by_akid(child, x) :
			    key_has_ids(x, issuer, serial, skid))
			return x;
	}
	return NULL;
}

/* ---- verification ---- */

/* Checks the signature of @si over @body with @pkey, no signed attributes. */
static bool content_sig_ok(CMS_SignerInfo *si, EVP_PKEY *pkey,
			   const u8 *body, size_t body_len)
{
	ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
	const EVP_MD *md = EVP_get_digestbynid(si_digest_nid(si));
	EVP_MD_CTX *ctx;
	bool ok = false;

	if (!pkey || !md || !sig)
		return false;
	ctx = EVP_MD_CTX_new();
	if (ctx && EVP_DigestVerifyInit(ctx, NULL, md, NULL, pkey) == 1 &&
	    EVP_DigestVerify(ctx, sig->data, sig->length, body,
			     body_len) == 1)
		ok = true;
	EVP_MD_CTX_free(ctx);
	return ok;
}

static bool cert_sig_ok(X509 *x, X509 *issuer)
{
	EVP_PKEY *pkey = X509_get0_pubkey(issuer);

	return pkey && X509_verify(x, pkey) == 1;
}

/*
 * One SignerInfo, as pkcs7_verify_one() and pkcs7_validate_trust_one()
 * take it: the signer's certificate, if the message carries it, must
 * verify the message; then the chain of carried certificates is walked
 * up until a certificate is itself trusted or was issued by a trusted
 * one; failing that the signer is looked up among the trusted keys
 * directly, which is the only way for messages that carry no
 * certificates, such as those of sign-file and of this tool.
 */
static enum mod_check_status verify_signer(CMS_SignerInfo *si,
					   bool want_skid,
					   struct stack_st_X509 *carried,
					   struct stack_st_X509 *trusted,
					   const u8 *body,
					   size_t body_len)
{
	ASN1_OCTET_STRING *sid_skid = NULL;
	X509_NAME *sid_issuer = NULL;
	ASN1_INTEGER *sid_serial = NULL;
	X509 *x, *t, *last = NULL;
	int depth;

	if (!CMS_SignerInfo_get0_signer_id(si, &sid_skid, &sid_issuer,
					   &sid_serial))
		return MOD_CHECK_PKCS7_PARSE;
	/*
	 * The version says which form the identifier has; given the other
	 * form, the kernel looks the key up by an empty identifier.
	 */
	if (!!sid_skid != want_skid)
		return MOD_CHECK_NO_KEY;

	/* The kernel matches carried certificates by issuer and serial only. */
	x = find_cert(carried, NULL, sid_issuer, sid_serial, NULL);
	if (x && !content_sig_ok(si, X509_get0_pubkey(x), body, body_len))
		return MOD_CHECK_BAD_SIGNATURE;

	for (depth = 0; x && depth < PKCS7_MAX_CHAIN; depth++) {
		t = find_cert(trusted, NULL, X509_get_issuer_name(x),
			      X509_get0_serialNumber(x),
			      X509_get0_subject_key_id(x));
		if (t) {
			/* The trusted twin must verify what @x signed. */
			if (!last)
				return content_sig_ok(si, X509_get0_pubkey(t),
						      body, body_len) ?
				       MOD_CHECK_OK : MOD_CHECK_BAD_SIGNATURE;
			return cert_sig_ok(last, t) ? MOD_CHECK_OK :
						      MOD_CHECK_BAD_SIGNATURE;
		}
		if (self_signed(x))
			return MOD_CHECK_NO_KEY;
		last = x;
		x = find_cert(carried, last, NULL, NULL, NULL);
		if (x && !cert_sig_ok(last, x))
			return MOD_CHECK_BAD_SIGNATURE;
	}
	if (last) {
		t = find_cert(trusted, last, NULL, NULL, NULL);
		if (t)
			return cert_sig_ok(last, t) ? MOD_CHECK_OK :
						      MOD_CHECK_BAD_SIGNATURE;
	}

	t = find_cert(trusted, NULL, sid_issuer, sid_serial, sid_skid);
	if (!t)
		return MOD_CHECK_NO_KEY;
	return content_sig_ok(si, X509_get0_pubkey(t), body, body_len) ?
	       MOD_CHECK_OK : MOD_CHECK_BAD_SIGNATURE;
}

enum mod_check_status pkcs7_verify(const u8 *body, size_t body_len,
				   const u8 *der, size_t der_len,
				   struct stack_st_X509 *trusted)
{
	struct stack_st_X509 *carried = NULL;
	enum mod_check_status status;
	CMS_ContentInfo *cms;
	bool any_ok = false;
	int i, version;

	cms = parse_signed_data(der, der_len);
	version = signed_data_version(der, der_len);
	if (!cms || version < 0) {
		CMS_ContentInfo_free(cms);
		ERR_clear_error();
		return MOD_CHECK_PKCS7_PARSE;
	}
	status = check_message(cms);
	if (status != MOD_CHECK_OK)
		goto out;

	carried = CMS_get1_certs(cms);
	/*
	 * pkcs7_validate_trust(): a failed signature by a known key
	 * outweighs everything, one trusted signer is enough, and
	 * otherwise the key is unknown.
	 */
	for (i = 0; i < signer_count(cms); i++) {
		status = verify_signer(signer_at(cms, i),
				       version == 3, carried, trusted, body,
				       body_len);
		if (status == MOD_CHECK_OK)
			any_ok = true;
		else if (status != MOD_CHECK_NO_KEY)
			goto out;
	}
	status = any_ok ? MOD_CHECK_OK : MOD_CHECK_NO_KEY;
out:
	sk_X509_pop_free(carried, X509_free);
	CMS_ContentInfo_free(cms);
	/* The status is the answer; the queue is noise from failed checks. */
	ERR_clear_error();
	return status;
}

/* ---- showing ---- */

static void show_signer(FILE *out, CMS_SignerInfo *si)
{
	ASN1_OCTET_STRING *skid = NULL;
	X509_NAME *issuer = NULL;
	ASN1_INTEGER *serial = NULL;
	int digest = si_digest_nid(si), sig = si_sig_nid(si);
	int attrs = CMS_signed_get_attr_count(si);
	char cn[256];

	CMS_SignerInfo_get0_signer_id(si, &skid, &issuer, &serial);
	if (issuer && serial) {
		if (X509_NAME_get_text_by_NID(issuer, NID_commonName, cn,
					      sizeof(cn)) < 0)
			X509_NAME_oneline(issuer, cn, sizeof(cn));
		fprintf(out, "  signer issuer: %s\n", cn);
		fprintf(out, "  key id type: issuer and serial number\n");
		fprintf(out, "  key id: ");
		print_hex(out, serial->data, serial->length);
	} else if (skid) {
		fprintf(out, "  signer issuer: - (signer named by key id)\n");
		fprintf(out, "  key id type: subjectKeyIdentifier\n");
		fprintf(out, "  key id: ");
		print_hex(out, skid->data, skid->length);
	} else {
		fprintf(out, "  signer issuer: -\n  key id: -");
	}
	fprintf(out, "\n  digest: %s%s\n", nid_name(digest),
		kernel_digest(digest) ? "" : " (not supported by the kernel)");
	fprintf(out, "  signature algorithm: %s%s\n", nid_name(sig),
		kernel_sig_alg(sig) ? "" : " (not supported by the kernel)");
	if (attrs > 0)
		fprintf(out, "  signed attributes: %d (refused by the kernel)\n",
			attrs);
	else
		fprintf(out, "  signed attributes: none\n");
}

int pkcs7_show(FILE *out, const u8 *der, size_t der_len)
{
	struct stack_st_X509 *certs;
	ASN1_OCTET_STRING **content;
	CMS_ContentInfo *cms;
	int i, n;

	cms = parse_signed_data(der, der_len);
	if (!cms) {
		soh_err_openssl("PKCS#7 payload is not a DER CMS SignedData");
		return SOH_FORMAT;
	}
	n = signer_count(cms);
	if (n != 1)
		fprintf(out, "  signers: %d\n", n);
	for (i = 0; i < n; i++) {
		if (n > 1)
			fprintf(out, "  signer %d:\n", i + 1);
		show_signer(out, signer_at(cms, i));
	}
	certs = CMS_get1_certs(cms);
	fprintf(out, "  certificates: %d\n", certs ? sk_X509_num(certs) : 0);
	sk_X509_pop_free(certs, X509_free);
	content = CMS_get0_content(cms);
	fprintf(out, "  content: %s\n",
		content && *content ? "embedded (the kernel refuses it)" :
				      "detached");
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return SOH_OK;
}

/* ---- signing ---- */

/*
 * sign-file -s: the signature was made elsewhere and goes in as it is.
 * It is only looked at to warn about what the kernel would refuse.
 */
static int use_raw_sig(const struct pkcs7_sign_opts *opts,
		       const u8 *body, size_t body_len,
		       u8 **der, size_t *der_len)
{
	struct stack_st_X509 *certs;
	CMS_ContentInfo *cms;
	enum mod_check_status status;
	int ret;

	ret = read_small_file(opts->raw_sig, der, der_len);
	if (ret)
		return ret;
	cms = parse_signed_data(*der, *der_len);
	if (!cms) {
		soh_err_openssl("%s: not a DER PKCS#7/CMS SignedData",
				opts->raw_sig);
		free(*der);
		*der = NULL;
		return SOH_FORMAT;
	}
	CMS_ContentInfo_free(cms);

	if (!opts->x509)
		return SOH_OK;
	certs = sk_X509_new_null();
	if (!certs || load_certs(opts->x509, certs) != SOH_OK) {
		sk_X509_free(certs);
		soh_err("warning: cannot check %s against %s", opts->raw_sig,
			opts->x509);
		return SOH_OK;
	}
	status = pkcs7_verify(body, body_len, *der, *der_len, certs);
	if (status != MOD_CHECK_OK)
		soh_err("warning: %s would not load with key %s: %s: %s",
			opts->raw_sig, opts->x509,
			mod_verdict_name(mod_check_verdict(status)),
			mod_check_reason(status));
	sk_X509_pop_free(certs, X509_free);
	return SOH_OK;
}

static int check_key_and_cert(const struct pkcs7_sign_opts *opts,
			      EVP_PKEY *pkey, X509 *cert)
{
	/*
	 * 1 is a match, 0 or -1 a different key, -2 a key that cannot be
	 * compared (some tokens keep the public half to themselves too):
	 * then the signature is made and the kernel will judge it.
	 */
	switch (EVP_PKEY_eq(X509_get0_pubkey(cert), pkey)) {
	case 1:
		return SOH_OK;
	case -2:
		ERR_clear_error();
		return SOH_OK;
	default:
		soh_err_openssl("private key %s does not belong to certificate %s",
				opts->key, opts->x509);
		return SOH_CRYPTO;
	}
}

static int make_cms(const struct pkcs7_sign_opts *opts, const EVP_MD *md,
		    EVP_PKEY *pkey, X509 *cert, const u8 *body,
		    size_t body_len, u8 **der, size_t *der_len)
{
	/*
	 * CMS_NOATTR: the kernel refuses signed attributes in module
	 * signatures. CMS_NOCERTS: the kernel finds the certificate in its
	 * keyrings, not in the message. CMS_BINARY: no MIME line ending
	 * conversion of the module bytes.
	 */
	unsigned int flags = CMS_BINARY | CMS_DETACHED | CMS_NOCERTS |
			     CMS_NOATTR | CMS_NOSMIMECAP;
	CMS_ContentInfo *cms;
	CMS_SignerInfo *si;
	unsigned char *p;
	BIO *data = NULL;
	int len, ret = SOH_CRYPTO;

	if (body_len > INT_MAX) {
		soh_err("module of %zu bytes is too large to sign", body_len);
		return SOH_FORMAT;
	}
	cms = CMS_sign(NULL, NULL, NULL, NULL, flags | CMS_PARTIAL);
	if (!cms) {
		soh_err_openssl("cannot start a CMS message");
		return SOH_CRYPTO;
	}
	si = CMS_add1_signer(cms, cert, pkey, md,
			     flags | (opts->use_keyid ? CMS_USE_KEYID : 0));
	if (!si) {
		soh_err_openssl("cannot sign with %s and %s", opts->key,
				opts->x509);
		goto out;
	}
	if (!si_kernel_supported(si)) {
		soh_err("the kernel cannot check %s signatures with %s",
			nid_name(si_sig_nid(si)), nid_name(si_digest_nid(si)));
		goto out;
	}
	data = BIO_new_mem_buf(body, (int)body_len);
	if (!data || CMS_final(cms, data, NULL, flags) != 1) {
		soh_err_openssl("cannot sign the module");
		goto out;
	}
	len = i2d_CMS_ContentInfo(cms, NULL);
	if (len <= 0) {
		soh_err_openssl("cannot encode the signature");
		goto out;
	}
	*der = xmalloc(len);
	p = *der;
	if (i2d_CMS_ContentInfo(cms, &p) != len) {
		soh_err_openssl("cannot encode the signature");
		free(*der);
		*der = NULL;
		goto out;
	}
	*der_len = len;
	ret = SOH_OK;
out:
	BIO_free(data);
	CMS_ContentInfo_free(cms);
	return ret;
}

int pkcs7_sign(const struct pkcs7_sign_opts *opts, const u8 *body,
	       size_t body_len, u8 **der, size_t *der_len)
{
	struct stack_st_X509 *certs = NULL;
	EVP_PKEY *pkey = NULL;
	const EVP_MD *md;
	X509 *cert;
	int ret;

	*der = NULL;
	*der_len = 0;
	if (opts->raw_sig)
		return use_raw_sig(opts, body, body_len, der, der_len);

	md = EVP_get_digestbyname(opts->hash_algo);
	if (!md) {
		soh_err("unknown hash algorithm '%s'", opts->hash_algo);
		ERR_clear_error();
		return SOH_USAGE;
	}
	if (!kernel_digest(EVP_MD_get_type(md))) {
		soh_err("the kernel cannot check module signatures made with %s",
			opts->hash_algo);
		return SOH_USAGE;
	}

	certs = sk_X509_new_null();
	if (!certs) {
		soh_err_openssl("out of memory");
		return SOH_CRYPTO;
	}
	ret = load_certs(opts->x509, certs);
	if (ret)
		goto out;
	/* As sign-file: the first certificate in the file is the signer's. */
	cert = sk_X509_value(certs, 0);
	if (opts->use_keyid && !X509_get0_subject_key_id(cert)) {
		soh_err("%s has no subjectKeyIdentifier to name the signer by (-k)",
			opts->x509);
		ret = SOH_CRYPTO;
		goto out;
	}

	ret = load_private_key(opts->key, &pkey);
	if (ret)
		goto out;
	ret = check_key_and_cert(opts, pkey, cert);
	if (ret)
		goto out;
	ret = make_cms(opts, md, pkey, cert, body, body_len, der, der_len);
out:
	EVP_PKEY_free(pkey);
	sk_X509_pop_free(certs, X509_free);
	return ret;
}
