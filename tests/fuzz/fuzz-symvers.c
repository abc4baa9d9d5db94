/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer target: the Module.symvers parser, plain or compressed. */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ksym_ctx *ctx;
	static FILE *null;
	struct ksym_symtab *tab;

	if (!ctx) {
		ctx = ksym_ctx_new();
		null = fopen("/dev/null", "we");
		if (!ctx || !null)
			abort();
		ksym_ctx_set_max_inflate(ctx, 16u << 20);
	}
	if (ksym_symvers_read_memory(ctx, "fuzz.symvers", data, size, &tab) < 0)
		return 0;
	/* what was accepted must write back out */
	if (ksym_symvers_write(tab, null) < 0)
		abort();
	ksym_symtab_unref(tab);
	return 0;
}
