// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loadmod: load one module the way the test asks and say what happened.
 *
 *   loadmod [-m] [-c] [-M] [-V] MODULE [PARAMS]
 *
 *   -m  init_module(2) with the file read into memory (default:
 *       finit_module(2) on the open file)
 *   -c  MODULE_INIT_COMPRESSED_FILE (finit_module only)
 *   -M  MODULE_INIT_IGNORE_MODVERSIONS
 *   -V  MODULE_INIT_IGNORE_VERMAGIC
 *
 * Prints one line on standard output: "OK", or the symbolic name of the
 * errno the kernel returned (EKEYREJECTED, EBADMSG, EPERM, ...), and
 * exits 0 on success, 1 when the kernel refused, 2 on a usage or I/O
 * error of its own. Built static, so the initramfs needs no libc for it.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#ifndef MODULE_INIT_IGNORE_MODVERSIONS
#define MODULE_INIT_IGNORE_MODVERSIONS	1
#endif
#ifndef MODULE_INIT_IGNORE_VERMAGIC
#define MODULE_INIT_IGNORE_VERMAGIC	2
#endif
#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE	4
#endif

static const struct {
	int err;
	const char *name;
} errno_names[] = {
	{ EPERM, "EPERM" },		{ ENOENT, "ENOENT" },
	{ EIO, "EIO" },			{ ENOEXEC, "ENOEXEC" },
	{ EBADF, "EBADF" },		{ ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" },		{ EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" },		{ EEXIST, "EEXIST" },
	{ ENODEV, "ENODEV" },		{ EINVAL, "EINVAL" },
	{ EFBIG, "EFBIG" },		{ ENOSPC, "ENOSPC" },
	{ ERANGE, "ERANGE" },		{ ENOSYS, "ENOSYS" },
	{ ENODATA, "ENODATA" },		{ ENOPKG, "ENOPKG" },
	{ EBADMSG, "EBADMSG" },		{ EOVERFLOW, "EOVERFLOW" },
	{ EMSGSIZE, "EMSGSIZE" },	{ EOPNOTSUPP, "EOPNOTSUPP" },
	{ ETIMEDOUT, "ETIMEDOUT" },	{ ENOKEY, "ENOKEY" },
	{ EKEYEXPIRED, "EKEYEXPIRED" },	{ EKEYREVOKED, "EKEYREVOKED" },
	{ EKEYREJECTED, "EKEYREJECTED" },
};

static const char *errno_name(int err)
{
	static char buf[24];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

static void usage(void)
{
	fprintf(stderr, "usage: loadmod [-m] [-c] [-M] [-V] MODULE [PARAMS]\n");
	exit(2);
}

/* The whole file, for init_module(2). */
static void *read_file(int fd, size_t *len)
{
	struct stat st;
	size_t done = 0;
	char *buf;

	if (fstat(fd, &st) < 0)
		return NULL;
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf)
		return NULL;
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			return NULL;
		}
		done += n;
	}
	*len = done;
	return buf;
}

int main(int argc, char **argv)
{
	const char *params = "";
	int flags = 0, from_memory = 0;
	int opt, fd;
	long ret;

	while ((opt = getopt(argc, argv, "mcMV")) != -1) {
		switch (opt) {
		case 'm':
			from_memory = 1;
			break;
		case 'c':
			flags |= MODULE_INIT_COMPRESSED_FILE;
			break;
		case 'M':
			flags |= MODULE_INIT_IGNORE_MODVERSIONS;
			break;
		case 'V':
			flags |= MODULE_INIT_IGNORE_VERMAGIC;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc || argc - optind > 2)
		usage();
	if (argc - optind == 2)
		params = argv[optind + 1];
	if (from_memory && flags) {
		fprintf(stderr, "loadmod: init_module(2) takes no flags\n");
		return 2;
	}

	fd = open(argv[optind], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "loadmod: %s: %s\n", argv[optind], strerror(errno));
		return 2;
	}
	if (from_memory) {
		size_t len;
		void *buf = read_file(fd, &len);

		if (!buf) {
			fprintf(stderr, "loadmod: %s: cannot read\n", argv[optind]);
			return 2;
		}
		ret = syscall(SYS_init_module, buf, len, params);
		free(buf);
	} else {
		ret = syscall(SYS_finit_module, fd, params, flags);
	}
	if (ret != 0) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	printf("OK\n");
	return 0;
}
