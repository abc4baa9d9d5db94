// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kmod/kernel engine (lib/solve.c) on libsolv testcases. Each row is
 * a testcase in libsolv's testtags format, written here by hand, read
 * with testcase_read() from libsolvext: a kmod, a kernel, and what the
 * engine must say about them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <solv/pool.h>
#include <solv/repo.h>
#include <solv/solver.h>
#include <solv/testcase.h>

#include "ksym.h"

static int failures;

#define CHECK(row, cond, ...)                                                 \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "FAIL: %s: ", row);                   \
			fprintf(stderr, __VA_ARGS__);                         \
			fputc('\n', stderr);                                  \
			failures++;                                           \
		}                                                             \
	} while (0)

/* Kernels 6.1 and 6.2 in the Fedora spelling, installed. */
#define FEDORA_KERNELS                                                        \
	"repo system 0 testtags <inline>\n"                                   \
	"#>=Pkg: kernel 6.1 1 x86_64\n"                                       \
	"#>=Prv: installonlypkg(kernel)\n"                                    \
	"#>=Prv: kernel(a) = 0x00000001\n"                                    \
	"#>=Prv: kernel(b) = 0x00000011\n"                                    \
	"#>=Pkg: kernel 6.2 1 x86_64\n"                                       \
	"#>=Prv: installonlypkg(kernel)\n"                                    \
	"#>=Prv: kernel(a) = 0x00000001\n"                                    \
	"#>=Prv: kernel(b) = 0x00000012\n"

/*
 * Kernel 6.5 split as Fedora splits it: kernel-core heads it, with
 * kernel-uname-r; kernel-modules is a part, requiring that uname. A debug
 * flavour of the same version has a uname of its own.
 */
#define SPLIT_KERNEL                                                          \
	"repo system 0 testtags <inline>\n"                                   \
	"#>=Pkg: kernel-core 6.5 1 x86_64\n"                                  \
	"#>=Prv: installonlypkg(kernel)\n"                                    \
	"#>=Prv: kernel-uname-r = 6.5-1.x86_64\n"                             \
	"#>=Prv: kernel(a) = 0x00000001\n"                                    \
	"#>=Pkg: kernel-modules 6.5 1 x86_64\n"                               \
	"#>=Req: kernel-uname-r = 6.5-1.x86_64\n"                             \
	"#>=Prv: kernel(mod_fn) = 0x00000031\n"                               \
	"#>=Pkg: kernel-debug-core 6.5 1 x86_64\n"                            \
	"#>=Prv: installonlypkg(kernel)\n"                                    \
	"#>=Prv: kernel-uname-r = 6.5-1.x86_64+debug\n"                       \
	"#>=Prv: kernel(a) = 0x00000001\n"                                    \
	"#>=Pkg: kernel-debug-modules 6.5 1 x86_64\n"                         \
	"#>=Req: kernel-uname-r = 6.5-1.x86_64+debug\n"                       \
	"#>=Prv: kernel(mod_fn) = 0x00000032\n"

struct row {
	const char *name;
	const char *testcase;
	const char *kmod;
	const char *kernel;
	int loads;
	/* "dep wanted offered;" per unmet requirement, "-" for none offered */
	const char *unmet;
	/* helper kmods, "nevra;" each */
	const char *helpers;
};

