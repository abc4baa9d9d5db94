/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Module.symvers parsing: the 4- and 5-field forms, export types,
 * namespaces, and the malformed lines that must fail with the file name and
 * line number in the last error. Inputs are inline: each row is the file.
 */
#include <unistd.h>

#include "internal.h"
#include "test.h"

struct want {
	const char *name;
	uint32_t crc;
	unsigned flags;
	const char *ns;
	const char *module;
};

#define CRC KSYM_SYM_CRC
#define GPL KSYM_SYM_GPL

struct symvers_row {
	const char *text;
	int err;
	/* the symbols expected on success, or a piece of the last error */
	struct want syms[3];
	const char *message;
};

static const struct symvers_row rows[] = {
	/* 5.6+: five fields, the namespace empty or set */
	{ "0x0a0793bd\tprintk\tvmlinux\tEXPORT_SYMBOL\t\n"
	  "0x12345678\tusb_foo\tdrivers/usb/core/usbcore\tEXPORT_SYMBOL_GPL\tUSB_STORAGE\n",
	  0,
	  { { "printk", 0x0a0793bd, CRC, "", "vmlinux" },
	    { "usb_foo", 0x12345678, CRC | GPL, "USB_STORAGE",
	      "drivers/usb/core/usbcore" } } },
	/* up to 5.5: four fields */
	{ "0xdeadbeef\told_sym\tvmlinux\tEXPORT_SYMBOL\n", 0,
	  { { "old_sym", 0xdeadbeef, CRC, "", "vmlinux" } } },
	/* upper-case hex, no final newline, empty lines skipped */
	{ "\n0X0000ABCD\tx\tm\tEXPORT_SYMBOL_GPL\t", 0,
	  { { "x", 0xabcd, CRC | GPL, "", "m" } } },
	/* EXPORT_SYMBOL_GPL_FUTURE and EXPORT_UNUSED_SYMBOL_GPL were GPL too */
	{ "0x00000001\tf\tvmlinux\tEXPORT_SYMBOL_GPL_FUTURE\n", 0,
	  { { "f", 1, CRC | GPL, "", "vmlinux" } } },
	{ "", 0, { { NULL } } },
	{ "0x1\tonly\tthree\n", -EBADMSG, { { NULL } },
	  "'test' line 1: 3 fields, expected crc, symbol, module and export type" },
	{ "0x1\ta\tvmlinux\tEXPORT_SYMBOL\n0x2\tb\tvmlinux\n", -EBADMSG,
	  { { NULL } }, "'test' line 2: 3 fields" },
	{ "0xzz\ta\tvmlinux\tEXPORT_SYMBOL\n", -EBADMSG, { { NULL } },
	  "'test' line 1: CRC '0xzz' is not a 32-bit hex number" },
	{ "12345678\ta\tvmlinux\tEXPORT_SYMBOL\n", -EBADMSG, { { NULL } },
	  "CRC '12345678' is not a 32-bit hex number" },
	{ "0x100000000\ta\tvmlinux\tEXPORT_SYMBOL\n", -EBADMSG, { { NULL } },
	  "CRC '0x100000000' is not a 32-bit hex number" },
	{ "0x\ta\tvmlinux\tEXPORT_SYMBOL\n", -EBADMSG, { { NULL } },
	  "CRC '0x' is not" },
	{ "0x1\t\tvmlinux\tEXPORT_SYMBOL\n", -EBADMSG, { { NULL } },
	  "'test' line 1: empty symbol name" },
	{ "0x1\ta\tvmlinux\tSYMBOL\n", -EBADMSG, { { NULL } },
	  "'test' line 1: unknown export type 'SYMBOL'" },
	{ "0x1\ta\tvmlinux\tEXPORT_SYMBOL\tNS\textra\n", -EBADMSG, { { NULL } },
	  "'test' line 1: more than 5 fields" },
	{ "0x1\ta\tvmlinux\tEXPORT_SYMBOL\t\r\n", -EBADMSG, { { NULL } },
	  "'test' line 1: CRLF line ending" },
	{ "0x1\ta\tvmlinux\tEXPORT_SYMBOL\n0x2\tb\tvmlinux\tEXPORT_SYMBOL\r\n",
	  -EBADMSG, { { NULL } }, "'test' line 2: CRLF line ending" },
	/* spaces are not separators */
	{ "0x1 a vmlinux EXPORT_SYMBOL\n", -EBADMSG, { { NULL } },
	  "'test' line 1: 1 fields" },
};

