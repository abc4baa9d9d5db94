/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libksym's private declarations, shared by its files and its unit tests. */
#ifndef KSYM_INTERNAL_H
#define KSYM_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

#include "ksym.h"

#define KSYM_EXPORT __attribute__((visibility("default")))
#define KSYM_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define KSYM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct ksym_ctx {
	int refs;
	ksym_log_fn log_fn;
	void *log_data;
	int log_priority;
	size_t max_inflate;
	char last_error[1024];
	/*
	 * The reader's buffer for plain ELF files (elf.c), kept between files
	 * so that its pages stay mapped; one file uses it at a time.
	 */
	unsigned char *scratch;
	size_t scratch_size;
	bool scratch_busy;
};

void ksym_log_impl(struct ksym_ctx *ctx, int priority, const char *file,
		   int line, const char *fn, const char *format, ...)
	KSYM_PRINTF(6, 7);

/* Test the priority before formatting anything. */
#define ksym_log(ctx, prio, ...)                                              \
	do {                                                                  \
		struct ksym_ctx *ksym_log_ctx_ = (ctx);                       \
		if (ksym_log_ctx_ && ksym_log_ctx_->log_fn &&                 \
		    ksym_log_ctx_->log_priority >= (prio))                    \
			ksym_log_impl(ksym_log_ctx_, prio, __FILE__,          \
				      __LINE__, __func__, __VA_ARGS__);       \
	} while (0)
#define ksym_dbg(ctx, ...) ksym_log(ctx, LOG_DEBUG, __VA_ARGS__)
#define ksym_info(ctx, ...) ksym_log(ctx, LOG_INFO, __VA_ARGS__)

/*
 * Records the detail of a failure as the context's last error, logs it at
 * LOG_DEBUG (the caller decides whether it is an error worth showing), and
 * returns err, so that a failure branch is one statement.
 */
int ksym_fail(struct ksym_ctx *ctx, int err, const char *format, ...)
	KSYM_PRINTF(3, 4);

/* Files: whole contents in memory, inflated when compressed. */

struct ksym_blob {
	const unsigned char *data;
	size_t size;
	/* how to release data: 0 none, 1 munmap, 2 free */
	int owner;
	size_t map_size;
};

enum ksym_compression {
	KSYM_COMP_NONE,
	KSYM_COMP_GZIP,
	KSYM_COMP_XZ,
	KSYM_COMP_ZSTD,
};

enum ksym_compression ksym_compression_detect(const void *data, size_t size);
const char *ksym_compression_name(enum ksym_compression comp);

/*
 * Loads a file (mapped when plain, inflated when compressed). name is used
 * in messages. Returns 0 or a negative errno with the last error set.
 */
int ksym_blob_load(struct ksym_ctx *ctx, const char *path,
		   struct ksym_blob *ret_blob);

/*
 * Wraps a buffer: referenced when plain, inflated into a new one when
 * compressed.
 */
int ksym_blob_from_memory(struct ksym_ctx *ctx, const char *name,
			  const void *data, size_t size,
			  struct ksym_blob *ret_blob);

/* Inflates a compressed buffer into a malloc'ed one, at most max bytes. */
int ksym_inflate(struct ksym_ctx *ctx, const char *name,
		 enum ksym_compression comp, const void *data, size_t size,
		 size_t max, unsigned char **ret_data, size_t *ret_size);

void ksym_blob_release(struct ksym_blob *blob);

/* Strings */

/* The file name without directory. */
const char *ksym_basename(const char *path);

uint32_t ksym_hash_string(const char *s);



/* Symbol indexes: a table saved as a mapped hash table (index.c). */
struct ksym_index;

/* Writes tab to path through a temporary file and a rename. */
int ksym_index_write(struct ksym_ctx *ctx, const struct ksym_symtab *tab,
		     const char *path);
int ksym_index_open(struct ksym_ctx *ctx, const char *path,
		    struct ksym_index **ret_index);
bool ksym_index_find(const struct ksym_index *ix, const char *name,
		     uint32_t *ret_crc, unsigned *ret_flags);
struct ksym_index *ksym_index_unref(struct ksym_index *ix);
#endif
