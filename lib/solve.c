// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Kernels and kmods in a libsolv pool: which packages are which, and
 * whether one kernel, with the kmods built for it, meets every kernel()
 * and ksym() requirement of a kmod.
 *
 * Matching follows libsolv (so rpm): a requirement is met by a provide of
 * the same name whose version string matches.
 *
 * A kernel split into packages (Fedora's kernel-core, kernel-modules and
 * kernel-modules-extra) is one kernel: the package that provides
 * "kernel-uname-r = R" heads it, and the kernel packages of the same
 * architecture that name that same R are its parts (kernel-devel among
 * them). A check against the head counts what its parts provide; the
 * list of kernels names heads only. Both spellings, Fedora's
 * "kernel(sym) = 0x0a0793bd" and SUSE's "ksym(flavor:sym) = a0793bd", are
 * parsed for the report, where a CRC that differs only in spelling is
 * still a mismatch: rpm would not install it either.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include <solv/bitmap.h>
#include <solv/evr.h>
#include <solv/pool.h>
#include <solv/queue.h>
#include <solv/repo.h>

#include "internal.h"

struct ksym_solver {
	int refs;
	struct ksym_ctx *ctx;
	Pool *pool;
	/* solvables the caller sees; all of the pool when not set */
	Map visible;
	bool have_visible;
	/* name globs that force a role, one malloc'ed array per role */
	char **patterns[3];
	/* per solvable id: enum ksym_role, after classify */
	unsigned char *role;
	/* per solvable id: the kernel-uname-r a kernel provides or requires */
	Id *uname;
	/* per solvable id: a kernel package that is part of another's kernel */
	unsigned char *part;
	/* every kernel package, heads and parts */
	Queue kernel_pkgs;
	Queue kernels;
	Queue kmods;
	/* per string id: 1 checked, 2 a kernel() or ksym() name */
	unsigned char *symname;
	int nsymname;
};

struct ksym_unmet {
	char *dep;
	char *wanted;
	char *offered;
	int offered_by;
};

struct ksym_verdict {
	int refs;
	Queue helpers;
	struct ksym_unmet *unmet;
	size_t n_unmet;
	size_t cap_unmet;
};

/* What one check learnt about each kmod it met, so cycles end. */
enum memo_state { MEMO_BUSY, MEMO_OK, MEMO_FAIL };

struct memo {
	Id kmod;
	enum memo_state state;
	Queue helpers;
};

struct memo_set {
	struct memo *v;
	size_t n, cap;
};

KSYM_EXPORT int ksym_dep_split(const char *name, const char **ret_flavor,
			       size_t *ret_flavor_len, const char **ret_sym,
			       size_t *ret_sym_len)
{
	const char *open, *close, *colon;
	int kind;

	if (!name)
		return -EINVAL;
	if (strncmp(name, "kernel(", 7) == 0)
		kind = KSYM_DEP_KERNEL;
	else if (strncmp(name, "ksym(", 5) == 0)
		kind = KSYM_DEP_KSYM;
	else
		return -EINVAL;

	open = strchr(name, '(') + 1;
	close = strrchr(open, ')');
	if (!close || close == open || close[1] != '\0')
		return -EINVAL;

	/* SUSE: ksym(flavor:sym); Fedora symbols never hold a colon */
	colon = memchr(open, ':', (size_t)(close - open));
	if (ret_flavor)
		*ret_flavor = colon ? open : "";
	if (ret_flavor_len)
		*ret_flavor_len = colon ? (size_t)(colon - open) : 0;
	if (colon)
		open = colon + 1;
	if (ret_sym)
		*ret_sym = open;
	if (ret_sym_len)
		*ret_sym_len = (size_t)(close - open);
	return kind;
}

KSYM_EXPORT int ksym_dep_parse_crc(const char *evr, uint32_t *ret_crc)
{
	unsigned long long v;
	char *end;

	if (!evr || !*evr)
		return -EINVAL;
	if (evr[0] == '0' && (evr[1] == 'x' || evr[1] == 'X'))
		evr += 2;
	if (!*evr || strspn(evr, "0123456789abcdefABCDEF") != strlen(evr))
		return -EINVAL;

	errno = 0;
	v = strtoull(evr, &end, 16);
	if (errno || *end || v > UINT32_MAX)
		return -EINVAL;
	*ret_crc = (uint32_t)v;
	return 0;
}

