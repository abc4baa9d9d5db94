/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ksym devel: probe modules. Built against the complete tree under strace,
 * they show what kbuild reads for an external module build; built against
 * the installed copy, they prove the copy is enough.
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devel.h"
#include "tool.h"

/*
 * Two modules, one exporting a symbol and one importing it, and an
 * assembly file: what out-of-tree modules do, so that kbuild runs its
 * C, asm, genksyms, modpost, objtool and final link rules.
 */
static const struct {
	const char *name;
	const char *text;
} probe_files[] = {
	{ "Kbuild",
	  "obj-m := ksym_probe_export.o ksym_probe_import.o\n"
	  "ksym_probe_export-y := export.o data.o\n" },
	{ "export.c",
	  "#include <linux/module.h>\n"
	  "int ksym_probe_value(int x);\n"
	  "int ksym_probe_value(int x)\n{\n\treturn x + 1;\n}\n"
	  "EXPORT_SYMBOL_GPL(ksym_probe_value);\n"
	  "MODULE_LICENSE(\"GPL\");\n"
	  "MODULE_DESCRIPTION(\"ksym devel probe: exports a symbol\");\n" },
	{ "data.S",
	  "#include <linux/linkage.h>\n"
	  "\t.section .rodata\n"
	  "SYM_DATA(ksym_probe_word, .long 0x6b73796d)\n" },
	{ "ksym_probe_import.c",
	  "#include <linux/module.h>\n"
	  "#include <linux/printk.h>\n"
	  "int ksym_probe_value(int x);\n"
	  "static int __init ksym_probe_init(void)\n{\n"
	  "\tpr_info(\"ksym probe %d\\n\", ksym_probe_value(1));\n"
	  "\treturn 0;\n}\n"
	  "module_init(ksym_probe_init);\n"
	  "MODULE_LICENSE(\"GPL\");\n"
	  "MODULE_DESCRIPTION(\"ksym devel probe: imports a symbol\");\n" },
};

static const char *const probe_modules[] = { "ksym_probe_export", "ksym_probe_import" };

