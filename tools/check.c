/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ksym check: can these modules load into that kernel. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "tool.h"

static const char *arg_kernel;

static void help(void)
{
	printf("Usage: ksym check [OPTION...] --kernel KERNEL MODULE...\n\n"
	       "Tell whether the modules can load into a kernel: every import must\n"
	       "be exported, with the same CRC, by the kernel or by one of the\n"
	       "modules given. Prints each unmet import with the CRC wanted and\n"
	       "the CRC offered. Exit status 0: all can load, 1: some cannot.\n\n"
	       "KERNEL is a Module.symvers or symvers-RELEASE.gz file, a vmlinux, a\n"
	       "kernel build tree or a /lib/modules/RELEASE directory.\n\n"
	       "  -k, --kernel=KERNEL  the kernel to check against\n"
	       "  -v, --verbose        also print the modules that can load\n"
	       "  -q, --quiet          print errors only\n"
	       "  -h, --help           show this help\n");
}

int tool_read_kernel(struct ksym_ctx *ctx, const char *path,
		     struct ksym_symtab **ret_tab)
{
	static const char *const names[] = {
		"Module.symvers", "symvers.gz", "symvers.xz", "symvers.zst",
		"symvers", "build/Module.symvers",
	};
	char sub[PATH_MAX];
	struct stat st;

	if (stat(path, &st) < 0)
		return ksym_fail(ctx, -errno, "cannot read kernel '%s': %s", path,
				 strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return tool_read_symbols(ctx, path, ret_tab);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (snprintf(sub, sizeof(sub), "%s/%s", path, names[i]) >=
		    (int)sizeof(sub))
			continue;
		if (access(sub, R_OK) == 0)
			return ksym_symvers_read(ctx, sub, ret_tab);
	}
	return ksym_fail(ctx, -ENOENT,
			 "kernel '%s' has no Module.symvers or symvers file", path);
}

/* Exports of the modules checked together, which may meet each other. */
static int collect_exports(struct ksym_ctx *ctx, struct ksym_elf **elfs,
			   size_t n, struct ksym_symtab *tab)
{
	for (size_t i = 0; i < n; i++) {
		const struct ksym_symtab *ex;

		if (!elfs[i])
			continue;
		ex = ksym_elf_exports(elfs[i]);
		for (size_t j = 0; j < ksym_symtab_count(ex); j++) {
			const struct ksym_sym *s = ksym_symtab_get(ex, j);
			int r = ksym_symtab_add(tab, ksym_sym_name(s), ksym_sym_crc(s),
						ksym_sym_flags(s), NULL,
						ksym_elf_name(elfs[i]));

			if (r < 0)
				return r;
		}
	}
	return 0;
}

static size_t check_module(const struct ksym_elf *elf,
			   const struct ksym_symtab *kernel,
			   const struct ksym_symtab *peers)
{
	const struct ksym_symtab *im = ksym_elf_imports(elf);
	size_t unmet = 0;

	for (size_t i = 0; i < ksym_symtab_count(im); i++) {
		const struct ksym_sym *s = ksym_symtab_get(im, i);
		const char *name = ksym_sym_name(s);
		const struct ksym_sym *k = ksym_symtab_find(kernel, name);
		const struct ksym_sym *p = ksym_symtab_find(peers, name);
		uint32_t want = ksym_sym_crc(s);

		if ((k && ksym_sym_crc(k) == want) || (p && ksym_sym_crc(p) == want))
			continue;
		unmet++;
		if (k)
			printf("%s: %s: wants 0x%08x, kernel has 0x%08x\n",
			       ksym_elf_path(elf), name, want, ksym_sym_crc(k));
		else if (p)
			printf("%s: %s: wants 0x%08x, module '%s' has 0x%08x\n",
			       ksym_elf_path(elf), name, want, ksym_sym_module(p),
			       ksym_sym_crc(p));
		else
			printf("%s: %s: wants 0x%08x, kernel has none\n",
			       ksym_elf_path(elf), name, want);
	}
	return unmet;
}

static int check_all(struct ksym_ctx *ctx, char **paths, size_t n)
{
	struct ksym_symtab *kernel = NULL, *peers = ksym_symtab_new(ctx);
	struct ksym_elf **elfs = calloc(n, sizeof(*elfs));
	size_t cannot = 0;
	int ret = EXIT_FAIL;

	if (!peers || !elfs) {
		log_error("out of memory");
		goto out;
	}
	if (tool_read_kernel(ctx, arg_kernel, &kernel) < 0) {
		log_error("%s", ksym_ctx_last_error(ctx));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (ksym_elf_open(ctx, paths[i], &elfs[i]) < 0) {
			log_error("%s", ksym_ctx_last_error(ctx));
			goto out;
		}
	}
	if (collect_exports(ctx, elfs, n, peers) < 0) {
		log_error("out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		size_t unmet = check_module(elfs[i], kernel, peers);

		if (unmet)
			cannot++;
		else
			log_info("'%s' can load into '%s'", paths[i], arg_kernel);
	}
	if (cannot)
		printf("%zu of %zu modules cannot load into '%s'\n", cannot, n,
		       arg_kernel);
	ret = cannot ? EXIT_FAIL : EXIT_OK;
out:
	for (size_t i = 0; elfs && i < n; i++)
		ksym_elf_unref(elfs[i]);
	free(elfs);
	ksym_symtab_unref(kernel);
	ksym_symtab_unref(peers);
	return ret;
}

int cmd_check(int argc, char **argv)
{
	static const struct option options[] = {
		COMMON_OPTIONS,
		{ "kernel", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct ksym_ctx *ctx;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":vqhk:", options, NULL)) != -1) {
		if (common_option(c))
			continue;
		switch (c) {
		case 'h':
			help();
			return EXIT_OK;
		case 'k':
			arg_kernel = optarg;
			break;
		default:
			return option_error("check", c, argv);
		}
	}
	if (!arg_kernel)
		return usage_error("check", "no kernel given: use --kernel");
	if (optind >= argc)
		return usage_error("check", "no module given");

	ctx = tool_ctx_new();
	if (!ctx)
		return EXIT_FAIL;
	ret = check_all(ctx, argv + optind, argc - optind);
	ksym_ctx_unref(ctx);
	if (tool_flush_stdout() < 0)
		ret = EXIT_FAIL;
	return ret;
}