KSYM_EXPORT int ksym_solver_new(struct ksym_ctx *ctx, struct s_Pool *pool,
				struct ksym_solver **ret_solver)
{
	struct ksym_solver *s;

	if (!ctx || !pool || !ret_solver)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->refs = 1;
	s->ctx = ksym_ctx_ref(ctx);
	s->pool = pool;
	map_init(&s->visible, 0);
	queue_init(&s->kernels);
	queue_init(&s->kernel_pkgs);
	queue_init(&s->kmods);
	*ret_solver = s;
	return 0;
}

static void free_patterns(char **p)
{
	for (size_t i = 0; p && p[i]; i++)
		free(p[i]);
	free(p);
}

KSYM_EXPORT struct ksym_solver *ksym_solver_unref(struct ksym_solver *s)
{
	if (!s || --s->refs > 0)
		return NULL;
	for (size_t i = 0; i < KSYM_ARRAY_SIZE(s->patterns); i++)
		free_patterns(s->patterns[i]);
	map_free(&s->visible);
	queue_free(&s->kernels);
	queue_free(&s->kernel_pkgs);
	free(s->uname);
	free(s->part);
	queue_free(&s->kmods);
	free(s->role);
	free(s->symname);
	ksym_ctx_unref(s->ctx);
	free(s);
	return NULL;
}

KSYM_EXPORT struct s_Pool *ksym_solver_pool(const struct ksym_solver *s)
{
	return s->pool;
}

/* Drops what classify computed, after a change of its inputs. */
static void solver_forget(struct ksym_solver *s)
{
	free(s->role);
	s->role = NULL;
	free(s->uname);
	s->uname = NULL;
	free(s->part);
	s->part = NULL;
	queue_empty(&s->kernel_pkgs);
	queue_empty(&s->kernels);
	queue_empty(&s->kmods);
}

KSYM_EXPORT int ksym_solver_set_names(struct ksym_solver *s, enum ksym_role role,
				      const char *patterns)
{
	char **list = NULL, *copy = NULL, *tok, *save;
	size_t n = 0;
	int ret = -EINVAL;

	if (role != KSYM_ROLE_KERNEL && role != KSYM_ROLE_KMOD)
		goto out;
	ret = -ENOMEM;
	copy = strdup(patterns ? patterns : "");
	list = calloc(strlen(copy) / 2 + 2, sizeof(*list));
	if (!copy || !list)
		goto out;

	for (tok = strtok_r(copy, ", \t\n", &save); tok;
	     tok = strtok_r(NULL, ", \t\n", &save)) {
		list[n] = strdup(tok);
		if (!list[n++])
			goto out;
	}

	free_patterns(s->patterns[role]);
	s->patterns[role] = list;
	list = NULL;
	solver_forget(s);
	ret = 0;
out:
	free_patterns(list);
	free(copy);
	return ret;
}

KSYM_EXPORT int ksym_solver_set_visible(struct ksym_solver *s, const int *ids,
					size_t n)
{
	Pool *pool = s->pool;

	map_free(&s->visible);
	map_init(&s->visible, pool->nsolvables);
	for (size_t i = 0; i < n; i++) {
		if (ids[i] <= 1 || ids[i] >= pool->nsolvables)
			return ksym_fail(s->ctx, -EINVAL,
					 "package id %d is not in the pool", ids[i]);
		MAPSET(&s->visible, ids[i]);
	}
	s->have_visible = true;
	solver_forget(s);
	return 0;
}

static bool is_visible(const struct ksym_solver *s, Id p)
{
	Pool *pool = s->pool;

	if (p <= 1 || p >= pool->nsolvables || !pool->solvables[p].repo)
		return false;
	if (s->have_visible)
		return MAPTST(&s->visible, p);
	return !pool->considered || MAPTST(pool->considered, p);
}

