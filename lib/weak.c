/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * weak-updates: link the out-of-tree modules of one kernel into every other
 * installed kernel whose exports meet all their imports with equal CRCs.
 *
 * A link is /lib/modules/T/weak-updates/REL -> ../../K/REL, relative so
 * that it resolves the same inside an install root and from outside it
 * (depmod -b reads it from outside). Only links of exactly that shape are
 * ours; anything else under weak-updates/ is left alone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

#define WEAK_DIR "weak-updates"

/* An out-of-tree module: RELEASE/REL under lib/modules. */
struct weak_mod {
	char *release;
	char *rel;
	char *name;
	struct ksym_elf *elf;
	/* per target kernel: still a candidate, and why it stopped being one */
	bool alive;
	char why[256];
};

/* One of our links found on disk. */
struct weak_link {
	char *rel;
	char *source;
	bool keep;
};

struct weak_kernel {
	char *release;
	/* NULL when the kernel is not installed (no symvers file) */
	struct ksym_symtab *exports;
	/* names of the modules it has itself, sorted */
	char **names;
	size_t n_names;
	struct weak_link *links;
	size_t n_links;
	/* REL of files under weak-updates/ that are not ours */
	char **foreign;
	size_t n_foreign;
};

struct weak_state {
	struct ksym_ctx *ctx;
	const char *root;
	char moddir[PATH_MAX];
	unsigned flags;
	ksym_weak_fn fn;
	void *data;
	struct weak_kernel *kernels;
	size_t n_kernels;
	struct weak_mod *mods;
	size_t n_mods;
	int first_error;
};

/*
 * Formats a path into a PATH_MAX buffer. A path that does not fit is cut,
 * and the call on it then fails with ENOENT like any missing file: paths
 * under /lib/modules are far below the limit.
 */
static void KSYM_PRINTF(2, 3) pathf(char *buf, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	(void)vsnprintf(buf, PATH_MAX, format, args);
	va_end(args);
}

static void KSYM_PRINTF(3, 4) whyf(char *buf, size_t size, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	(void)vsnprintf(buf, size, format, args);
	va_end(args);
}

static int grow(void **array, size_t n, size_t size)
{
	void *p;

	/* room for 8, then doubling: a new block is due at 0, 8, 16, 32 ... */
	if (n != 0 && (n < 8 || (n & (n - 1))))
		return 0;
	p = realloc(*array, (n ? 2 * n : 8) * size);
	if (!p)
		return -ENOMEM;
	*array = p;
	return 0;
}

static int strv_add(char ***v, size_t *n, const char *s)
{
	char *copy;

	if (grow((void **)v, *n, sizeof(**v)) < 0)
		return -ENOMEM;
	copy = strdup(s);
	if (!copy)
		return -ENOMEM;
	(*v)[(*n)++] = copy;
	return 0;
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool strv_has(char **v, size_t n, const char *s)
{
	return n && bsearch(&s, v, n, sizeof(*v), cmp_str);
}

static bool has_module_suffix(const char *name)
{
	static const char *const suffixes[] = { ".ko", ".ko.gz", ".ko.xz", ".ko.zst" };
	size_t len = strlen(name);

	for (size_t i = 0; i < KSYM_ARRAY_SIZE(suffixes); i++) {
		size_t sl = strlen(suffixes[i]);

		if (len > sl && strcmp(name + len - sl, suffixes[i]) == 0)
			return true;
	}
	return false;
}

/* The name the kernel and kmod know a module file by: "a-b.ko.xz" is "a_b". */
static char *module_name(const char *path)
{
	char *name = strdup(ksym_basename(path));
	char *dot;

	if (!name)
		return NULL;
	dot = strstr(name, ".ko");
	if (dot)
		*dot = '\0';
	for (char *p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}

typedef int (*walk_fn)(struct weak_state *st, void *data, const char *rel,
		       const struct stat *lst);

/* Calls fn for every entry below dir (not following symlinks), rel from base. */
static int walk(struct weak_state *st, const char *dir, const char *rel,
		walk_fn fn, void *data)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!d)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
	while ((de = readdir(d))) {
		char path[PATH_MAX], sub[PATH_MAX];
		struct stat lst;

		if (de->d_name[0] == '.' &&
		    (!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2])))
			continue;
		pathf(path, "%s/%s", dir, de->d_name);
		pathf(sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		if (lstat(path, &lst) < 0)
			continue;
		if (S_ISDIR(lst.st_mode))
			ret = walk(st, path, sub, fn, data);
		else
			ret = fn(st, data, sub, &lst);
		if (ret < 0)
			break;
	}
	closedir(d);
	return ret;
}

