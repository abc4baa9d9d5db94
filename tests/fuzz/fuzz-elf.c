/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer target: the ELF reader on any bytes, read as a module, both
 * from memory and from a file (a memfd), where a plain ELF file is read
 * sparsely. The two must agree: both fail, or both give the same exports,
 * imports, .modinfo name and release; a difference aborts.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_symtab(const struct ksym_symtab *a, const struct ksym_symtab *b)
{
	size_t n = ksym_symtab_count(a);

	if (n != ksym_symtab_count(b))
		return false;
	for (size_t i = 0; i < n; i++) {
		const struct ksym_sym *x = ksym_symtab_get(a, i);
		const struct ksym_sym *y = ksym_symtab_get(b, i);

		if (strcmp(ksym_sym_name(x), ksym_sym_name(y)) != 0 ||
		    ksym_sym_crc(x) != ksym_sym_crc(y) ||
		    ksym_sym_flags(x) != ksym_sym_flags(y))
			return false;
	}
	return true;
}

static void differ(const char *what)
{
	fprintf(stderr, "fuzz-elf: the file and memory readers differ: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ksym_ctx *ctx;
	static char path[64];
	static int fd = -1;
	struct ksym_elf *mem = NULL, *file = NULL;
	int rm, rf;

	if (!ctx) {
		ctx = ksym_ctx_new();
		fd = memfd_create("fuzz.ko", MFD_CLOEXEC);
		if (!ctx || fd < 0)
			abort();
		/* past this the fuzzer measures malloc, not the reader */
		ksym_ctx_set_max_inflate(ctx, 16u << 20);
		(void)snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) < 0 ||
	    (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();

	rm = ksym_elf_open_memory(ctx, "fuzz.ko", data, size, &mem);
	rf = ksym_elf_open(ctx, path, &file);
	if ((rm == 0) != (rf == 0))
		differ(rm == 0 ? "only memory reads it" : "only the file reads it");
	if (rm == 0) {
		if (!same_symtab(ksym_elf_exports(mem), ksym_elf_exports(file)))
			differ("exports");
		if (!same_symtab(ksym_elf_imports(mem), ksym_elf_imports(file)))
			differ("imports");
		/* the name falls back to the file name, which differs here */
		if (!same_str(ksym_elf_modinfo(mem, "name", 0),
			      ksym_elf_modinfo(file, "name", 0)) ||
		    !same_str(ksym_elf_release(mem), ksym_elf_release(file)) ||
		    ksym_elf_is_module(mem) != ksym_elf_is_module(file))
			differ("name, release or module");
	}
	ksym_elf_unref(mem);
	ksym_elf_unref(file);
	return 0;
}
