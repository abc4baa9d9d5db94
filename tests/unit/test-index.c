/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Symbol indexes (lib/index.c): what is written is found again, absent
 * names are not, and a damaged or foreign file is refused, not read.
 */
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include "internal.h"
#include "test.h"

static char dir[] = "/tmp/ksym-test-index.XXXXXX";

static struct ksym_symtab *table(struct ksym_ctx *ctx, size_t n)
{
	struct ksym_symtab *tab = ksym_symtab_new(ctx);
	char name[32];

	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "symbol_%zu", i);
		(void)ksym_symtab_add(tab, name, (uint32_t)(i * 2654435761u),
				      KSYM_SYM_CRC | (i % 3 ? 0 : KSYM_SYM_GPL),
				      NULL, NULL);
	}
	return tab;
}

static int index_finds_what_was_written(void)
{
	static const size_t sizes[] = { 0, 1, 7, 8, 9, 1000 };
	struct ksym_ctx *ctx = ksym_ctx_new();
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/sizes.idx", dir);
	for (size_t k = 0; k < KSYM_ARRAY_SIZE(sizes); k++) {
		struct ksym_symtab *tab = table(ctx, sizes[k]);
		struct ksym_index *ix = NULL;
		uint32_t crc = 0;
		unsigned flags = 0;
		int r;

		r = ksym_index_write(ctx, tab, path);
		CHECK(r == 0, "size %zu: write returned %s: %s", sizes[k],
		      test_errname(r), ksym_ctx_last_error(ctx));
		r = ksym_index_open(ctx, path, &ix);
		CHECK(r == 0, "size %zu: open returned %s: %s", sizes[k],
		      test_errname(r), ksym_ctx_last_error(ctx));
		if (r < 0) {
			ksym_symtab_unref(tab);
			continue;
		}
		for (size_t i = 0; i < sizes[k]; i++) {
			const struct ksym_sym *s = ksym_symtab_get(tab, i);
			bool found = ksym_index_find(ix, ksym_sym_name(s), &crc, &flags);

			CHECK(found && crc == ksym_sym_crc(s) &&
			      flags == ksym_sym_flags(s),
			      "size %zu row %zu: '%s' found %d crc 0x%08x flags %u",
			      sizes[k], i, ksym_sym_name(s), found, crc, flags);
		}
		CHECK(!ksym_index_find(ix, "absent", &crc, &flags),
		      "size %zu: found 'absent'", sizes[k]);
		CHECK(!ksym_index_find(ix, "symbol_", &crc, &flags),
		      "size %zu: found 'symbol_'", sizes[k]);
		ksym_index_unref(ix);
		ksym_symtab_unref(tab);
	}
	unlink(path);
	ksym_ctx_unref(ctx);
	return 0;
}

/* Damage at an offset: header fields, slots, entries, strings. */
struct damage_row {
	const char *what;
	/* byte offset to overwrite, or -1: cut the file to cut bytes */
	long offset;
	unsigned char byte;
	long cut;
};

/* header: magic[8] n_slots n_syms strings_size (20 bytes), then slots */
static const struct damage_row damage_rows[] = {
	{ "magic", 0, 'X', 0 },
	{ "n_slots not a power of two", 8, 0x11, 0 },
	{ "n_slots zero", 8, 0x00, 0 },
	{ "n_syms past n_slots", 12, 0xff, 0 },
	{ "strings_size", 16, 0x01, 0 },
	{ "slot past the entries", 20, 0x7f, 0 },
	{ "cut in the header", -1, 0, 10 },
	{ "cut in the strings", -1, 0, -3 },
	{ "last string not terminated", -2, 'x', 0 },
	{ "empty file", -1, 0, 0 },
};

static int index_rejects_damaged_files(void)
{
	struct ksym_ctx *ctx = ksym_ctx_new();
	struct ksym_symtab *tab = table(ctx, 20);
	char good[PATH_MAX], bad[PATH_MAX];
	unsigned char *bytes;
	size_t size;

	snprintf(good, sizeof(good), "%s/good.idx", dir);
	snprintf(bad, sizeof(bad), "%s/bad.idx", dir);
	CHECK(ksym_index_write(ctx, tab, good) == 0, "write: %s",
	      ksym_ctx_last_error(ctx));
	bytes = test_read_file(good, &size);
	CHECK(bytes && size > 40, "cannot read back '%s'", good);
	if (!bytes)
		goto out;

	for (size_t i = 0; i < KSYM_ARRAY_SIZE(damage_rows); i++) {
		const struct damage_row *row = &damage_rows[i];
		unsigned char *copy = malloc(size);
		struct ksym_index *ix = NULL;
		size_t len = size;
		FILE *f;
		int r;

		memcpy(copy, bytes, size);
		if (row->offset >= 0)
			copy[row->offset] = row->byte;
		else if (row->offset == -2)
			copy[size - 1] = row->byte;
		else
			len = row->cut >= 0 ? (size_t)row->cut : size + row->cut;
		f = fopen(bad, "wb");
		fwrite(copy, 1, len, f);
		fclose(f);

		r = ksym_index_open(ctx, bad, &ix);
		CHECK(r == -EBADMSG && !ix, "row %zu (%s): returned %s, expected -EBADMSG",
		      i, row->what, test_errname(r));
		CHECK(strstr(ksym_ctx_last_error(ctx), bad),
		      "row %zu (%s): last error '%s' does not name the file", i,
		      row->what, ksym_ctx_last_error(ctx));
		ksym_index_unref(ix);
		free(copy);
	}
	unlink(bad);
	unlink(good);
out:
	free(bytes);
	ksym_symtab_unref(tab);
	ksym_ctx_unref(ctx);
	return 0;
}

static int index_write_reports_unwritable_directory(void)
{
	struct ksym_ctx *ctx = ksym_ctx_new();
	struct ksym_symtab *tab = table(ctx, 3);
	struct ksym_index *ix = NULL;
	int r;

	r = ksym_index_write(ctx, tab, "/nonexistent/dir/x.idx");
	CHECK(r == -ENOENT, "returned %s", test_errname(r));
	CHECK(strstr(ksym_ctx_last_error(ctx), "/nonexistent/dir/x.idx"),
	      "last error '%s'", ksym_ctx_last_error(ctx));
	r = ksym_index_open(ctx, "/nonexistent/dir/x.idx", &ix);
	CHECK(r == -ENOENT && !ix, "open returned %s", test_errname(r));
	ksym_symtab_unref(tab);
	ksym_ctx_unref(ctx);
	return 0;
}

int main(void)
{
	int ret;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	TEST_RUN(index_finds_what_was_written);
	TEST_RUN(index_rejects_damaged_files);
	TEST_RUN(index_write_reports_unwritable_directory);
	ret = TEST_EXIT();
	(void)rmdir(dir);
	return ret;
}
