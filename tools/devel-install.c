/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ksym devel install: the copy, the build link and the rpm file list. */
#include <errno.h>
#include <fcntl.h>
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
 * rpm 4.18 reads a %files -f list through macro expansion more than once
 * (so "%%" does not survive as "%") and globs any name holding * ? [ {;
 * backslashes do not escape glob characters inside quotes, a double quote
 * cannot be inside one, and control characters are refused ("Illegal
 * character"). A glob pattern is then split into words like a command
 * line (popt), so its spaces and single quotes need a backslash. Measured
 * with rpmbuild -bb on lists of such names; tests/devel/
 * filelist-takes-any-name.sh keeps checking it. So: quote every name; a
 * name holding none of * ? [ ] % { } " \ is written as it is; otherwise
 * * ? [ ] % become one-character bracket expressions, { } " \ become '?',
 * which can also match a sibling differing only there (such a sibling is
 * in the set too, so rpm at most warns that it is listed twice), and
 * spaces and single quotes get a backslash.
 */
int devel_rpm_quote(const char *path, char **ret)
{
	bool glob = strpbrk(path, "*?[]%{}\"\\") != NULL;
	char *out = malloc(strlen(path) * 3 + 3), *o = out;

	if (!out)
		return -ENOMEM;
	*o++ = '"';
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			free(out);
			return -EINVAL;
		}
		if (!glob) {
			*o++ = *p;
		} else if (strchr("*?[]%", *p)) {
			*o++ = '[';
			*o++ = *p;
			*o++ = ']';
		} else if (strchr("{}\"\\", *p)) {
			*o++ = '?';
		} else {
			if (*p == ' ' || *p == '\'')
				*o++ = '\\';
			*o++ = *p;
		}
	}
	*o++ = '"';
	*o = '\0';
	*ret = out;
	return 0;
}

/*
 * Runs a binutils program on file. Its stderr is held back and shown only
 * when it fails: objcopy warns of every empty segment it keeps when it
 * reduces vmlinux to its BTF, and those warnings mean nothing here.
 */
static int run(const char *const argv[], const char *file)
{
	FILE *err = tmpfile();
	char line[512];
	int status, r = -1;
	pid_t pid;

	if (!err) {
		log_error("cannot create a temporary file: %s", strerror(errno));
		return -1;
	}
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		dup2(fileno(err), STDERR_FILENO);
		execvp(argv[0], (char **)argv);
		fprintf(stderr, "cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		log_error("cannot run '%s': %s", argv[0], strerror(errno));
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		log_error("'%s' failed on '%s'", argv[0], file);
		rewind(err);
		while (fgets(line, sizeof(line), err))
			fprintf(stderr, "ksym:   | %s", line);
	} else {
		r = 0;
	}
	fclose(err);
	return r;
}

static int mkdir_parents(char *path)
{
	for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			log_error("cannot create '%s': %s", path, strerror(errno));
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

static int copy_bytes(const char *src, const char *dst, mode_t mode)
{
	char buf[65536];
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, r = -1;
	ssize_t n;

	if (in < 0) {
		log_error("cannot read '%s': %s", src, strerror(errno));
		return -1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (out < 0) {
		log_error("cannot write '%s': %s", dst, strerror(errno));
		goto out;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n) {
			log_error("cannot write '%s': %s", dst, strerror(errno));
			goto out;
		}
	if (n < 0) {
		log_error("cannot read '%s': %s", src, strerror(errno));
		goto out;
	}
	r = 0;
out:
	close(in);
	if (out >= 0 && close(out) < 0 && r == 0) {
		log_error("cannot write '%s': %s", dst, strerror(errno));
		r = -1;
	}
	return r;
}

/* Writes one entry to dst: copied, stripped or reduced to its BTF. */
static int install_entry(const struct devel_entry *e, const char *dst)
{
	const char *strip = getenv("KSYM_HOSTSTRIP");
	const char *objcopy = getenv("OBJCOPY");
	struct timespec times[2];
	struct stat st;
	mode_t mode;

	if (stat(e->src, &st) < 0) {
		log_error("cannot read '%s': %s", e->src, strerror(errno));
		return -1;
	}
	mode = st.st_mode & 0111 ? 0755 : 0644;
	if (e->kind == DEVEL_BTF_VMLINUX) {
		const char *argv[] = { objcopy && *objcopy ? objcopy : "objcopy",
				       "--only-section=.BTF", "--set-section-flags",
				       ".BTF=alloc,readonly", e->src, dst, NULL };

		if (run(argv, e->src) < 0)
			return -1;
	} else if (copy_bytes(e->src, dst, mode) < 0) {
		return -1;
	}
	if (e->kind == DEVEL_HOST_ELF) {
		const char *argv[] = { strip && *strip ? strip : "strip",
				       "--strip-unneeded", dst, NULL };

		if (run(argv, e->src) < 0)
			return -1;
	}
	/* the source's times: make must see generated files as up to date */
	times[0] = st.st_mtim;
	times[1] = st.st_mtim;
	if (chmod(dst, mode) < 0 || utimensat(AT_FDCWD, dst, times, 0) < 0) {
		log_error("cannot set the mode of '%s': %s", dst, strerror(errno));
		return -1;
	}
	return 0;
}

int devel_installed_size(const struct devel_entry *e, off_t *ret_size)
{
	char tmpl[] = "/tmp/ksym-devel-size.XXXXXX";
	struct stat st;
	int fd, r;

	if (e->kind == DEVEL_COPY) {
		*ret_size = e->size;
		return 0;
	}
	fd = mkstemp(tmpl);
	if (fd < 0) {
		log_error("cannot create '%s': %s", tmpl, strerror(errno));
		return -1;
	}
	close(fd);
	unlink(tmpl);
	r = install_entry(e, tmpl);
	if (r == 0 && stat(tmpl, &st) == 0)
		*ret_size = st.st_size;
	unlink(tmpl);
	return r;
}

int devel_install_entry(const struct devel_entry *e, const char *dest)
{
	char *path = NULL;
	int r = -1;

	if (devel_xasprintf(&path, "%s/%s", dest, e->path) < 0)
		return -1;
	if (mkdir_parents(path) == 0 && install_entry(e, path) == 0)
		r = 0;
	free(path);
	return r;
}

static int make_build_link(const char *root, const char *release)
{
	char *link = NULL, *target = NULL, buf[PATH_MAX];
	int r = -1;
	ssize_t n;

	if (devel_xasprintf(&link, "%s/lib/modules/%s/build", root, release) < 0 ||
	    devel_xasprintf(&target, "/usr/src/kernels/%s", release) < 0)
		goto out;
	if (mkdir_parents(link) < 0)
		goto out;
	/* modules_install (up to 6.1) links build to the build directory */
	n = readlink(link, buf, sizeof(buf) - 1);
	if (n >= 0) {
		buf[n] = '\0';
		if (strcmp(buf, target) == 0) {
			r = 0;
			goto out;
		}
		log_info("replacing the link '%s' to '%s'", link, buf);
		if (unlink(link) < 0) {
			log_error("cannot replace '%s': %s", link, strerror(errno));
			goto out;
		}
	}
	if (symlink(target, link) < 0) {
		log_error("cannot link '%s': %s", link, strerror(errno));
		goto out;
	}
	r = 0;
out:
	free(link);
	free(target);
	return r;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The directories of the set, each once, sorted: the package owns them. */
static int collect_dirs(const struct devel_set *set, char ***ret, size_t *ret_n)
{
	char **v = NULL;
	size_t n = 0, cap = 0, o = 0;

	for (size_t i = 0; i < set->n; i++) {
		char *d = strdup(set->v[i].path), *slash;

		if (!d)
			goto nomem;
		while ((slash = strrchr(d, '/'))) {
			*slash = '\0';
			if (n == cap) {
				char **nv;

				cap = cap ? cap * 2 : 256;
				nv = realloc(v, cap * sizeof(*v));

				if (!nv) {
					free(d);
					goto nomem;
				}
				v = nv;
			}
			if (!(v[n] = strdup(d))) {
				free(d);
				goto nomem;
			}
			n++;
		}
		free(d);
	}
	qsort(v, n, sizeof(*v), str_cmp);
	for (size_t i = 0; i < n; i++) {
		if (o && strcmp(v[o - 1], v[i]) == 0) {
			free(v[i]);
			continue;
		}
		v[o++] = v[i];
	}
	*ret = v;
	*ret_n = o;
	return 0;
nomem:
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	log_error("out of memory");
	return -1;
}

static int write_line(FILE *f, const char *prefix, const char *path)
{
	char *q = NULL;
	int r = devel_rpm_quote(path, &q);

	if (r == -EINVAL) {
		log_error("cannot list '%s' for rpm: its name holds a control character",
			  path);
		return -1;
	}
	if (r < 0)
		return -1;
	fprintf(f, "%s%s\n", prefix, q);
	free(q);
	return 0;
}

/* Written beside its final name and renamed: never a half-written list. */
static int write_filelist(const struct devel_set *set, const struct devel_tree *t,
			  const char *filelist)
{
	char *tmp = NULL, *base = NULL, *abs = NULL, **dirs = NULL;
	size_t n_dirs = 0;
	FILE *f = NULL;
	int fd, r = -1;

	if (devel_xasprintf(&base, "/usr/src/kernels/%s", t->release) < 0 ||
	    devel_xasprintf(&tmp, "%s.XXXXXX", filelist) < 0 ||
	    collect_dirs(set, &dirs, &n_dirs) < 0)
		goto out;
	fd = mkstemp(tmp);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		log_error("cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	if (write_line(f, "%dir ", base) < 0)
		goto out;
	for (size_t i = 0; i < n_dirs; i++) {
		free(abs);
		if (devel_xasprintf(&abs, "%s/%s", base, dirs[i]) < 0 ||
		    write_line(f, "%dir ", abs) < 0)
			goto out;
	}
	for (size_t i = 0; i < set->n; i++) {
		free(abs);
		if (devel_xasprintf(&abs, "%s/%s", base, set->v[i].path) < 0 ||
		    write_line(f, "", abs) < 0)
			goto out;
	}
	free(abs);
	if (devel_xasprintf(&abs, "/lib/modules/%s/build", t->release) < 0 ||
	    write_line(f, "", abs) < 0)
		goto out;
	if (fflush(f) != 0 || fsync(fileno(f)) < 0) {
		log_error("cannot write '%s': %s", tmp, strerror(errno));
		goto out;
	}
	if (fchmod(fileno(f), 0644) < 0 || rename(tmp, filelist) < 0) {
		log_error("cannot write '%s': %s", filelist, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	r = 0;
out:
	if (f)
		fclose(f);
	if (tmp)
		(void)unlink(tmp);
	for (size_t i = 0; i < n_dirs; i++)
		free(dirs[i]);
	free(dirs);
	free(tmp);
	free(base);
	free(abs);
	return r;
}

int devel_install(const struct devel_set *set, const struct devel_tree *t,
		  const char *root, const char *filelist, bool prove)
{
	char *dest = NULL;
	struct stat st;
	int r = -1;

	if (devel_xasprintf(&dest, "%s/usr/src/kernels/%s", root, t->release) < 0)
		goto out;
	if (lstat(dest, &st) == 0) {
		log_error("cannot install into '%s': it exists", dest);
		log_hint("remove it first; the buildroot is normally empty in %%install");
		goto out;
	}
	/* the list is written last, so a failed run leaves none */
	if (filelist)
		(void)unlink(filelist);
	for (size_t i = 0; i < set->n; i++)
		if (devel_install_entry(&set->v[i], dest) < 0)
			goto out;
	if (make_build_link(root, t->release) < 0)
		goto out;
	log_info("installed %zu files into '%s'", set->n, dest);
	if (prove && devel_probe_prove(dest, t) < 0)
		goto out;
	if (filelist && write_filelist(set, t, filelist) < 0)
		goto out;
	r = 0;
out:
	free(dest);
	return r;
}