/* True for the name of a kernel() or ksym() dependency; cached per string. */
static bool is_symbol_dep(struct ksym_solver *s, Id dep)
{
	Pool *pool = s->pool;
	Id name = dep;
	const char *str;

	while (ISRELDEP(name))
		name = GETRELDEP(pool, name)->name;
	if (name >= s->nsymname)
		return false;
	if (!s->symname[name]) {
		str = pool_id2str(pool, name);
		s->symname[name] = 1 + (strncmp(str, "kernel(", 7) == 0 ||
					strncmp(str, "ksym(", 5) == 0);
	}
	return s->symname[name] == 2;
}

static enum ksym_role role_by_name(const struct ksym_solver *s, const char *name)
{
	for (int role = KSYM_ROLE_KERNEL; role <= KSYM_ROLE_KMOD; role++)
		for (size_t i = 0; s->patterns[role] && s->patterns[role][i]; i++)
			if (fnmatch(s->patterns[role][i], name, 0) == 0)
				return role;
	return KSYM_ROLE_NONE;
}

static bool has_symbol_deps(struct ksym_solver *s, Solvable *sv, Offset off)
{
	Id *dp;

	if (!off)
		return false;
	for (dp = sv->repo->idarraydata + off; *dp; dp++)
		if (*dp != SOLVABLE_PREREQMARKER && is_symbol_dep(s, *dp))
			return true;
	return false;
}

static bool provides_id(Solvable *sv, Id id)
{
	Id *dp;

	if (!id || !sv->provides)
		return false;
	for (dp = sv->repo->idarraydata + sv->provides; *dp; dp++)
		if (*dp == id)
			return true;
	return false;
}

/*
 * The R of a "NAME = R" among deps (an offset in sv's repo), or 0. With
 * name 0, any NAME ending in "-uname-r" counts: kernel-devel-uname-r,
 * kernel-core-uname-r, kernel-modules-uname-r.
 */
static Id uname_in(Pool *pool, Solvable *sv, Offset deps, Id name)
{
	static const char suffix[] = "-uname-r";
	Id *dp;

	if (!deps)
		return 0;
	for (dp = sv->repo->idarraydata + deps; *dp; dp++) {
		Reldep *rd;
		const char *n;
		size_t len;

		if (!ISRELDEP(*dp))
			continue;
		rd = GETRELDEP(pool, *dp);
		if (rd->flags != REL_EQ || ISRELDEP(rd->name))
			continue;
		if (name) {
			if (rd->name == name)
				return rd->evr;
			continue;
		}
		n = pool_id2str(pool, rd->name);
		len = strlen(n);
		if (len > sizeof(suffix) - 1 &&
		    strcmp(n + len - (sizeof(suffix) - 1), suffix) == 0)
			return rd->evr;
	}
	return 0;
}

/* Two kernel packages of one kernel: the same, or of one split kernel. */
static bool same_kernel(const struct ksym_solver *s, Id a, Id b)
{
	Pool *pool = s->pool;

	if (a == b)
		return true;
	if (s->role[a] != KSYM_ROLE_KERNEL || s->role[b] != KSYM_ROLE_KERNEL)
		return false;
	return s->uname[a] && s->uname[a] == s->uname[b] &&
	       pool->solvables[a].arch == pool->solvables[b].arch;
}

/*
 * Heads and parts: a kernel package that provides "kernel-uname-r = R"
 * heads that kernel. Another kernel package of its architecture is a part
 * of it when it requires that R, or names it in another "*-uname-r = R"
 * it provides or requires: kernel-modules, kernel-devel, and the empty
 * kernel package Fedora has require kernel-core and kernel-modules.
 * A package left without a head that provides no symbols is no kernel at
 * all (kernel-devel of a kernel that is not there): it says
 * installonlypkg(kernel) only to be kept beside other versions. A name
 * the user gave as a kernel's stays one.
 */
