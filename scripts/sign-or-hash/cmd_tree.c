// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash tree: the root record over a build's modules and the proof
 * of each one.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "cmds.h"
#include "merkle_build.h"
#include "modfile.h"
#include "parallel.h"
#include "root_io.h"
#include "util.h"

struct tree_job {
	char **paths;
	size_t nr_paths;
	bool strip_trailer;
	u8 (*digests)[MODULE_HASHES_DIGEST_SIZE];
	int *results;
	const struct merkle_tree *tree;
};

/* Read size for streaming: large enough for few syscalls, cache-sized. */
#define TREE_READ_CHUNK	(256u << 10)

/*
 * The common case, a plain module without a trailer, is hashed with
 * plain reads through one small buffer: mapping thousands of modules
 * costs more in page faults and mapping locks than the hashing itself.
 * Returns 1 when the module is not that case (compressed, or with a
 * trailer), for hash_one() to take the general path.
 */
static int hash_plain(const char *path, u8 *digest)
{
	static const u8 magic[] = MODULE_SIG_STRING;
	const size_t magic_len = sizeof(magic) - 1;
	u8 head[6], tail[sizeof(magic)], *buf;
	EVP_MD_CTX *md;
	struct stat st;
	off_t left;
	int fd, ret = 1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size < (off_t)sizeof(head) ||
	    pread(fd, head, sizeof(head), 0) != sizeof(head) ||
	    pread(fd, tail, magic_len, st.st_size - magic_len) !=
		    (ssize_t)magic_len)
		goto out;
	/* Compressed or carrying a trailer: not ours. */
	if (mod_compression_detect(head, sizeof(head)) != MOD_COMP_NONE ||
	    !memcmp(tail, magic, magic_len))
		goto out;

	buf = xmalloc(TREE_READ_CHUNK);
	md = EVP_MD_CTX_new();
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL))
		goto out_md;
	for (left = st.st_size; left > 0; ) {
		ssize_t n = read(fd, buf, TREE_READ_CHUNK);

		if (n <= 0 || !EVP_DigestUpdate(md, buf, n))
			goto out_md;
		left -= n;
	}
	if (EVP_DigestFinal_ex(md, digest, NULL))
		ret = 0;
out_md:
	EVP_MD_CTX_free(md);
	free(buf);
out:
	if (fd >= 0)
		close(fd);
	return ret;
}

static void hash_one(void *ctx, size_t i)
{
	struct tree_job *job = ctx;
	struct modfile mf;
	size_t body_len;
	int ret;

	if (!hash_plain(job->paths[i], job->digests[i])) {
		job->results[i] = SOH_OK;
		return;
	}
	/* Anything unusual, errors included, gets the full treatment. */
	ret = modfile_read(job->paths[i], &mf);
	if (ret) {
		job->results[i] = ret;
		return;
	}
	ret = modfile_body(&mf, &body_len);
	if (!ret && body_len != mf.len && !job->strip_trailer) {
		soh_err("%s: already has a trailer; the tree is over bare modules (use --strip-trailer)",
			job->paths[i]);
		ret = SOH_FORMAT;
	}
	if (!ret)
		sha256_buffer(mf.data, body_len, job->digests[i]);
	job->results[i] = ret;
	modfile_free(&mf);
}

/*
 * Proof files are outputs that each run makes afresh, thousands at a
 * time, so they are written in place with one writev() rather than by way
 * of a temporary file: on this path, file creation and rename cost more
 * than hashing all the modules. A run that fails part-way exits non-zero
 * before writing the root, and a damaged proof can do no harm: prove
 * checks every proof against the root before appending it.
 */
static void write_proof_one(void *ctx, size_t i)
{
	struct tree_job *job = ctx;
	u8 payload[sizeof(struct module_hashes_proof) +
		   MODULE_HASHES_MAX_PATH * MODULE_HASHES_DIGEST_SIZE];
	struct module_signature ms;
	struct iovec iov[3] = {
		{ payload, 0 },
		{ &ms, sizeof(ms) },
		{ MODULE_SIG_STRING, sizeof(MODULE_SIG_STRING) - 1 },
	};
	size_t total;
	ssize_t done;
	char *dest;
	int fd;

	iov[0].iov_len = merkle_tree_payload(job->tree, i, payload);
	total = iov[0].iov_len + iov[1].iov_len + iov[2].iov_len;
	memset(&ms, 0, sizeof(ms));
	ms.id_type = PKEY_ID_MERKLE;
	put_unaligned_be32(iov[0].iov_len, &ms.sig_len);
	dest = xasprintf("%s.merkle", job->paths[i]);
	job->results[i] = SOH_OK;
	fd = open(dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		soh_err_errno("cannot create %s", dest);
		job->results[i] = SOH_IO;
		goto out;
	}
	/* Less than a page: one write either completes or fails. */
	done = writev(fd, iov, 3);
	if (done != (ssize_t)total) {
		if (done >= 0)
			errno = EIO;
		soh_err_errno("cannot write %s", dest);
		job->results[i] = SOH_IO;
	}
	if (close(fd) && job->results[i] == SOH_OK) {
		soh_err_errno("cannot write %s", dest);
		job->results[i] = SOH_IO;
	}
out:
	free(dest);
}

