/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A few lines of TAP for the host tests: mk/check.sh counts the
 * "ok" and "not ok" lines of every suite.
 */

#ifndef TESTS_HOST_TAP_H
#define TESTS_HOST_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned int tap_failed;

static inline void __attribute__((format(printf, 2, 3)))
tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		tap_failed++;
}

/* A diagnostic line, shown by the runner but not counted. */
#define tap_diag(...) do { printf("# " __VA_ARGS__); putchar('\n'); } while (0)

#endif /* TESTS_HOST_TAP_H */
