/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the ksym command's files: logging, options, the commands. */
#ifndef KSYM_TOOL_H
#define KSYM_TOOL_H

#include <stdbool.h>
#include <syslog.h>

#include "ksym.h"

#define TOOL_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Exit codes, as the man page lists them. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
};

/* LOG_WARNING by default; -q lowers it to LOG_ERR, each -v raises it. */
extern int arg_log_level;

void log_msg(int priority, const char *format, ...) TOOL_PRINTF(2, 3);
#define log_error(...) log_msg(LOG_ERR, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_WARNING, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
void log_hint(const char *format, ...) TOOL_PRINTF(1, 2);

/* Logs a usage error naming the problem and points to --help; returns 2. */
int usage_error(const char *cmd, const char *format, ...) TOOL_PRINTF(2, 3);

/*
 * The usage error for what getopt_long() returned in c ('?' or ':', with
 * opterr = 0 and ':' leading the option string): an unknown option, a
 * missing argument, or an argument to an option that takes none; returns 2.
 */
int option_error(const char *cmd, int c, char **argv);

/* A context whose library messages go through log_msg. */
struct ksym_ctx *tool_ctx_new(void);

/* True when s ends with suffix. */
bool tool_has_suffix(const char *s, const char *suffix);

/* True for a name ending in .ko, .ko.gz, .ko.xz or .ko.zst. */
bool tool_is_module_name(const char *path);

/* True for a module by its name (see above), or ELF data. */
bool tool_file_is_elf(const char *path);

/* Reads a symbol table from a symvers file, a vmlinux or a module. */
int tool_read_symbols(struct ksym_ctx *ctx, const char *path,
		      struct ksym_symtab **ret_tab);

/*
 * Reads a kernel's exports: a symvers file, a vmlinux, a build tree (its
 * Module.symvers) or a /lib/modules/<release> tree (its symvers file).
 */
int tool_read_kernel(struct ksym_ctx *ctx, const char *path,
		     struct ksym_symtab **ret_tab);

/*
 * Handles the options every command takes (-v, -q); true when c was one.
 */
bool common_option(int c);
#define COMMON_OPTIONS                                                        \
	{ "verbose", no_argument, NULL, 'v' },                                \
	{ "quiet", no_argument, NULL, 'q' },                                  \
	{ "help", no_argument, NULL, 'h' }

/*
 * Flushes standard output and logs an error naming the cause when this or
 * an earlier write failed (a full disk, a closed pipe). Returns 0 or -EIO.
 */
int tool_flush_stdout(void);

/* Reads a line from stream into *line (grown as needed), without "\n". */
int tool_getline(FILE *stream, char **line, size_t *cap);

int cmd_dump(int argc, char **argv);
int cmd_provides(int argc, char **argv);
int cmd_requires(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_weak_updates(int argc, char **argv);
int cmd_devel(int argc, char **argv);

#endif