static int write_file(const char *dir, const char *name, const char *text)
{
	char *path = NULL;
	FILE *f;
	int r = -1;

	if (devel_xasprintf(&path, "%s/%s", dir, name) < 0)
		return -1;
	f = fopen(path, "we");
	if (!f) {
		log_error("cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	fputs(text, f);
	if (fclose(f) != 0) {
		log_error("cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	r = 0;
out:
	free(path);
	return r;
}

int devel_probe_new(struct devel_probe *p)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl = NULL;

	memset(p, 0, sizeof(*p));
	if (devel_xasprintf(&tmpl, "%s/ksym-devel.XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0)
		return -1;
	p->dir = mkdtemp(tmpl);
	if (!p->dir) {
		log_error("cannot create '%s': %s", tmpl, strerror(errno));
		free(tmpl);
		return -1;
	}
	if (devel_xasprintf(&p->moddir, "%s/mod", p->dir) < 0 ||
	    devel_xasprintf(&p->instdir, "%s/inst", p->dir) < 0 ||
	    devel_xasprintf(&p->tracedir, "%s/trace", p->dir) < 0 ||
	    devel_xasprintf(&p->log, "%s/make.log", p->dir) < 0)
		return -1;
	if (mkdir(p->moddir, 0755) < 0 || mkdir(p->tracedir, 0755) < 0) {
		log_error("cannot create '%s': %s", p->moddir, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < sizeof(probe_files) / sizeof(probe_files[0]); i++)
		if (write_file(p->moddir, probe_files[i].name, probe_files[i].text) < 0)
			return -1;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)remove(path);
	return 0;
}

void devel_probe_free(struct devel_probe *p)
{
	if (p->dir && !getenv("KSYM_KEEP_PROBE"))
		(void)nftw(p->dir, rm_one, 32, FTW_DEPTH | FTW_PHYS);
	else if (p->dir)
		log_info("keeping the probe directory '%s'", p->dir);
	free(p->dir);
	free(p->moddir);
	free(p->instdir);
	free(p->tracedir);
	free(p->log);
	memset(p, 0, sizeof(*p));
}

/* The caller's build settings stay; what would point kbuild elsewhere goes. */
static void clean_environment(void)
{
	static const char *const vars[] = {
		"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "KBUILD_OUTPUT", "KBUILD_EXTMOD",
		"KBUILD_EXTRA_SYMBOLS", "INSTALL_MOD_PATH", "INSTALL_MOD_DIR",
		"O", "M", "V", "W", "C",
	};

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
}

/*
 * Runs make with a target, its output appended to the probe's log, under
 * strace when trace_tag is set (one file per process in the trace dir).
 * Returns make's exit status, or -1 when it could not run.
 */
static int run_make(const struct devel_probe *p, const char *kdir,
		    const char *target, const char *trace_tag, bool extmod)
{
	char *mflag = NULL, *iflag = NULL, *tflag = NULL;
	const char *argv[24];
	int n = 0, status = -1;
	pid_t pid;
	FILE *log;

	if (devel_xasprintf(&mflag, "M=%s", p->moddir) < 0 ||
	    devel_xasprintf(&iflag, "INSTALL_MOD_PATH=%s", p->instdir) < 0 ||
	    devel_xasprintf(&tflag, "%s/%s", p->tracedir, trace_tag ? trace_tag : "-") < 0)
		goto out;
	if (trace_tag) {
		/* -s: paths must not be cut; -ff: no interleaved lines */
		argv[n++] = "strace";
		argv[n++] = "-ff";
		argv[n++] = "-qq";
		argv[n++] = "-s";
		argv[n++] = "4096";
		argv[n++] = "-o";
		argv[n++] = tflag;
		argv[n++] = "-e";
		argv[n++] = "trace=execve,open,openat,stat,lstat,newfstatat,statx,"
			    "access,faccessat,faccessat2";
	}
	argv[n++] = "make";
	argv[n++] = "-C";
	argv[n++] = kdir;
	if (extmod) {
		argv[n++] = mflag;
		argv[n++] = iflag;
		argv[n++] = "INSTALL_MOD_DIR=extra";
	} else {
		/* -k: one run finds every missing file it can, not just the first */
		argv[n++] = "-k";
	}
	argv[n++] = target;
	argv[n] = NULL;

	log = fopen(p->log, "ae");
	if (!log) {
		log_error("cannot write '%s': %s", p->log, strerror(errno));
		goto out;
	}
	if (extmod)
		fprintf(log, "### make -C %s M=%s %s\n", kdir, p->moddir, target);
	else
		fprintf(log, "### make -C %s -k %s\n", kdir, target);
	fflush(log);
	log_info("running 'make %s' against '%s'%s", target, kdir,
		 trace_tag ? " under strace" : "");
	pid = fork();
	if (pid == 0) {
		dup2(fileno(log), 1);
		dup2(fileno(log), 2);
		clean_environment();
		execvp(argv[0], (char **)argv);
		fprintf(stderr, "cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	fclose(log);
	if (pid < 0) {
		log_error("cannot run make: %s", strerror(errno));
		goto out;
	}
	if (waitpid(pid, &status, 0) < 0) {
		status = -1;
		goto out;
	}
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
out:
	free(mflag);
	free(iflag);
	free(tflag);
	return status;
}

/* One file the traced build looked at, and who did. */
struct seen {
	char *path;
	char *why;
};

struct seen_list {
	struct seen *v;
	size_t n, cap;
};

static int seen_add(struct seen_list *l, const char *path, const char *prog,
		    const char *target, bool missing)
{
	struct seen s;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4096;
		struct seen *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	s.path = strdup(path);
	if (!s.path || devel_xasprintf(&s.why, missing ? "'%s', which looked for it "
				       "during the probe's 'make %s'" : "traced: '%s' "
				       "read it during the probe's 'make %s'", prog,
				       target) < 0) {
		free(s.path);
		return -ENOMEM;
	}
	l->v[l->n++] = s;
	return 0;
}

static void seen_free(struct seen_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].why);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Decodes strace's quoted string at s (just after the opening quote). */
static char *strace_string(const char *s, const char **ret_end)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	while (*s && *s != '"') {
		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': *o++ = '\n'; s++; break;
		case 't': *o++ = '\t'; s++; break;
		case 'r': *o++ = '\r'; s++; break;
		case 'v': *o++ = '\v'; s++; break;
		case 'f': *o++ = '\f'; s++; break;
		case 'x': {
			unsigned v = 0;

			s++;
			for (int i = 0; i < 2 && *s; i++, s++)
				v = v * 16 + (*s <= '9' ? *s - '0' :
					      (*s | 32) - 'a' + 10);
			*o++ = (char)v;
			break;
		}
		default:
			if (*s >= '0' && *s <= '7') {
				unsigned v = 0;

				for (int i = 0; i < 3 && *s >= '0' && *s <= '7'; i++, s++)
					v = v * 8 + (*s - '0');
				*o++ = (char)v;
			} else if (*s) {
				*o++ = *s++;
			}
		}
	}
	*o = '\0';
	*ret_end = *s ? s + 1 : s;
	return out;
}

/* The return value of a strace line: what follows its last " = ". */
static const char *strace_return(const char *line)
{
	const char *p = line, *last = NULL;

	while ((p = strstr(p, " = ")))
		last = p += 3;
	return last;
}

/*
 * One line of strace output: "name(args) = ret". Returns the path argument
 * of a successful read-only lookup, or NULL.
 */
static char *strace_line_path(const char *line, bool *ret_exec, bool *ret_missing)
{
	static const char *const at_calls[] = {
		"openat(", "newfstatat(", "statx(", "faccessat(", "faccessat2(",
	};
	static const char *const plain_calls[] = {
		"execve(", "open(", "stat(", "lstat(", "access(",
	};
	const char *q = NULL, *end, *ret;
	char *path;

	*ret_exec = strncmp(line, "execve(", 7) == 0;
	for (size_t i = 0; i < sizeof(at_calls) / sizeof(at_calls[0]) && !q; i++) {
		size_t len = strlen(at_calls[i]);

		if (strncmp(line, at_calls[i], len) == 0) {
			/* relative to a directory fd: not our cwd, not ours to guess */
			if (strncmp(line + len, "AT_FDCWD, \"", 11) != 0)
				return NULL;
			q = line + len + 11;
		}
	}
	for (size_t i = 0; i < sizeof(plain_calls) / sizeof(plain_calls[0]) && !q; i++) {
		size_t len = strlen(plain_calls[i]);

		if (strncmp(line, plain_calls[i], len) == 0 && line[len] == '"')
			q = line + len + 1;
	}
	if (!q)
		return NULL;
	ret = strace_return(line);
	if (!ret || ret[0] == '?')
		return NULL;
	*ret_missing = ret[0] == '-';
	if (*ret_missing && !strstr(ret, "ENOENT"))
		return NULL;
	path = strace_string(q, &end);
	if (!path)
		return NULL;
	if (strstr(end, "O_WRONLY") || strstr(end, "O_RDWR") || !*path) {
		free(path);
		return NULL;
	}
	return path;
}

/* The program a traced process ran: the last execve's basename. */
static void set_prog(char *prog, size_t size, const char *path)
{
	const char *base = strrchr(path, '/');

	snprintf(prog, size, "%s", base ? base + 1 : path);
}

/* What a trace is read for. */
enum trace_mode {
	TRACE_READS,		/* files read, relative to the tree */
	TRACE_ABSOLUTE,		/* files read through absolute paths */
	TRACE_MISSES,		/* lookups that found nothing, relative to kdir */
};

/* A lookup that found nothing in kdir, relative to it; NULL when elsewhere. */
static char *miss_relpath(const struct devel_tree *t, const char *kdir, const char *path)
{
	size_t len = kdir ? strlen(kdir) : 0;

	if (path[0] != '/')
		return devel_relpath(t, path);
	/* objtool's and libsubcmd's makefiles name the copy by absolute paths */
	if (!kdir || strncmp(path, kdir, len) != 0 || path[len] != '/')
		return NULL;
	return devel_relpath(t, path + len + 1);
}

/* Reads one process's trace file into l; kdir: the tree the build ran on. */
static int read_trace_file(struct seen_list *l, const struct devel_tree *t,
			   const char *file, const char *target,
			   enum trace_mode mode, const char *kdir)
{
	bool keep_abs = mode == TRACE_ABSOLUTE;
	char prog[256] = "make", *line = NULL;
	size_t cap = 0;
	FILE *f = fopen(file, "re");
	int r;

	if (!f) {
		log_error("cannot read '%s': %s", file, strerror(errno));
		return -1;
	}
	while ((r = tool_getline(f, &line, &cap)) > 0) {
		bool exec, missing = false;
		char *path = strace_line_path(line, &exec, &missing), *rel;

		if (!path)
			continue;
		if (missing != (mode == TRACE_MISSES)) {
			free(path);
			continue;
		}
		if (mode == TRACE_MISSES)
			rel = miss_relpath(t, kdir, path);
		else
			rel = keep_abs ? NULL : devel_relpath(t, path);
		if (keep_abs && path[0] == '/')
			r = seen_add(l, path, prog, target, missing);
		else if (rel)
			r = seen_add(l, rel, prog, target, missing);
		free(rel);
		/* after: what a process runs is charged to the one that ran it */
		if (exec)
			set_prog(prog, sizeof(prog), path);
		free(path);
		if (r < 0)
			break;
	}
	fclose(f);
	free(line);
	if (r < 0)
		log_error("cannot read '%s': %s", file, strerror(-r));
	return r < 0 ? -1 : 0;
}

/* Reads and then removes every trace file the last traced make left. */
static int read_traces(struct seen_list *l, const struct devel_probe *p,
		       const struct devel_tree *t, const char *target,
		       enum trace_mode mode, const char *kdir)
{
	struct dirent **names = NULL;
	int n = scandir(p->tracedir, &names, NULL, alphasort), r = 0;

	if (n < 0) {
		log_error("cannot read '%s': %s", p->tracedir, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char *file = NULL;

		if (names[i]->d_name[0] != '.' && r == 0 &&
		    devel_xasprintf(&file, "%s/%s", p->tracedir, names[i]->d_name) > 0) {
			r = read_trace_file(l, t, file, target, mode, kdir);
			(void)unlink(file);
		}
		free(file);
		free(names[i]);
	}
	free(names);
	return r;
}

static int seen_cmp(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x < y ? -1 : x > y);
}

static bool strace_available(void)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	bool found = false;

	copy = strdup(path ? path : "/usr/bin:/bin");
	for (dir = copy ? strtok_r(copy, ":", &save) : NULL; dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char *p = NULL;

		if (devel_xasprintf(&p, "%s/strace", dir) > 0)
			found = access(p, X_OK) == 0;
		free(p);
	}
	free(copy);
	return found;
}

static void show_log_tail(const char *log, int lines)
{
	char *line = NULL, **ring = calloc(lines, sizeof(*ring));
	size_t cap = 0, n = 0;
	FILE *f = fopen(log, "re");

	if (!f || !ring) {
		if (f)
			fclose(f);
		free(ring);
		return;
	}
	while (tool_getline(f, &line, &cap) > 0) {
		free(ring[n % lines]);
		ring[n++ % lines] = strdup(line);
	}
	for (size_t i = n > (size_t)lines ? n - lines : 0; i < n; i++) {
		fprintf(stderr, "ksym: | %s\n", ring[i % lines] ? ring[i % lines] : "");
		free(ring[i % lines]);
	}
	fclose(f);
	free(line);
	free(ring);
}

static const char *const probe_targets[] = { "modules", "modules_install", "clean" };

int devel_probe_trace(struct devel_set *set, const struct devel_tree *t)
{
	struct seen_list seen = { 0 };
	struct devel_probe p;
	int r = -1;

	if (!strace_available()) {
		log_error("cannot trace the probe build: 'strace' is not installed");
		log_hint("install strace (a BuildRequires of the kernel package)");
		return -1;
	}
	if (devel_probe_new(&p) < 0)
		goto out;
	for (size_t i = 0; i < sizeof(probe_targets) / sizeof(probe_targets[0]); i++) {
		int status = run_make(&p, t->objtree, probe_targets[i], probe_targets[i],
				      true);

		if (status != 0) {
			log_error("probe 'make %s' against the complete tree '%s' "
				  "failed (exit status %d)", probe_targets[i],
				  t->objtree, status);
			show_log_tail(p.log, 20);
			log_hint("the tree must be completely built; check 'make M=' "
				 "works there");
			goto out;
		}
		if (read_traces(&seen, &p, t, probe_targets[i], TRACE_READS, NULL) < 0)
			goto out;
	}

	qsort(seen.v, seen.n, sizeof(*seen.v), seen_cmp);
	for (size_t i = 0; i < seen.n; i++) {
		if (i && strcmp(seen.v[i - 1].path, seen.v[i].path) == 0)
			continue;
		if (devel_set_add_path(set, t, seen.v[i].path, "%s", seen.v[i].why) < 0)
			goto out;
	}
	r = 0;
out:
	seen_free(&seen);
	devel_probe_free(&p);
	return r;
}

/* "include/linux/foo.h" for a compiler's "linux/foo.h", when the tree has it. */
static char *tree_name(const struct devel_tree *t, const char *kdir, const char *name)
{
	const char *dirs[] = { "", "include/", "arch/%s/include/", "include/uapi/",
			       "arch/%s/include/uapi/", "arch/%s/include/generated/",
			       "include/generated/", "arch/%s/include/generated/uapi/" };
	size_t klen = strlen(kdir);

	if (strncmp(name, kdir, klen) == 0 && name[klen] == '/')
		return strdup(name + klen + 1);
	if (strncmp(name, "./", 2) == 0)
		name += 2;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char *dir = NULL, *rel = NULL, *src = NULL;
		bool found;

		if (strstr(dirs[i], "%s")) {
			if (devel_xasprintf(&dir, "arch/%s/%s", t->srcarch,
					    dirs[i] + strlen("arch/%s/")) < 0)
				return NULL;
		} else if (!(dir = strdup(dirs[i]))) {
			return NULL;
		}
		if (devel_xasprintf(&rel, "%s%s", dir, name) < 0 ||
		    devel_xasprintf(&src, "%s/%s", t->objtree, rel) < 0)
			found = false;
		else
			found = access(src, F_OK) == 0;
		free(src);
		if (!found) {
			free(src = NULL);
			if (rel && devel_xasprintf(&src, "%s/%s", t->srctree, rel) > 0)
				found = access(src, F_OK) == 0;
			free(src);
		}
		free(dir);
		if (found)
			return rel;
		free(rel);
	}
	return strdup(name);
}

static void trim(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == ':'))
		s[--n] = '\0';
}

