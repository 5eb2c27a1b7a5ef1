// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Finding and splitting the integrity trailer of a module.
 *
 * Shared with the host: see core.h.
 */

#include "core.h"

#define MOD_MAGIC_LEN	(sizeof(MODULE_SIG_STRING) - 1)

/* Bytes a trailer adds besides its payload. */
size_t mod_trailer_overhead(void)
{
	return sizeof(struct module_signature) + MOD_MAGIC_LEN;
}

/**
 * mod_trailer_parse() - split a module image from its trailer
 * @data: the module image as it was handed to the loader
 * @len: length of @data
 * @trailer: filled in on success
 *
 * Only the framing is checked here: the magic, the length of the payload
 * and the fields of struct module_signature that neither mechanism uses.
 * The payload is for the mechanism named by id_type to judge.
 *
 * Return: MOD_CHECK_OK, MOD_CHECK_NO_TRAILER when @data does not end in
 * the magic, MOD_CHECK_UNKNOWN_TYPE for a trailer of a format no kernel
 * knows, or the malformed status that stopped the parse.
 */
enum mod_check_status mod_trailer_parse(const u8 *data, size_t len,
					struct mod_trailer *trailer)
{
	struct module_signature ms;
	size_t sig_len;

	if (len < MOD_MAGIC_LEN ||
	    memcmp(data + len - MOD_MAGIC_LEN, MODULE_SIG_STRING,
		   MOD_MAGIC_LEN) != 0)
		return MOD_CHECK_NO_TRAILER;
	len -= MOD_MAGIC_LEN;

	if (len < sizeof(ms))
		return MOD_CHECK_TRUNCATED;
	len -= sizeof(ms);
	/* The image has no alignment to speak of: copy, do not cast. */
	memcpy(&ms, data + len, sizeof(ms));

	/* The whole payload must lie inside the image. */
	sig_len = be32_to_cpu(ms.sig_len);
	if (sig_len == 0 || sig_len > len)
		return MOD_CHECK_SIG_LEN;

	if (ms.id_type != PKEY_ID_PKCS7 && ms.id_type != PKEY_ID_MERKLE)
		return MOD_CHECK_UNKNOWN_TYPE;

	if (ms.algo || ms.hash || ms.signer_len || ms.key_id_len ||
	    ms.__pad[0] || ms.__pad[1] || ms.__pad[2])
		return MOD_CHECK_RESERVED;

	trailer->body_len = len - sig_len;
	trailer->id_type = ms.id_type;
	trailer->payload = data + trailer->body_len;
	trailer->payload_len = sig_len;
	return MOD_CHECK_OK;
}