static const struct row rows[] = {
	{ "fedora_kernel_meets_every_requirement",
	  FEDORA_KERNELS "repo available 0 testtags <inline>\n"
	  "#>=Pkg: kmod-foo 1.0 1.k61 x86_64\n"
	  "#>=Req: kernel(a) = 0x00000001\n"
	  "#>=Req: kernel(b) = 0x00000011\n",
	  "kmod-foo-1.0-1.k61.x86_64", "kernel-6.1-1.x86_64", 1, "", "" },
	{ "fedora_mismatch_reports_wanted_and_offered_crc",
	  FEDORA_KERNELS "repo available 0 testtags <inline>\n"
	  "#>=Pkg: kmod-foo 1.0 1.k61 x86_64\n"
	  "#>=Req: kernel(a) = 0x00000001\n"
	  "#>=Req: kernel(b) = 0x00000011\n",
	  "kmod-foo-1.0-1.k61.x86_64", "kernel-6.2-1.x86_64", 0,
	  "kernel(b) 0x00000011 0x00000012;", "" },
	{ "missing_symbol_is_offered_by_none",
	  FEDORA_KERNELS "repo available 0 testtags <inline>\n"
	  "#>=Pkg: kmod-foo 1.0 1.k61 x86_64\n"
	  "#>=Req: kernel(zz) = 0x00000005\n",
	  "kmod-foo-1.0-1.k61.x86_64", "kernel-6.1-1.x86_64", 0,
	  "kernel(zz) 0x00000005 -;", "" },
	{ "suse_spelling_is_met",
	  "repo system 0 testtags <inline>\n"
	  "#>=Pkg: kernel-default 6.4.0 150600.1 x86_64\n"
	  "#>=Prv: ksym(default:a) = a0793bd\n"
	  "#>=Prv: ksym(default:b) = 1\n"
	  "repo available 0 testtags <inline>\n"
	  "#>=Pkg: foo-kmp-default 1.0 1 x86_64\n"
	  "#>=Req: ksym(default:a) = a0793bd\n"
	  "#>=Req: ksym(default:b) = 1\n",
	  "foo-kmp-default-1.0-1.x86_64", "kernel-default-6.4.0-150600.1.x86_64", 1,
	  "", "" },
	{ "same_crc_in_other_spelling_is_still_unmet",
	  "repo system 0 testtags <inline>\n"
	  "#>=Pkg: kernel-default 6.4.0 1 x86_64\n"
	  "#>=Prv: ksym(default:a) = a0793bd\n"
	  "repo available 0 testtags <inline>\n"
	  "#>=Pkg: kmod-foo 1.0 1 x86_64\n"
	  "#>=Req: kernel(a) = 0x0a0793bd\n",
	  "kmod-foo-1.0-1.x86_64", "kernel-default-6.4.0-1.x86_64", 0,
	  "kernel(a) 0x0a0793bd a0793bd;", "" },
	{ "ksym_comes_from_kmod_built_for_same_kernel",
	  FEDORA_KERNELS "repo available 0 testtags <inline>\n"
	  "#>=Pkg: kmod-bar 1.1 1.k61 x86_64\n"
	  "#>=Req: kernel(b) = 0x00000011\n"
	  "#>=Prv: ksym(bar_fn) = 0x00000077\n"
	  "#>=Pkg: kmod-bar 1.0 1.k62 x86_64\n"
	  "#>=Req: kernel(b) = 0x00000012\n"
	  "#>=Prv: ksym(bar_fn) = 0x00000077\n"
	  "#>=Pkg: kmod-foo 1.0 1.k62 x86_64\n"
	  "#>=Req: kernel(a) = 0x00000001\n"
	  "#>=Req: ksym(bar_fn) = 0x00000077\n",
	  "kmod-foo-1.0-1.k62.x86_64", "kernel-6.2-1.x86_64", 1, "",
	  "kmod-bar-1.0-1.k62.x86_64;" },
	{ "ksym_from_kmod_for_other_kernel_is_unmet",
	  FEDORA_KERNELS "repo available 0 testtags <inline>\n"
	  "#>=Pkg: kmod-bar 1.1 1.k61 x86_64\n"
	  "#>=Req: kernel(b) = 0x00000011\n"
	  "#>=Prv: ksym(bar_fn) = 0x00000077\n"
	  "#>=Pkg: kmod-foo 1.0 1.k62 x86_64\n"
	  "#>=Req: kernel(a) = 0x00000001\n"
	  "#>=Req: ksym(bar_fn) = 0x00000077\n",
	  "kmod-foo-1.0-1.k62.x86_64", "kernel-6.2-1.x86_64", 0,
	  "ksym(bar_fn) 0x00000077 -;", "" },
	{ "kmods_needing_each_other_load_together",
	  FEDORA_KERNELS "repo available 0 testtags <inline>\n"
	  "#>=Pkg: kmod-x 1.0 1 x86_64\n"
	  "#>=Req: kernel(a) = 0x00000001\n"
	  "#>=Req: ksym(y_fn) = 0x00000002\n"
	  "#>=Prv: ksym(x_fn) = 0x00000001\n"
	  "#>=Pkg: kmod-y 1.0 1 x86_64\n"
	  "#>=Req: ksym(x_fn) = 0x00000001\n"
	  "#>=Prv: ksym(y_fn) = 0x00000002\n",
	  "kmod-x-1.0-1.x86_64", "kernel-6.1-1.x86_64", 1, "", "kmod-y-1.0-1.x86_64;" },
	{ "own_ksym_provide_meets_own_requirement",
	  FEDORA_KERNELS "repo available 0 testtags <inline>\n"
	  "#>=Pkg: kmod-foo 1.0 1 x86_64\n"
	  "#>=Req: kernel(a) = 0x00000001\n"
	  "#>=Req: ksym(foo_core) = 0x00000009\n"
	  "#>=Prv: ksym(foo_core) = 0x00000009\n",
	  "kmod-foo-1.0-1.x86_64", "kernel-6.1-1.x86_64", 1, "", "" },
	{ "split_kernel_parts_count_for_their_head",
	  SPLIT_KERNEL "repo available 0 testtags <inline>\n"
	  "#>=Pkg: kmod-foo 1.0 1 x86_64\n"
	  "#>=Req: kernel(a) = 0x00000001\n"
	  "#>=Req: kernel(mod_fn) = 0x00000031\n",
	  "kmod-foo-1.0-1.x86_64", "kernel-core-6.5-1.x86_64", 1, "", "" },
	{ "split_kernel_other_flavour_parts_do_not_count",
	  SPLIT_KERNEL "repo available 0 testtags <inline>\n"
	  "#>=Pkg: kmod-foo 1.0 1 x86_64\n"
	  "#>=Req: kernel(a) = 0x00000001\n"
	  "#>=Req: kernel(mod_fn) = 0x00000031\n",
	  "kmod-foo-1.0-1.x86_64", "kernel-debug-core-6.5-1.x86_64", 0,
	  "kernel(mod_fn) 0x00000031 0x00000032;", "" },
};