/*
 * What one line of a failed build's log says was missing, and what needed it:
 *   make: No rule to make target 'X', needed by 'Y'.
 *   Y:12: X: No such file or directory          (make include, sh, ld)
 *   y.c:1:10: fatal error: X: No such file or directory   (the compiler)
 *   /bin/sh: 1: X: not found
 *   Warning: modules_install: missing 'System.map' file
 * Cuts line into X, returned, and Y (ret_who); NULL when it says neither.
 */
static char *log_missing(char *line, char **ret_who)
{
	char *x, *y, *p;

	if ((p = strstr(line, "No rule to make target '"))) {
		x = p + 25;
		p = strstr(x, "'");
		if (!p)
			return NULL;
		y = strstr(p, ", needed by '");
		*p = '\0';
		if (y) {
			y += 13;
			y[strcspn(y, "'")] = '\0';
		} else {
			y = "make";
		}
	} else if ((p = strstr(line, "missing '")) && strstr(line, "modules_install")) {
		x = p + 9;
		x[strcspn(x, "'")] = '\0';
		y = "scripts/depmod.sh (modules_install)";
	} else if ((p = strstr(line, ": No such file or directory")) ||
		   (p = strstr(line, ": not found"))) {
		*p = '\0';
		x = strrchr(line, ' ');
		x = x ? x + 1 : line;
		if (x > line)
			x[-1] = '\0';
		y = line;
		if ((p = strstr(y, " fatal error")) || (p = strstr(y, " error")))
			*p = '\0';
		trim(y);
		if (!*y)
			y = "the build";
	} else {
		return NULL;
	}
	/* "ld: cannot open linker script file -o": an empty variable */
	if (x[0] == '-' || !x[0])
		return NULL;
	*ret_who = y;
	return x;
}

