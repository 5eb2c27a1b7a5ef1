// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash: the module root record in a file, in C source and in a
 * vmlinux ELF section.
 */

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modfile.h"
#include "root_io.h"
#include "util.h"

int root_read_file(const char *path, struct module_hashes_root *root)
{
	size_t len;
	u8 *data;
	int ret;

	ret = read_small_file(path, &data, &len);
	if (ret)
		return ret;
	if (len != sizeof(*root)) {
		soh_err("%s: a root record is %zu bytes, not %zu", path,
			sizeof(*root), len);
		free(data);
		return SOH_FORMAT;
	}
	memcpy(root, data, sizeof(*root));
	free(data);
	return SOH_OK;
}

/* Bounds-checked view of an ELF file's section table. */
struct elf_view {
	const u8 *data;
	size_t len;
	bool is64, big_endian;
};

static u64 elf_word(const struct elf_view *e, const void *p, size_t size)
{
	const u8 *b = p;
	u64 v = 0;
	size_t i;

	/* ELF fields are in the file's byte order, whatever the host's. */
	for (i = 0; i < size; i++) {
		size_t shift = e->big_endian ? (size - 1 - i) : i;

		v |= (u64)b[i] << (8 * shift);
	}
	return v;
}

static bool elf_range_ok(const struct elf_view *e, u64 off, u64 size)
{
	return off <= e->len && size <= e->len - off;
}

#define ELF_WORD(e, field)	elf_word(e, &(field), sizeof(field))

/* The fields of the ELF header and of a section header used here. */
struct elf_ehdr_info {
	u64 shoff, shentsize, shnum, shstrndx;
};

struct elf_shdr_info {
	u64 name, offset, size;
};

static void elf_read_ehdr(const struct elf_view *e, struct elf_ehdr_info *h)
{
	if (e->is64) {
		const Elf64_Ehdr *eh = (const void *)e->data;

		h->shoff = ELF_WORD(e, eh->e_shoff);
		h->shentsize = ELF_WORD(e, eh->e_shentsize);
		h->shnum = ELF_WORD(e, eh->e_shnum);
		h->shstrndx = ELF_WORD(e, eh->e_shstrndx);
	} else {
		const Elf32_Ehdr *eh = (const void *)e->data;

		h->shoff = ELF_WORD(e, eh->e_shoff);
		h->shentsize = ELF_WORD(e, eh->e_shentsize);
		h->shnum = ELF_WORD(e, eh->e_shnum);
		h->shstrndx = ELF_WORD(e, eh->e_shstrndx);
	}
}

static void elf_read_shdr(const struct elf_view *e, const u8 *p,
			  struct elf_shdr_info *sh)
{
	if (e->is64) {
		const Elf64_Shdr *s = (const void *)p;

		sh->name = ELF_WORD(e, s->sh_name);
		sh->offset = ELF_WORD(e, s->sh_offset);
		sh->size = ELF_WORD(e, s->sh_size);
	} else {
		const Elf32_Shdr *s = (const void *)p;

		sh->name = ELF_WORD(e, s->sh_name);
		sh->offset = ELF_WORD(e, s->sh_offset);
		sh->size = ELF_WORD(e, s->sh_size);
	}
}

static int find_section(const struct elf_view *e, const char *path,
			const char *name, u64 *off, u64 *size)
{
	struct elf_shdr_info strtab, sec;
	struct elf_ehdr_info eh;
	const u8 *sh;
	u64 i;

	elf_read_ehdr(e, &eh);
	if (eh.shentsize < (e->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr)) ||
	    eh.shstrndx >= eh.shnum ||
	    !elf_range_ok(e, eh.shoff, eh.shnum * eh.shentsize)) {
		soh_err("%s: damaged ELF section table", path);
		return SOH_FORMAT;
	}
	sh = e->data + eh.shoff;
	elf_read_shdr(e, sh + eh.shstrndx * eh.shentsize, &strtab);
	if (!elf_range_ok(e, strtab.offset, strtab.size)) {
		soh_err("%s: damaged ELF section names", path);
		return SOH_FORMAT;
	}
	for (i = 0; i < eh.shnum; i++) {
		size_t name_len = strlen(name) + 1;

		elf_read_shdr(e, sh + i * eh.shentsize, &sec);
		if (sec.name >= strtab.size || strtab.size - sec.name < name_len ||
		    memcmp(e->data + strtab.offset + sec.name, name, name_len))
			continue;
		*off = sec.offset;
		*size = sec.size;
		if (!elf_range_ok(e, *off, *size)) {
			soh_err("%s: section %s lies outside the file", path,
				name);
			return SOH_FORMAT;
		}
		return SOH_OK;
	}
	soh_err("%s: no %s section: not a kernel built with CONFIG_MODULE_HASHES",
		path, name);
	return SOH_FORMAT;
}