static Id find_solvable(Pool *pool, const char *nevra)
{
	Id p;

	FOR_POOL_SOLVABLES(p)
		if (strcmp(pool_solvid2str(pool, p), nevra) == 0)
			return p;
	return 0;
}

static Pool *read_testcase(const char *row, const char *text)
{
	Pool *pool = pool_create();
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	Solver *solv;
	Queue job;

	/* a Debian-built libsolv defaults to deb version rules */
	(void)pool_setdisttype(pool, DISTTYPE_RPM);
	queue_init(&job);
	solv = testcase_read(pool, f, row, &job, NULL, NULL);
	if (solv)
		solver_free(solv);
	queue_free(&job);
	fclose(f);
	pool_addfileprovides(pool);
	pool_createwhatprovides(pool);
	return pool;
}

static void describe(Pool *pool, const struct ksym_verdict *v, char *unmet,
		     size_t usize, char *helpers, size_t hsize)
{
	const int *ids;
	size_t n = ksym_verdict_helpers(v, &ids);

	unmet[0] = helpers[0] = '\0';
	for (size_t i = 0; i < ksym_verdict_unmet_count(v); i++) {
		const char *dep, *wanted, *offered;
		size_t len = strlen(unmet);

		(void)ksym_verdict_unmet(v, i, &dep, &wanted, &offered, NULL);
		snprintf(unmet + len, usize - len, "%s %s %s;", dep, wanted,
			 offered ? offered : "-");
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(helpers);

		snprintf(helpers + len, hsize - len, "%s;", pool_solvid2str(pool, ids[i]));
	}
}

