/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ksym diff: what changed between the exports of two kernels. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "tool.h"

static bool arg_exit_code;
static bool arg_summary_only;

static void help(void)
{
	printf("Usage: ksym diff [OPTION...] OLD NEW\n\n"
	       "Compare the exports of two kernels, each a symvers file, a vmlinux,\n"
	       "a kernel build tree or a /lib/modules/RELEASE directory. Prints\n"
	       "'+' for added, '-' for removed and '~' for CRC-changed symbols,\n"
	       "then a summary line.\n\n"
	       "  -s, --summary    print the summary line only\n"
	       "      --exit-code  exit with 1 when the kernels differ\n"
	       "  -v, --verbose    say more\n"
	       "  -q, --quiet      print errors only\n"
	       "  -h, --help       show this help\n");
}

struct counts {
	size_t added, removed, changed, same;
};

static void compare(const struct ksym_symtab *old, const struct ksym_symtab *new,
		    struct counts *c)
{
	for (size_t i = 0; i < ksym_symtab_count(old); i++) {
		const struct ksym_sym *o = ksym_symtab_get(old, i);
		const struct ksym_sym *n = ksym_symtab_find(new, ksym_sym_name(o));

		if (ksym_symtab_find(old, ksym_sym_name(o)) != o)
			continue;
		if (!n) {
			c->removed++;
			if (!arg_summary_only)
				printf("-\t%s\t0x%08x\n", ksym_sym_name(o),
				       ksym_sym_crc(o));
		} else if (ksym_sym_crc(n) != ksym_sym_crc(o)) {
			c->changed++;
			if (!arg_summary_only)
				printf("~\t%s\t0x%08x\t0x%08x\n", ksym_sym_name(o),
				       ksym_sym_crc(o), ksym_sym_crc(n));
		} else {
			c->same++;
		}
	}
	for (size_t i = 0; i < ksym_symtab_count(new); i++) {
		const struct ksym_sym *n = ksym_symtab_get(new, i);

		if (ksym_symtab_find(new, ksym_sym_name(n)) != n ||
		    ksym_symtab_find(old, ksym_sym_name(n)))
			continue;
		c->added++;
		if (!arg_summary_only)
			printf("+\t%s\t0x%08x\n", ksym_sym_name(n), ksym_sym_crc(n));
	}
}

int cmd_diff(int argc, char **argv)
{
	static const struct option options[] = {
		COMMON_OPTIONS,
		{ "summary", no_argument, NULL, 's' },
		{ "exit-code", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	struct ksym_symtab *old = NULL, *new = NULL;
	struct counts counts = { 0 };
	struct ksym_ctx *ctx;
	int c, ret = EXIT_FAIL;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":vqhs", options, NULL)) != -1) {
		if (common_option(c))
			continue;
		switch (c) {
		case 'h':
			help();
			return EXIT_OK;
		case 's':
			arg_summary_only = true;
			break;
		case 'x':
			arg_exit_code = true;
			break;
		default:
			return option_error("diff", c, argv);
		}
	}
	if (argc - optind != 2)
		return usage_error("diff", "expected two kernels, got %d",
				   argc - optind);

	ctx = tool_ctx_new();
	if (!ctx)
		return EXIT_FAIL;
	if (tool_read_kernel(ctx, argv[optind], &old) < 0 ||
	    tool_read_kernel(ctx, argv[optind + 1], &new) < 0) {
		log_error("%s", ksym_ctx_last_error(ctx));
		goto out;
	}
	compare(old, new, &counts);
	printf("%zu added, %zu removed, %zu changed CRC, %zu unchanged\n",
	       counts.added, counts.removed, counts.changed, counts.same);
	ret = arg_exit_code && (counts.added || counts.removed || counts.changed) ?
		      EXIT_FAIL : EXIT_OK;
out:
	ksym_symtab_unref(old);
	ksym_symtab_unref(new);
	ksym_ctx_unref(ctx);
	if (tool_flush_stdout() < 0)
		ret = EXIT_FAIL;
	return ret;
}