static void classify_parts(struct ksym_solver *s)
{
	Pool *pool = s->pool;
	Id uname = pool_str2id(pool, "kernel-uname-r", 0);

	for (int i = 0; i < s->kernel_pkgs.count; i++) {
		Id p = s->kernel_pkgs.elements[i];
		Solvable *sv = pool->solvables + p;
		Id r = uname ? uname_in(pool, sv, sv->provides, uname) : 0;

		s->part[p] = r == 0;
		if (!r && uname)
			r = uname_in(pool, sv, sv->requires, uname);
		if (!r)
			r = uname_in(pool, sv, sv->requires, 0);
		if (!r)
			r = uname_in(pool, sv, sv->provides, 0);
		s->uname[p] = r;
	}
	for (int i = 0; i < s->kernel_pkgs.count; i++) {
		Id p = s->kernel_pkgs.elements[i];
		Solvable *sv = pool->solvables + p;
		bool headed = false;

		for (int j = 0; j < s->kernel_pkgs.count && s->part[p] && !headed; j++) {
			Id h = s->kernel_pkgs.elements[j];

			headed = h != p && !s->part[h] && same_kernel(s, h, p);
		}
		if (s->part[p] && !headed &&
		    !has_symbol_deps(s, sv, sv->provides) &&
		    role_by_name(s, pool_id2str(pool, sv->name)) == KSYM_ROLE_NONE) {
			s->role[p] = KSYM_ROLE_NONE;
			ksym_dbg(s->ctx, "%s: no kernel of its own, none to be part of",
				 pool_solvid2str(pool, p));
		}
		s->part[p] = s->part[p] && headed;
		if (s->role[p] == KSYM_ROLE_KERNEL && !s->part[p])
			queue_push(&s->kernels, p);
	}
}

/*
 * A kernel says installonlypkg(kernel), or provides kernel()/ksym() and
 * requires none; a kmod requires some. Name globs override both.
 */
static enum ksym_role classify_one(struct ksym_solver *s, Id p, Id installonly)
{
	Solvable *sv = s->pool->solvables + p;
	enum ksym_role role;
	bool req;

	role = role_by_name(s, pool_id2str(s->pool, sv->name));
	if (role != KSYM_ROLE_NONE)
		return role;
	if (provides_id(sv, installonly))
		return KSYM_ROLE_KERNEL;

	req = has_symbol_deps(s, sv, sv->requires);
	if (!req && has_symbol_deps(s, sv, sv->provides))
		return KSYM_ROLE_KERNEL;
	return req ? KSYM_ROLE_KMOD : KSYM_ROLE_NONE;
}

KSYM_EXPORT int ksym_solver_classify(struct ksym_solver *s)
{
	Pool *pool = s->pool;
	Id p, installonly;

	if (s->role)
		return (int)(s->kernels.count + s->kmods.count);

	if (!pool->whatprovides)
		pool_createwhatprovides(pool);
	free(s->symname);
	s->nsymname = pool->ss.nstrings;
	s->symname = calloc((size_t)s->nsymname + 1, 1);
	s->role = calloc((size_t)pool->nsolvables, 1);
	s->uname = calloc((size_t)pool->nsolvables, sizeof(*s->uname));
	s->part = calloc((size_t)pool->nsolvables, 1);
	if (!s->symname || !s->role || !s->uname || !s->part) {
		solver_forget(s);
		return -ENOMEM;
	}

	installonly = pool_str2id(pool, "installonlypkg(kernel)", 0);
	FOR_POOL_SOLVABLES(p) {
		if (!is_visible(s, p))
			continue;
		s->role[p] = (unsigned char)classify_one(s, p, installonly);
		if (s->role[p] == KSYM_ROLE_KERNEL)
			queue_push(&s->kernel_pkgs, p);
		else if (s->role[p] == KSYM_ROLE_KMOD)
			queue_push(&s->kmods, p);
	}
	classify_parts(s);
	ksym_dbg(s->ctx, "%d kernels (%d packages), %d kmods among %d packages",
		 s->kernels.count, s->kernel_pkgs.count, s->kmods.count,
		 pool->nsolvables);
	return (int)(s->kernels.count + s->kmods.count);
}

KSYM_EXPORT enum ksym_role ksym_solver_role(const struct ksym_solver *s, int id)
{
	if (!s->role || id <= 1 || id >= s->pool->nsolvables)
		return KSYM_ROLE_NONE;
	return (enum ksym_role)s->role[id];
}

KSYM_EXPORT size_t ksym_solver_list(const struct ksym_solver *s,
				    enum ksym_role role, const int **ret_ids)
{
	const Queue *q = role == KSYM_ROLE_KERNEL ? &s->kernels : &s->kmods;

	if (role != KSYM_ROLE_KERNEL && role != KSYM_ROLE_KMOD) {
		*ret_ids = NULL;
		return 0;
	}
	*ret_ids = q->elements;
	return (size_t)q->count;
}