static const char *const symvers_names[] = {
	"symvers.gz", "symvers.xz", "symvers.zst", "symvers", "Module.symvers",
	"build/Module.symvers",
};

static int kernel_read_exports(struct weak_state *st, struct weak_kernel *k)
{
	char path[PATH_MAX];

	for (size_t i = 0; i < KSYM_ARRAY_SIZE(symvers_names); i++) {
		pathf(path, "%s/%s/%s", st->moddir, k->release,
			 symvers_names[i]);
		if (access(path, R_OK) == 0)
			return ksym_symvers_read(st->ctx, path, &k->exports);
	}
	pathf(path, "%s/boot/symvers-%s.gz", st->root, k->release);
	if (access(path, R_OK) == 0)
		return ksym_symvers_read(st->ctx, path, &k->exports);
	return 0;
}

/* Parses "../../../K/REL" for a link at weak-updates/REL: our shape, or NULL. */
static char *link_source(const char *rel, const char *target)
{
	size_t ups = 2;
	const char *p = target, *slash;

	for (const char *c = rel; *c; c++)
		if (*c == '/')
			ups++;
	for (size_t i = 0; i < ups; i++, p += 3)
		if (strncmp(p, "../", 3) != 0)
			return NULL;
	slash = strchr(p, '/');
	if (!slash || slash == p || strcmp(slash + 1, rel) != 0)
		return NULL;
	return strndup(p, slash - p);
}

static bool rel_is_out_of_tree(const char *rel)
{
	return strncmp(rel, "extra/", 6) == 0 || strncmp(rel, "updates/", 8) == 0;
}

static int scan_weak_entry(struct weak_state *st, void *data, const char *rel,
			   const struct stat *lst)
{
	struct weak_kernel *k = data;
	char path[PATH_MAX], target[PATH_MAX];
	char *source = NULL;
	ssize_t n;

	if (S_ISLNK(lst->st_mode) && rel_is_out_of_tree(rel)) {
		pathf(path, "%s/%s/" WEAK_DIR "/%s", st->moddir,
			 k->release, rel);
		n = readlink(path, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			source = link_source(rel, target);
		}
	}
	if (source && strcmp(source, k->release) != 0) {
		struct weak_link *l;

		if (grow((void **)&k->links, k->n_links, sizeof(*l)) < 0) {
			free(source);
			return -ENOMEM;
		}
		l = &k->links[k->n_links];
		l->rel = strdup(rel);
		l->source = source;
		l->keep = false;
		if (!l->rel)
			return -ENOMEM;
		k->n_links++;
		return 0;
	}
	free(source);
	if (strv_add(&k->foreign, &k->n_foreign, rel) < 0)
		return -ENOMEM;
	if (has_module_suffix(rel)) {
		char *name = module_name(rel);
		int r = name ? strv_add(&k->names, &k->n_names, name) : -ENOMEM;

		free(name);
		return r;
	}
	return 0;
}

static int scan_kernel_entry(struct weak_state *st, void *data, const char *rel,
			     const struct stat *lst)
{
	struct weak_kernel *k = data;
	struct weak_mod *m;
	char path[PATH_MAX];
	char *name;
	int r;

	if (strncmp(rel, WEAK_DIR "/", strlen(WEAK_DIR) + 1) == 0 ||
	    !has_module_suffix(rel))
		return 0;
	name = module_name(rel);
	if (!name)
		return -ENOMEM;
	r = strv_add(&k->names, &k->n_names, name);
	if (r < 0 || !rel_is_out_of_tree(rel) || !S_ISREG(lst->st_mode)) {
		free(name);
		return r;
	}

	if (grow((void **)&st->mods, st->n_mods, sizeof(*m)) < 0) {
		free(name);
		return -ENOMEM;
	}
	m = &st->mods[st->n_mods];
	memset(m, 0, sizeof(*m));
	m->name = name;
	m->release = strdup(k->release);
	m->rel = strdup(rel);
	if (!m->release || !m->rel) {
		free(m->release);
		free(m->rel);
		free(name);
		return -ENOMEM;
	}
	st->n_mods++;

	/* An unreadable module stays unlinked; it must not stop the others. */
	pathf(path, "%s/%s/%s", st->moddir, k->release, rel);
	r = ksym_elf_open(st->ctx, path, &m->elf);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		ksym_log(st->ctx, LOG_WARNING,
			 "cannot read module '%s': %s, leaving it unlinked", path,
			 ksym_ctx_last_error(st->ctx));
	else if (ksym_symtab_count(ksym_elf_imports(m->elf)) == 0)
		ksym_log(st->ctx, LOG_WARNING,
			 "module '%s' has no symbol versions (no __versions section), leaving it unlinked",
			 path);
	return 0;
}