static void run_row(struct ksym_ctx *ctx, size_t i, const struct row *r)
{
	Pool *pool = read_testcase(r->name, r->testcase);
	struct ksym_solver *s = NULL;
	struct ksym_verdict *v = NULL;
	char unmet[1024], helpers[1024];
	Id kmod = find_solvable(pool, r->kmod), kernel = find_solvable(pool, r->kernel);
	int loads;

	CHECK(r->name, kmod && kernel, "row %zu: '%s' or '%s' not in the testcase", i,
	      r->kmod, r->kernel);
	if (!kmod || !kernel || ksym_solver_new(ctx, pool, &s) < 0)
		goto out;

	loads = ksym_solver_loads(s, kmod, kernel);
	CHECK(r->name, loads == r->loads, "row %zu: loads %d, expected %d", i, loads,
	      r->loads);
	if (ksym_solver_check(s, kmod, kernel, &v) < 0) {
		CHECK(r->name, 0, "row %zu: check failed", i);
		goto out;
	}
	describe(pool, v, unmet, sizeof(unmet), helpers, sizeof(helpers));
	CHECK(r->name, strcmp(unmet, r->unmet) == 0, "row %zu: unmet '%s', expected '%s'",
	      i, unmet, r->unmet);
	CHECK(r->name, strcmp(helpers, r->helpers) == 0,
	      "row %zu: helpers '%s', expected '%s'", i, helpers, r->helpers);
out:
	ksym_verdict_unref(v);
	ksym_solver_unref(s);
	pool_free(pool);
}

/* A split kernel is listed once, by its head; its parts keep their role. */
static void test_split_kernel_listed_by_head(struct ksym_ctx *ctx)
{
	Pool *pool = read_testcase("split", SPLIT_KERNEL);
	struct ksym_solver *s = NULL;
	char listed[512] = "";
	const int *ids;
	size_t n;

	if (ksym_solver_new(ctx, pool, &s) < 0) {
		CHECK("split_kernel_listed_by_head", 0, "no solver");
		goto out;
	}
	CHECK("split_kernel_listed_by_head", ksym_solver_classify(s) == 2,
	      "not 2 kernels");
	n = ksym_solver_list(s, KSYM_ROLE_KERNEL, &ids);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(listed);

		snprintf(listed + len, sizeof(listed) - len, "%s;",
			 pool_solvid2str(pool, ids[i]));
	}
	CHECK("split_kernel_listed_by_head",
	      strcmp(listed, "kernel-core-6.5-1.x86_64;kernel-debug-core-6.5-1.x86_64;") == 0,
	      "kernels '%s'", listed);
	CHECK("split_kernel_listed_by_head",
	      ksym_solver_role(s, find_solvable(pool, "kernel-modules-6.5-1.x86_64")) ==
		      KSYM_ROLE_KERNEL,
	      "kernel-modules lost the kernel role");
out:
	ksym_solver_unref(s);
	pool_free(pool);
}

/*
 * The packages around a kernel that say installonlypkg(kernel) and
 * provide no symbols: kernel-devel names the kernel's R in
 * kernel-devel-uname-r, Fedora's empty "kernel" package in the
 * kernel-core-uname-r it requires. With their kernel there they are
 * parts of it; a kernel-devel whose kernel is not there is no kernel.
 */