/* Reports each missing file a failed build's log names; returns how many. */
static int diagnose(const char *log, const char *kdir, const struct devel_tree *t)
{
	char *line = NULL;
	size_t cap = 0;
	FILE *f = fopen(log, "re");
	int found = 0;

	if (!f)
		return 0;
	while (tool_getline(f, &line, &cap) > 0) {
		char *y, *x = log_missing(line, &y), *name;

		if (!x)
			continue;
		name = tree_name(t, kdir, x);
		log_error("the devel set lacks '%s', needed by '%s'", name ? name : x, y);
		free(name);
		found++;
	}
	fclose(f);
	free(line);
	return found;
}

/*
 * What the failed build looked for in the copy and did not find, though
 * the original tree has it: kbuild often tests for a file ($(wildcard))
 * and fails later without naming it.
 */
static int report_misses(const struct devel_probe *p, const char *kdir,
			 const struct devel_tree *t, const char *target)
{
	struct seen_list seen = { 0 };
	int found = 0;

	if (read_traces(&seen, p, t, target, TRACE_MISSES, kdir) < 0)
		return 0;
	qsort(seen.v, seen.n, sizeof(*seen.v), seen_cmp);
	for (size_t i = 0; i < seen.n; i++) {
		const char *rel = seen.v[i].path;
		char *orig = NULL, *copy = NULL;
		struct stat st;

		if (i && strcmp(seen.v[i - 1].path, rel) == 0)
			continue;
		if (devel_refused(t, rel) ||
		    devel_xasprintf(&orig, "%s/%s", t->objtree, rel) < 0 ||
		    devel_xasprintf(&copy, "%s/%s", kdir, rel) < 0) {
			free(orig);
			continue;
		}
		if (lstat(copy, &st) < 0 && (stat(orig, &st) == 0 ||
		    (free(orig), devel_xasprintf(&orig, "%s/%s", t->srctree, rel) > 0 &&
		     stat(orig, &st) == 0)) && S_ISREG(st.st_mode)) {
			log_error("the devel set lacks '%s', needed by %s", rel,
				  seen.v[i].why);
			found++;
		}
		free(orig);
		free(copy);
	}
	seen_free(&seen);
	return found;
}

