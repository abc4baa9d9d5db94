/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command's messages: "ksym: error: ..." on stderr. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tool.h"

int arg_log_level = LOG_WARNING;

static const char *level_prefix(int priority)
{
	switch (priority) {
	case LOG_EMERG:
	case LOG_ALERT:
	case LOG_CRIT:
	case LOG_ERR:
		return "error: ";
	case LOG_WARNING:
		return "warning: ";
	case LOG_DEBUG:
		return "debug: ";
	default:
		return "";
	}
}

static void log_va(int priority, const char *format, va_list args)
{
	if (priority > arg_log_level)
		return;
	fprintf(stderr, "ksym: %s", level_prefix(priority));
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

void log_msg(int priority, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	log_va(priority, format, args);
	va_end(args);
}

void log_hint(const char *format, ...)
{
	va_list args;

	if (arg_log_level < LOG_ERR)
		return;
	va_start(args, format);
	fputs("ksym: hint: ", stderr);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
	va_end(args);
}

bool common_option(int c)
{
	switch (c) {
	case 'v':
		arg_log_level = arg_log_level < LOG_INFO ? LOG_INFO : LOG_DEBUG;
		return true;
	case 'q':
		arg_log_level = LOG_ERR;
		return true;
	default:
		return false;
	}
}

int usage_error(const char *cmd, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	fputs("ksym: error: ", stderr);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
	va_end(args);
	fprintf(stderr, "ksym: hint: see 'ksym %s%s--help'\n", cmd ? cmd : "",
		cmd ? " " : "");
	return EXIT_USAGE;
}

int option_error(const char *cmd, int c, char **argv)
{
	const char *arg = argv[optind - 1];
	bool is_long = strncmp(arg, "--", 2) == 0;

	if (c == ':' && is_long)
		return usage_error(cmd, "option '%s' needs an argument", arg);
	if (c == ':')
		return usage_error(cmd, "option '-%c' needs an argument", optopt);
	/* getopt_long() sets optopt to a long option's value when it was
	 * given an argument it does not take */
	if (optopt && is_long)
		return usage_error(cmd, "option '%.*s' takes no argument",
				   (int)strcspn(arg, "="), arg);
	if (optopt)
		return usage_error(cmd, "unknown option '-%c'", optopt);
	return usage_error(cmd, "unknown option '%s'", arg);
}

static void ctx_log(void *data, int priority, const char *file, int line,
		    const char *fn, const char *format, va_list args)
{
	if (priority > arg_log_level)
		return;
	fprintf(stderr, "ksym: %s", level_prefix(priority));
#ifdef KSYM_DEBUG_BUILD
	fprintf(stderr, "%s:%d: ", file, line);
#endif
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

struct ksym_ctx *tool_ctx_new(void)
{
	struct ksym_ctx *ctx = ksym_ctx_new();
	/* the bound on inflated sizes, for machines short of memory and tests */
	const char *max = getenv("KSYM_MAX_INFLATE");

	if (!ctx) {
		log_error("out of memory");
		return NULL;
	}
	ksym_ctx_set_log_fn(ctx, ctx_log, NULL);
	ksym_ctx_set_log_priority(ctx, arg_log_level);
	if (max && *max) {
		char *end;
		unsigned long long v;

		errno = 0;
		v = strtoull(max, &end, 10);
		if (errno || *end || !v || v > SIZE_MAX) {
			log_error("KSYM_MAX_INFLATE='%s' is not a size in bytes", max);
			return ksym_ctx_unref(ctx);
		}
		ksym_ctx_set_max_inflate(ctx, (size_t)v);
	}
	return ctx;
}

int tool_flush_stdout(void)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	/* errno is 0 when only an earlier write failed and nothing was left */
	log_error("cannot write to standard output: %s",
		  errno ? strerror(errno) : "write error");
	return -EIO;
}

int tool_getline(FILE *stream, char **line, size_t *cap)
{
	ssize_t n = getline(line, cap, stream);

	if (n < 0)
		return ferror(stream) ? -EIO : 0;
	if (n > 0 && (*line)[n - 1] == '\n')
		(*line)[--n] = '\0';
	return 1;
}

bool tool_has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

bool tool_is_module_name(const char *path)
{
	return tool_has_suffix(path, ".ko") || tool_has_suffix(path, ".ko.gz") ||
	       tool_has_suffix(path, ".ko.xz") || tool_has_suffix(path, ".ko.zst");
}

bool tool_file_is_elf(const char *path)
{
	unsigned char magic[4] = { 0 };
	FILE *f;
	size_t n;

	/* by its name a module, whatever is inside: its error then says so */
	if (tool_is_module_name(path))
		return true;
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	/* other compressed files are symvers files, read as text */
	return n == 4 && memcmp(magic, "\177ELF", 4) == 0;
}

int tool_read_symbols(struct ksym_ctx *ctx, const char *path,
		      struct ksym_symtab **ret_tab)
{
	struct ksym_elf *elf;
	int r;

	if (!tool_file_is_elf(path))
		return ksym_symvers_read(ctx, path, ret_tab);
	r = ksym_elf_open(ctx, path, &elf);
	if (r < 0)
		return r;
	*ret_tab = ksym_symtab_ref((struct ksym_symtab *)ksym_elf_exports(elf));
	ksym_elf_unref(elf);
	return 0;
}
