/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libFuzzer target: the ELF reader on any bytes, read as a module. */
#include <stdlib.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ksym_ctx *ctx;
	struct ksym_elf *elf;

	if (!ctx) {
		ctx = ksym_ctx_new();
		if (!ctx)
			abort();
		/* past this the fuzzer measures malloc, not the reader */
		ksym_ctx_set_max_inflate(ctx, 16u << 20);
	}
	if (ksym_elf_open_memory(ctx, "fuzz.ko", data, size, &elf) == 0)
		ksym_elf_unref(elf);
	return 0;
}
