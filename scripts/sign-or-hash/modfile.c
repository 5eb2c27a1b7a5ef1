// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash: reading modules, plain or compressed, and writing them
 * back without ever leaving a half-written file behind.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "../../kernel/module/integrity/core.h"
#include "modfile.h"
#include "util.h"

/*
 * The largest module we accept, decompressed. The biggest in-tree module
 * of a distribution kernel is a few tens of MiB; the bound keeps a
 * compression bomb from eating the build machine.
 */
#define MODFILE_MAX	(1024ull * 1024 * 1024)

static const struct {
	enum mod_compression comp;
	const char *name;
	const u8 magic[6];
	size_t magic_len;
} compressions[] = {
	{ MOD_COMP_XZ, "xz", { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6 },
	{ MOD_COMP_ZSTD, "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
	{ MOD_COMP_GZIP, "gzip", { 0x1f, 0x8b }, 2 },
};

const char *mod_compression_name(enum mod_compression comp)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(compressions); i++)
		if (compressions[i].comp == comp)
			return compressions[i].name;
	return "none";
}

enum mod_compression mod_compression_detect(const u8 *p, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(compressions); i++)
		if (len >= compressions[i].magic_len &&
		    !memcmp(p, compressions[i].magic, compressions[i].magic_len))
			return compressions[i].comp;
	return MOD_COMP_NONE;
}

/* Grows *buf so that at least @want more bytes fit after *used. */
static int grow(u8 **buf, size_t *cap, size_t used, size_t want)
{
	size_t need = used + want;

	if (need <= *cap)
		return 0;
	if (need > MODFILE_MAX)
		return -1;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 1 << 20;
	if (*cap > MODFILE_MAX)
		*cap = MODFILE_MAX;
	*buf = xrealloc(*buf, *cap);
	return 0;
}

static int unxz(const char *path, const u8 *in, size_t in_len,
		u8 **out, size_t *out_len)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	size_t cap = 0, used = 0;
	u8 *buf = NULL;
	lzma_ret ret;

	if (lzma_stream_decoder(&strm, MODFILE_MAX, 0) != LZMA_OK) {
		soh_err("%s: cannot start the xz decoder", path);
		return SOH_IO;
	}
	strm.next_in = in;
	strm.avail_in = in_len;
	do {
		if (grow(&buf, &cap, used, 1 << 20)) {
			ret = LZMA_MEMLIMIT_ERROR;
			break;
		}
		strm.next_out = buf + used;
		strm.avail_out = cap - used;
		ret = lzma_code(&strm, LZMA_FINISH);
		used = cap - strm.avail_out;
	} while (ret == LZMA_OK);
	lzma_end(&strm);
	if (ret != LZMA_STREAM_END) {
		soh_err("%s: corrupt or oversized xz data (liblzma error %d)",
			path, ret);
		free(buf);
		return SOH_FORMAT;
	}
	*out = buf;
	*out_len = used;
	return SOH_OK;
}

static int unzstd(const char *path, const u8 *in, size_t in_len,
		  u8 **out, size_t *out_len)
{
	ZSTD_DStream *ds = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, in_len, 0 };
	size_t cap = 0, used = 0, ret = 1;
	u8 *buf = NULL;

	if (!ds) {
		soh_err("%s: cannot start the zstd decoder", path);
		return SOH_IO;
	}
	/* Frames may follow each other; stop only when input runs out. */
	while (ib.pos < ib.size) {
		ZSTD_outBuffer ob;

		if (grow(&buf, &cap, used, 1 << 20)) {
			ret = (size_t)-1;
			break;
		}
		ob.dst = buf + used;
		ob.size = cap - used;
		ob.pos = 0;
		ret = ZSTD_decompressStream(ds, &ob, &ib);
		used += ob.pos;
		if (ZSTD_isError(ret))
			break;
		if (ret != 0 && ob.pos == 0 && ib.pos == ib.size)
			break;
	}
	ZSTD_freeDStream(ds);
	if (ret != 0) {
		soh_err("%s: corrupt, truncated or oversized zstd data", path);
		free(buf);
		return SOH_FORMAT;
	}
	*out = buf;
	*out_len = used;
	return SOH_OK;
}