static size_t count_want(const struct want *w)
{
	size_t n = 0;

	while (n < 3 && w[n].name)
		n++;
	return n;
}

static int symvers_parses_rows(void)
{
	struct ksym_ctx *ctx = ksym_ctx_new();

	for (size_t i = 0; i < KSYM_ARRAY_SIZE(rows); i++) {
		const struct symvers_row *row = &rows[i];
		struct ksym_symtab *tab = NULL;
		size_t n = count_want(row->syms);
		int r;

		r = ksym_symvers_read_memory(ctx, "test", row->text,
					     strlen(row->text), &tab);
		CHECK(r == row->err, "row %zu: returned %s, expected %s (last error '%s')",
		      i, test_errname(r), test_errname(row->err),
		      ksym_ctx_last_error(ctx));
		if (row->err) {
			CHECK(!tab, "row %zu: a table on failure", i);
			CHECK(strstr(ksym_ctx_last_error(ctx), row->message),
			      "row %zu: last error '%s', expected '%s'", i,
			      ksym_ctx_last_error(ctx), row->message);
			continue;
		}
		if (r < 0)
			continue;
		CHECK(ksym_symtab_count(tab) == n, "row %zu: %zu symbols, expected %zu",
		      i, ksym_symtab_count(tab), n);
		for (size_t j = 0; j < n && j < ksym_symtab_count(tab); j++) {
			const struct ksym_sym *s = ksym_symtab_get(tab, j);
			const struct want *w = &row->syms[j];

			CHECK(strcmp(ksym_sym_name(s), w->name) == 0 &&
			      ksym_sym_crc(s) == w->crc && ksym_sym_flags(s) == w->flags &&
			      strcmp(ksym_sym_namespace(s), w->ns) == 0 &&
			      strcmp(ksym_sym_module(s), w->module) == 0,
			      "row %zu symbol %zu: got %s 0x%08x %u '%s' '%s', expected %s 0x%08x %u '%s' '%s'",
			      i, j, ksym_sym_name(s), ksym_sym_crc(s), ksym_sym_flags(s),
			      ksym_sym_namespace(s), ksym_sym_module(s), w->name, w->crc,
			      w->flags, w->ns, w->module);
		}
		ksym_symtab_unref(tab);
	}
	ksym_ctx_unref(ctx);
	return 0;
}

static int symvers_rejects_overlong_line(void)
{
	struct ksym_ctx *ctx = ksym_ctx_new();
	struct ksym_symtab *tab = NULL;
	size_t len = 5000;
	char *text = malloc(len + 64);
	int r;

	strcpy(text, "0x1\ta\tvmlinux\tEXPORT_SYMBOL\n0x1\t");
	memset(text + strlen(text), 'x', len);
	text[len] = '\0';
	strcat(text, "\tvmlinux\tEXPORT_SYMBOL\n");
	r = ksym_symvers_read_memory(ctx, "long", text, strlen(text), &tab);
	CHECK(r == -EBADMSG && !tab, "returned %s", test_errname(r));
	CHECK(strstr(ksym_ctx_last_error(ctx), "'long' line 2: longer than"),
	      "last error '%s'", ksym_ctx_last_error(ctx));
	ksym_symtab_unref(tab);
	free(text);
	ksym_ctx_unref(ctx);
	return 0;
}

