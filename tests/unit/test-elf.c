/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libksym's ELF reader on the fixtures of tests/fixtures/ (module.s and
 * vmlinux.s assembled for every target make-fixtures.sh could build: 32
 * and 64 bits, both byte orders, PREL32 and absolute export entries), and
 * on damaged copies of them.
 */
#include <gelf.h>
#include <libelf.h>
#include <limits.h>

#include "internal.h"
#include "test.h"

struct want_sym {
	const char *name;
	uint32_t crc;
	unsigned flags;
	const char *ns;
};

#define END { NULL, 0, 0, NULL }
#define CRC KSYM_SYM_CRC
#define GPL KSYM_SYM_GPL

/* module.s: __ksymtab entries in address order, then __ksymtab_gpl */
static const struct want_sym mod_exports[] = {
	{ "fix_ns", 0xfedcba98, CRC, "FIX_NS" },
	{ "fix_plain", 0x0a0793bd, CRC, "" },
	{ "fix_gpl", 0x12345678, CRC | GPL, "" },
	{ "fix_gpl_ns", 0x80000001, CRC | GPL, "FIX_NS" },
	END,
};

static const struct want_sym mod_imports[] = {
	{ "module_layout", 0x1c1fd6f6, CRC, "" },
	{ "_printk", 0x92997ed8, CRC, "" },
	{ "high_bit_crc", 0xdeadbeef, CRC, "" },
	{ "a_name_of_fifty_five_bytes_fits_in_versions_on_64bit_xy", 0x00000001,
	  CRC, "" },
	END,
};

/* __versions first, then the names only the extended tables have */
static const struct want_sym mod_ext_imports[] = {
	{ "module_layout", 0x1c1fd6f6, CRC, "" },
	{ "_printk", 0x92997ed8, CRC, "" },
	{ "high_bit_crc", 0xdeadbeef, CRC, "" },
	{ "a_name_of_fifty_five_bytes_fits_in_versions_on_64bit_xy", 0x00000001,
	  CRC, "" },
	{ "a_rust_symbol_name_of_seventy_two_bytes_that_does_not_fit_in___versions_",
	  0x5a5a0f0f, CRC | KSYM_SYM_EXT, "" },
	END,
};

static const struct want_sym vmlinux_exports[] = {
	{ "vm_alpha", 0x0a0793bd, CRC, "" },
	{ "vm_beta", 0x80706050, CRC, "VM_NS" },
	{ "vm_delta_gpl", 0x00000000, CRC | GPL, "VM_NS" },
	{ "vm_gamma_gpl", 0xffffffff, CRC | GPL, "" },
	END,
};

static const struct want_sym none[] = { END };

struct elf_row {
	const char *file;
	/* only the x86_64 target has compressed and signed copies */
	bool x86_64_only;
	bool module;
	const struct want_sym *exports;
	const struct want_sym *imports;
};

static const struct elf_row elf_rows[] = {
	{ "mod.ko", false, true, mod_exports, mod_imports },
	{ "mod-oldcrc.ko", false, true, mod_exports, mod_imports },
	{ "mod-ext.ko", false, true, mod_exports, mod_ext_imports },
	{ "vmlinux", false, false, vmlinux_exports, none },
	{ "vmlinux.stripped", false, false, vmlinux_exports, none },
	{ "mod.ko.gz", true, true, mod_exports, mod_imports },
	{ "mod.ko.xz", true, true, mod_exports, mod_imports },
	{ "mod.ko.zst", true, true, mod_exports, mod_imports },
	{ "mod-signed.ko", true, true, mod_exports, mod_imports },
	{ "mod-signed.ko.xz", true, true, mod_exports, mod_imports },
};

static void check_table(const char *what, const char *path,
			const struct ksym_symtab *tab, const struct want_sym *want)
{
	size_t n = 0;

	while (want[n].name)
		n++;
	CHECK(ksym_symtab_count(tab) == n, "%s: %s: %zu symbols, expected %zu",
	      path, what, ksym_symtab_count(tab), n);
	for (size_t i = 0; i < n && i < ksym_symtab_count(tab); i++) {
		const struct ksym_sym *s = ksym_symtab_get(tab, i);

		CHECK(strcmp(ksym_sym_name(s), want[i].name) == 0 &&
		      ksym_sym_crc(s) == want[i].crc &&
		      ksym_sym_flags(s) == want[i].flags &&
		      strcmp(ksym_sym_namespace(s), want[i].ns) == 0,
		      "%s: %s row %zu: got %s 0x%08x flags %u ns '%s', expected %s 0x%08x flags %u ns '%s'",
		      path, what, i, ksym_sym_name(s), ksym_sym_crc(s),
		      ksym_sym_flags(s), ksym_sym_namespace(s), want[i].name,
		      want[i].crc, want[i].flags, want[i].ns);
	}
}

