// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash embed: write a module root record into the placeholder
 * that a CONFIG_MODULE_HASHES vmlinux was linked with.
 */

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "modfile.h"
#include "root_io.h"
#include "util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sign-or-hash embed --root ROOT VMLINUX [DEST]\n"
		"\n"
		"Writes the root record ROOT (from 'tree') into the %s section\n"
		"of VMLINUX, in place or into DEST. Nothing else in the file changes,\n"
		"so images made from the result carry the root.\n",
		MODULE_HASHES_ROOT_SECTION);
}

int cmd_embed(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *root_file = NULL, *vmlinux, *dest;
	struct module_hashes_root root;
	struct out_chunk chunks[3];
	struct modfile mf;
	size_t off;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			root_file = optarg;
			break;
		case 'h':
			usage(stdout);
			return SOH_OK;
		default:
			usage(stderr);
			return SOH_USAGE;
		}
	}
	if (!root_file || argc - optind < 1 || argc - optind > 2) {
		usage(stderr);
		return SOH_USAGE;
	}
	vmlinux = argv[optind];
	dest = argc - optind == 2 ? argv[optind + 1] : vmlinux;

	ret = root_read_file(root_file, &root);
	if (ret)
		return ret;
	if (root.version != MODULE_HASHES_VERSION ||
	    root.hash_algo != HASH_ALGO_SHA256) {
		soh_err("%s: not a version %u SHA-256 root record", root_file,
			MODULE_HASHES_VERSION);
		return SOH_FORMAT;
	}
	ret = root_locate_vmlinux(vmlinux, &mf, &off);
	if (ret)
		return ret;
	chunks[0].data = mf.data;
	chunks[0].len = off;
	chunks[1].data = &root;
	chunks[1].len = sizeof(root);
	chunks[2].data = mf.data + off + sizeof(root);
	chunks[2].len = mf.len - off - sizeof(root);
	ret = write_file_atomic(dest, chunks, 3, MOD_COMP_NONE, vmlinux);
	modfile_free(&mf);
	return ret;
}