static int prove_failed(const struct devel_probe *p, const char *kdir,
			const struct devel_tree *t, const char *target, int status)
{
	int n = diagnose(p->log, kdir, t) + report_misses(p, kdir, t, target);

	log_error("probe 'make %s' against the installed copy '%s' failed (exit "
		  "status %d)", target, kdir, status);
	if (n == 0)
		show_log_tail(p->log, 20);
	log_hint("the set misses what the build needed; rerun with -v and "
		 "KSYM_KEEP_PROBE=1 to keep the probe's log");
	return -1;
}

/* Nothing of the original tree may be read: the copy must stand alone. */
static int check_relocated(const struct devel_probe *p, const struct devel_tree *t,
			   const char *target)
{
	struct seen_list seen = { 0 };
	int r = 0;

	if (read_traces(&seen, p, t, target, TRACE_ABSOLUTE, NULL) < 0)
		return -1;
	for (size_t i = 0; i < seen.n; i++) {
		const char *path = seen.v[i].path;
		size_t s = strlen(t->srctree), o = strlen(t->objtree);

		if ((strncmp(path, t->srctree, s) == 0 && path[s] == '/') ||
		    (strncmp(path, t->objtree, o) == 0 && path[o] == '/')) {
			log_error("the installed copy is not relocated: '%s' came from "
				  "the original tree (%s)", path, seen.v[i].why);
			r = -1;
			break;
		}
	}
	seen_free(&seen);
	return r;
}

