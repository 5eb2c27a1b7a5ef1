// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash: messages, allocation and small file helpers.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "util.h"

const char *soh_prog = "sign-or-hash";

static void vmsg(const char *fmt, va_list ap, const char *suffix)
{
	fprintf(stderr, "%s: ", soh_prog);
	vfprintf(stderr, fmt, ap);
	if (suffix)
		fprintf(stderr, ": %s", suffix);
	fputc('\n', stderr);
}

void soh_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, NULL);
	va_end(ap);
}

void soh_err_errno(const char *fmt, ...)
{
	const char *why = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap, why);
	va_end(ap);
}

/*
 * OpenSSL queues one error per layer it unwound; the innermost is usually
 * the one that names the real cause, so all of them go on one line.
 */
void soh_err_openssl(const char *fmt, ...)
{
	char buf[256], line[1024];
	unsigned long e;
	size_t used = 0;
	va_list ap;

	line[0] = '\0';
	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, buf, sizeof(buf));
		used += snprintf(line + used, sizeof(line) - used, "%s%s",
				 used ? "; " : "", buf);
		if (used >= sizeof(line))
			break;
	}
	va_start(ap, fmt);
	vmsg(fmt, ap, line[0] ? line : "unknown OpenSSL error");
	va_end(ap);
}

static void *check_alloc(void *p)
{
	if (!p) {
		soh_err("out of memory");
		exit(SOH_IO);
	}
	return p;
}

void *xmalloc(size_t size)
{
	return check_alloc(malloc(size ? size : 1));
}

void *xcalloc(size_t n, size_t size)
{
	return check_alloc(calloc(n ? n : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t size)
{
	return check_alloc(realloc(p, size ? size : 1));
}

char *xstrdup(const char *s)
{
	return check_alloc(strdup(s));
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int ret;

	va_start(ap, fmt);
	ret = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (ret < 0)
		return check_alloc(NULL);
	return s;
}

/* Small files only: certificates, keys, root records, proofs. */
#define SMALL_FILE_MAX	(64u << 20)

int read_small_file(const char *path, u8 **data, size_t *len)
{
	struct stat st;
	u8 *buf;
	size_t done = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		soh_err_errno("cannot open %s", path);
		return SOH_IO;
	}
	if (fstat(fd, &st) < 0) {
		soh_err_errno("cannot stat %s", path);
		close(fd);
		return SOH_IO;
	}
	if (!S_ISREG(st.st_mode) || (u64)st.st_size > SMALL_FILE_MAX) {
		soh_err("%s: not a regular file of at most %u bytes", path,
			SMALL_FILE_MAX);
		close(fd);
		return SOH_IO;
	}
	buf = xmalloc(st.st_size);
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			soh_err_errno("cannot read %s", path);
			free(buf);
			close(fd);
			return SOH_IO;
		}
		done += n;
	}
	close(fd);
	*data = buf;
	*len = done;
	return SOH_OK;
}

void hex_encode(const u8 *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hex_decode(const char *in, u8 *out, size_t len)
{
	size_t i;

	if (strlen(in) != 2 * len)
		return -1;
	for (i = 0; i < len; i++) {
		int hi = hex_value(in[2 * i]), lo = hex_value(in[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = hi << 4 | lo;
	}
	return 0;
}

int read_path_list(const char *path, char ***paths, size_t *nr_paths)
{
	size_t n = 0, cap = 0, line_cap = 0;
	char **list = NULL, *line = NULL;
	ssize_t len;
	FILE *f;

	f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	if (!f) {
		soh_err_errno("cannot open %s", path);
		return SOH_IO;
	}
	while ((len = getline(&line, &line_cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			list = xrealloc(list, cap * sizeof(*list));
		}
		list[n++] = xstrdup(line);
	}
	free(line);
	if (ferror(f)) {
		soh_err_errno("cannot read %s", path);
		if (f != stdin)
			fclose(f);
		free_path_list(list, n);
		return SOH_IO;
	}
	if (f != stdin)
		fclose(f);
	*paths = list;
	*nr_paths = n;
	return SOH_OK;
}

void free_path_list(char **paths, size_t nr_paths)
{
	size_t i;

	for (i = 0; i < nr_paths; i++)
		free(paths[i]);
	free(paths);
}

void sha256_buffer(const u8 *data, size_t len, u8 out[32])
{
	if (!EVP_Digest(data, len, out, NULL, EVP_sha256(), NULL)) {
		soh_err_openssl("SHA-256 failed");
		exit(SOH_CRYPTO);
	}
}
