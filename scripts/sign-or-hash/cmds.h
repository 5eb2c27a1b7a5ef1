/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sign-or-hash: one function per subcommand, each in cmd_<verb>.c.
 */

#ifndef SIGN_OR_HASH_CMDS_H
#define SIGN_OR_HASH_CMDS_H

#include <stdio.h>

int cmd_tree(int argc, char **argv);
int cmd_prove(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_sign_file(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_strip(int argc, char **argv);
int cmd_embed(int argc, char **argv);

void usage_all(FILE *out);

#endif /* SIGN_OR_HASH_CMDS_H */