/* Every import of each probe carries the CRC the kernel or the export probe has. */
static int check_crcs(const struct devel_probe *p, const char *kdir)
{
	struct ksym_symtab *kernel = NULL, *own = NULL;
	struct ksym_ctx *ctx = tool_ctx_new();
	char *path = NULL;
	int r = -1, checked = 0;

	if (!ctx || devel_xasprintf(&path, "%s/Module.symvers", kdir) < 0)
		goto out;
	if (ksym_symvers_read(ctx, path, &kernel) < 0)
		goto out;
	free(path);
	if (devel_xasprintf(&path, "%s/Module.symvers", p->moddir) < 0 ||
	    ksym_symvers_read(ctx, path, &own) < 0)
		goto out;

	for (size_t m = 0; m < 2; m++) {
		const struct ksym_symtab *imports;
		struct ksym_elf *elf;

		free(path);
		if (devel_xasprintf(&path, "%s/%s.ko", p->moddir, probe_modules[m]) < 0 ||
		    ksym_elf_open(ctx, path, &elf) < 0)
			goto out;
		imports = ksym_elf_imports(elf);
		for (size_t i = 0; i < ksym_symtab_count(imports); i++) {
			const struct ksym_sym *s = ksym_symtab_get(imports, i), *want;

			if (!(ksym_sym_flags(s) & KSYM_SYM_CRC))
				continue;
			want = ksym_symtab_find(kernel, ksym_sym_name(s));
			if (!want)
				want = ksym_symtab_find(own, ksym_sym_name(s));
			if (!want || ksym_sym_crc(want) != ksym_sym_crc(s)) {
				log_error("probe '%s' imports '%s' with CRC 0x%08x, but "
					  "Module.symvers has %s", path,
					  ksym_sym_name(s), ksym_sym_crc(s),
					  want ? "another" : "no such symbol");
				ksym_elf_unref(elf);
				goto out;
			}
			checked++;
		}
		ksym_elf_unref(elf);
	}
	if (checked == 0 && ksym_symtab_count(kernel) > 0 &&
	    ksym_sym_flags(ksym_symtab_get(kernel, 0)) & KSYM_SYM_CRC) {
		log_error("the probes carry no CRCs, but the kernel has modversions");
		goto out;
	}
	log_info("probe CRCs: %d imports match Module.symvers", checked);
	r = 0;
out:
	ksym_symtab_unref(kernel);
	ksym_symtab_unref(own);
	ksym_ctx_unref(ctx);
	free(path);
	return r;
}