static void test_devel_and_meta_packages_are_no_kernels(struct ksym_ctx *ctx)
{
	static const char *name = "devel_and_meta_packages_are_no_kernels";
	Pool *pool = read_testcase(name,
		SPLIT_KERNEL
		"#>=Pkg: kernel 6.5 1 x86_64\n"
		"#>=Prv: installonlypkg(kernel)\n"
		"#>=Req: kernel-core-uname-r = 6.5-1.x86_64\n"
		"#>=Req: kernel-modules-uname-r = 6.5-1.x86_64\n"
		"#>=Pkg: kernel-devel 6.5 1 x86_64\n"
		"#>=Prv: installonlypkg(kernel)\n"
		"#>=Prv: kernel-devel-uname-r = 6.5-1.x86_64\n"
		"#>=Pkg: kernel-devel 6.9 1 x86_64\n"
		"#>=Prv: installonlypkg(kernel)\n"
		"#>=Prv: kernel-devel-uname-r = 6.9-1.x86_64\n");
	struct ksym_solver *s = NULL;
	const int *ids;
	size_t n;
	int core, meta, devel, lone;

	if (ksym_solver_new(ctx, pool, &s) < 0) {
		CHECK(name, 0, "no solver");
		goto out;
	}
	core = find_solvable(pool, "kernel-core-6.5-1.x86_64");
	meta = find_solvable(pool, "kernel-6.5-1.x86_64");
	devel = find_solvable(pool, "kernel-devel-6.5-1.x86_64");
	lone = find_solvable(pool, "kernel-devel-6.9-1.x86_64");
	CHECK(name, ksym_solver_classify(s) == 2, "not 2 kernels");
	n = ksym_solver_list(s, KSYM_ROLE_KERNEL, &ids);
	CHECK(name, n == 2 && ids[0] == core,
	      "kernel-core-6.5 is not the first of 2 kernels");
	CHECK(name, ksym_solver_kernel_of(s, meta) == core,
	      "the empty kernel package is not part of kernel-core");
	CHECK(name, ksym_solver_kernel_of(s, devel) == core,
	      "kernel-devel-6.5 is not part of kernel-core");
	CHECK(name, ksym_solver_role(s, lone) == KSYM_ROLE_NONE,
	      "kernel-devel-6.9, with no kernel 6.9, counts as a kernel");
out:
	ksym_solver_unref(s);
	pool_free(pool);
}

/* Which packages are kernels and which kmods, and the name override. */
static void test_classify_by_dependencies_and_names(struct ksym_ctx *ctx)
{
	static const char *name = "classify_by_dependencies_and_names";
	Pool *pool = read_testcase(name,
		FEDORA_KERNELS
		"repo available 0 testtags <inline>\n"
		"#>=Pkg: linux-image 6.3 1 x86_64\n"
		"#>=Prv: kernel(a) = 0x00000001\n"
		"#>=Pkg: kmod-foo 1.0 1 x86_64\n"
		"#>=Req: kernel(a) = 0x00000001\n"
		"#>=Pkg: bash 5 1 x86_64\n"
		"#>=Pkg: my-kernel-tools 1 1 x86_64\n"
		"#>=Req: kernel(a) = 0x00000001\n");
	struct ksym_solver *s = NULL;
	const int *ids;

	if (ksym_solver_new(ctx, pool, &s) < 0)
		goto out;
	CHECK(name, ksym_solver_classify(s) == 5, "expected 5 kernels and kmods");
	CHECK(name, ksym_solver_list(s, KSYM_ROLE_KERNEL, &ids) == 3, "expected 3 kernels");
	CHECK(name, ksym_solver_role(s, find_solvable(pool, "linux-image-6.3-1.x86_64")) ==
	      KSYM_ROLE_KERNEL, "linux-image: provides only, a kernel");
	CHECK(name, ksym_solver_role(s, find_solvable(pool, "bash-5-1.x86_64")) ==
	      KSYM_ROLE_NONE, "bash is neither");

	CHECK(name, ksym_solver_set_names(s, KSYM_ROLE_KERNEL, "bash, linux-*") == 0,
	      "set_names");
	CHECK(name, ksym_solver_set_names(s, KSYM_ROLE_KMOD, "nothing") == 0, "set_names");
	CHECK(name, ksym_solver_classify(s) == 6, "expected bash counted as a kernel");
	CHECK(name, ksym_solver_role(s, find_solvable(pool, "bash-5-1.x86_64")) ==
	      KSYM_ROLE_KERNEL, "bash named a kernel");
	CHECK(name, ksym_solver_loads(s, find_solvable(pool, "bash-5-1.x86_64"),
				     find_solvable(pool, "kernel-6.1-1.x86_64")) == -EINVAL,
	      "a kernel is not checked as a kmod");
out:
	ksym_solver_unref(s);
	pool_free(pool);
}

