/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ksym solve: the dnf plugin's engine on repositories and an rpm database,
 * without dnf: which kernels can load which kmod builds, and why not.
 */
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <rpm/rpmlib.h>
#include <rpm/rpmmacro.h>
#include <solv/pool.h>
#include <solv/poolarch.h>
#include <solv/repo.h>
#include <solv/repo_rpmdb.h>
#include <solv/repo_rpmmd.h>
#include <solv/solv_xfopen.h>
#include <solv/solver.h>
#include <solv/testcase.h>

#include "tool.h"

static const char *arg_root;
static const char *arg_kernel;
static const char *arg_testcase;
static const char *arg_kernels = "";
static const char *arg_kmods = "";

static void help(void)
{
	printf("Usage: ksym solve [OPTION...] [KMOD...]\n\n"
	       "For each kmod build in the repositories and the rpm database (or\n"
	       "those named, by name or name-version-release.arch), print the\n"
	       "kernels that can load it, as the dnf plugin decides: one kernel,\n"
	       "with kmods built for it, must meet every kernel() and ksym()\n"
	       "requirement. Exit status 0: each loads into some kernel (or into\n"
	       "--kernel), 1: some do not, 2: usage.\n\n"
	       "  -r, --repo=DIR        a repository (DIR/repodata/), repeatable\n"
	       "  -R, --root=DIR        read the rpm database of this root\n"
	       "  -k, --kernel=KERNEL   explain against this kernel: name-version-\n"
	       "                        release.arch or version-release.arch\n"
	       "      --kernels=GLOBS   package names to count as kernels\n"
	       "      --kmods=GLOBS     package names to count as kmods\n"
	       "  -t, --testcase=DIR    write a libsolv testcase installing the kmods\n"
	       "  -v, --verbose         say more\n"
	       "  -q, --quiet           print errors only\n"
	       "  -h, --help            show this help\n");
}

static FILE *open_primary(const char *dir, char *path, size_t size)
{
	glob_t g;
	FILE *f = NULL;

	(void)snprintf(path, size, "%s/repodata/*primary.xml*", dir);
	if (glob(path, 0, NULL, &g) != 0)
		return NULL;
	(void)snprintf(path, size, "%s", g.gl_pathv[0]);
	f = solv_xfopen(path, "r");
	globfree(&g);
	return f;
}

static int add_repo(Pool *pool, const char *dir)
{
	char path[PATH_MAX];
	FILE *f = open_primary(dir, path, sizeof(path));
	Repo *repo;

	if (!f) {
		log_error("cannot read '%s/repodata': no primary.xml", dir);
		log_hint("make it with 'createrepo_c %s'", dir);
		return -ENOENT;
	}
	repo = repo_create(pool, dir);
	if (repo_add_rpmmd(repo, f, NULL, 0) != 0) {
		log_error("cannot read '%s': %s", path, pool_errstr(pool));
		fclose(f);
		return -EBADMSG;
	}
	fclose(f);
	log_info("%s: %d packages", dir, repo->nsolvables);
	return 0;
}

static int add_rpmdb(Pool *pool, const char *root)
{
	Repo *repo = repo_create(pool, "@System");
	char *dbpath, *rooted;
	int ret;

	/*
	 * libsolv takes %_dbpath from rpm's macros (Debian: ~/.rpmdb) but, so
	 * read, does not put the root in front of it: name the whole path.
	 */
	if (rpmReadConfigFiles(NULL, NULL) != 0) {
		log_error("cannot read rpm's configuration");
		return -EIO;
	}
	dbpath = rpmExpand("%{?_dbpath}", NULL);
	if (!dbpath || !*dbpath) {
		free(dbpath);
		dbpath = strdup("/var/lib/rpm");
	}
	ret = dbpath && asprintf(&rooted, "%s%s", root, dbpath) >= 0 ? 0 : -ENOMEM;
	free(dbpath);
	if (ret < 0)
		return ret;
	rpmPushMacro(NULL, "_dbpath", NULL, rooted, RMIL_CMDLINE);
	free(rooted);
	if (repo_add_rpmdb(repo, NULL, 0) != 0) {
		log_error("cannot read the rpm database of '%s': %s", root,
			  pool_errstr(pool));
		return -EIO;
	}
	pool_set_installed(pool, repo);
	log_info("%s: %d installed packages", root, repo->nsolvables);
	return 0;
}