KSYM_EXPORT int ksym_solver_kernel_of(const struct ksym_solver *s, int id)
{
	if (ksym_solver_role(s, id) != KSYM_ROLE_KERNEL)
		return 0;
	if (!s->part[id])
		return id;
	for (int i = 0; i < s->kernels.count; i++) {
		Id h = s->kernels.elements[i];

		if (same_kernel(s, h, id))
			return h;
	}
	return id;
}

/* Verdicts */

static struct ksym_verdict *verdict_new(void)
{
	struct ksym_verdict *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->refs = 1;
	queue_init(&v->helpers);
	return v;
}

KSYM_EXPORT struct ksym_verdict *ksym_verdict_unref(struct ksym_verdict *v)
{
	if (!v || --v->refs > 0)
		return NULL;
	for (size_t i = 0; i < v->n_unmet; i++) {
		free(v->unmet[i].dep);
		free(v->unmet[i].wanted);
		free(v->unmet[i].offered);
	}
	free(v->unmet);
	queue_free(&v->helpers);
	free(v);
	return NULL;
}

KSYM_EXPORT bool ksym_verdict_ok(const struct ksym_verdict *v)
{
	return v->n_unmet == 0;
}

KSYM_EXPORT size_t ksym_verdict_unmet_count(const struct ksym_verdict *v)
{
	return v->n_unmet;
}

KSYM_EXPORT int ksym_verdict_unmet(const struct ksym_verdict *v, size_t i,
				   const char **ret_dep, const char **ret_wanted,
				   const char **ret_offered, int *ret_offered_by)
{
	if (i >= v->n_unmet)
		return -ERANGE;
	*ret_dep = v->unmet[i].dep;
	*ret_wanted = v->unmet[i].wanted;
	*ret_offered = v->unmet[i].offered;
	if (ret_offered_by)
		*ret_offered_by = v->unmet[i].offered_by;
	return 0;
}

KSYM_EXPORT size_t ksym_verdict_helpers(const struct ksym_verdict *v,
					const int **ret_ids)
{
	*ret_ids = v->helpers.elements;
	return (size_t)v->helpers.count;
}

static int verdict_add_unmet(struct ksym_verdict *v, Pool *pool, Id dep)
{
	struct ksym_unmet *u;
	Id name = dep, evr = 0;

	if (ISRELDEP(dep)) {
		name = GETRELDEP(pool, dep)->name;
		evr = GETRELDEP(pool, dep)->evr;
	}
	if (v->n_unmet == v->cap_unmet) {
		size_t cap = v->cap_unmet ? v->cap_unmet * 2 : 16;
		u = realloc(v->unmet, cap * sizeof(*u));
		if (!u)
			return -ENOMEM;
		v->unmet = u;
		v->cap_unmet = cap;
	}
	u = v->unmet + v->n_unmet;
	memset(u, 0, sizeof(*u));
	u->dep = strdup(pool_id2str(pool, name));
	u->wanted = strdup(evr ? pool_id2str(pool, evr) : "");
	v->n_unmet++;
	if (!u->dep || !u->wanted)
		return -ENOMEM;
	return 0;
}

/* Memo of one check */

static struct memo *memo_find(struct memo_set *m, Id kmod)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].kmod == kmod)
			return m->v + i;
	return NULL;
}

static struct memo *memo_add(struct memo_set *m, Id kmod)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 8;
		struct memo *v = realloc(m->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n].kmod = kmod;
	m->v[m->n].state = MEMO_BUSY;
	queue_init(&m->v[m->n].helpers);
	return m->v + m->n++;
}

static void memo_free(struct memo_set *m)
{
	for (size_t i = 0; i < m->n; i++)
		queue_free(&m->v[i].helpers);
	free(m->v);
}

static bool dep_met_by(Pool *pool, Id dep, Id p)
{
	Id q, qp;

	FOR_PROVIDES(q, qp, dep)
		if (q == p)
			return true;
	return false;
}