/* Hidden packages (dnf's excludes) neither count nor help. */
static void test_hidden_kernel_is_no_kernel(struct ksym_ctx *ctx)
{
	static const char *name = "hidden_kernel_is_no_kernel";
	Pool *pool = read_testcase(name, FEDORA_KERNELS);
	struct ksym_solver *s = NULL;
	int visible[1];
	const int *ids;

	visible[0] = find_solvable(pool, "kernel-6.2-1.x86_64");
	if (ksym_solver_new(ctx, pool, &s) < 0)
		goto out;
	CHECK(name, ksym_solver_set_visible(s, visible, 1) == 0, "set_visible");
	CHECK(name, ksym_solver_list(s, KSYM_ROLE_KERNEL, &ids) == 0, "stale list kept");
	CHECK(name, ksym_solver_classify(s) == 1, "expected one kernel");
	CHECK(name, ksym_solver_list(s, KSYM_ROLE_KERNEL, &ids) == 1 && ids[0] == visible[0],
	      "expected only kernel-6.2");
	visible[0] = 999;
	CHECK(name, ksym_solver_set_visible(s, visible, 1) == -EINVAL,
	      "an id outside the pool is refused");
out:
	ksym_solver_unref(s);
	pool_free(pool);
}

static void test_dep_parse(void)
{
	static const struct {
		const char *evr;
		int ret;
		uint32_t crc;
	} crcs[] = {
		{ "0x0a0793bd", 0, 0x0a0793bd }, { "a0793bd", 0, 0x0a0793bd },
		{ "0", 0, 0 }, { "0x", -EINVAL, 0 }, { "", -EINVAL, 0 },
		{ "0x1ffffffff", -EINVAL, 0 }, { "12g", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
	};
	static const struct {
		const char *name;
		int kind;
		const char *flavor, *sym;
	} deps[] = {
		{ "kernel(printk)", KSYM_DEP_KERNEL, "", "printk" },
		{ "ksym(foo_fn)", KSYM_DEP_KSYM, "", "foo_fn" },
		{ "ksym(default:printk)", KSYM_DEP_KSYM, "default", "printk" },
		{ "kernel()", -EINVAL, NULL, NULL },
		{ "kernel(a", -EINVAL, NULL, NULL },
		{ "kmod(foo.ko)", -EINVAL, NULL, NULL },
		{ "kernel-uname-r", -EINVAL, NULL, NULL },
	};

	for (size_t i = 0; i < sizeof(crcs) / sizeof(crcs[0]); i++) {
		uint32_t crc = 0;
		int ret = ksym_dep_parse_crc(crcs[i].evr, &crc);

		CHECK("dep_parse_crc_reads_both_spellings",
		      ret == crcs[i].ret && (ret < 0 || crc == crcs[i].crc),
		      "row %zu '%s': got %d 0x%x", i, crcs[i].evr, ret, crc);
	}
	for (size_t i = 0; i < sizeof(deps) / sizeof(deps[0]); i++) {
		const char *flavor = NULL, *sym = NULL;
		size_t flen = 0, slen = 0;
		int kind = ksym_dep_split(deps[i].name, &flavor, &flen, &sym, &slen);

		CHECK("dep_split_reads_fedora_and_suse_names",
		      kind == deps[i].kind &&
		      (kind < 0 || (strlen(deps[i].flavor) == flen &&
				    strncmp(flavor, deps[i].flavor, flen) == 0 &&
				    strlen(deps[i].sym) == slen &&
				    strncmp(sym, deps[i].sym, slen) == 0)),
		      "row %zu '%s': got %d", i, deps[i].name, kind);
	}
}

int main(void)
{
	struct ksym_ctx *ctx = ksym_ctx_new();
	size_t n = sizeof(rows) / sizeof(rows[0]);

	for (size_t i = 0; i < n; i++)
		run_row(ctx, i, &rows[i]);
	test_classify_by_dependencies_and_names(ctx);
	test_hidden_kernel_is_no_kernel(ctx);
	test_split_kernel_listed_by_head(ctx);
	test_devel_and_meta_packages_are_no_kernels(ctx);
	test_dep_parse();
	ksym_ctx_unref(ctx);

	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	printf("test-solve: %zu rows and 5 tests passed\n", n);
	return 0;
}
