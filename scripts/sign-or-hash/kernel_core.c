// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's own trailer parser and Merkle verifier, compiled into the
 * host tool from the kernel's sources (see kernel/module/integrity/core.h),
 * so that what sign-or-hash accepts is what the kernel accepts.
 */

#include "../../kernel/module/integrity/trailer.c"
#include "../../kernel/module/integrity/merkle.c"
#include "../../kernel/module/integrity/status.c"
