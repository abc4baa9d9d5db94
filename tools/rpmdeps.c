/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ksym-rpmdeps: the dependency generators alone, for rpm's fileattrs.
 * rpm before 4.20 starts a generator once for every file it matches, so
 * start-up is most of the cost on a kernel's thousands of modules: this
 * program carries only the readers (statically linked where the system
 * has the archives), not the solver and rpm libraries of 'ksym'.
 */
#include <stdio.h>
#include <string.h>

#include "tool.h"

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "provides") == 0)
		return cmd_provides(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "requires") == 0)
		return cmd_requires(argc - 1, argv + 1);
	fprintf(stderr, "ksym-rpmdeps: error: expected 'provides' or 'requires'\n"
			"ksym-rpmdeps: hint: rpm runs this; see 'ksym provides --help'\n");
	return EXIT_USAGE;
}
