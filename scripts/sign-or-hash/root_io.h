/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sign-or-hash: reading and writing the module root record.
 */

#ifndef SIGN_OR_HASH_ROOT_IO_H
#define SIGN_OR_HASH_ROOT_IO_H

#include "../../kernel/module/integrity/core.h"

/* A 40-byte root record file, as `tree --root-out` writes it. */
int root_read_file(const char *path, struct module_hashes_root *root);
/* The root record in the MODULE_HASHES_ROOT_SECTION of a vmlinux ELF. */
int root_read_vmlinux(const char *path, struct module_hashes_root *root);
/*
 * Where that record lies in the file: maps @path into @mf (free it with
 * modfile_free()) and sets *@offset.
 */
struct modfile;
int root_locate_vmlinux(const char *path, struct modfile *mf, size_t *offset);
int root_write_file(const char *path, const struct module_hashes_root *root);
/* C source that links @root into vmlinux in its own section. */
int root_write_c(const char *path, const struct module_hashes_root *root);

#endif /* SIGN_OR_HASH_ROOT_IO_H */
