// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash sign, and the same under the name sign-file: give a module
 * a PKCS#7 signature trailer.
 *
 * The command line is scripts/sign-file's, so that DKMS and kbuild can
 * call this instead. Two things differ, both on purpose: an existing
 * trailer (a signature or a Merkle proof) is replaced rather than signed
 * over and stacked, and a compressed module is signed decompressed and
 * written back compressed, which is what the kernel checks.
 */

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "modfile.h"
#include "pkcs7.h"
#include "util.h"

/**
 * struct sign_args - one signing request
 * @opts: what pkcs7_sign() needs
 * @module: the module to sign
 * @dest: where the signed module goes; NULL for in place
 * @save_sig: also write the bare signature to MODULE.p7s (-p)
 * @sign_only: write only MODULE.p7s and leave the module alone (-d)
 */
struct sign_args {
	struct pkcs7_sign_opts opts;
	const char *module;
	const char *dest;
	bool save_sig;
	bool sign_only;
};

static void usage_sign(FILE *out)
{
	fprintf(out,
		"Usage: sign-or-hash sign [-dpk] HASH KEY X509 MODULE [DEST]\n"
		"       sign-or-hash sign -s RAWSIG HASH X509 MODULE [DEST]\n");
}

static void help_sign(void)
{
	usage_sign(stdout);
	printf("\n"
	       "Appends a PKCS#7 signature to MODULE (or writes the result to\n"
	       "DEST), replacing any signature or Merkle proof it had.\n"
	       "KEY is a PEM or DER private key file or a pkcs11: URI; its\n"
	       "password or PIN is taken from KBUILD_SIGN_PIN.\n"
	       "\n"
	       "  -d         only write the signature to MODULE.p7s\n"
	       "  -p         also write the signature to MODULE.p7s\n"
	       "  -k         name the signer by subjectKeyIdentifier\n"
	       "  -s RAWSIG  append the DER signature RAWSIG as it is\n"
	       "\n"
	       "The same arguments work when the program is run as sign-file.\n");
}

static void usage_sign_file(void)
{
	fprintf(stderr,
		"Usage: sign-file [-dp] [-k] <hash algo> <key> <x509> <module> [<dest>]\n"
		"       sign-file -s <raw sig> <hash algo> <x509> <module> [<dest>]\n");
}

static int write_p7s(const struct sign_args *a, const u8 *der,
		     size_t der_len)
{
	struct out_chunk chunk = { der, der_len };
	char *path = xasprintf("%s.p7s", a->module);
	int ret;

	ret = write_file_atomic(path, &chunk, 1, MOD_COMP_NONE, NULL);
	free(path);
	return ret;
}

static int do_sign(const struct sign_args *a)
{
	u8 *der = NULL;
	size_t body_len, der_len;
	struct modfile mf;
	int ret;

	ret = modfile_read(a->module, &mf);
	if (ret)
		return ret;
	ret = modfile_body(&mf, &body_len);
	if (ret)
		goto out;
	ret = pkcs7_sign(&a->opts, mf.data, body_len, &der, &der_len);
	if (ret)
		goto out;

	/* sign-file ignores -p and -d with -s: the signature exists already. */
	if (a->save_sig && a->opts.raw_sig)
		soh_err("warning: -d and -p have no effect with -s, as in sign-file");
	if (a->save_sig && !a->opts.raw_sig) {
		ret = write_p7s(a, der, der_len);
		if (ret || a->sign_only)
			goto out;
	}
	ret = modfile_write_with_trailer(&mf, body_len,
					 a->dest ? a->dest : a->module,
					 PKEY_ID_PKCS7, der, der_len);
out:
	free(der);
	modfile_free(&mf);
	return ret;
}

/*
 * The positional arguments after the options: with a raw signature
 * (already taken) HASH X509 MODULE [DEST], otherwise HASH KEY X509
 * MODULE [DEST]. A DEST equal to MODULE means in place, as in sign-file.
 */
static bool take_positionals(struct sign_args *a, int argc, char **argv)
{
	int need = a->opts.raw_sig ? 3 : 4;

	if (argc < need || argc > need + 1)
		return false;
	a->opts.hash_algo = *argv++;
	if (!a->opts.raw_sig)
		a->opts.key = *argv++;
	a->opts.x509 = *argv++;
	a->module = *argv++;
	if (argc > need && strcmp(*argv, a->module))
		a->dest = *argv;
	return true;
}

int cmd_sign(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sign_args a;
	int opt;

	memset(&a, 0, sizeof(a));
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "dpks:h", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'd':
			a.sign_only = true;
			a.save_sig = true;
			break;
		case 'p':
			a.save_sig = true;
			break;
		case 'k':
			a.opts.use_keyid = true;
			break;
		case 's':
			a.opts.raw_sig = optarg;
			break;
		case 'h':
			help_sign();
			return SOH_OK;
		default:
			if (optopt)
				soh_err("unknown option -%c or missing argument",
					optopt);
			else
				soh_err("unknown option %s", argv[optind - 1]);
			usage_sign(stderr);
			return SOH_USAGE;
		}
	}
	if (!take_positionals(&a, argc - optind, argv + optind)) {
		usage_sign(stderr);
		return SOH_USAGE;
	}
	return do_sign(&a);
}

int cmd_sign_file(int argc, char **argv)
{
	struct sign_args a;
	bool raw = false;
	int opt;

	memset(&a, 0, sizeof(a));
	optind = 1;
	opterr = 0;
	/* sign-file's -s is a flag: the raw signature is the first operand. */
	while ((opt = getopt(argc, argv, "sdpk")) != -1) {
		switch (opt) {
		case 's':
			raw = true;
			break;
		case 'd':
			a.sign_only = true;
			a.save_sig = true;
			break;
		case 'p':
			a.save_sig = true;
			break;
		case 'k':
			a.opts.use_keyid = true;
			break;
		default:
			soh_err("unknown option -%c", optopt);
			usage_sign_file();
			return SOH_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (raw) {
		if (argc < 1) {
			usage_sign_file();
			return SOH_USAGE;
		}
		a.opts.raw_sig = *argv++;
		argc--;
	}
	if (!take_positionals(&a, argc, argv)) {
		usage_sign_file();
		return SOH_USAGE;
	}
	return do_sign(&a);
}
