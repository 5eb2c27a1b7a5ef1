/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sign-or-hash: running one job per module on every core.
 */

#ifndef SIGN_OR_HASH_PARALLEL_H
#define SIGN_OR_HASH_PARALLEL_H

#include <stddef.h>

typedef void (*parallel_fn)(void *ctx, size_t index);

/* Number of online CPUs, at least 1. */
unsigned int parallel_default_jobs(void);

/*
 * Calls @fn(@ctx, i) for every i below @n on up to @jobs threads. Items
 * are handed out one at a time, so a few large modules do not leave the
 * other threads idle.
 */
/*
 * Parses the argument of --jobs (1..1024); prints why and returns -1 when
 * it is not one.
 */
int parallel_parse_jobs(const char *arg, unsigned int *jobs);

void parallel_for(size_t n, unsigned int jobs, parallel_fn fn, void *ctx);

#endif /* SIGN_OR_HASH_PARALLEL_H */