static int symvers_rejects_nul_byte(void)
{
	static const char text[] = "0x1\ta\0b\tvmlinux\tEXPORT_SYMBOL\n";
	struct ksym_ctx *ctx = ksym_ctx_new();
	struct ksym_symtab *tab = NULL;
	int r;

	r = ksym_symvers_read_memory(ctx, "nul", text, sizeof(text) - 1, &tab);
	CHECK(r == -EBADMSG && !tab, "returned %s", test_errname(r));
	CHECK(strstr(ksym_ctx_last_error(ctx), "'nul' line 1: contains a NUL byte"),
	      "last error '%s'", ksym_ctx_last_error(ctx));
	ksym_symtab_unref(tab);
	ksym_ctx_unref(ctx);
	return 0;
}

/* A file's message names the path; write, read back, compare. */
static int symvers_write_reads_back(void)
{
	static const char text[] =
		"0x0a0793bd\tprintk\tvmlinux\tEXPORT_SYMBOL\t\n"
		"0x80000000\tns_sym\tdrivers/foo\tEXPORT_SYMBOL_GPL\tFOO_NS\n";
	struct ksym_ctx *ctx = ksym_ctx_new();
	struct ksym_symtab *tab = NULL, *back = NULL;
	char path[] = "/tmp/ksym-test-symvers.XXXXXX", *out = NULL;
	size_t size = 0;
	FILE *f;
	int fd, r;

	r = ksym_symvers_read_memory(ctx, "in", text, sizeof(text) - 1, &tab);
	CHECK(r == 0, "read returned %s", test_errname(r));
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	CHECK(ksym_symvers_write(tab, f) == 0, "write failed");
	fclose(f);
	out = (char *)test_read_file(path, &size);
	CHECK(out && size == sizeof(text) - 1 && memcmp(out, text, size) == 0,
	      "wrote '%.*s'", (int)size, out ? out : "");
	r = ksym_symvers_read(ctx, path, &back);
	CHECK(r == 0 && ksym_symtab_count(back) == 2, "read back returned %s",
	      test_errname(r));
	unlink(path);

	r = ksym_symvers_read(ctx, path, &back);
	CHECK(r == -ENOENT, "missing file returned %s", test_errname(r));
	CHECK(strstr(ksym_ctx_last_error(ctx), path), "last error '%s'",
	      ksym_ctx_last_error(ctx));
	free(out);
	ksym_symtab_unref(tab);
	ksym_symtab_unref(back);
	ksym_ctx_unref(ctx);
	return 0;
}

static int dep_format_spells_fedora_strings(void)
{
	static const struct {
		enum ksym_dep_kind kind;
		const char *name;
		uint32_t crc;
		size_t size;
		int ret;
		const char *want;
	} drows[] = {
		{ KSYM_DEP_KERNEL, "printk", 0x0a0793bd, 64, 27,
		  "kernel(printk) = 0x0a0793bd" },
		{ KSYM_DEP_KSYM, "foo", 0, 64, 22, "ksym(foo) = 0x00000000" },
		{ KSYM_DEP_KERNEL, "printk", 0x0a0793bd, 27, -ENOSPC, NULL },
		{ KSYM_DEP_KERNEL, "printk", 0x0a0793bd, 28, 27,
		  "kernel(printk) = 0x0a0793bd" },
	};

	for (size_t i = 0; i < KSYM_ARRAY_SIZE(drows); i++) {
		char buf[64];
		int r = ksym_dep_format(buf, drows[i].size, drows[i].kind,
					drows[i].name, drows[i].crc);

		CHECK(r == drows[i].ret, "row %zu: returned %d, expected %d", i, r,
		      drows[i].ret);
		if (drows[i].want && r > 0)
			CHECK(strcmp(buf, drows[i].want) == 0, "row %zu: '%s'", i, buf);
	}
	return 0;
}

int main(void)
{
	TEST_RUN(symvers_parses_rows);
	TEST_RUN(symvers_rejects_overlong_line);
	TEST_RUN(symvers_rejects_nul_byte);
	TEST_RUN(symvers_write_reads_back);
	TEST_RUN(dep_format_spells_fedora_strings);
	return TEST_EXIT();
}