/* dep is met by the kernel: by kernel itself or a part of its kernel */
static bool dep_met_by_kernel(const struct ksym_solver *s, Id dep, Id kernel)
{
	Pool *pool = s->pool;
	Id q, qp;

	FOR_PROVIDES(q, qp, dep)
		if (q == kernel || (is_visible(s, q) && same_kernel(s, q, kernel)))
			return true;
	return false;
}

/* Installed first, then the newest: the build dnf would keep. */
static int helper_cmp(const void *a, const void *b, void *data)
{
	Pool *pool = data;
	Solvable *sa = pool->solvables + *(const Id *)a;
	Solvable *sb = pool->solvables + *(const Id *)b;
	bool ia = pool->installed && sa->repo == pool->installed;
	bool ib = pool->installed && sb->repo == pool->installed;
	int c;

	if (ia != ib)
		return ia ? -1 : 1;
	c = pool_evrcmp(pool, sb->evr, sa->evr, EVRCMP_COMPARE);
	return c ? c : *(const Id *)a - *(const Id *)b;
}

static int check_kmod(struct ksym_solver *s, Id kmod, Id kernel,
		      struct memo_set *m, struct ksym_verdict *v);

/* A visible kmod built for kernel that provides dep, or 0. */
static int find_helper(struct ksym_solver *s, Id kmod, Id kernel, Id dep,
		       struct memo_set *m, Id *ret_helper)
{
	Pool *pool = s->pool;
	Queue cands;
	Id p, pp;
	int ret = 0;

	queue_init(&cands);
	FOR_PROVIDES(p, pp, dep)
		if (p != kmod && is_visible(s, p) && s->role[p] == KSYM_ROLE_KMOD)
			queue_push(&cands, p);
	if (cands.count > 1)
		solv_sort(cands.elements, (size_t)cands.count, sizeof(Id),
			  helper_cmp, pool);

	*ret_helper = 0;
	for (int i = 0; i < cands.count && !*ret_helper; i++) {
		ret = check_kmod(s, cands.elements[i], kernel, m, NULL);
		if (ret < 0)
			break;
		if (ret > 0)
			*ret_helper = cands.elements[i];
	}
	queue_free(&cands);
	return ret < 0 ? ret : 0;
}

/*
 * Returns 1 when kernel meets every symbol requirement of kmod, directly or
 * through kmods built for it, 0 when not, or a negative errno. With a
 * verdict, every unmet requirement goes into it; without, the first ends
 * the check. A cycle among kmods counts as met: each side is checked on
 * its own requirements.
 */
static int check_kmod(struct ksym_solver *s, Id kmod, Id kernel,
		      struct memo_set *m, struct ksym_verdict *v)
{
	Pool *pool = s->pool;
	Solvable *sv = pool->solvables + kmod;
	struct memo *me = memo_find(m, kmod);
	size_t self;
	bool ok = true;
	Id *dp, helper;
	int ret;

	if (me)
		return me->state != MEMO_FAIL;
	me = memo_add(m, kmod);
	if (!me)
		return -ENOMEM;
	self = (size_t)(me - m->v);

	for (dp = sv->requires ? sv->repo->idarraydata + sv->requires : NULL;
	     dp && *dp; dp++) {
		if (*dp == SOLVABLE_PREREQMARKER || !is_symbol_dep(s, *dp))
			continue;
		if (dep_met_by_kernel(s, *dp, kernel) || dep_met_by(pool, *dp, kmod))
			continue;

		ret = find_helper(s, kmod, kernel, *dp, m, &helper);
		if (ret < 0)
			return ret;
		/* m->v may have moved while helpers were checked */
		if (helper) {
			queue_pushunique(&m->v[self].helpers, helper);
			continue;
		}

		ok = false;
		if (!v)
			break;
		ret = verdict_add_unmet(v, pool, *dp);
		if (ret < 0)
			return ret;
	}
	m->v[self].state = ok ? MEMO_OK : MEMO_FAIL;
	return ok;
}

/* The helpers the kmod used, and theirs, in the order first met. */
static void collect_helpers(struct memo_set *m, Id root, Id kmod, Queue *out)
{
	struct memo *me = memo_find(m, kmod);

	if (!me)
		return;
	for (int i = 0; i < me->helpers.count; i++) {
		Id h = me->helpers.elements[i];
		bool seen = h == root;

		for (int j = 0; j < out->count && !seen; j++)
			seen = out->elements[j] == h;
		if (seen)
			continue;
		queue_push(out, h);
		collect_helpers(m, root, h, out);
	}
}

