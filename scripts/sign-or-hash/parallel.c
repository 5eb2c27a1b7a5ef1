// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash: a minimal work-sharing loop over pthreads.
 */

#include <pthread.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <unistd.h>

#include "parallel.h"
#include "util.h"

struct parallel_work {
	atomic_size_t next;
	size_t n;
	parallel_fn fn;
	void *ctx;
};

static void *parallel_worker(void *arg)
{
	struct parallel_work *work = arg;
	size_t i;

	while ((i = atomic_fetch_add(&work->next, 1)) < work->n)
		work->fn(work->ctx, i);
	return NULL;
}

int parallel_parse_jobs(const char *arg, unsigned int *jobs)
{
	char *end;
	unsigned long n = strtoul(arg, &end, 10);

	if (!*arg || *end || n == 0 || n > 1024) {
		soh_err("--jobs takes a number from 1 to 1024");
		return -1;
	}
	*jobs = n;
	return 0;
}

unsigned int parallel_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? n : 1;
}

void parallel_for(size_t n, unsigned int jobs, parallel_fn fn, void *ctx)
{
	struct parallel_work work = { .n = n, .fn = fn, .ctx = ctx };
	pthread_t *threads;
	unsigned int started = 0, i;

	atomic_init(&work.next, 0);
	if (jobs > n)
		jobs = n;
	if (jobs <= 1) {
		parallel_worker(&work);
		return;
	}
	threads = xcalloc(jobs - 1, sizeof(*threads));
	for (i = 0; i < jobs - 1; i++)
		if (!pthread_create(&threads[started], NULL, parallel_worker, &work))
			started++;
	/* This thread works too; if no thread could start, it does it all. */
	parallel_worker(&work);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
}
