/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ksym weak-updates: link kABI-compatible modules into every kernel. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

static const char *arg_root;
static unsigned arg_flags;

static void help(void)
{
	printf("Usage: ksym weak-updates [OPTION...]\n\n"
	       "Link every out-of-tree module (extra/, updates/) of one kernel into\n"
	       "each other installed kernel whose exports meet all its imports with\n"
	       "equal CRCs, as /lib/modules/RELEASE/weak-updates/<same path>; remove\n"
	       "the links that no longer hold, and run depmod for each kernel whose\n"
	       "set changed. Prints one line per change.\n\n"
	       "  -r, --root=DIR  work on the system installed in DIR\n"
	       "  -n, --dry-run   print what would change, change nothing\n"
	       "  -l, --list      print every link made by ksym, tab-separated:\n"
	       "                  RELEASE LINK TARGET STATE (linked, stale, pending)\n"
	       "  -v, --verbose   also say why modules are not linked\n"
	       "  -q, --quiet     print errors only\n"
	       "  -h, --help      show this help\n");
}

static void print_change(void *data, enum ksym_weak_op op, const char *release,
			 const char *link, const char *target, const char *why)
{
	switch (op) {
	case KSYM_WEAK_LINK:
		printf("link %s %s -> %s\n", release, link, target);
		break;
	case KSYM_WEAK_UNLINK:
		printf("unlink %s %s: %s\n", release, link, why);
		break;
	case KSYM_WEAK_DEPMOD:
		printf("depmod %s\n", release);
		break;
	case KSYM_WEAK_KEEP:
		break;
	}
	fflush(stdout);
}

static void print_list(void *data, enum ksym_weak_op op, const char *release,
		       const char *link, const char *target, const char *why)
{
	static const char *const states[] = {
		[KSYM_WEAK_LINK] = "pending",
		[KSYM_WEAK_UNLINK] = "stale",
		[KSYM_WEAK_KEEP] = "linked",
	};

	if (op == KSYM_WEAK_DEPMOD)
		return;
	printf("%s\t%s\t%s\t%s\n", release, link, target, states[op]);
}

int cmd_weak_updates(int argc, char **argv)
{
	static const struct option options[] = {
		COMMON_OPTIONS,
		{ "root", required_argument, NULL, 'r' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "list", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct ksym_ctx *ctx;
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":vqhr:nl", options, NULL)) != -1) {
		if (common_option(c))
			continue;
		switch (c) {
		case 'h':
			help();
			return EXIT_OK;
		case 'r':
			arg_root = optarg;
			break;
		case 'n':
			arg_flags |= KSYM_WEAK_DRY_RUN;
			break;
		case 'l':
			arg_flags |= KSYM_WEAK_LIST;
			break;
		default:
			return option_error("weak-updates", c, argv);
		}
	}
	if (optind < argc)
		return usage_error("weak-updates", "unexpected argument '%s'",
				   argv[optind]);

	ctx = tool_ctx_new();
	if (!ctx)
		return EXIT_FAIL;
	r = ksym_weak_update(ctx, arg_root, arg_flags,
			     arg_flags & KSYM_WEAK_LIST ? print_list : print_change,
			     NULL);
	if (r < 0) {
		/* each failed change was logged as it happened */
		log_error("%s", ksym_ctx_last_error(ctx));
		if (r != -ENOMEM)
			log_hint("fix the cause and rerun 'ksym weak-updates'; the other links were updated");
	}
	ksym_ctx_unref(ctx);
	return r < 0 ? EXIT_FAIL : EXIT_OK;
}
