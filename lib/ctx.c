/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The library context: logging, limits, the last error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

KSYM_EXPORT struct ksym_ctx *ksym_ctx_new(void)
{
	struct ksym_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	ctx->refs = 1;
	ctx->log_priority = LOG_ERR;
	ctx->max_inflate = KSYM_DEFAULT_MAX_INFLATE;
	return ctx;
}

KSYM_EXPORT struct ksym_ctx *ksym_ctx_ref(struct ksym_ctx *ctx)
{
	if (ctx)
		ctx->refs++;
	return ctx;
}

KSYM_EXPORT struct ksym_ctx *ksym_ctx_unref(struct ksym_ctx *ctx)
{
	if (ctx && --ctx->refs == 0) {
		free(ctx->scratch);
		free(ctx);
	}
	return NULL;
}

KSYM_EXPORT void ksym_ctx_set_log_fn(struct ksym_ctx *ctx, ksym_log_fn fn,
				     void *data)
{
	ctx->log_fn = fn;
	ctx->log_data = data;
}

KSYM_EXPORT void ksym_ctx_set_log_priority(struct ksym_ctx *ctx, int priority)
{
	ctx->log_priority = priority;
}

KSYM_EXPORT int ksym_ctx_get_log_priority(const struct ksym_ctx *ctx)
{
	return ctx->log_priority;
}

KSYM_EXPORT const char *ksym_ctx_last_error(const struct ksym_ctx *ctx)
{
	return ctx->last_error;
}

KSYM_EXPORT void ksym_ctx_set_max_inflate(struct ksym_ctx *ctx, size_t bytes)
{
	ctx->max_inflate = bytes;
}

void ksym_log_impl(struct ksym_ctx *ctx, int priority, const char *file,
		   int line, const char *fn, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	ctx->log_fn(ctx->log_data, priority, file, line, fn, format, args);
	va_end(args);
}

int ksym_fail(struct ksym_ctx *ctx, int err, const char *format, ...)
{
	va_list args;

	if (!ctx)
		return err;
	va_start(args, format);
	(void)vsnprintf(ctx->last_error, sizeof(ctx->last_error), format, args);
	va_end(args);
	ksym_dbg(ctx, "%s", ctx->last_error);
	return err;
}

const char *ksym_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* FNV-1a: short keys, no adversary worth a keyed hash in a build. */
uint32_t ksym_hash_string(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}
