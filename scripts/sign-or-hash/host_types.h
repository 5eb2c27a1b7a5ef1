/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's fixed-size integer names for the host tool, from the
 * __u8.. types of the system's <linux/types.h>.
 */

#ifndef SIGN_OR_HASH_HOST_TYPES_H
#define SIGN_OR_HASH_HOST_TYPES_H

#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#endif /* SIGN_OR_HASH_HOST_TYPES_H */
