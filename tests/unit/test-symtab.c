/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Symbol tables: adding, input order, lookups, duplicates, bad names. */
#include "internal.h"
#include "test.h"

static int symtab_add_rejects_empty_names(void)
{
	static const struct {
		const char *name;
		int err;
	} rows[] = {
		{ "ok", 0 },
		{ "", -EINVAL },
		{ NULL, -EINVAL },
	};
	struct ksym_ctx *ctx = ksym_ctx_new();
	struct ksym_symtab *tab = ksym_symtab_new(ctx);

	for (size_t i = 0; i < KSYM_ARRAY_SIZE(rows); i++) {
		int r = ksym_symtab_add(tab, rows[i].name, 1, KSYM_SYM_CRC, NULL, NULL);

		CHECK(r == rows[i].err, "row %zu ('%s'): returned %s, expected %s", i,
		      rows[i].name ? rows[i].name : "(null)", test_errname(r),
		      test_errname(rows[i].err));
	}
	CHECK(ksym_symtab_count(tab) == 1, "count %zu", ksym_symtab_count(tab));
	ksym_symtab_unref(tab);
	ksym_ctx_unref(ctx);
	return 0;
}

/* A CRC without KSYM_SYM_CRC reads as 0; absent strings read as "". */
static int symtab_keeps_fields_as_given(void)
{
	static const struct {
		const char *name;
		uint32_t crc;
		unsigned flags;
		const char *ns, *module;
		uint32_t want_crc;
		const char *want_ns, *want_module;
	} rows[] = {
		{ "a", 0xdeadbeef, KSYM_SYM_CRC, "NS", "mod", 0xdeadbeef, "NS", "mod" },
		{ "b", 0xdeadbeef, 0, NULL, NULL, 0, "", "" },
		{ "c", 7, KSYM_SYM_CRC | KSYM_SYM_GPL, "", "", 7, "", "" },
	};
	struct ksym_ctx *ctx = ksym_ctx_new();
	struct ksym_symtab *tab = ksym_symtab_new(ctx);

	for (size_t i = 0; i < KSYM_ARRAY_SIZE(rows); i++)
		CHECK(ksym_symtab_add(tab, rows[i].name, rows[i].crc, rows[i].flags,
				      rows[i].ns, rows[i].module) == 0,
		      "row %zu: add failed", i);
	for (size_t i = 0; i < KSYM_ARRAY_SIZE(rows); i++) {
		const struct ksym_sym *s = ksym_symtab_get(tab, i);

		CHECK(s && strcmp(ksym_sym_name(s), rows[i].name) == 0 &&
		      ksym_sym_crc(s) == rows[i].want_crc &&
		      ksym_sym_flags(s) == rows[i].flags &&
		      strcmp(ksym_sym_namespace(s), rows[i].want_ns) == 0 &&
		      strcmp(ksym_sym_module(s), rows[i].want_module) == 0,
		      "row %zu: got %s 0x%08x %u '%s' '%s'", i,
		      s ? ksym_sym_name(s) : "(none)", s ? ksym_sym_crc(s) : 0,
		      s ? ksym_sym_flags(s) : 0, s ? ksym_sym_namespace(s) : "",
		      s ? ksym_sym_module(s) : "");
	}
	CHECK(ksym_symtab_get(tab, 3) == NULL, "get past the end");
	ksym_symtab_unref(tab);
	ksym_ctx_unref(ctx);
	return 0;
}

/*
 * Below 9 symbols lookups are linear, from 9 on they use the hash index;
 * both must find every name, the first of duplicates, and no others.
 */
static int symtab_find_returns_first_duplicate(void)
{
	static const size_t sizes[] = { 1, 8, 9, 100, 5000 };
	struct ksym_ctx *ctx = ksym_ctx_new();

	for (size_t k = 0; k < KSYM_ARRAY_SIZE(sizes); k++) {
		struct ksym_symtab *tab = ksym_symtab_new(ctx);
		size_t n = sizes[k];
		char name[32];

		for (size_t i = 0; i < n; i++) {
			snprintf(name, sizeof(name), "sym_%zu", i);
			CHECK(ksym_symtab_add(tab, name, (uint32_t)i, KSYM_SYM_CRC,
					      NULL, NULL) == 0, "add %s", name);
		}
		/* the same names again, with other CRCs */
		for (size_t i = 0; i < n; i++) {
			snprintf(name, sizeof(name), "sym_%zu", i);
			(void)ksym_symtab_add(tab, name, (uint32_t)(i + 1000000),
					      KSYM_SYM_CRC, NULL, NULL);
		}
		CHECK(ksym_symtab_count(tab) == 2 * n, "size %zu: count %zu", n,
		      ksym_symtab_count(tab));
		for (size_t i = 0; i < n; i++) {
			const struct ksym_sym *s;

			snprintf(name, sizeof(name), "sym_%zu", i);
			s = ksym_symtab_find(tab, name);
			CHECK(s && ksym_sym_crc(s) == i && s == ksym_symtab_get(tab, i),
			      "size %zu: find '%s' gave crc %u", n, name,
			      s ? ksym_sym_crc(s) : 0xffffffffu);
		}
		CHECK(!ksym_symtab_find(tab, "sym_"), "size %zu: found 'sym_'", n);
		CHECK(!ksym_symtab_find(tab, "absent"), "size %zu: found 'absent'", n);
		CHECK(!ksym_symtab_find(tab, NULL), "size %zu: found NULL", n);
		/* an add after a lookup must be found too */
		CHECK(ksym_symtab_add(tab, "late", 42, KSYM_SYM_CRC, NULL, NULL) == 0,
		      "add late");
		CHECK(ksym_symtab_find(tab, "late") &&
		      ksym_sym_crc(ksym_symtab_find(tab, "late")) == 42,
		      "size %zu: 'late' not found after an earlier lookup", n);
		ksym_symtab_unref(tab);
	}
	ksym_ctx_unref(ctx);
	return 0;
}

static int symtab_ref_keeps_table_alive(void)
{
	struct ksym_ctx *ctx = ksym_ctx_new();
	struct ksym_symtab *tab = ksym_symtab_new(ctx);
	struct ksym_symtab *ref = ksym_symtab_ref(tab);

	(void)ksym_symtab_add(tab, "kept", 1, KSYM_SYM_CRC, NULL, NULL);
	CHECK(ksym_symtab_unref(tab) == NULL, "unref returns NULL");
	CHECK(ksym_symtab_count(ref) == 1 && ksym_symtab_find(ref, "kept"),
	      "the second reference lost the table");
	ksym_symtab_unref(ref);
	CHECK(ksym_symtab_unref(NULL) == NULL, "unref(NULL)");
	CHECK(ksym_symtab_count(NULL) == 0, "count(NULL)");
	/* the table holds its own reference to the context */
	ksym_ctx_unref(ctx);
	return 0;
}

int main(void)
{
	TEST_RUN(symtab_add_rejects_empty_names);
	TEST_RUN(symtab_keeps_fields_as_given);
	TEST_RUN(symtab_find_returns_first_duplicate);
	TEST_RUN(symtab_ref_keeps_table_alive);
	return TEST_EXIT();
}