static int scan_kernel(struct weak_state *st, struct weak_kernel *k)
{
	char dir[PATH_MAX];
	int r;

	r = kernel_read_exports(st, k);
	if (r < 0) {
		ksym_log(st->ctx, LOG_WARNING,
			 "cannot read the exports of kernel '%s': %s, treating it as not installed",
			 k->release, ksym_ctx_last_error(st->ctx));
		if (r == -ENOMEM)
			return r;
	}
	pathf(dir, "%s/%s", st->moddir, k->release);
	r = walk(st, dir, "", scan_kernel_entry, k);
	if (r < 0)
		return ksym_fail(st->ctx, r, "cannot read kernel '%s': %s", dir,
				 strerror(-r));
	pathf(dir, "%s/%s/" WEAK_DIR, st->moddir, k->release);
	r = walk(st, dir, "", scan_weak_entry, k);
	if (r < 0)
		return ksym_fail(st->ctx, r, "cannot read '%s': %s", dir, strerror(-r));
	qsort(k->names, k->n_names, sizeof(*k->names), cmp_str);
	return 0;
}

static int scan(struct weak_state *st)
{
	DIR *d = opendir(st->moddir);
	struct dirent *de;
	int r = 0;

	if (!d)
		return errno == ENOENT ? 0 :
		       ksym_fail(st->ctx, -errno, "cannot read '%s': %s",
				 st->moddir, strerror(errno));
	while ((de = readdir(d))) {
		struct weak_kernel *k;
		char path[PATH_MAX];
		struct stat sb;

		if (de->d_name[0] == '.')
			continue;
		pathf(path, "%s/%s", st->moddir, de->d_name);
		if (lstat(path, &sb) < 0 || !S_ISDIR(sb.st_mode))
			continue;
		r = grow((void **)&st->kernels, st->n_kernels, sizeof(*k));
		if (r < 0)
			break;
		k = &st->kernels[st->n_kernels];
		memset(k, 0, sizeof(*k));
		k->release = strdup(de->d_name);
		if (!k->release) {
			r = -ENOMEM;
			break;
		}
		st->n_kernels++;
	}
	closedir(d);
	for (size_t i = 0; r >= 0 && i < st->n_kernels; i++)
		r = scan_kernel(st, &st->kernels[i]);
	return r;
}

/* Candidates sort by name, then newest kernel first: the first alive one wins. */
static int cmp_mod(const void *a, const void *b)
{
	const struct weak_mod *x = *(struct weak_mod *const *)a;
	const struct weak_mod *y = *(struct weak_mod *const *)b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	c = strverscmp(y->release, x->release);
	return c ? c : strcmp(x->rel, y->rel);
}

static bool is_active(struct weak_mod **cand, size_t i)
{
	if (!cand[i]->alive)
		return false;
	for (size_t j = i; j-- > 0 && !strcmp(cand[j]->name, cand[i]->name);)
		if (cand[j]->alive)
			return false;
	return true;
}

/* Is sym, with crc, exported by a module that is loaded in k. */
static bool met_by_module(struct weak_state *st, const struct weak_kernel *k,
			  struct weak_mod **cand, size_t n, const char *sym,
			  uint32_t crc)
{
	for (size_t i = 0; i < st->n_mods; i++) {
		const struct weak_mod *m = &st->mods[i];
		const struct ksym_sym *s;

		if (!m->elf || strcmp(m->release, k->release) != 0)
			continue;
		s = ksym_symtab_find(ksym_elf_exports(m->elf), sym);
		if (s && ksym_sym_crc(s) == crc)
			return true;
	}
	for (size_t i = 0; i < n; i++) {
		const struct ksym_sym *s;

		if (!is_active(cand, i))
			continue;
		s = ksym_symtab_find(ksym_elf_exports(cand[i]->elf), sym);
		if (s && ksym_sym_crc(s) == crc)
			return true;
	}
	return false;
}