static bool kernel_matches(Pool *pool, Id p, const char *want)
{
	Solvable *s = pool->solvables + p;
	char buf[512];

	if (strcmp(pool_solvid2str(pool, p), want) == 0)
		return true;
	(void)snprintf(buf, sizeof(buf), "%s.%s", pool_id2str(pool, s->evr),
		       pool_id2str(pool, s->arch));
	if (strcmp(buf, want) == 0)
		return true;
	(void)snprintf(buf, sizeof(buf), "%s-%s", pool_id2str(pool, s->name),
		       pool_id2str(pool, s->evr));
	return strcmp(buf, want) == 0;
}

static bool kmod_wanted(Pool *pool, Id p, char **names, int n)
{
	Solvable *s = pool->solvables + p;

	if (n == 0)
		return true;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], pool_id2str(pool, s->name)) == 0 ||
		    strcmp(names[i], pool_solvid2str(pool, p)) == 0)
			return true;
	return false;
}

static const char *where(Pool *pool, Id p)
{
	return pool->installed && pool->solvables[p].repo == pool->installed ?
		       " (installed)" : "";
}

static int explain(struct ksym_solver *s, Id kmod, Id kernel)
{
	Pool *pool = ksym_solver_pool(s);
	struct ksym_verdict *v;
	const int *helpers;
	size_t n;
	int ret = ksym_solver_check(s, kmod, kernel, &v);

	if (ret < 0)
		return ret;
	n = ksym_verdict_unmet_count(v);
	if (!n) {
		size_t nh = ksym_verdict_helpers(v, &helpers);

		printf("%s loads into %s", pool_solvid2str(pool, kmod),
		       pool_solvid2str(pool, kernel));
		for (size_t i = 0; i < nh; i++)
			printf("%s%s", i ? ", " : " with ",
			       pool_solvid2str(pool, helpers[i]));
		printf("\n");
	} else {
		printf("%s cannot load into %s: %zu symbol%s differ%s\n",
		       pool_solvid2str(pool, kmod), pool_solvid2str(pool, kernel), n,
		       n == 1 ? "" : "s", n == 1 ? "s" : "");
	}
	for (size_t i = 0; i < n; i++) {
		const char *dep, *wanted, *offered;

		(void)ksym_verdict_unmet(v, i, &dep, &wanted, &offered, NULL);
		printf("  %s: wants %s, %s offers %s\n", dep, wanted,
		       pool_solvid2str(pool, kernel), offered ? offered : "none");
	}
	ksym_verdict_unref(v);
	return n == 0;
}

static int list_kernels(struct ksym_solver *s, Id kmod)
{
	Pool *pool = ksym_solver_pool(s);
	const int *kernels;
	size_t n = ksym_solver_list(s, KSYM_ROLE_KERNEL, &kernels);
	int found = 0;

	printf("%s%s:", pool_solvid2str(pool, kmod), where(pool, kmod));
	for (size_t i = 0; i < n; i++) {
		int ret = ksym_solver_loads(s, kmod, kernels[i]);

		if (ret < 0)
			return ret;
		if (ret) {
			printf(" %s%s", pool_solvid2str(pool, kernels[i]),
			       where(pool, kernels[i]));
			found = 1;
		}
	}
	printf("%s\n", found ? "" : " (no kernel)");
	return found;
}

static int write_testcase(Pool *pool, struct ksym_solver *s, char **names, int n)
{
	const int *kmods;
	size_t nk = ksym_solver_list(s, KSYM_ROLE_KMOD, &kmods);
	Solver *solv;
	Queue job;
	int ret = 0;

	queue_init(&job);
	for (size_t i = 0; i < nk; i++) {
		Id name = pool->solvables[kmods[i]].name;

		if (kmod_wanted(pool, kmods[i], names, n))
			queue_push2(&job, SOLVER_INSTALL | SOLVER_SOLVABLE_NAME, name);
	}
	solv = solver_create(pool);
	(void)solver_solve(solv, &job);
	if (!testcase_write(solv, arg_testcase,
			    TESTCASE_RESULT_TRANSACTION | TESTCASE_RESULT_PROBLEMS, NULL,
			    NULL)) {
		log_error("cannot write testcase '%s': %s", arg_testcase,
			  pool_errstr(pool));
		ret = -EIO;
	}
	solver_free(solv);
	queue_free(&job);
	return ret;
}