int root_locate_vmlinux(const char *path, struct modfile *mf, size_t *offset)
{
	struct elf_view e;
	u64 off, size;
	int ret;

	/* vmlinux may be large; modfile_read maps it rather than copying. */
	ret = modfile_read(path, mf);
	if (ret)
		return ret;
	if (mf->comp != MOD_COMP_NONE) {
		soh_err("%s: a compressed file, not a vmlinux ELF", path);
		ret = SOH_FORMAT;
		goto out;
	}
	e.data = mf->data;
	e.len = mf->len;
	if (e.len < EI_NIDENT || memcmp(e.data, ELFMAG, SELFMAG) ||
	    (e.data[EI_CLASS] != ELFCLASS32 && e.data[EI_CLASS] != ELFCLASS64) ||
	    (e.data[EI_DATA] != ELFDATA2LSB && e.data[EI_DATA] != ELFDATA2MSB)) {
		soh_err("%s: not an ELF file", path);
		ret = SOH_FORMAT;
		goto out;
	}
	e.is64 = e.data[EI_CLASS] == ELFCLASS64;
	e.big_endian = e.data[EI_DATA] == ELFDATA2MSB;
	if (e.len < (e.is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr))) {
		soh_err("%s: truncated ELF header", path);
		ret = SOH_FORMAT;
		goto out;
	}
	ret = find_section(&e, path, MODULE_HASHES_ROOT_SECTION, &off, &size);
	if (ret)
		goto out;
	if (size != sizeof(struct module_hashes_root)) {
		soh_err("%s: section %s is %llu bytes, not %zu", path,
			MODULE_HASHES_ROOT_SECTION, (unsigned long long)size,
			sizeof(struct module_hashes_root));
		ret = SOH_FORMAT;
		goto out;
	}
	*offset = off;
	return SOH_OK;
out:
	modfile_free(mf);
	return ret;
}

int root_read_vmlinux(const char *path, struct module_hashes_root *root)
{
	struct modfile mf;
	size_t off;
	int ret;

	ret = root_locate_vmlinux(path, &mf, &off);
	if (ret)
		return ret;
	memcpy(root, mf.data + off, sizeof(*root));
	modfile_free(&mf);
	return SOH_OK;
}

int root_write_file(const char *path, const struct module_hashes_root *root)
{
	struct out_chunk chunk = { root, sizeof(*root) };

	return write_file_atomic(path, &chunk, 1, MOD_COMP_NONE, NULL);
}

int root_write_c(const char *path, const struct module_hashes_root *root)
{
	char hex[2 * MODULE_HASHES_DIGEST_SIZE + 1];
	struct out_chunk chunk;
	char *text, *digest;
	size_t i, used = 0;
	int ret;

	/* "0x12, " per byte, in lines of eight. */
	digest = xmalloc(MODULE_HASHES_DIGEST_SIZE * 8 + 64);
	for (i = 0; i < MODULE_HASHES_DIGEST_SIZE; i++)
		used += sprintf(digest + used, "%s0x%02x,",
				i % 8 ? " " : "\n\t\t", root->digest[i]);
	hex_encode(root->digest, MODULE_HASHES_DIGEST_SIZE, hex);
	/* The tag goes in as an argument, not to be taken for this file's. */
	text = xasprintf("// %s: GPL-2.0-or-later\n"
		"/*\n"
		" * Generated by sign-or-hash tree: the root of the Merkle tree\n"
		" * over the %u modules of this build.\n"
		" * sha256 root %s\n"
		" */\n\n"
		"#include <linux/module_hashes.h>\n\n"
		"const struct module_hashes_root module_hashes_root\n"
		"\t__section(MODULE_HASHES_ROOT_SECTION) __used = {\n"
		"\t.version = %u,\n"
		"\t.hash_algo = %u,\n"
		"\t.tree_size = cpu_to_be32(%uU),\n"
		"\t.digest = {%s\n\t},\n"
		"};\n",
		"SPDX-License-Identifier",
		get_unaligned_be32(&root->tree_size), hex, root->version,
		root->hash_algo, get_unaligned_be32(&root->tree_size), digest);
	chunk.data = text;
	chunk.len = strlen(text);
	ret = write_file_atomic(path, &chunk, 1, MOD_COMP_NONE, NULL);
	free(text);
	free(digest);
	return ret;
}