/* The most telling exit code of all modules: the first failure wins. */
static int first_failure(const int *results, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (results[i])
			return results[i];
	return SOH_OK;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sign-or-hash tree --root-out ROOT [--c-out FILE.c] [--strip-trailer]\n"
		"                         [--jobs N] (MODULE... | --list FILE)\n"
		"\n"
		"Builds the Merkle tree over the modules in the order given (the\n"
		"modules.order order, as installed: stripped, uncompressed content,\n"
		"no trailer), writes the 40-byte root record to ROOT and, for each\n"
		"MODULE, MODULE.merkle holding its complete trailer.\n"
		"\n"
		"  --root-out ROOT    where to write the root record\n"
		"  --c-out FILE.c     also write C source linking the root into vmlinux\n"
		"  --strip-trailer    hash modules without any trailer they carry\n"
		"  --list FILE        read module paths from FILE, one per line ('-': stdin)\n"
		"  --jobs N           threads for hashing (default: online CPUs)\n");
}

int cmd_tree(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root-out", required_argument, NULL, 'r' },
		{ "c-out", required_argument, NULL, 'c' },
		{ "strip-trailer", no_argument, NULL, 's' },
		{ "list", required_argument, NULL, 'l' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *root_out = NULL, *c_out = NULL, *list = NULL;
	unsigned int jobs = parallel_default_jobs();
	struct tree_job job = { 0 };
	struct module_hashes_root record;
	struct merkle_tree tree;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			root_out = optarg;
			break;
		case 'c':
			c_out = optarg;
			break;
		case 's':
			job.strip_trailer = true;
			break;
		case 'l':
			list = optarg;
			break;
		case 'j':
			if (parallel_parse_jobs(optarg, &jobs))
				return SOH_USAGE;
			break;
		case 'h':
			usage(stdout);
			return SOH_OK;
		default:
			usage(stderr);
			return SOH_USAGE;
		}
	}
	if (!root_out || (list && optind < argc)) {
		usage(stderr);
		return SOH_USAGE;
	}
	if (list) {
		ret = read_path_list(list, &job.paths, &job.nr_paths);
		if (ret)
			return ret;
	} else {
		job.nr_paths = argc - optind;
		job.paths = xcalloc(job.nr_paths, sizeof(*job.paths));
		for (size_t i = 0; i < job.nr_paths; i++)
			job.paths[i] = xstrdup(argv[optind + i]);
	}
	if (job.nr_paths > UINT32_MAX) {
		soh_err("more than %u modules", UINT32_MAX);
		ret = SOH_USAGE;
		goto out_paths;
	}

	job.digests = xcalloc(job.nr_paths, sizeof(*job.digests));
	job.results = xcalloc(job.nr_paths, sizeof(*job.results));
	parallel_for(job.nr_paths, jobs, hash_one, &job);
	ret = first_failure(job.results, job.nr_paths);
	if (ret)
		goto out_digests;

	merkle_tree_build(&tree, (const u8 (*)[MODULE_HASHES_DIGEST_SIZE])job.digests,
			  job.nr_paths);
	job.tree = &tree;
	parallel_for(job.nr_paths, jobs, write_proof_one, &job);
	ret = first_failure(job.results, job.nr_paths);
	merkle_tree_root_record(&tree, &record);
	/* The root goes last: its presence says the proofs are complete. */
	if (!ret && c_out)
		ret = root_write_c(c_out, &record);
	if (!ret)
		ret = root_write_file(root_out, &record);
	merkle_tree_free(&tree);
out_digests:
	free(job.digests);
	free(job.results);
out_paths:
	free_path_list(job.paths, job.nr_paths);
	return ret;
}
