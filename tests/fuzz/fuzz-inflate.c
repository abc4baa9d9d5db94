/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer target: one decompressor, chosen at build time with
 * -DFUZZ_COMPRESSION=KSYM_COMP_GZIP, _XZ or _ZSTD.
 */
#include <stdlib.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ksym_ctx *ctx;
	unsigned char *out;
	size_t out_size;

	if (!ctx) {
		ctx = ksym_ctx_new();
		if (!ctx)
			abort();
	}
	/* a small bound, so that the refusal path runs as often as success */
	if (ksym_inflate(ctx, "fuzz", FUZZ_COMPRESSION, data, size, 1u << 20,
			 &out, &out_size) < 0)
		return 0;
	if (out_size > 1u << 20)
		abort();
	free(out);
	return 0;
}
