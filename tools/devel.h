/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ksym devel: the kernel -devel file set, shared by the devel-*.c files. */
#ifndef KSYM_DEVEL_H
#define KSYM_DEVEL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* How a file of the set is written into the installed copy. */
enum devel_kind {
	DEVEL_COPY,		/* byte for byte */
	DEVEL_HOST_ELF,		/* a host program or plugin: copied, then stripped */
	DEVEL_BTF_VMLINUX,	/* only vmlinux's .BTF section, for module BTF */
};

struct devel_entry {
	char *path;		/* relative to the tree, as installed */
	char *src;		/* absolute path it is copied from */
	char *why;		/* the rule or evidence that put it in the set */
	enum devel_kind kind;
	off_t size;		/* of the source file */
	bool optional;		/* added by an option, while its cost is counted */
};

/* A built kernel: source tree, object tree (the same for in-tree builds). */
struct devel_tree {
	char *srctree;		/* realpath */
	char *objtree;		/* realpath */
	char *srcarch;		/* arch/<srcarch>, learned from the objtree */
	char *release;
	char **config;		/* "CONFIG_FOO=y" lines of include/config/auto.conf */
	size_t n_config;
};

struct devel_set {
	struct devel_entry *v;
	size_t n, cap;
};

/* devel.c */
const char *devel_config(const struct devel_tree *t, const char *name);
bool devel_config_on(const struct devel_tree *t, const char *name);
int devel_set_add_path(struct devel_set *set, const struct devel_tree *t,
		       const char *rel, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* True for a path the set never takes by its name (keys, objects, vmlinux). */
bool devel_refused(const struct devel_tree *t, const char *rel);
char *devel_relpath(const struct devel_tree *t, const char *path);
int devel_xasprintf(char **ret, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* devel-probe.c */

/* Where a probe run writes: its sources, scratch install root and logs. */
struct devel_probe {
	char *dir;		/* a temporary directory, removed by _free */
	char *moddir;		/* dir/mod: the probe modules' sources (M=) */
	char *instdir;		/* dir/inst: INSTALL_MOD_PATH */
	char *tracedir;		/* dir/trace: strace -ff output */
	char *log;		/* dir/make.log */
};

int devel_probe_new(struct devel_probe *p);
void devel_probe_free(struct devel_probe *p);

/*
 * Runs the probe build (modules, modules_install, clean) against kdir under
 * strace and adds every file of the tree it read to set. Returns 0 or -1
 * (reported).
 */
int devel_probe_trace(struct devel_set *set, const struct devel_tree *t);

/*
 * Builds the probes against the installed copy kdir; checks CRCs and that
 * nothing of the original tree t was read. Returns 0 or -1 (reported,
 * naming the missing file and what needed it).
 */
int devel_probe_prove(const char *kdir, const struct devel_tree *t);

/*
 * Runs 'make prepare' on a scratch copy of set, traced, and adds what it
 * looked for and the tree has, until it passes. Returns 0 or -1 (reported).
 */
int devel_prepare_learn(struct devel_set *set, const struct devel_tree *t);

/* devel-install.c */

/* Writes one entry under dest, at dest/<its path>. Returns 0 or -1 (reported). */
int devel_install_entry(const struct devel_entry *e, const char *dest);

/* Appends the rpm %files spelling of path to buf; -EINVAL if rpm cannot take it. */
int devel_rpm_quote(const char *path, char **ret);

int devel_install(const struct devel_set *set, const struct devel_tree *t,
		  const char *root, const char *filelist, bool prove);

/* The size the entry has once installed (host programs stripped). */
int devel_installed_size(const struct devel_entry *e, off_t *ret_size);

#endif