static void check_modinfo(const char *path, const struct ksym_elf *elf)
{
	static const struct {
		const char *key;
		unsigned n;
		const char *value;
	} rows[] = {
		{ "name", 0, "ksymfix" },
		{ "vermagic", 0, "6.1.0-fix SMP preempt mod_unload modversions " },
		{ "depends", 0, "dep_a,dep_b" },
		{ "import_ns", 0, "FIX_IMPORT_NS" },
		{ "import_ns", 1, "OTHER_NS" },
		{ "import_ns", 2, NULL },
		{ "srcversion", 0, "0123456789ABCDEF0123456" },
		{ "license", 0, NULL },
	};

	for (size_t i = 0; i < KSYM_ARRAY_SIZE(rows); i++) {
		const char *v = ksym_elf_modinfo(elf, rows[i].key, rows[i].n);

		CHECK(v == rows[i].value || (v && rows[i].value &&
					     strcmp(v, rows[i].value) == 0),
		      "%s: modinfo row %zu (%s #%u): got '%s', expected '%s'", path,
		      i, rows[i].key, rows[i].n, v ? v : "(null)",
		      rows[i].value ? rows[i].value : "(null)");
	}
	CHECK(ksym_elf_release(elf) && strcmp(ksym_elf_release(elf), "6.1.0-fix") == 0,
	      "%s: release '%s'", path, ksym_elf_release(elf));
	CHECK(strcmp(ksym_elf_name(elf), "ksymfix") == 0, "%s: name '%s'", path,
	      ksym_elf_name(elf));
}

static void check_file(struct ksym_ctx *ctx, const char *target,
		       const struct elf_row *row)
{
	char path[PATH_MAX];
	struct ksym_elf *elf = NULL;
	int r;

	snprintf(path, sizeof(path), "%s/%s/%s", test_fixture_dir(), target,
		 row->file);
	r = ksym_elf_open(ctx, path, &elf);
	CHECK(r == 0, "%s: open returned %s: %s", path, test_errname(r),
	      ksym_ctx_last_error(ctx));
	if (r < 0)
		return;
	CHECK(ksym_elf_is_module(elf) == row->module, "%s: is_module %d", path,
	      ksym_elf_is_module(elf));
	check_table("exports", path, ksym_elf_exports(elf), row->exports);
	check_table("imports", path, ksym_elf_imports(elf), row->imports);
	if (row->module)
		check_modinfo(path, elf);
	else
		CHECK(ksym_elf_release(elf) == NULL, "%s: release of a vmlinux", path);
	ksym_elf_unref(elf);
}

/* The targets the fixtures were built for: "NAME BITS ENDIAN LAYOUT". */
static int for_each_target(void (*fn)(struct ksym_ctx *, const char *, void *),
			   void *data)
{
	char path[PATH_MAX], line[256];
	struct ksym_ctx *ctx = ksym_ctx_new();
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/targets", test_fixture_dir());
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "no fixtures: cannot read '%s'\n", path);
		ksym_ctx_unref(ctx);
		return 77;
	}
	while (fgets(line, sizeof(line), f)) {
		char name[64];

		if (sscanf(line, "%63s", name) != 1)
			continue;
		fn(ctx, name, data);
		n++;
	}
	fclose(f);
	ksym_ctx_unref(ctx);
	return n ? 0 : 77;
}

static void read_target(struct ksym_ctx *ctx, const char *target, void *data)
{
	for (size_t i = 0; i < KSYM_ARRAY_SIZE(elf_rows); i++) {
		if (elf_rows[i].x86_64_only && strcmp(target, "x86_64") != 0)
			continue;
		check_file(ctx, target, &elf_rows[i]);
	}
}

static int elf_reads_every_layout_word_size_and_byte_order(void)
{
	return for_each_target(read_target, NULL);
}

/* Opening from memory gives what opening the file gives. */
static void read_target_memory(struct ksym_ctx *ctx, const char *target,
			       void *data)
{
	char path[PATH_MAX];
	struct ksym_elf *elf = NULL;
	unsigned char *buf;
	size_t size;
	int r;

	snprintf(path, sizeof(path), "%s/%s/mod-ext.ko", test_fixture_dir(),
		 target);
	buf = test_read_file(path, &size);
	CHECK(buf, "cannot read '%s'", path);
	if (!buf)
		return;
	r = ksym_elf_open_memory(ctx, path, buf, size, &elf);
	CHECK(r == 0, "%s: open_memory returned %s: %s", path, test_errname(r),
	      ksym_ctx_last_error(ctx));
	if (r == 0) {
		check_table("exports", path, ksym_elf_exports(elf), mod_exports);
		check_table("imports", path, ksym_elf_imports(elf), mod_ext_imports);
	}
	ksym_elf_unref(elf);
	free(buf);
}

static int elf_open_memory_reads_what_open_reads(void)
{
	return for_each_target(read_target_memory, NULL);
}

/* The file offset of a section header's sh_size field in an ELF64 LE file. */
static bool shdr_size_offset(const unsigned char *buf, size_t size,
			     const char *section, size_t *ret_off)
{
	Elf *e = elf_memory((char *)buf, size);
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Ehdr eh;
	bool found = false;

	if (!e || !gelf_getehdr(e, &eh) || elf_getshdrstrndx(e, &shstrndx) < 0)
		goto out;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			break;
		name = elf_strptr(e, shstrndx, sh.sh_name);
		if (name && strcmp(name, section) == 0) {
			/* Elf64_Shdr: name, type, flags, addr, offset, size */
			*ret_off = eh.e_shoff + elf_ndxscn(scn) * eh.e_shentsize + 32;
			found = true;
			break;
		}
	}