static int ungzip(const char *path, const u8 *in, size_t in_len,
		  u8 **out, size_t *out_len)
{
	size_t cap = 0, used = 0;
	u8 *buf = NULL;
	z_stream zs;
	int ret;

	memset(&zs, 0, sizeof(zs));
	/* 15 + 32: any window size, gzip or zlib header. */
	if (inflateInit2(&zs, 15 + 32) != Z_OK) {
		soh_err("%s: cannot start the gzip decoder", path);
		return SOH_IO;
	}
	zs.next_in = (u8 *)in;
	zs.avail_in = in_len > UINT32_MAX ? UINT32_MAX : in_len;
	do {
		if (grow(&buf, &cap, used, 1 << 20)) {
			ret = Z_MEM_ERROR;
			break;
		}
		zs.next_out = buf + used;
		zs.avail_out = cap - used > UINT32_MAX ? UINT32_MAX : cap - used;
		ret = inflate(&zs, Z_NO_FLUSH);
		used = zs.next_out - buf;
	} while (ret == Z_OK);
	inflateEnd(&zs);
	if (ret != Z_STREAM_END) {
		soh_err("%s: corrupt, truncated or oversized gzip data", path);
		free(buf);
		return SOH_FORMAT;
	}
	*out = buf;
	*out_len = used;
	return SOH_OK;
}

int modfile_read(const char *path, struct modfile *mf)
{
	struct stat st;
	u8 *map;
	int fd, ret;

	memset(mf, 0, sizeof(*mf));
	mf->path = path;
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
	if (!S_ISREG(st.st_mode)) {
		soh_err("%s: not a regular file", path);
		close(fd);
		return SOH_IO;
	}
	if (st.st_size == 0) {
		soh_err("%s: empty file", path);
		close(fd);
		return SOH_FORMAT;
	}
	if ((u64)st.st_size > MODFILE_MAX) {
		soh_err("%s: larger than %llu bytes", path, MODFILE_MAX);
		close(fd);
		return SOH_FORMAT;
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		soh_err_errno("cannot map %s", path);
		return SOH_IO;
	}

	mf->comp = mod_compression_detect(map, st.st_size);
	switch (mf->comp) {
	case MOD_COMP_NONE:
		mf->data = map;
		mf->len = st.st_size;
		mf->mapped = true;
		return SOH_OK;
	case MOD_COMP_XZ:
		ret = unxz(path, map, st.st_size, &mf->data, &mf->len);
		break;
	case MOD_COMP_ZSTD:
		ret = unzstd(path, map, st.st_size, &mf->data, &mf->len);
		break;
	default:
		ret = ungzip(path, map, st.st_size, &mf->data, &mf->len);
		break;
	}
	munmap(map, st.st_size);
	return ret;
}

void modfile_free(struct modfile *mf)
{
	if (mf->mapped)
		munmap(mf->data, mf->len);
	else
		free(mf->data);
	mf->data = NULL;
	mf->len = 0;
}

int modfile_body(const struct modfile *mf, size_t *body_len)
{
	struct mod_trailer trailer;
	enum mod_check_status status;

	status = mod_trailer_parse(mf->data, mf->len, &trailer);
	switch (status) {
	case MOD_CHECK_OK:
		*body_len = trailer.body_len;
		return SOH_OK;
	case MOD_CHECK_NO_TRAILER:
		*body_len = mf->len;
		return SOH_OK;
	default:
		soh_err("%s: existing trailer is %s: %s; cannot tell where the module ends",
			mf->path, mod_verdict_name(mod_check_verdict(status)),
			mod_check_reason(status));
		return SOH_FORMAT;
	}
}

/* Compresses the concatenated chunks the way kbuild compresses modules. */
static int compress_buffer(const char *dest, enum mod_compression comp,
			   const u8 *in, size_t in_len,
			   u8 **out, size_t *out_len)
{
	size_t cap, used = 0;
	u8 *buf;

	switch (comp) {
	case MOD_COMP_XZ: {
		/* CRC32 check and a 1 MiB dictionary: what the kernel's xz decoder takes. */
		lzma_options_lzma opt;
		lzma_filter filters[2];

		lzma_lzma_preset(&opt, 6);
		opt.dict_size = 1 << 20;
		filters[0].id = LZMA_FILTER_LZMA2;
		filters[0].options = &opt;
		filters[1].id = LZMA_VLI_UNKNOWN;
		cap = lzma_stream_buffer_bound(in_len);
		buf = xmalloc(cap);
		if (lzma_stream_buffer_encode(filters, LZMA_CHECK_CRC32, NULL,
					      in, in_len, buf, &used,
					      cap) != LZMA_OK)
			goto fail;
		break;
	}
	case MOD_COMP_ZSTD:
		cap = ZSTD_compressBound(in_len);
		buf = xmalloc(cap);
		used = ZSTD_compress(buf, cap, in, in_len, 19);
		if (ZSTD_isError(used))
			goto fail;
		break;
	case MOD_COMP_GZIP: {
		z_stream zs;
		int ret;

		memset(&zs, 0, sizeof(zs));
		/* 15 + 16: gzip framing; zlib writes mtime 0, so it is reproducible. */
		if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK) {
			soh_err("%s: cannot start the gzip encoder", dest);
			return SOH_IO;
		}
		cap = deflateBound(&zs, in_len);
		buf = xmalloc(cap);
		zs.next_in = (u8 *)in;
		zs.avail_in = in_len;
		zs.next_out = buf;
		zs.avail_out = cap;
		ret = deflate(&zs, Z_FINISH);
		used = zs.total_out;
		deflateEnd(&zs);
		if (ret != Z_STREAM_END)
			goto fail;
		break;
	}
	default:
		return SOH_IO;
	}
	*out = buf;
	*out_len = used;
	return SOH_OK;