/* True when every import of m is met in k; else says why in m->why. */
static bool can_load(struct weak_state *st, const struct weak_kernel *k,
		     struct weak_mod **cand, size_t n, struct weak_mod *m)
{
	const struct ksym_symtab *im = ksym_elf_imports(m->elf);

	for (size_t i = 0; i < ksym_symtab_count(im); i++) {
		const struct ksym_sym *s = ksym_symtab_get(im, i);
		const char *sym = ksym_sym_name(s);
		const struct ksym_sym *ks = ksym_symtab_find(k->exports, sym);
		uint32_t want = ksym_sym_crc(s);

		/* a kernel export cannot be overridden by a module's */
		if (ks) {
			if (ksym_sym_crc(ks) == want)
				continue;
			whyf(m->why, sizeof(m->why),
				 "'%s' wants '%s' 0x%08x, kernel has 0x%08x", m->rel, sym,
				 want, ksym_sym_crc(ks));
			return false;
		}
		if (met_by_module(st, k, cand, n, sym, want))
			continue;
		whyf(m->why, sizeof(m->why),
			 "'%s' wants '%s' 0x%08x, which no kernel or linked module exports",
			 m->rel, sym, want);
		return false;
	}
	return true;
}

/*
 * The modules to link into k: the greatest set in which each module's
 * imports are met by k, by k's own modules, or by the set itself. Starts
 * from every candidate and drops those that fail until nothing changes.
 * Of candidates sharing a name, only the first alive one (newest kernel)
 * is active; dropping it makes the next one active.
 */
static void choose(struct weak_state *st, const struct weak_kernel *k,
		   struct weak_mod **cand, size_t n)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (size_t i = 0; i < n; i++) {
			if (!is_active(cand, i) || can_load(st, k, cand, n, cand[i]))
				continue;
			cand[i]->alive = false;
			changed = true;
			ksym_info(st->ctx,
				  "not linking '%s' of kernel '%s' into kernel '%s': %s",
				  cand[i]->rel, cand[i]->release, k->release,
				  cand[i]->why);
		}
	}
}

static void report(struct weak_state *st, enum ksym_weak_op op,
		   const char *release, const char *rel, const char *source,
		   const char *why)
{
	char link[PATH_MAX], target[PATH_MAX];

	if (!st->fn)
		return;
	pathf(link, WEAK_DIR "/%s", rel ? rel : "");
	snprintf(target, sizeof(target), "/lib/modules/%s/%s", source ? source : "",
		 rel ? rel : "");
	st->fn(st->data, op, release, rel ? link : NULL, source ? target : NULL, why);
}

static void note_error(struct weak_state *st, int r)
{
	if (!st->first_error)
		st->first_error = r;
	ksym_log(st->ctx, LOG_ERR, "%s", ksym_ctx_last_error(st->ctx));
}

static int mkdir_parents(char *path)
{
	for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			int r = -errno;

			*p = '/';
			return r;
		}
		*p = '/';
	}
	return 0;
}

/* Makes weak-updates/REL in release point at source's REL, atomically. */
static int make_link(struct weak_state *st, const char *release, const char *rel,
		     const char *source)
{
	char path[PATH_MAX], tmp[PATH_MAX], target[PATH_MAX];
	size_t len = 0;
	int r;

	pathf(path, "%s/%s/" WEAK_DIR "/%s", st->moddir, release, rel);
	pathf(tmp, "%s/%s/" WEAK_DIR "/%s.ksym-tmp.%ld", st->moddir,
		 release, rel, (long)getpid());
	target[0] = '\0';
	for (const char *c = rel; *c; c++)
		if (*c == '/')
			len += snprintf(target + len, sizeof(target) - len, "../");
	snprintf(target + len, sizeof(target) - len, "../../%s/%s", source, rel);

	r = mkdir_parents(path);
	if (r < 0)
		goto fail;
	(void)unlink(tmp);
	if (symlink(target, tmp) < 0) {
		r = -errno;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		r = -errno;
		(void)unlink(tmp);
		goto fail;
	}
	return 0;
fail:
	return ksym_fail(st->ctx, r,
			 "cannot link module '%s' of kernel '%s' into kernel '%s': %s",
			 rel, source, release, strerror(-r));
}