static int sym_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/*
 * Fills what one package of the kernel offers for each unmet symbol: its
 * provide of the same name, else one of the same symbol in the other
 * spelling. One pass over its provides, however many symbols are unmet.
 */
static int fill_offers_of(struct ksym_solver *s, struct ksym_verdict *v,
			  Id kernel)
{
	Pool *pool = s->pool;
	Solvable *sv = pool->solvables + kernel;
	const char *psym, *usym;
	size_t plen, ulen;
	Id *dp;

	if (!v->n_unmet || !sv->provides)
		return 0;
	for (dp = sv->repo->idarraydata + sv->provides; *dp; dp++) {
		Id name, evr;
		const char *pname;

		if (!ISRELDEP(*dp) || !is_symbol_dep(s, *dp))
			continue;
		name = GETRELDEP(pool, *dp)->name;
		evr = GETRELDEP(pool, *dp)->evr;
		pname = pool_id2str(pool, name);
		if (ksym_dep_split(pname, NULL, NULL, &psym, &plen) < 0)
			continue;

		for (size_t i = 0; i < v->n_unmet; i++) {
			struct ksym_unmet *u = v->unmet + i;
			bool exact = strcmp(u->dep, pname) == 0;

			if (u->offered && !exact)
				continue;
			if (ksym_dep_split(u->dep, NULL, NULL, &usym, &ulen) < 0 ||
			    sym_cmp(psym, plen, usym, ulen) != 0)
				continue;
			free(u->offered);
			u->offered = strdup(pool_id2str(pool, evr));
			u->offered_by = kernel;
			if (!u->offered)
				return -ENOMEM;
		}
	}
	return 0;
}

/* The offers of the kernel and of every part of it. */
static int verdict_fill_offers(struct ksym_solver *s, struct ksym_verdict *v,
			       Id kernel)
{
	int ret = fill_offers_of(s, v, kernel);

	for (int i = 0; i < s->kernel_pkgs.count && ret == 0; i++) {
		Id q = s->kernel_pkgs.elements[i];

		if (q != kernel && same_kernel(s, q, kernel))
			ret = fill_offers_of(s, v, q);
	}
	return ret;
}

KSYM_EXPORT int ksym_solver_check(struct ksym_solver *s, int kmod, int kernel,
				  struct ksym_verdict **ret_verdict)
{
	struct memo_set m = { 0 };
	struct ksym_verdict *v = NULL;
	int ret;

	ret = ksym_solver_classify(s);
	if (ret < 0)
		goto out;
	ret = -EINVAL;
	if (ksym_solver_role(s, kmod) != KSYM_ROLE_KMOD ||
	    ksym_solver_role(s, kernel) != KSYM_ROLE_KERNEL) {
		ret = ksym_fail(s->ctx, -EINVAL,
				"'%s' and '%s' are not a kmod and a kernel",
				pool_solvid2str(s->pool, kmod),
				pool_solvid2str(s->pool, kernel));
		goto out;
	}

	ret = -ENOMEM;
	v = verdict_new();
	if (!v)
		goto out;
	ret = check_kmod(s, kmod, kernel, &m, v);
	if (ret < 0)
		goto out;
	if (ret > 0)
		collect_helpers(&m, kmod, kmod, &v->helpers);
	ret = verdict_fill_offers(s, v, kernel);
	if (ret < 0)
		goto out;

	*ret_verdict = v;
	v = NULL;
	ret = 0;
out:
	ksym_verdict_unref(v);
	memo_free(&m);
	return ret;
}

KSYM_EXPORT int ksym_solver_loads(struct ksym_solver *s, int kmod, int kernel)
{
	struct memo_set m = { 0 };
	int ret;

	ret = ksym_solver_classify(s);
	if (ret < 0)
		return ret;
	if (ksym_solver_role(s, kmod) != KSYM_ROLE_KMOD ||
	    ksym_solver_role(s, kernel) != KSYM_ROLE_KERNEL)
		return -EINVAL;
	ret = check_kmod(s, kmod, kernel, &m, NULL);
	memo_free(&m);
	return ret;
}