fail:
	soh_err("%s: %s compression failed", dest, mod_compression_name(comp));
	free(buf);
	return SOH_IO;
}

static int write_all(int fd, const u8 *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

static mode_t pick_mode(const char *dest, const char *mode_from)
{
	struct stat st;

	if (!stat(dest, &st) && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	if (mode_from && !stat(mode_from, &st) && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	return 0644;
}

int write_file_atomic(const char *dest, const struct out_chunk *chunks,
		      unsigned int nr_chunks, enum mod_compression comp,
		      const char *mode_from)
{
	return write_file_atomic_flags(dest, chunks, nr_chunks, comp,
				       mode_from, 0);
}

int write_file_atomic_flags(const char *dest, const struct out_chunk *chunks,
			    unsigned int nr_chunks, enum mod_compression comp,
			    const char *mode_from, unsigned int flags)
{
	u8 *joined = NULL, *packed = NULL;
	size_t total = 0, packed_len = 0;
	const char *slash = strrchr(dest, '/');
	unsigned int i;
	int fd, ret = SOH_IO;
	char *tmp;

	/* Same folder as @dest, so that rename() cannot cross filesystems. */
	if (slash)
		tmp = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - dest), dest,
				slash + 1);
	else
		tmp = xasprintf(".%s.XXXXXX", dest);

	if (comp != MOD_COMP_NONE) {
		for (i = 0; i < nr_chunks; i++)
			total += chunks[i].len;
		joined = xmalloc(total);
		total = 0;
		for (i = 0; i < nr_chunks; i++) {
			memcpy(joined + total, chunks[i].data, chunks[i].len);
			total += chunks[i].len;
		}
		if (compress_buffer(dest, comp, joined, total, &packed,
				    &packed_len) != SOH_OK)
			goto out;
	}

	fd = mkstemp(tmp);
	if (fd < 0) {
		soh_err_errno("cannot create a temporary file for %s", dest);
		goto out;
	}
	if (comp != MOD_COMP_NONE) {
		if (write_all(fd, packed, packed_len))
			goto fail_errno;
	} else {
		for (i = 0; i < nr_chunks; i++)
			if (write_all(fd, chunks[i].data, chunks[i].len))
				goto fail_errno;
	}
	if (fchmod(fd, pick_mode(dest, mode_from)) ||
	    (!(flags & WRITE_NO_SYNC) && fsync(fd)))
		goto fail_errno;
	if (close(fd)) {
		fd = -1;
		goto fail_errno;
	}
	fd = -1;
	if (rename(tmp, dest))
		goto fail_errno;
	ret = SOH_OK;
	goto out;

fail_errno:
	soh_err_errno("cannot write %s", dest);
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out:
	free(joined);
	free(packed);
	free(tmp);
	return ret;
}

int modfile_write_with_trailer(const struct modfile *mf, size_t body_len,
			       const char *dest, u8 id_type,
			       const u8 *payload, size_t payload_len)
{
	struct module_signature ms;
	struct out_chunk chunks[4] = {
		{ mf->data, body_len },
		{ payload, payload_len },
		{ &ms, sizeof(ms) },
		{ MODULE_SIG_STRING, sizeof(MODULE_SIG_STRING) - 1 },
	};

	if (payload_len == 0 || payload_len > UINT32_MAX) {
		soh_err("%s: payload of %zu bytes cannot be framed", dest,
			payload_len);
		return SOH_FORMAT;
	}
	memset(&ms, 0, sizeof(ms));
	ms.id_type = id_type;
	put_unaligned_be32(payload_len, &ms.sig_len);
	return write_file_atomic(dest, chunks, 4, mf->comp, mf->path);
}