static int remove_link(struct weak_state *st, const char *release, const char *rel)
{
	char path[PATH_MAX], stop[PATH_MAX];
	char *slash;

	pathf(path, "%s/%s/" WEAK_DIR "/%s", st->moddir, release, rel);
	if (unlink(path) < 0 && errno != ENOENT)
		return ksym_fail(st->ctx, -errno,
				 "cannot remove link '%s' of kernel '%s': %s", rel,
				 release, strerror(errno));
	/* drop the directories this left empty, weak-updates/ included */
	pathf(stop, "%s/%s", st->moddir, release);
	while ((slash = strrchr(path, '/')) && (size_t)(slash - path) > strlen(stop)) {
		*slash = '\0';
		if (rmdir(path) < 0)
			break;
	}
	return 0;
}

static const char *const depmod_paths[] = { "/usr/sbin/depmod", "/sbin/depmod",
					    "/usr/bin/depmod" };

static int run_depmod(struct weak_state *st, const char *release)
{
	const char *depmod = "depmod";
	const char *base = *st->root ? st->root : "/";
	int status;
	pid_t pid;

	for (size_t i = 0; i < KSYM_ARRAY_SIZE(depmod_paths); i++) {
		if (access(depmod_paths[i], X_OK) == 0) {
			depmod = depmod_paths[i];
			break;
		}
	}
	pid = fork();
	if (pid < 0)
		return ksym_fail(st->ctx, -errno, "cannot run depmod for kernel '%s': %s",
				 release, strerror(errno));
	if (pid == 0) {
		execlp(depmod, "depmod", "-b", base, release, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return ksym_fail(st->ctx, -errno, "cannot run depmod for kernel '%s': %s",
				 release, strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return ksym_fail(st->ctx, -ECHILD,
				 "'depmod -b %s %s' failed with status %d", base, release,
				 WIFEXITED(status) ? WEXITSTATUS(status) :
						     128 + WTERMSIG(status));
	return 0;
}

static struct weak_link *find_link(struct weak_kernel *k, const char *rel)
{
	for (size_t i = 0; i < k->n_links; i++)
		if (strcmp(k->links[i].rel, rel) == 0)
			return &k->links[i];
	return NULL;
}

static bool source_exists(struct weak_state *st, const struct weak_link *l)
{
	for (size_t i = 0; i < st->n_mods; i++)
		if (!strcmp(st->mods[i].release, l->source) &&
		    !strcmp(st->mods[i].rel, l->rel))
			return true;
	return false;
}

/* Why an existing link goes, for the report. */
static void stale_reason(struct weak_state *st, struct weak_kernel *k,
			 const struct weak_link *l, struct weak_mod **cand, size_t n,
			 char *why, size_t size)
{
	char *name;

	if (!k->exports) {
		whyf(why, size, "kernel '%s' is not installed", k->release);
		return;
	}
	if (!source_exists(st, l)) {
		whyf(why, size, "module '%s' of kernel '%s' is gone", l->rel, l->source);
		return;
	}
	name = module_name(l->rel);
	if (name && strv_has(k->names, k->n_names, name)) {
		whyf(why, size, "kernel '%s' has its own module '%s'", k->release, name);
		free(name);
		return;
	}
	free(name);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(cand[i]->release, l->source) || strcmp(cand[i]->rel, l->rel))
			continue;
		if (cand[i]->why[0]) {
			whyf(why, size, "%s", cand[i]->why);
			return;
		}
		break;
	}
	whyf(why, size, "another build of module '%s' is linked instead", l->rel);
}

/* Plans and applies the changes of one kernel; returns how many were made. */
static int update_kernel(struct weak_state *st, struct weak_kernel *k)
{
	struct weak_mod **cand = calloc(st->n_mods + 1, sizeof(*cand));
	bool list = st->flags & KSYM_WEAK_LIST;
	bool dry = st->flags & (KSYM_WEAK_DRY_RUN | KSYM_WEAK_LIST);
	size_t n = 0;
	int changes = 0, r;

	if (!cand)
		return -ENOMEM;
	for (size_t i = 0; k->exports && i < st->n_mods; i++) {
		struct weak_mod *m = &st->mods[i];

		m->why[0] = '\0';
		m->alive = m->elf && ksym_symtab_count(ksym_elf_imports(m->elf)) > 0;
		if (!strcmp(m->release, k->release) || !m->alive ||
		    strv_has(k->names, k->n_names, m->name))
			continue;
		cand[n++] = m;
	}
	qsort(cand, n, sizeof(*cand), cmp_mod);
	choose(st, k, cand, n);

	for (size_t i = 0; i < n; i++) {
		struct weak_link *l;

		if (!is_active(cand, i))
			continue;
		l = find_link(k, cand[i]->rel);
		if (l && !strcmp(l->source, cand[i]->release)) {
			l->keep = true;
			if (list)
				report(st, KSYM_WEAK_KEEP, k->release, l->rel,
				       l->source, NULL);
			continue;
		}
		if (strv_has(k->foreign, k->n_foreign, cand[i]->rel)) {
			ksym_info(st->ctx,
				  "kernel '%s' has a file '" WEAK_DIR "/%s' not made by ksym, not linking '%s' of kernel '%s'",
				  k->release, cand[i]->rel, cand[i]->rel,
				  cand[i]->release);
			continue;
		}
		if (l)
			l->keep = true;
		report(st, KSYM_WEAK_LINK, k->release, cand[i]->rel,
		       cand[i]->release, NULL);
		if (dry) {
			changes++;
			continue;
		}
		r = make_link(st, k->release, cand[i]->rel, cand[i]->release);
		if (r == -ENOMEM)
			goto out;
		if (r < 0)
			note_error(st, r);
		else
			changes++;
	}
	for (size_t i = 0; i < k->n_links; i++) {
		struct weak_link *l = &k->links[i];
		char why[512];

		if (l->keep)
			continue;
		stale_reason(st, k, l, cand, n, why, sizeof(why));
		report(st, KSYM_WEAK_UNLINK, k->release, l->rel, l->source, why);
		if (dry) {
			changes++;
			continue;
		}
		r = remove_link(st, k->release, l->rel);
		if (r < 0)
			note_error(st, r);
		else
			changes++;
	}
	r = changes;
out:
	free(cand);
	return r;
}

static void state_free(struct weak_state *st)
{
	for (size_t i = 0; i < st->n_kernels; i++) {
		struct weak_kernel *k = &st->kernels[i];

		free(k->release);
		ksym_symtab_unref(k->exports);
		strv_free(k->names, k->n_names);
		strv_free(k->foreign, k->n_foreign);
		for (size_t j = 0; j < k->n_links; j++) {
			free(k->links[j].rel);
			free(k->links[j].source);
		}
		free(k->links);
	}
	free(st->kernels);
	for (size_t i = 0; i < st->n_mods; i++) {
		free(st->mods[i].release);
		free(st->mods[i].rel);
		free(st->mods[i].name);
		ksym_elf_unref(st->mods[i].elf);
	}
	free(st->mods);
}

static int cmp_kernel(const void *a, const void *b)
{
	return strverscmp(((const struct weak_kernel *)a)->release,
			  ((const struct weak_kernel *)b)->release);
}

KSYM_EXPORT int ksym_weak_update(struct ksym_ctx *ctx, const char *root,
				 unsigned flags, ksym_weak_fn fn, void *data)
{
	struct weak_state st = {
		.ctx = ctx, .flags = flags, .fn = fn, .data = data,
	};
	size_t len;
	int r;

	if (!ctx || (flags & ~(KSYM_WEAK_DRY_RUN | KSYM_WEAK_LIST)))
		return -EINVAL;
	st.root = root ? root : "";
	len = strlen(st.root);
	while (len && st.root[len - 1] == '/')
		len--;
	if (snprintf(st.moddir, sizeof(st.moddir), "%.*s/lib/modules", (int)len,
		     st.root) >= (int)sizeof(st.moddir))
		return ksym_fail(ctx, -ENAMETOOLONG, "root '%s' is too long", st.root);
	st.root = len ? root : "";

	r = scan(&st);
	if (r < 0)
		goto out;
	qsort(st.kernels, st.n_kernels, sizeof(*st.kernels), cmp_kernel);

	for (size_t i = 0; i < st.n_kernels; i++) {
		struct weak_kernel *k = &st.kernels[i];

		r = update_kernel(&st, k);
		if (r < 0)
			goto out;
		if (r == 0 || !k->exports || (flags & KSYM_WEAK_LIST))
			continue;
		report(&st, KSYM_WEAK_DEPMOD, k->release, NULL, NULL, NULL);
		if (flags & KSYM_WEAK_DRY_RUN)
			continue;
		r = run_depmod(&st, k->release);
		if (r < 0)
			note_error(&st, r);
	}
	r = st.first_error;
	if (r < 0)
		(void)ksym_fail(ctx, r, "some weak-updates links could not be changed, see the errors above");
out:
	state_free(&st);
	return r;
}
