// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash show: what a module's trailer says.
 */

#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "modfile.h"
#include "pkcs7.h"
#include "util.h"

static void show_merkle(const struct modfile *mf,
			const struct mod_trailer *trailer)
{
	char hex[2 * MODULE_HASHES_DIGEST_SIZE + 1];
	u8 digest[MODULE_HASHES_DIGEST_SIZE];
	enum mod_check_status status;
	struct mod_merkle_proof proof;

	sha256_buffer(mf->data, trailer->body_len, digest);
	hex_encode(digest, sizeof(digest), hex);
	printf("  module sha256: %s\n", hex);
	status = mod_merkle_parse(trailer->payload, trailer->payload_len,
				  &proof);
	if (status != MOD_CHECK_OK) {
		printf("  proof: malformed (%s)\n", mod_check_reason(status));
		return;
	}
	printf("  leaf index: %u\n", proof.leaf_index);
	printf("  tree size: %u\n", proof.tree_size);
	printf("  path length: %u\n", proof.path_len);
}

static int show_one(const char *path)
{
	enum mod_check_status status;
	struct mod_trailer trailer;
	struct modfile mf;
	int ret;

	ret = modfile_read(path, &mf);
	if (ret)
		return ret;
	printf("%s:\n", path);
	printf("  compression: %s\n", mod_compression_name(mf.comp));
	status = mod_trailer_parse(mf.data, mf.len, &trailer);
	switch (status) {
	case MOD_CHECK_OK:
		break;
	case MOD_CHECK_NO_TRAILER:
		printf("  module size: %zu\n  trailer: none\n", mf.len);
		goto out;
	default:
		printf("  trailer: %s (%s)\n",
		       mod_verdict_name(mod_check_verdict(status)),
		       mod_check_reason(status));
		ret = SOH_FORMAT;
		goto out;
	}
	printf("  module size: %zu\n", trailer.body_len);
	printf("  trailer: %s (id_type %u), payload %zu bytes\n",
	       trailer.id_type == PKEY_ID_MERKLE ? "merkle" : "pkcs7",
	       trailer.id_type, trailer.payload_len);
	if (trailer.id_type == PKEY_ID_MERKLE)
		show_merkle(&mf, &trailer);
	else
		ret = pkcs7_show(stdout, trailer.payload, trailer.payload_len);
out:
	modfile_free(&mf);
	return ret;
}

int cmd_show(int argc, char **argv)
{
	int i, ret = SOH_OK;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: sign-or-hash show MODULE...\n\n"
		       "Prints the trailer of each module: its type and, for a Merkle\n"
		       "proof, leaf index, tree size, path length and the module's\n"
		       "SHA-256; for a signature, signer, key id and digest algorithm.\n");
		return SOH_OK;
	}
	if (argc < 2) {
		fprintf(stderr, "Usage: sign-or-hash show MODULE...\n");
		return SOH_USAGE;
	}
	for (i = 1; i < argc; i++) {
		int r = show_one(argv[i]);

		if (r && !ret)
			ret = r;
	}
	return ret;
}
