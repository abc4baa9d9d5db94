/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer target: the export and modversions readers. Opens the bytes as
 * a module and reads back every export, import and .modinfo value, so that
 * a string the readers accepted but did not bound is touched.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t walk(const struct ksym_symtab *tab)
{
	size_t sum = 0;

	for (size_t i = 0; i < ksym_symtab_count(tab); i++) {
		const struct ksym_sym *sym = ksym_symtab_get(tab, i);

		sum += strlen(ksym_sym_name(sym)) + strlen(ksym_sym_namespace(sym)) +
		       strlen(ksym_sym_module(sym)) + ksym_sym_crc(sym) +
		       ksym_sym_flags(sym);
		if (ksym_symtab_find(tab, ksym_sym_name(sym)) == NULL)
			abort();
	}
	return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "name", "vermagic", "depends",
					    "import_ns", "srcversion" };
	static struct ksym_ctx *ctx;
	static volatile size_t sink;
	struct ksym_elf *elf;
	const char *v;

	if (!ctx) {
		ctx = ksym_ctx_new();
		if (!ctx)
			abort();
		ksym_ctx_set_max_inflate(ctx, 16u << 20);
	}
	if (ksym_elf_open_memory(ctx, "fuzz.ko", data, size, &elf) < 0)
		return 0;
	sink += walk(ksym_elf_exports(elf)) + walk(ksym_elf_imports(elf));
	sink += strlen(ksym_elf_name(elf)) + ksym_elf_is_module(elf);
	if ((v = ksym_elf_release(elf)))
		sink += strlen(v);
	for (size_t i = 0; i < KSYM_ARRAY_SIZE(keys); i++)
		for (unsigned n = 0; (v = ksym_elf_modinfo(elf, keys[i], n)); n++)
			sink += strlen(v);
	ksym_elf_unref(elf);
	return 0;
}