out:
	if (e)
		elf_end(e);
	return found;
}

static void put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

struct damage_row {
	const char *file;
	/* when set, this section's size is changed to new_size */
	const char *section;
	uint64_t new_size;
	/* else the file is cut to this many bytes (0: keep) */
	size_t truncate;
	size_t max_inflate;
	int err;
	/* a piece of the message ksym_ctx_last_error() must hold */
	const char *message;
};

static const struct damage_row damage_rows[] = {
	{ "mod.ko", "__versions", 70, 0, 0, -EBADMSG, "not a multiple of 64" },
	{ "mod-ext.ko", "__version_ext_crcs", 6, 0, 0, -EBADMSG,
	  "not a multiple of 4" },
	{ "mod-ext.ko", "__version_ext_names", 20, 0, 0, -EBADMSG,
	  "fewer names than the 5 CRCs" },
	{ "mod.ko.gz", NULL, 0, 400, 0, -ENOEXEC, "gzip data is truncated" },
	{ "mod.ko.xz", NULL, 0, 400, 0, -ENOEXEC, "xz data is truncated" },
	{ "mod.ko.zst", NULL, 0, 400, 0, -ENOEXEC, "zstd data is truncated" },
	{ "mod.ko.xz", NULL, 0, 0, 1000, -EFBIG, "inflates past 1000 bytes" },
	{ "mod.ko", NULL, 0, 3, 0, -ENOEXEC, "not an ELF object" },
};

static int elf_rejects_damaged_modules(void)
{
	struct ksym_ctx *ctx = ksym_ctx_new();
	char path[PATH_MAX];

	(void)elf_version(EV_CURRENT);
	for (size_t i = 0; i < KSYM_ARRAY_SIZE(damage_rows); i++) {
		const struct damage_row *row = &damage_rows[i];
		struct ksym_elf *elf = NULL;
		unsigned char *buf;
		size_t size, off = 0;
		int r;

		snprintf(path, sizeof(path), "%s/x86_64/%s", test_fixture_dir(),
			 row->file);
		buf = test_read_file(path, &size);
		if (!buf) {
			ksym_ctx_unref(ctx);
			fprintf(stderr, "no fixture '%s'\n", path);
			return 77;
		}
		if (row->section) {
			CHECK(shdr_size_offset(buf, size, row->section, &off),
			      "row %zu: no section '%s' in '%s'", i, row->section,
			      path);
			put_le64(buf + off, row->new_size);
		}
		if (row->truncate)
			size = row->truncate;
		ksym_ctx_set_max_inflate(ctx, row->max_inflate ? row->max_inflate :
								 KSYM_DEFAULT_MAX_INFLATE);
		r = ksym_elf_open_memory(ctx, row->file, buf, size, &elf);
		CHECK(r == row->err && elf == NULL,
		      "row %zu (%s): returned %s, expected %s", i, row->file,
		      test_errname(r), test_errname(row->err));
		CHECK(strstr(ksym_ctx_last_error(ctx), row->message) &&
		      strstr(ksym_ctx_last_error(ctx), row->file),
		      "row %zu (%s): last error '%s', expected it to name the file and say '%s'",
		      i, row->file, ksym_ctx_last_error(ctx), row->message);
		ksym_elf_unref(elf);
		free(buf);
	}
	ksym_ctx_unref(ctx);
	return 0;
}

static int elf_open_reports_unreadable_files(void)
{
	static const struct {
		const char *path;
		int err;
	} rows[] = {
		{ "/nonexistent/mod.ko", -ENOENT },
		{ "/", -EISDIR },
		{ "/dev/null", -EINVAL },
	};
	struct ksym_ctx *ctx = ksym_ctx_new();

	for (size_t i = 0; i < KSYM_ARRAY_SIZE(rows); i++) {
		struct ksym_elf *elf = NULL;
		int r = ksym_elf_open(ctx, rows[i].path, &elf);

		CHECK(r == rows[i].err && !elf, "row %zu (%s): returned %s, expected %s",
		      i, rows[i].path, test_errname(r), test_errname(rows[i].err));
		CHECK(strstr(ksym_ctx_last_error(ctx), rows[i].path),
		      "row %zu: last error '%s' does not name '%s'", i,
		      ksym_ctx_last_error(ctx), rows[i].path);
		ksym_elf_unref(elf);
	}
	ksym_ctx_unref(ctx);
	return 0;
}

int main(void)
{
	TEST_RUN(elf_reads_every_layout_word_size_and_byte_order);
	TEST_RUN(elf_open_memory_reads_what_open_reads);
	TEST_RUN(elf_rejects_damaged_modules);
	TEST_RUN(elf_open_reports_unreadable_files);
	return TEST_EXIT();
}
