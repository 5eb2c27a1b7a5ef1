// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash strip: remove a module's trailer, whatever its type.
 */

#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "modfile.h"
#include "util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sign-or-hash strip MODULE [DEST]\n"
		"\n"
		"Removes the signature or Merkle proof from MODULE, or writes the bare\n"
		"module to DEST. A compressed module stays compressed.\n");
}

int cmd_strip(int argc, char **argv)
{
	struct out_chunk chunk;
	struct modfile mf;
	size_t body_len;
	const char *dest;
	int ret;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return SOH_OK;
	}
	if (argc < 2 || argc > 3 || argv[1][0] == '-') {
		usage(stderr);
		return SOH_USAGE;
	}
	dest = argc == 3 ? argv[2] : argv[1];

	ret = modfile_read(argv[1], &mf);
	if (ret)
		return ret;
	ret = modfile_body(&mf, &body_len);
	if (ret)
		goto out;
	if (body_len == mf.len && dest == argv[1]) {
		/* Nothing to remove: leave the file, and its mtime, alone. */
		fprintf(stderr, "%s: %s has no trailer\n", soh_prog, argv[1]);
		goto out;
	}
	chunk.data = mf.data;
	chunk.len = body_len;
	ret = write_file_atomic(dest, &chunk, 1, mf.comp, argv[1]);
out:
	modfile_free(&mf);
	return ret;
}