static int run(struct ksym_ctx *ctx, Pool *pool, char **names, int n)
{
	struct ksym_solver *s = NULL;
	const int *kmods, *kernels;
	size_t nkmods, nkernels;
	Id kernel = 0;
	int ret, status = EXIT_OK, checked = 0;

	ret = ksym_solver_new(ctx, pool, &s);
	if (ret >= 0)
		ret = ksym_solver_set_names(s, KSYM_ROLE_KERNEL, arg_kernels);
	if (ret >= 0)
		ret = ksym_solver_set_names(s, KSYM_ROLE_KMOD, arg_kmods);
	if (ret >= 0)
		ret = ksym_solver_classify(s);
	if (ret < 0)
		goto out;

	nkernels = ksym_solver_list(s, KSYM_ROLE_KERNEL, &kernels);
	for (size_t i = 0; arg_kernel && i < nkernels && !kernel; i++)
		if (kernel_matches(pool, kernels[i], arg_kernel))
			kernel = kernels[i];
	if (arg_kernel && !kernel) {
		log_error("no kernel package '%s' in the repositories or the rpm database",
			  arg_kernel);
		ret = 0;
		status = EXIT_FAIL;
		goto out;
	}

	nkmods = ksym_solver_list(s, KSYM_ROLE_KMOD, &kmods);
	for (size_t i = 0; i < nkmods; i++) {
		if (!kmod_wanted(pool, kmods[i], names, n))
			continue;
		checked++;
		ret = kernel ? explain(s, kmods[i], kernel) : list_kernels(s, kmods[i]);
		if (ret < 0)
			goto out;
		if (!ret)
			status = EXIT_FAIL;
	}
	if (n && !checked) {
		log_error("no kmod matches the names given");
		status = EXIT_FAIL;
	}
	ret = arg_testcase ? write_testcase(pool, s, names, n) : 0;
out:
	if (ret < 0) {
		log_error("cannot check kmods: %s", *ksym_ctx_last_error(ctx) ?
			  ksym_ctx_last_error(ctx) : strerror(-ret));
		status = EXIT_FAIL;
	}
	ksym_solver_unref(s);
	return status;
}

int cmd_solve(int argc, char **argv)
{
	static const struct option options[] = {
		{ "repo", required_argument, NULL, 'r' },
		{ "root", required_argument, NULL, 'R' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "testcase", required_argument, NULL, 't' },
		{ "kernels", required_argument, NULL, 'K' },
		{ "kmods", required_argument, NULL, 'M' },
		COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct ksym_ctx *ctx = NULL;
	struct utsname uts;
	Pool *pool = pool_create();
	int c, status = EXIT_FAIL, nrepos = 0;

	/* a Debian-built libsolv defaults to deb version rules */
	(void)pool_setdisttype(pool, DISTTYPE_RPM);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":r:R:k:t:vqh", options, NULL)) != -1) {
		if (common_option(c))
			continue;
		switch (c) {
		case 'r':
			if (add_repo(pool, optarg) < 0)
				goto out;
			nrepos++;
			break;
		case 'R':
			arg_root = optarg;
			break;
		case 'k':
			arg_kernel = optarg;
			break;
		case 't':
			arg_testcase = optarg;
			break;
		case 'K':
			arg_kernels = optarg;
			break;
		case 'M':
			arg_kmods = optarg;
			break;
		case 'h':
			help();
			status = EXIT_OK;
			goto out;
		default:
			status = option_error("solve", c, argv);
			goto out;
		}
	}
	if (!nrepos && !arg_root) {
		status = usage_error("solve", "no --repo or --root given");
		goto out;
	}
	if (arg_root && add_rpmdb(pool, arg_root) < 0)
		goto out;

	pool_setarch(pool, uname(&uts) == 0 ? uts.machine : "x86_64");
	pool_addfileprovides(pool);
	pool_createwhatprovides(pool);
	ctx = tool_ctx_new();
	if (!ctx)
		goto out;
	status = run(ctx, pool, argv + optind, argc - optind);
out:
	ksym_ctx_unref(ctx);
	pool_free(pool);
	return status;
}