static int check_installed(const struct devel_probe *p, const struct devel_tree *t)
{
	for (size_t m = 0; m < 2; m++) {
		char *path = NULL;
		int ok;

		if (devel_xasprintf(&path, "%s/lib/modules/%s/extra/%s.ko", p->instdir,
				    t->release, probe_modules[m]) < 0)
			return -1;
		ok = access(path, R_OK) == 0;
		if (!ok)
			log_error("probe 'make modules_install' left no '%s'", path);
		free(path);
		if (!ok)
			return -1;
	}
	return 0;
}

/*
 * kbuild carries on without some files, saying so: depmod is skipped
 * without System.map, module BTF without vmlinux. Either is a failure.
 */
static bool warned_of_missing(const struct devel_probe *p, const char *kdir,
			      const struct devel_tree *t, const char *target)
{
	char *line = NULL;
	size_t cap = 0;
	FILE *f = fopen(p->log, "re");
	bool bad = false;

	if (!f)
		return false;
	while (!bad && tool_getline(f, &line, &cap) > 0) {
		if (strstr(line, "modules_install: missing '")) {
			bad = diagnose(p->log, kdir, t) > 0;
		} else if (strstr(line, "Skipping BTF generation") &&
			   strstr(line, "vmlinux")) {
			log_error("the devel set lacks 'vmlinux', needed by "
				  "'scripts/Makefile.modfinal' (module BTF)");
			bad = true;
		}
	}
	fclose(f);
	free(line);
	if (bad)
		log_error("probe 'make %s' against the installed copy '%s' went "
			  "on without a file it needs", target, kdir);
	return bad;
}

int devel_probe_prove(const char *kdir, const struct devel_tree *t)
{
	struct devel_probe p;
	int r = -1;

	if (devel_probe_new(&p) < 0)
		goto out;
	for (size_t i = 0; i < sizeof(probe_targets) / sizeof(probe_targets[0]); i++) {
		int status = run_make(&p, kdir, probe_targets[i], probe_targets[i], true);

		if (status != 0) {
			prove_failed(&p, kdir, t, probe_targets[i], status);
			goto out;
		}
		if (check_relocated(&p, t, probe_targets[i]) < 0)
			goto out;
		if (warned_of_missing(&p, kdir, t, probe_targets[i]))
			goto out;
		if (i == 0 && check_crcs(&p, kdir) < 0)
			goto out;
		if (i == 1 && check_installed(&p, t) < 0)
			goto out;
	}
	log_info("proof: probe modules built, installed and cleaned against '%s'", kdir);
	r = 0;
out:
	devel_probe_free(&p);
	return r;
}

/* True when rel is one of the set's paths. */
static bool set_has(const struct devel_set *set, const char *rel)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i].path, rel) == 0)
			return true;
	return false;
}

