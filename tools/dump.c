/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ksym dump: what modules, vmlinux images and symvers files carry. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "tool.h"

enum dump_format {
	FORMAT_TABLE,
	FORMAT_SYMVERS,
	FORMAT_MODVERSIONS,
};

static enum dump_format arg_format = FORMAT_TABLE;
static bool arg_exports = true;
static bool arg_imports = true;

static void help(void)
{
	printf("Usage: ksym dump [OPTION...] FILE...\n\n"
	       "Print the exports (with CRC, GPL flag and namespace), the imports\n"
	       "and the .modinfo of modules (.ko, .ko.gz, .ko.xz, .ko.zst), vmlinux\n"
	       "images and Module.symvers files.\n\n"
	       "  -f, --format=FMT  table (default), symvers (exports as\n"
	       "                    Module.symvers lines), modversions (imports as\n"
	       "                    'modprobe --dump-modversions' prints them)\n"
	       "  -e, --exports     exports only\n"
	       "  -i, --imports     imports only\n"
	       "  -v, --verbose     say more\n"
	       "  -q, --quiet       print errors only\n"
	       "  -h, --help        show this help\n");
}

static void print_table(const struct ksym_symtab *tab, const char *kind)
{
	size_t n = ksym_symtab_count(tab);

	for (size_t i = 0; i < n; i++) {
		const struct ksym_sym *sym = ksym_symtab_get(tab, i);
		unsigned flags = ksym_sym_flags(sym);
		const char *ns = ksym_sym_namespace(sym);

		printf("%s\t", kind);
		if (flags & KSYM_SYM_CRC)
			printf("0x%08x", ksym_sym_crc(sym));
		else
			printf("-");
		printf("\t%s\t%s", ksym_sym_name(sym),
		       flags & KSYM_SYM_GPL ? "gpl" : "-");
		if (*ns)
			printf("\t%s", ns);
		putchar('\n');
	}
}

static void print_modversions(const struct ksym_symtab *tab)
{
	size_t n = ksym_symtab_count(tab);

	for (size_t i = 0; i < n; i++) {
		const struct ksym_sym *sym = ksym_symtab_get(tab, i);

		printf("0x%08x\t%s\n", ksym_sym_crc(sym), ksym_sym_name(sym));
	}
}

/* Exports of a module carry its name in the module column. */
static int print_symvers(struct ksym_ctx *ctx, const struct ksym_elf *elf)
{
	const struct ksym_symtab *exports = ksym_elf_exports(elf);
	const char *module = ksym_elf_is_module(elf) ? ksym_elf_name(elf) : "vmlinux";
	struct ksym_symtab *tab = ksym_symtab_new(ctx);
	int r = -ENOMEM;

	if (!tab)
		return r;
	for (size_t i = 0; i < ksym_symtab_count(exports); i++) {
		const struct ksym_sym *sym = ksym_symtab_get(exports, i);

		r = ksym_symtab_add(tab, ksym_sym_name(sym), ksym_sym_crc(sym),
				    ksym_sym_flags(sym) | KSYM_SYM_CRC,
				    ksym_sym_namespace(sym), module);
		if (r < 0)
			goto out;
	}
	r = ksym_symvers_write(tab, stdout);
out:
	ksym_symtab_unref(tab);
	return r;
}

static void print_modinfo(const struct ksym_elf *elf)
{
	static const char *const keys[] = { "name", "vermagic", "depends",
					    "import_ns", "srcversion" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v;

		for (unsigned n = 0; (v = ksym_elf_modinfo(elf, keys[i], n)); n++)
			printf("modinfo\t%s=%s\n", keys[i], v);
	}
}

static int dump_elf(struct ksym_ctx *ctx, const char *path, bool many)
{
	struct ksym_elf *elf;
	int r;

	r = ksym_elf_open(ctx, path, &elf);
	if (r < 0)
		return r;
	if (many && arg_format == FORMAT_TABLE)
		printf("# %s\n", path);
	switch (arg_format) {
	case FORMAT_SYMVERS:
		r = print_symvers(ctx, elf);
		break;
	case FORMAT_MODVERSIONS:
		print_modversions(ksym_elf_imports(elf));
		break;
	default:
		if (arg_exports)
			print_table(ksym_elf_exports(elf), "export");
		if (arg_imports)
			print_table(ksym_elf_imports(elf), "import");
		if (arg_exports && arg_imports)
			print_modinfo(elf);
		break;
	}
	ksym_elf_unref(elf);
	return r;
}

static int dump_symvers(struct ksym_ctx *ctx, const char *path, bool many)
{
	struct ksym_symtab *tab;
	int r;

	r = ksym_symvers_read(ctx, path, &tab);
	if (r < 0)
		return r;
	if (arg_format == FORMAT_SYMVERS)
		r = ksym_symvers_write(tab, stdout);
	else if (arg_exports && arg_format == FORMAT_TABLE) {
		if (many)
			printf("# %s\n", path);
		print_table(tab, "export");
	}
	ksym_symtab_unref(tab);
	return r;
}

int cmd_dump(int argc, char **argv)
{
	static const struct option options[] = {
		COMMON_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ "exports", no_argument, NULL, 'e' },
		{ "imports", no_argument, NULL, 'i' },
		{ NULL, 0, NULL, 0 },
	};
	struct ksym_ctx *ctx;
	int c, ret = EXIT_OK;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":vqhf:ei", options, NULL)) != -1) {
		if (common_option(c))
			continue;
		switch (c) {
		case 'h':
			help();
			return EXIT_OK;
		case 'f':
			if (strcmp(optarg, "table") == 0)
				arg_format = FORMAT_TABLE;
			else if (strcmp(optarg, "symvers") == 0)
				arg_format = FORMAT_SYMVERS;
			else if (strcmp(optarg, "modversions") == 0)
				arg_format = FORMAT_MODVERSIONS;
			else
				return usage_error("dump", "unknown format '%s'",
						   optarg);
			break;
		case 'e':
			arg_imports = false;
			arg_exports = true;
			break;
		case 'i':
			arg_exports = false;
			arg_imports = true;
			break;
		default:
			return option_error("dump", c, argv);
		}
	}
	if (optind >= argc)
		return usage_error("dump", "no file given");

	ctx = tool_ctx_new();
	if (!ctx)
		return EXIT_FAIL;
	for (int i = optind; i < argc; i++) {
		bool many = argc - optind > 1;
		int r = tool_file_is_elf(argv[i]) ? dump_elf(ctx, argv[i], many) :
						    dump_symvers(ctx, argv[i], many);

		/* a failed write is reported once, below */
		if (r < 0 && !(r == -EIO && ferror(stdout)))
			log_error("%s", ksym_ctx_last_error(ctx));
		if (r < 0)
			ret = EXIT_FAIL;
	}
	ksym_ctx_unref(ctx);
	if (tool_flush_stdout() < 0)
		ret = EXIT_FAIL;
	return ret;
}
