// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sign-or-hash verify: would these modules load on that kernel?
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/x509.h>

#include "check.h"
#include "cmds.h"
#include "parallel.h"
#include "pkcs7.h"
#include "root_opts.h"
#include "util.h"

struct verify_job {
	char **paths;
	const struct check_kernel *kernel;
	struct check_result *results;
	int *read_errors;
};

static void verify_one(void *ctx, size_t i)
{
	struct verify_job *job = ctx;
	struct modfile mf;

	job->read_errors[i] = modfile_read(job->paths[i], &mf);
	if (job->read_errors[i])
		return;
	check_module(job->kernel, &mf, &job->results[i]);
	modfile_free(&mf);
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sign-or-hash verify [--root ROOT | --vmlinux VMLINUX] [--cert X509]...\n"
		"                           [--jobs N] (MODULE... | --list FILE)\n"
		"\n"
		"Answers offline, with the kernel's own parser and Merkle verifier,\n"
		"whether each module would load on a kernel whose module root is ROOT\n"
		"(or the one in VMLINUX) and whose keyrings hold the X509 certificates.\n"
		"Without --root/--vmlinux the kernel is taken to be built without\n"
		"MODULE_HASHES; without --cert, without MODULE_SIG.\n"
		"Prints 'MODULE: MECHANISM: VERDICT' per module, with the reason when\n"
		"it is not verified. Exits 0 only if every module is verified.\n");
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "vmlinux", required_argument, NULL, 'v' },
		{ "cert", required_argument, NULL, 'c' },
		{ "list", required_argument, NULL, 'l' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *root_file = NULL, *vmlinux = NULL, *list = NULL;
	unsigned int jobs = parallel_default_jobs();
	struct check_kernel kernel = { NULL, NULL };
	struct verify_job job = { 0 };
	struct module_hashes_root root;
	size_t nr_paths = 0, i;
	int opt, ret = SOH_OK;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			root_file = optarg;
			break;
		case 'v':
			vmlinux = optarg;
			break;
		case 'c':
			if (!kernel.certs)
				kernel.certs = sk_X509_new_null();
			ret = load_certs(optarg, kernel.certs);
			if (ret)
				goto out_certs;
			break;
		case 'l':
			list = optarg;
			break;
		case 'j':
			if (parallel_parse_jobs(optarg, &jobs)) {
				ret = SOH_USAGE;
				goto out_certs;
			}
			break;
		case 'h':
			usage(stdout);
			goto out_certs;
		default:
			usage(stderr);
			ret = SOH_USAGE;
			goto out_certs;
		}
	}
	if ((list && optind < argc) || (!list && optind == argc)) {
		usage(stderr);
		ret = SOH_USAGE;
		goto out_certs;
	}
	if (root_file || vmlinux) {
		ret = load_root_option(root_file, vmlinux, &root);
		if (ret)
			goto out_certs;
		kernel.root = &root;
	}
	if (list) {
		ret = read_path_list(list, &job.paths, &nr_paths);
		if (ret)
			goto out_certs;
	} else {
		nr_paths = argc - optind;
		job.paths = xcalloc(nr_paths, sizeof(*job.paths));
		for (i = 0; i < nr_paths; i++)
			job.paths[i] = xstrdup(argv[optind + i]);
	}

	job.kernel = &kernel;
	job.results = xcalloc(nr_paths, sizeof(*job.results));
	job.read_errors = xcalloc(nr_paths, sizeof(*job.read_errors));
	parallel_for(nr_paths, jobs, verify_one, &job);

	for (i = 0; i < nr_paths; i++) {
		const struct check_result *r = &job.results[i];

		if (job.read_errors[i]) {
			/* modfile_read() said why; a read failure outranks a refusal. */
			printf("%s: -: unreadable\n", job.paths[i]);
			ret = job.read_errors[i];
			continue;
		}
		if (r->status == MOD_CHECK_OK) {
			printf("%s: %s: verified\n", job.paths[i], r->mechanism);
			continue;
		}
		printf("%s: %s: %s (%s)\n", job.paths[i], r->mechanism,
		       mod_verdict_name(mod_check_verdict(r->status)),
		       mod_check_reason(r->status));
		if (!ret)
			ret = SOH_REJECTED;
	}
	free(job.results);
	free(job.read_errors);
	free_path_list(job.paths, nr_paths);
out_certs:
	if (kernel.certs)
		sk_X509_pop_free(kernel.certs, X509_free);
	return ret;
}
