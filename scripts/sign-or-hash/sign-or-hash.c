// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash: give Linux modules their integrity trailer, a Merkle
 * inclusion proof against the root in vmlinux or a PKCS#7 signature, and
 * check offline whether a module would load on a given kernel.
 *
 * This file only dispatches; each verb lives in cmd_<verb>.c.
 */

#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "util.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *synopsis;
} commands[] = {
	{ "tree", cmd_tree,
	  "tree --root-out ROOT [--c-out FILE.c] [--strip-trailer] [--jobs N]\n"
	  "                    (MODULE... | --list FILE)" },
	{ "prove", cmd_prove,
	  "prove (--root ROOT | --vmlinux VMLINUX) MODULE PROOF [DEST]" },
	{ "sign", cmd_sign,
	  "sign [-dpk] HASH KEY X509 MODULE [DEST]\n"
	  "  sign-or-hash sign -s RAWSIG HASH X509 MODULE [DEST]" },
	{ "verify", cmd_verify,
	  "verify [--root ROOT | --vmlinux VMLINUX] [--cert X509]... [--jobs N]\n"
	  "                    (MODULE... | --list FILE)" },
	{ "show", cmd_show, "show MODULE..." },
	{ "strip", cmd_strip, "strip MODULE [DEST]" },
	{ "embed", cmd_embed, "embed --root ROOT VMLINUX [DEST]" },
};

void usage_all(FILE *out)
{
	size_t i;

	fprintf(out, "Usage:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  sign-or-hash %s\n", commands[i].synopsis);
	fprintf(out,
		"  sign-file [-dpk] HASH KEY X509 MODULE [DEST]   (when run as sign-file)\n"
		"\n"
		"Modules may be .ko, .ko.xz, .ko.zst or .ko.gz. Every write goes to a\n"
		"temporary file renamed into place; on error the input is untouched.\n"
		"Exit codes: 0 ok, 1 a module would not load, 2 usage, 3 I/O,\n"
		"4 malformed input, 5 key or OpenSSL error, 6 proof of another module.\n"
		"See sign-or-hash(1).\n");
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int main(int argc, char **argv)
{
	size_t i;

	/* Under the name sign-file this is a drop-in for scripts/sign-file. */
	if (!strcmp(base_name(argv[0]), "sign-file")) {
		soh_prog = "sign-file";
		return cmd_sign_file(argc, argv);
	}
	if (argc < 2) {
		usage_all(stderr);
		return SOH_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage_all(stdout);
		return SOH_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("sign-or-hash 1.0 (module integrity trailer format 1)\n");
		return SOH_OK;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	soh_err("unknown command '%s'", argv[1]);
	usage_all(stderr);
	return SOH_USAGE;
}
