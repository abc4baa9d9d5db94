/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ksym: kernel symbol versions for packagers. The command table. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "dump", cmd_dump, "print the exports and imports of modules, vmlinux or symvers files" },
	{ "provides", cmd_provides, "rpm generator: Provides of the files named on stdin" },
	{ "requires", cmd_requires, "rpm generator: Requires of the files named on stdin" },
	{ "diff", cmd_diff, "compare the exports of two kernels" },
	{ "check", cmd_check, "tell whether modules can load into a kernel" },
	{ "solve", cmd_solve, "which kernels in repositories can load which kmods" },
	{ "weak-updates", cmd_weak_updates, "link kABI-compatible modules into every kernel" },
	{ "devel", cmd_devel, "compute, install and prove a kernel's -devel file set" },
};

static void help(void)
{
	printf("Usage: ksym [OPTION...] COMMAND [ARG...]\n\n"
	       "Kernel symbol versions (modversions CRCs) for packagers.\n\n"
	       "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-12s %s\n", commands[i].name, commands[i].summary);
	printf("\nOptions:\n"
	       "  -v, --verbose  say more (twice: debug)\n"
	       "  -q, --quiet    print errors only\n"
	       "  -h, --help     show this help\n"
	       "  -V, --version  show the version\n\n"
	       "Environment:\n"
	       "  KSYM_MAX_INFLATE  refuse compressed files that inflate past this\n"
	       "                    many bytes (default %u)\n\n"
	       "'ksym COMMAND --help' describes a command; see also ksym(1).\n",
	       KSYM_DEFAULT_MAX_INFLATE);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	/* "+": options after the command name belong to the command */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:vqhV", options, NULL)) != -1) {
		if (common_option(c))
			continue;
		switch (c) {
		case 'h':
			help();
			return EXIT_OK;
		case 'V':
			printf("ksym %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		default:
			return option_error(NULL, c, argv);
		}
	}
	if (optind >= argc)
		return usage_error(NULL, "no command given");

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[optind], commands[i].name) != 0)
			continue;
		argv += optind;
		argc -= optind;
		optind = 0;
		return commands[i].run(argc, argv);
	}
	return usage_error(NULL, "unknown command '%s'", argv[optind]);
}
