// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash prove: append a module's Merkle proof, after checking that
 * it proves this very module against the given root.
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmds.h"
#include "modfile.h"
#include "root_opts.h"
#include "util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sign-or-hash prove (--root ROOT | --vmlinux VMLINUX) MODULE PROOF [DEST]\n"
		"\n"
		"Appends the Merkle trailer in PROOF (a MODULE.merkle file written by\n"
		"'tree') to MODULE, or writes the result to DEST. Any trailer MODULE\n"
		"already has is replaced. The proof must verify for MODULE against the\n"
		"root, so a proof can never end up on the wrong module.\n");
}

/* A .merkle file is a bare trailer: nothing before its payload. */
static int parse_proof_file(const char *path, const u8 *data, size_t len,
			    struct mod_trailer *trailer)
{
	enum mod_check_status status;

	status = mod_trailer_parse(data, len, trailer);
	if (status != MOD_CHECK_OK) {
		soh_err("%s: not a Merkle trailer: %s", path,
			mod_check_reason(status));
		return SOH_FORMAT;
	}
	if (trailer->id_type != PKEY_ID_MERKLE || trailer->body_len) {
		soh_err("%s: not a bare Merkle trailer as 'tree' writes it", path);
		return SOH_FORMAT;
	}
	return SOH_OK;
}

int cmd_prove(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "vmlinux", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *root_file = NULL, *vmlinux = NULL, *module, *proof_path;
	u8 digest[MODULE_HASHES_DIGEST_SIZE];
	struct module_hashes_root root;
	enum mod_check_status status;
	struct mod_merkle_proof proof;
	struct mod_trailer trailer;
	struct modfile mf;
	size_t body_len, proof_len;
	u8 *proof_data;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			root_file = optarg;
			break;
		case 'v':
			vmlinux = optarg;
			break;
		case 'h':
			usage(stdout);
			return SOH_OK;
		default:
			usage(stderr);
			return SOH_USAGE;
		}
	}
	if (argc - optind < 2 || argc - optind > 3) {
		usage(stderr);
		return SOH_USAGE;
	}
	if (!root_file && !vmlinux) {
		soh_err("prove checks the proof against the tree's root: give --root ROOT or --vmlinux VMLINUX");
		return SOH_USAGE;
	}
	module = argv[optind];
	proof_path = argv[optind + 1];

	ret = load_root_option(root_file, vmlinux, &root);
	if (ret)
		return ret;
	ret = read_small_file(proof_path, &proof_data, &proof_len);
	if (ret)
		return ret;
	ret = parse_proof_file(proof_path, proof_data, proof_len, &trailer);
	if (ret)
		goto out_proof;
	status = mod_merkle_parse(trailer.payload, trailer.payload_len, &proof);
	if (status != MOD_CHECK_OK) {
		soh_err("%s: malformed proof: %s", proof_path,
			mod_check_reason(status));
		ret = SOH_FORMAT;
		goto out_proof;
	}

	ret = modfile_read(module, &mf);
	if (ret)
		goto out_proof;
	ret = modfile_body(&mf, &body_len);
	if (ret)
		goto out_module;
	sha256_buffer(mf.data, body_len, digest);
	status = mod_merkle_verify(&proof, digest, &root);
	if (status != MOD_CHECK_OK) {
		soh_err("%s does not prove %s: %s", proof_path, module,
			mod_check_reason(status));
		ret = SOH_MISMATCH;
		goto out_module;
	}
	ret = modfile_write_with_trailer(&mf, body_len,
					 argc - optind == 3 ? argv[optind + 2] : module,
					 PKEY_ID_MERKLE, trailer.payload,
					 trailer.payload_len);
out_module:
	modfile_free(&mf);
out_proof:
	free(proof_data);
	return ret;
}