/* Adds rel when the tree has it and the copy kdir lacks it; counts it in *added. */
static int learn_one(struct devel_set *set, const struct devel_tree *t, const char *kdir,
		     const char *rel, const char *why, size_t *added)
{
	char *copy = NULL;
	struct stat st;
	size_t n = set->n;
	int r;

	if (devel_refused(t, rel) || set_has(set, rel))
		return 0;
	if (devel_xasprintf(&copy, "%s/%s", kdir, rel) < 0)
		return -1;
	r = lstat(copy, &st);
	free(copy);
	/* there all the same: the lookup was relative to another directory */
	if (r == 0)
		return 0;
	if (devel_set_add_path(set, t, rel, "prepare: %s", why) < 0)
		return -1;
	if (set->n == n)
		return 0;
	log_debug("prepare: learned '%s' (%s)", rel, why);
	(*added)++;
	return 0;
}

/* What the failed run looked for in vain, by its trace and by its log. */
static int learn_misses(struct devel_set *set, const struct devel_tree *t,
			const struct devel_probe *p, const char *kdir, size_t *added)
{
	struct seen_list seen = { 0 };
	char *line = NULL;
	size_t cap = 0;
	FILE *f;
	int r = -1;

	if (read_traces(&seen, p, t, "prepare", TRACE_MISSES, kdir) < 0)
		goto out;
	qsort(seen.v, seen.n, sizeof(*seen.v), seen_cmp);
	for (size_t i = 0; i < seen.n; i++) {
		if (i && strcmp(seen.v[i - 1].path, seen.v[i].path) == 0)
			continue;
		if (learn_one(set, t, kdir, seen.v[i].path, seen.v[i].why, added) < 0)
			goto out;
	}

	/* make decides from its directory cache that a prerequisite is absent */
	f = fopen(p->log, "re");
	if (!f) {
		log_error("cannot read '%s': %s", p->log, strerror(errno));
		goto out;
	}
	while (tool_getline(f, &line, &cap) > 0) {
		char *y, *x = log_missing(line, &y), *rel, *why = NULL;

		if (!x || !(rel = tree_name(t, kdir, x)))
			continue;
		if (devel_xasprintf(&why, "'%s' needed it during 'make prepare' on a "
				    "copy of the set", y) < 0 ||
		    learn_one(set, t, kdir, rel, why, added) < 0) {
			free(rel);
			free(why);
			fclose(f);
			goto out;
		}
		free(rel);
		free(why);
	}
	fclose(f);
	r = 0;
out:
	free(line);
	seen_free(&seen);
	return r;
}

/* Each run learns at least one file; the 6.1 and 6.12 test trees pass on the 4th */
#define PREPARE_MAX_RUNS 16

int devel_prepare_learn(struct devel_set *set, const struct devel_tree *t)
{
	struct devel_probe p;
	char *kdir = NULL;
	int r = -1;

	if (devel_probe_new(&p) < 0 || devel_xasprintf(&kdir, "%s/copy", p.dir) < 0)
		goto out;
	for (int run = 1; run <= PREPARE_MAX_RUNS; run++) {
		size_t added = 0;
		int status;

		/*
		 * A fresh copy each run: on one copy, what an earlier run built
		 * stays built, so a file learned since would never be tried by
		 * the build it changes (sorttable found the system's
		 * bitsperlong.h, then, on a fresh 6.1 copy, the tree's, which
		 * includes a header the set lacked)
		 */
		(void)nftw(kdir, rm_one, 32, FTW_DEPTH | FTW_PHYS);
		for (size_t i = 0; i < set->n; i++)
			if (devel_install_entry(&set->v[i], kdir) < 0)
				goto out;
		(void)unlink(p.log);
		status = run_make(&p, kdir, "prepare", "prepare", false);
		if (status == 0) {
			log_info("prepare: 'make prepare' passed on a copy of the set "
				 "(run %d)", run);
			r = 0;
			goto out;
		}
		if (status < 0 || learn_misses(set, t, &p, kdir, &added) < 0)
			goto out;
		log_info("prepare: run %d of 'make prepare' on a copy failed; "
			 "%zu files of the tree it looked for join the set", run, added);
		if (added == 0)
			break;
	}
	diagnose(p.log, kdir, t);
	show_log_tail(p.log, 20);
	log_error("'make prepare' on a copy of the set '%s' still fails after what "
		  "the tree has that it looked for", kdir);
	log_hint("rerun with -v and KSYM_KEEP_PROBE=1 to keep the copy and its log, "
		 "or drop --prepare");
out:
	free(kdir);
	devel_probe_free(&p);
	return r;
}
