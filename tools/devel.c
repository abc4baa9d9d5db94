/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ksym devel: the files an out-of-tree module build needs from a built
 * kernel, computed from the tree itself.
 *
 * The set is the union of:
 *  - what kbuild read while building, installing and cleaning probe modules
 *    against the complete built tree (traced, so every makefile, script and
 *    host program an external build touches is there because it was used);
 *  - every header of include/ and arch/<srcarch>/include/, source and
 *    generated, since modules may include any of them;
 *  - what the configuration switches on that a C probe does not exercise
 *    (Rust artefacts, gcc plugins, module BTF, signing);
 *  - .config, System.map and Module.symvers, always;
 *  - with --private-headers, the headers outside include/ that in-tree
 *    modules' kbuild dependency records name;
 *  - with --prepare, what 'make prepare' and 'make scripts' read on the
 *    copy: the Kconfig files and host-program sources kbuild's records
 *    name, then whatever 'make prepare' on a scratch copy looked for and
 *    the tree has, traced run after run until it passes.
 * Whatever a rule offers is then checked: objects, .cmd files, other
 * architectures, Documentation/, private keys (by name and by content) and
 * anything reached through a link leaving the tree never get in.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devel.h"
#include "tool.h"

static const char *arg_srctree;
static const char *arg_objtree;
static const char *arg_root;
static const char *arg_release;
static const char *arg_filelist;
static const char *arg_arch;
static bool arg_why;
static bool arg_summary;
static bool arg_private_headers;
static bool arg_prepare;
static bool arg_proof = true;
static char **arg_exclude;
static size_t arg_n_exclude;

int devel_xasprintf(char **ret, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (n < 0) {
		*ret = NULL;
		log_error("out of memory");
		return -ENOMEM;
	}
	return n;
}

static void help(void)
{
	printf("Usage: ksym devel list --srctree DIR [OPTION...]\n"
	       "       ksym devel install --srctree DIR --root BUILDROOT [OPTION...]\n\n"
	       "Compute the kernel -devel file set of a built kernel: what an\n"
	       "out-of-tree module build, modules_install and clean read from the\n"
	       "tree (traced on probe modules), every header of include/ and of the\n"
	       "architecture, what the configuration switches on, and always\n"
	       ".config, System.map and Module.symvers.\n\n"
	       "'list' prints the set; 'install' copies it to\n"
	       "BUILDROOT/usr/src/kernels/RELEASE, links /lib/modules/RELEASE/build\n"
	       "to it, proves it by building probe modules against the copy, and\n"
	       "writes an rpm %%files list.\n\n"
	       "  -s, --srctree=DIR      the kernel source tree\n"
	       "  -o, --objtree=DIR      the object tree of an O= build (default: srctree)\n"
	       "  -r, --root=BUILDROOT   install under this root\n"
	       "  -R, --release=RELEASE  default: the tree's include/config/kernel.release\n"
	       "  -f, --filelist=FILE    write the %%files list here (install)\n"
	       "  -a, --arch=SRCARCH     default: the arch/ directory holding generated headers\n"
	       "  -p, --private-headers  add headers outside include/ that in-tree modules read\n"
	       "  -P, --prepare          add what make prepare and make scripts need,\n"
	       "                         learned by tracing make prepare on copies\n"
	       "                         (about 7 MB, mostly Kconfig files; minutes)\n"
	       "  -n, --no-proof         skip building probe modules against the copy\n"
	       "  -x, --exclude=GLOB     leave matching paths out (the proof tells if needed)\n"
	       "  -w, --why              list: print the rule or evidence for each file\n"
	       "  -S, --summary          list: print only the count of files and bytes\n"
	       "  -v, --verbose          say more (twice: debug)\n"
	       "  -q, --quiet            print errors only\n"
	       "  -h, --help             show this help\n");
}

static int read_small_file(const char *path, char **ret)
{
	char buf[4096];
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	*ret = strdup(buf);
	return *ret ? 0 : -ENOMEM;
}

const char *devel_config(const struct devel_tree *t, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < t->n_config; i++)
		if (strncmp(t->config[i], name, len) == 0 && t->config[i][len] == '=')
			return t->config[i] + len + 1;
	return NULL;
}

bool devel_config_on(const struct devel_tree *t, const char *name)
{
	const char *v = devel_config(t, name);

	return v && strcmp(v, "y") == 0;
}

static int read_config(struct devel_tree *t)
{
	char *path = NULL, *line = NULL;
	size_t cap = 0;
	FILE *f;
	int r;

	if (devel_xasprintf(&path, "%s/include/config/auto.conf", t->objtree) < 0)
		return -ENOMEM;
	f = fopen(path, "re");
	if (!f) {
		log_error("cannot read '%s': %s", path, strerror(errno));
		log_hint("build the kernel first, or pass its object tree with --objtree");
		free(path);
		return -1;
	}
	while ((r = tool_getline(f, &line, &cap)) > 0) {
		char **v;

		if (strncmp(line, "CONFIG_", 7) != 0)
			continue;
		v = realloc(t->config, (t->n_config + 1) * sizeof(*v));
		if (!v || !(v[t->n_config] = strdup(line))) {
			t->config = v ? v : t->config;
			r = -ENOMEM;
			break;
		}
		t->config = v;
		t->n_config++;
	}
	fclose(f);
	free(line);
	free(path);
	return r < 0 ? -1 : 0;
}

/* The architecture is the one arch/ directory kbuild generated headers in. */
static int find_srcarch(struct devel_tree *t)
{
	char *dir = NULL, *found = NULL;
	struct dirent **names = NULL;
	int n, r = -1;

	if (arg_arch)
		return (t->srcarch = strdup(arg_arch)) ? 0 : -1;
	if (devel_xasprintf(&dir, "%s/arch", t->objtree) < 0)
		return -1;
	n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		char *gen = NULL;
		struct stat st;

		if (names[i]->d_name[0] != '.' &&
		    devel_xasprintf(&gen, "%s/%s/include/generated", dir,
				    names[i]->d_name) > 0 &&
		    stat(gen, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (found) {
				log_error("cannot tell the architecture of '%s': both "
					  "arch/%s and arch/%s hold generated headers",
					  t->objtree, found, names[i]->d_name);
				log_hint("name it with --arch");
				free(gen);
				goto out;
			}
			found = strdup(names[i]->d_name);
		}
		free(gen);
	}
	if (!found) {
		log_error("cannot tell the architecture of '%s': no "
			  "arch/*/include/generated", t->objtree);
		log_hint("build the kernel first, or name it with --arch");
		goto out;
	}
	t->srcarch = found;
	found = NULL;
	r = 0;
out:
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(found);
	free(dir);
	return r;
}

static int tree_open(struct devel_tree *t)
{
	char *path = NULL;
	int r;

	t->srctree = realpath(arg_srctree, NULL);
	if (!t->srctree) {
		log_error("cannot read '%s': %s", arg_srctree, strerror(errno));
		return -1;
	}
	t->objtree = realpath(arg_objtree ? arg_objtree : arg_srctree, NULL);
	if (!t->objtree) {
		log_error("cannot read '%s': %s", arg_objtree, strerror(errno));
		return -1;
	}
	if (read_config(t) < 0 || find_srcarch(t) < 0)
		return -1;
	if (arg_release)
		return (t->release = strdup(arg_release)) ? 0 : -1;

	if (devel_xasprintf(&path, "%s/include/config/kernel.release", t->objtree) < 0)
		return -1;
	r = read_small_file(path, &t->release);
	if (r < 0 || !*t->release) {
		log_error("cannot read '%s': %s", path,
			  r < 0 ? strerror(-r) : "it is empty");
		log_hint("build the kernel first, or pass --release");
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

static void tree_close(struct devel_tree *t)
{
	for (size_t i = 0; i < t->n_config; i++)
		free(t->config[i]);
	free(t->config);
	free(t->srctree);
	free(t->objtree);
	free(t->srcarch);
	free(t->release);
}

/* Lexically normalised path relative to the tree, or NULL when outside. */
char *devel_relpath(const struct devel_tree *t, const char *path)
{
	const char *roots[] = { t->objtree, t->srctree };
	const char *rest = path;
	char *out, *o;
	size_t len;

	if (path[0] == '/') {
		rest = NULL;
		for (size_t i = 0; i < 2 && !rest; i++) {
			len = strlen(roots[i]);
			if (strncmp(path, roots[i], len) == 0 &&
			    (path[len] == '/' || !path[len]))
				rest = path + len;
		}
		if (!rest)
			return NULL;
	}

	out = malloc(strlen(rest) + 1);
	if (!out)
		return NULL;
	o = out;
	while (*rest) {
		const char *end;

		while (*rest == '/')
			rest++;
		end = rest + strcspn(rest, "/");
		len = end - rest;
		if (len == 0 || (len == 1 && rest[0] == '.')) {
			/* nothing */
		} else if (len == 2 && rest[0] == '.' && rest[1] == '.') {
			if (o == out) {
				free(out);
				return NULL;
			}
			while (o > out && o[-1] != '/')
				o--;
			if (o > out)
				o--;
		} else {
			if (o > out)
				*o++ = '/';
			memcpy(o, rest, len);
			o += len;
		}
		rest = end;
	}
	*o = '\0';
	if (!*out) {
		free(out);
		return NULL;
	}
	return out;
}

static bool path_under(const char *path, const char *dir)
{
	size_t len = strlen(dir);

	return strncmp(path, dir, len) == 0 && (path[len] == '/' || !path[len]);
}

/* Why a path can never be in the set by its name alone, or NULL. */
static const char *refused_by_name(const struct devel_tree *t, const char *rel)
{
	const char *base = strrchr(rel, '/');

	base = base ? base + 1 : rel;
	if (strpbrk(rel, "\n\r"))
		return "rpm cannot package a file name holding a newline";
	/* Documentation/Kconfig is configuration that syncconfig reads, not text */
	if (path_under(rel, "Documentation") && strncmp(base, "Kconfig", 7) != 0)
		return "documentation";
	/* other architectures' Kconfig files are parsed by syncconfig all the same */
	if (strncmp(rel, "arch/", 5) == 0 && strchr(rel + 5, '/') &&
	    !path_under(rel + 5, t->srcarch) && strncmp(base, "Kconfig", 7) != 0)
		return "another architecture";
	if (base[0] == '.' && tool_has_suffix(base, ".cmd"))
		return "a kbuild command record (.cmd)";
	if (tool_has_suffix(base, ".o") || tool_has_suffix(base, ".ko") || tool_has_suffix(base, ".a"))
		return "an object";
	for (size_t i = 0; i < arg_n_exclude; i++)
		if (fnmatch(arg_exclude[i], rel, 0) == 0)
			return "excluded by --exclude";
	if (strcmp(rel, "certs/signing_key.pem") == 0)
		return "the module signing key";
	return NULL;
}

bool devel_refused(const struct devel_tree *t, const char *rel)
{
	const char *why = refused_by_name(t, rel);

	/* what --exclude took out is exactly what the proof should name */
	if (why && strcmp(why, "excluded by --exclude") == 0)
		return false;
	return why != NULL || strcmp(rel, "vmlinux") == 0;
}

/* True when the file holds a PEM private key ("-----BEGIN ... PRIVATE KEY-----"). */
static int holds_private_key(const char *path, bool *ret)
{
	static const char begin[] = "-----BEGIN ";
	char *buf = NULL, *p;
	size_t cap = 0, n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t k;

		if (n + 65536 + 1 > cap) {
			char *b = realloc(buf, cap = n + 65536 + 1);

			if (!b) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = b;
		}
		k = read(fd, buf + n, cap - n - 1);
		if (k < 0) {
			k = -errno;
			free(buf);
			close(fd);
			return k;
		}
		if (k == 0)
			break;
		n += k;
	}
	close(fd);
	*ret = false;
	for (p = buf; n && (p = memmem(p, n - (p - buf), begin, sizeof(begin) - 1));
	     p++) {
		char *eol = memchr(p, '\n', n - (p - buf));
		size_t len = eol ? (size_t)(eol - p) : n - (p - buf);
		static const char tail[] = "PRIVATE KEY-----";

		if (memmem(p, len, tail, sizeof(tail) - 1)) {
			*ret = true;
			break;
		}
	}
	free(buf);
	return 0;
}

static enum devel_kind kind_of(const char *path)
{
	unsigned char h[18];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	unsigned type;

	if (fd < 0)
		return DEVEL_COPY;
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n < (ssize_t)sizeof(h) || memcmp(h, "\177ELF", 4) != 0)
		return DEVEL_COPY;
	type = h[5] == 2 ? (h[16] << 8 | h[17]) : (h[17] << 8 | h[16]);
	/* ET_EXEC or ET_DYN: programs and plugins built for the build host */
	return type == 2 || type == 3 ? DEVEL_HOST_ELF : DEVEL_COPY;
}

/* Where rel is read from: the objtree's copy wins, but not its wrapper Makefile. */
static char *source_of(const struct devel_tree *t, const char *rel)
{
	char *p = NULL;
	struct stat st;

	if (strcmp(t->srctree, t->objtree) != 0 && strcmp(rel, "Makefile") != 0) {
		if (devel_xasprintf(&p, "%s/%s", t->objtree, rel) < 0)
			return NULL;
		if (lstat(p, &st) == 0)
			return p;
		free(p);
	}
	if (devel_xasprintf(&p, "%s/%s", t->srctree, rel) < 0)
		return NULL;
	return p;
}

static int set_append(struct devel_set *set, struct devel_entry *e)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 1024;
		struct devel_entry *v = realloc(set->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		set->v = v;
		set->cap = cap;
	}
	set->v[set->n++] = *e;
	return 0;
}

static int set_add_va(struct devel_set *set, const struct devel_tree *t,
		      const char *rel, bool quiet_missing, const char *fmt, va_list ap)
{
	struct devel_entry e = { 0 };
	const char *refused;
	char *real = NULL;
	struct stat st;
	bool key = false;
	int r = 0;

	refused = refused_by_name(t, rel);
	if (refused) {
		if (strpbrk(rel, "\n\r")) {
			log_error("cannot take '%s' into the set: %s", rel, refused);
			return -EINVAL;
		}
		log_info("skipping '%s': %s", rel, refused);
		return 0;
	}
	e.src = source_of(t, rel);
	if (!e.src)
		return -ENOMEM;
	if (lstat(e.src, &st) < 0) {
		if (!quiet_missing)
			log_info("skipping '%s': %s", rel, strerror(errno));
		goto skip;
	}

	/* links are taken only when they stay inside the tree and end in a file */
	real = realpath(e.src, NULL);
	if (!real) {
		log_info("skipping '%s': link cannot be resolved: %s", rel,
			 strerror(errno));
		goto skip;
	}
	if (!path_under(real, t->srctree) && !path_under(real, t->objtree)) {
		log_info("skipping '%s': reached through a link leaving the tree", rel);
		goto skip;
	}
	if (stat(real, &st) < 0 || !S_ISREG(st.st_mode))
		goto skip;

	if (strcmp(rel, "vmlinux") == 0) {
		if (!devel_config_on(t, "CONFIG_DEBUG_INFO_BTF_MODULES")) {
			log_info("skipping 'vmlinux': modules get no BTF, nothing needs it");
			goto skip;
		}
		e.kind = DEVEL_BTF_VMLINUX;
	} else {
		r = holds_private_key(real, &key);
		if (r < 0) {
			log_error("cannot read '%s': %s", real, strerror(-r));
			goto skip;
		}
		if (key) {
			log_info("skipping '%s': holds a private key", rel);
			goto skip;
		}
		e.kind = kind_of(real);
	}

	e.path = strdup(rel);
	if (!e.path || vasprintf(&e.why, fmt, ap) < 0) {
		r = -ENOMEM;
		goto skip;
	}
	e.size = st.st_size;
	free(real);
	r = set_append(set, &e);
	if (r < 0)
		goto fail;
	return 0;
skip:
	free(real);
fail:
	free(e.src);
	free(e.path);
	free(e.why);
	if (r == -ENOMEM)
		log_error("out of memory");
	return r;
}

int devel_set_add_path(struct devel_set *set, const struct devel_tree *t,
		       const char *rel, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = set_add_va(set, t, rel, true, fmt, ap);
	va_end(ap);
	return r;
}

/* Adds rel, which the configuration or kbuild requires: its absence is an error. */
static int set_add_needed(struct devel_set *set, const struct devel_tree *t,
			  const char *rel, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int set_add_needed(struct devel_set *set, const struct devel_tree *t,
			  const char *rel, const char *fmt, ...)
{
	char *src = source_of(t, rel);
	va_list ap;
	int r;

	if (!src)
		return -ENOMEM;
	if (access(src, R_OK) < 0) {
		log_error("cannot read '%s': %s", src, strerror(errno));
		log_hint("build the kernel completely before installing its devel set");
		free(src);
		return -ENOENT;
	}
	free(src);
	va_start(ap, fmt);
	r = set_add_va(set, t, rel, false, fmt, ap);
	va_end(ap);
	return r;
}

/* nftw gives no user pointer: the walk's state lives here for its duration. */
static struct {
	struct devel_set *set;
	const struct devel_tree *t;
	const char *why;
	const char *suffix;
	size_t root_len;
	int r;
} walk;

static int walk_one(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	char *rel;
	int r;

	if (flag != FTW_F && flag != FTW_SL)
		return 0;
	if (walk.suffix && !tool_has_suffix(path, walk.suffix))
		return 0;
	rel = devel_relpath(walk.t, path);
	if (!rel) {
		walk.r = -ENOMEM;
		return 1;
	}
	r = devel_set_add_path(walk.set, walk.t, rel, "%s", walk.why);
	free(rel);
	if (r < 0) {
		walk.r = r;
		return 1;
	}
	return 0;
}

/* Adds every file under rel in both trees; directory links are never followed. */
static int set_add_dir(struct devel_set *set, const struct devel_tree *t,
		       const char *rel, const char *suffix, const char *why)
{
	const char *roots[] = { t->objtree, t->srctree };
	int n = strcmp(t->objtree, t->srctree) == 0 ? 1 : 2;

	for (int i = 0; i < n; i++) {
		char *dir = NULL;
		struct stat st;

		if (devel_xasprintf(&dir, "%s/%s", roots[i], rel) < 0)
			return -ENOMEM;
		if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			free(dir);
			continue;
		}
		walk.set = set;
		walk.t = t;
		walk.why = why;
		walk.suffix = suffix;
		walk.r = 0;
		if (nftw(dir, walk_one, 32, FTW_PHYS) < 0 && !walk.r) {
			log_error("cannot read '%s': %s", dir, strerror(errno));
			walk.r = -EIO;
		}
		free(dir);
		if (walk.r < 0)
			return walk.r;
	}
	return 0;
}

static int add_always(struct devel_set *set, const struct devel_tree *t)
{
	if (set_add_needed(set, t, ".config", "always: the configuration; DKMS "
			   "reads it to decide on signing") < 0 ||
	    set_add_needed(set, t, "System.map", "always: modules_install runs "
			   "depmod with it") < 0 ||
	    set_add_needed(set, t, "Module.symvers", "always: the CRCs modpost "
			   "gives module imports") < 0 ||
	    set_add_needed(set, t, "include/config/auto.conf", "always: the "
			   "configuration kbuild reads") < 0 ||
	    set_add_needed(set, t, "include/config/kernel.release", "always: the "
			   "release kbuild reads") < 0)
		return -1;
	return 0;
}

static int add_headers(struct devel_set *set, const struct devel_tree *t)
{
	char *arch = NULL, *why = NULL;
	int r;

	if (devel_xasprintf(&arch, "arch/%s/include", t->srcarch) < 0 ||
	    devel_xasprintf(&why, "header of arch/%s/include/", t->srcarch) < 0) {
		free(arch);
		return -1;
	}
	r = set_add_dir(set, t, "include", NULL, "header of include/");
	if (r == 0)
		r = set_add_dir(set, t, arch, NULL, why);
	free(arch);
	free(why);
	return r < 0 ? -1 : 0;
}

/* What a C probe does not exercise but the configuration makes kbuild use. */
static int add_configured(struct devel_set *set, const struct devel_tree *t)
{
	int r = 0;

	if (devel_config_on(t, "CONFIG_OBJTOOL"))
		r = set_add_needed(set, t, "tools/objtool/objtool",
				   "CONFIG_OBJTOOL=y: every object is checked by objtool");
	if (r == 0 && devel_config_on(t, "CONFIG_DEBUG_INFO_BTF_MODULES")) {
		r = set_add_needed(set, t, "tools/bpf/resolve_btfids/resolve_btfids",
				   "CONFIG_DEBUG_INFO_BTF_MODULES=y: module BTF ids");
		if (r == 0)
			r = set_add_needed(set, t, "vmlinux",
					   "CONFIG_DEBUG_INFO_BTF_MODULES=y: base BTF "
					   "for module BTF (only its .BTF section)");
	}
	if (r == 0 && devel_config_on(t, "CONFIG_MODVERSIONS") &&
	    !devel_config_on(t, "CONFIG_GENDWARFKSYMS"))
		r = set_add_needed(set, t, "scripts/genksyms/genksyms",
				   "CONFIG_MODVERSIONS=y: CRCs of module exports");
	if (r == 0 && devel_config_on(t, "CONFIG_GENDWARFKSYMS"))
		r = set_add_needed(set, t, "scripts/gendwarfksyms/gendwarfksyms",
				   "CONFIG_GENDWARFKSYMS=y: CRCs of module exports");
	if (r == 0 && devel_config_on(t, "CONFIG_MODULE_SIG")) {
		r = set_add_needed(set, t, "scripts/sign-file",
				   "CONFIG_MODULE_SIG=y: modules_install signs modules");
		if (r == 0)
			r = devel_set_add_path(set, t, "certs/signing_key.x509",
					       "CONFIG_MODULE_SIG=y: the public "
					       "certificate modules_install signs with");
	}
	if (r == 0 && devel_config_on(t, "CONFIG_GCC_PLUGINS"))
		r = set_add_dir(set, t, "scripts/gcc-plugins", ".so",
				"CONFIG_GCC_PLUGINS=y: compiler plugins every "
				"module compile loads");
	if (r == 0 && devel_config_on(t, "CONFIG_RUST")) {
		r = set_add_dir(set, t, "rust", ".rmeta",
				"CONFIG_RUST=y: crate metadata Rust modules link against");
		if (r == 0)
			r = set_add_dir(set, t, "rust", ".so",
					"CONFIG_RUST=y: proc-macro crates rustc loads");
		if (r == 0)
			r = devel_set_add_path(set, t, "scripts/target.json",
					       "CONFIG_RUST=y: rustc's target "
					       "specification");
	}
	return r < 0 ? -1 : 0;
}

/*
 * The deps_ list of a kbuild .cmd file: every file the compile read. Adds
 * those outside the header directories already in the set.
 */
static int add_cmd_deps(struct devel_set *set, const struct devel_tree *t,
			const char *cmdfile, const char *object, const char *archinc)
{
	char *line = NULL;
	size_t cap = 0;
	bool in_deps = false;
	FILE *f = fopen(cmdfile, "re");
	int r;

	if (!f)
		return 0;
	while ((r = tool_getline(f, &line, &cap)) > 0) {
		char *tok, *save = NULL;

		if (strncmp(line, "deps_", 5) == 0) {
			in_deps = true;
			continue;
		}
		if (!in_deps)
			continue;
		if (!tool_has_suffix(line, "\\"))
			in_deps = false;
		for (tok = strtok_r(line, " \t\\", &save); tok;
		     tok = strtok_r(NULL, " \t\\", &save)) {
			char *rel;

			if (strncmp(tok, "$(wildcard", 10) == 0 || !tool_has_suffix(tok, ".h"))
				continue;
			if (strncmp(tok, "$(srctree)/", 11) == 0)
				tok += 11;
			rel = devel_relpath(t, tok);
			if (!rel)
				continue;
			r = 0;
			if (!path_under(rel, "include") && !path_under(rel, archinc))
				r = devel_set_add_path(set, t, rel, "private header: "
						       "'%s' of an in-tree module "
						       "read it", object);
			free(rel);
			if (r < 0)
				goto out;
		}
	}
out:
	fclose(f);
	free(line);
	return r < 0 ? r : 0;
}

/* The objects of each in-tree module, from modules.order and the .mod files. */
static int add_private_headers(struct devel_set *set, const struct devel_tree *t)
{
	char *order = NULL, *line = NULL, *obj = NULL, *archinc = NULL;
	size_t cap = 0, ocap = 0;
	FILE *f;
	int r = 0;

	if (devel_xasprintf(&archinc, "arch/%s/include", t->srcarch) < 0 ||
	    devel_xasprintf(&order, "%s/modules.order", t->objtree) < 0) {
		free(archinc);
		return -1;
	}
	f = fopen(order, "re");
	if (!f) {
		log_error("cannot read '%s': %s", order, strerror(errno));
		log_hint("build the modules first, or drop --private-headers");
		free(archinc);
		free(order);
		return -1;
	}
	while (r >= 0 && tool_getline(f, &line, &cap) > 0) {
		char *mod = NULL;
		FILE *m;

		/* 6.1 lists "dir/foo.ko", 6.12 "dir/foo.o" */
		if (tool_has_suffix(line, ".ko") || tool_has_suffix(line, ".o"))
			*strrchr(line, '.') = '\0';
		if (devel_xasprintf(&mod, "%s/%s.mod", t->objtree, line) < 0)
			break;
		m = fopen(mod, "re");
		free(mod);
		if (!m)
			continue;
		while (r >= 0 && tool_getline(m, &obj, &ocap) > 0) {
			char *cmd = NULL, *slash = strrchr(obj, '/');

			if (!slash)
				continue;
			*slash = '\0';
			if (devel_xasprintf(&cmd, "%s/%s/.%s.cmd", t->objtree, obj,
					    slash + 1) < 0) {
				r = -ENOMEM;
				break;
			}
			*slash = '/';
			r = add_cmd_deps(set, t, cmd, obj, archinc);
			free(cmd);
		}
		fclose(m);
	}
	fclose(f);
	free(archinc);
	free(order);
	free(line);
	free(obj);
	return r < 0 ? -1 : 0;
}

/* The Kconfig files of include/config/auto.conf.cmd's deps_config list. */
static int add_cmd_record_list(struct devel_set *set, const struct devel_tree *t,
			       const char *cmdfile)
{
	char *line = NULL;
	size_t cap = 0;
	bool in_list = false;
	FILE *f = fopen(cmdfile, "re");
	int r = 0;

	if (!f) {
		log_error("cannot read '%s': %s", cmdfile, strerror(errno));
		return -1;
	}
	while (r >= 0 && tool_getline(f, &line, &cap) > 0) {
		char *tok, *save = NULL;

		if (strncmp(line, "deps_config :=", 14) == 0) {
			in_list = true;
			continue;
		}
		if (!in_list)
			continue;
		if (!tool_has_suffix(line, "\\"))
			in_list = false;
		for (tok = strtok_r(line, " \t\\", &save); tok && r >= 0;
		     tok = strtok_r(NULL, " \t\\", &save)) {
			char *rel;

			if (strncmp(tok, "$(srctree)/", 11) == 0)
				tok += 11;
			rel = devel_relpath(t, tok);
			if (!rel)
				continue;
			r = devel_set_add_path(set, t, rel, "prepare: a Kconfig file "
					       "include/config/auto.conf.cmd lists; "
					       "syncconfig reads it");
			free(rel);
		}
	}
	fclose(f);
	free(line);
	return r;
}

/* Adds the Makefile and Kbuild of rel's directory and of its parents. */
static int add_dir_makefiles(struct devel_set *set, const struct devel_tree *t,
			     const char *rel)
{
	char *dir = strdup(rel), *slash;
	int r = 0;

	if (!dir)
		return -ENOMEM;
	while (r >= 0 && (slash = strrchr(dir, '/'))) {
		static const char *const names[] = { "Makefile", "Kbuild" };

		*slash = '\0';
		for (size_t i = 0; i < 2 && r >= 0; i++) {
			char *mk = NULL;

			if (devel_xasprintf(&mk, "%s/%s", dir, names[i]) < 0) {
				r = -ENOMEM;
				break;
			}
			r = devel_set_add_path(set, t, mk, "host-program rule: kbuild "
					       "descends into '%s' to rebuild it", dir);
			free(mk);
		}
	}
	free(dir);
	return r;
}

/*
 * A kbuild .cmd record: "source_X := FILE" and the deps_X list name every
 * tree file the target was made from. Adds them (objects are refused).
 */
static int add_cmd_record(struct devel_set *set, const struct devel_tree *t,
			  const char *cmdfile, const char *target)
{
	char *line = NULL;
	size_t cap = 0;
	bool in_list = false;
	FILE *f = fopen(cmdfile, "re");
	int r = 0;

	if (!f)
		return 0;
	while (r >= 0 && tool_getline(f, &line, &cap) > 0) {
		char *tok, *save = NULL, *p = line;
		bool source = strncmp(line, "source_", 7) == 0;
		/* if_changed records carry no deps_: the command names the inputs */
		bool command = strncmp(line, "cmd_", 4) == 0 || strncmp(line, "savedcmd_", 9) == 0;

		if (source || command || strncmp(line, "deps_", 5) == 0) {
			p = strstr(line, ":=");
			if (!p)
				continue;
			p += 2;
			in_list = true;
		} else if (!in_list) {
			continue;
		}
		if (!tool_has_suffix(line, "\\"))
			in_list = false;
		for (tok = strtok_r(p, " \t\\", &save); tok && r >= 0;
		     tok = strtok_r(NULL, " \t\\", &save)) {
			char *rel;

			if (strchr(tok, '$') || strchr(tok, '(') || strchr(tok, ')') ||
			    tok[0] == '-' || tok[0] == '\'' || tok[0] == '"')
				continue;
			rel = devel_relpath(t, tok);
			if (!rel)
				continue;
			r = devel_set_add_path(set, t, rel, "host-program rule: "
					       "'%s' is made from it (its .cmd record)",
					       target);
			if (r >= 0 && source)
				r = add_dir_makefiles(set, t, rel);
			free(rel);
		}
	}
	fclose(f);
	free(line);
	return r;
}

static int walk_cmd_one(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	const char *base = path + ftw->base;
	char *target, *rel;
	int r;

	if (flag != FTW_F || base[0] != '.' || !tool_has_suffix(base, ".cmd"))
		return 0;
	rel = devel_relpath(walk.t, path);
	if (!rel)
		return 0;
	/* scripts/mod/.modpost.cmd records scripts/mod/modpost */
	target = strdup(rel);
	if (target) {
		char *b = strrchr(target, '/');

		b = b ? b + 1 : target;
		memmove(b, b + 1, strlen(b));
		target[strlen(target) - 4] = '\0';
	}
	r = target ? add_cmd_record(walk.set, walk.t, path, target) : -ENOMEM;
	free(target);
	free(rel);
	if (r < 0) {
		walk.r = r;
		return 1;
	}
	return 0;
}

/* "$(build)=DIR": kbuild descends into DIR and reads its Kbuild or Makefile. */
static int add_build_dirs(struct devel_set *set, const struct devel_tree *t,
			  const char *line, const char *who)
{
	const char *p = line;
	int r = 0;

	while (r >= 0 && (p = strstr(p, "$(build)="))) {
		size_t len;
		char *dir, *mk = NULL;

		p += 9;
		len = strcspn(p, " \t;$()");
		if (len == 0 || p[len] == '$' || p[len] == '(')
			continue;
		mk = strndup(p, len);
		dir = mk ? devel_relpath(t, mk) : NULL;
		/* "$(build)=.": without the top Kbuild, kbuild reads Makefile and recurses */
		if (!dir && mk && strcmp(mk, ".") == 0)
			r = devel_set_add_path(set, t, "Kbuild", "prepare: '%s' descends "
					       "into the top directory", who);
		free(mk);
		mk = NULL;
		if (!dir)
			continue;
		if (devel_xasprintf(&mk, "%s/Kbuild", dir) > 0)
			r = devel_set_add_path(set, t, mk, "prepare: '%s' descends into "
					       "'%s'", who, dir);
		free(mk);
		mk = NULL;
		if (r >= 0 && devel_xasprintf(&mk, "%s/Makefile", dir) > 0)
			r = devel_set_add_path(set, t, mk, "prepare: '%s' descends into "
					       "'%s'", who, dir);
		free(mk);
		free(dir);
	}
	return r;
}

/*
 * The files under scripts/ a kbuild makefile names: what it includes, runs
 * with -f, or calls from a recipe or $(shell ...).
 */
static int add_includes_of(struct devel_set *set, const struct devel_tree *t,
			   const char *src, const char *who)
{
	char *line = NULL;
	size_t cap = 0;
	FILE *f = fopen(src, "re");
	int r = 0;

	if (!f)
		return 0;
	while (r >= 0 && tool_getline(f, &line, &cap) > 0) {
		char *tok, *save = NULL, *hash = strchr(line, '#');

		r = add_build_dirs(set, t, line, who);
		if (hash)
			*hash = '\0';
		for (tok = strtok_r(line, " \t,;'\"", &save); tok && r >= 0;
		     tok = strtok_r(NULL, " \t,;'\"", &save)) {
			char *rel;

			char *at = strstr(tok, "$(srctree)/scripts/");

			/* "$(Q)$(srctree)/scripts/remove-stale-files" in a recipe */
			if (at)
				tok = at + 11;
			if (strncmp(tok, "./", 2) == 0)
				tok += 2;
			if (strncmp(tok, "scripts/", 8) != 0 || strpbrk(tok, "$()%*"))
				continue;
			rel = devel_relpath(t, tok);
			if (rel)
				r = devel_set_add_path(set, t, rel, "prepare: kbuild "
						       "makefile '%s' names it", who);
			free(rel);
		}
	}
	fclose(f);
	free(line);
	return r;
}

/* Follows the include lines of every kbuild makefile in the set, transitively. */
static int add_makefile_includes(struct devel_set *set, const struct devel_tree *t)
{
	for (size_t i = 0; i < set->n; i++) {
		const char *base = strrchr(set->v[i].path, '/');
		char *path, *src;
		int r;

		bool seen = false;

		base = base ? base + 1 : set->v[i].path;
		if (strncmp(base, "Makefile", 8) != 0 && strcmp(base, "Kbuild") != 0 &&
		    !tool_has_suffix(base, ".include"))
			continue;
		/* each makefile once: "$(build)=" references can form cycles */
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(set->v[j].path, set->v[i].path) == 0;
		if (seen)
			continue;
		/* the set may grow (and move) while it is read */
		path = strdup(set->v[i].path);
		src = strdup(set->v[i].src);
		r = path && src ? add_includes_of(set, t, src, path) : -ENOMEM;
		free(path);
		free(src);
		if (r < 0)
			return -1;
	}
	return 0;
}

/*
 * What kbuild's records say 'make prepare' and 'make scripts' read on the
 * installed copy: the copy has no .cmd records, so kbuild rebuilds the host
 * programs from their sources, and syncconfig reads every Kconfig file that
 * include/config/auto.conf.cmd lists (it reruns when one is missing, and
 * always on the copy of an O= tree: the record names the original srctree).
 * What no record names, devel_prepare_learn() finds by running make prepare.
 */
static int add_prepare_inputs(struct devel_set *set, const struct devel_tree *t)
{
	char *dir = NULL;
	int r;

	if (set_add_needed(set, t, "include/config/auto.conf.cmd", "prepare: "
			   "kbuild's record of the Kconfig files; without it "
			   "'make prepare' reruns syncconfig") < 0)
		return -1;
	if (devel_xasprintf(&dir, "%s/include/config/auto.conf.cmd", t->objtree) < 0)
		return -1;
	r = add_cmd_record_list(set, t, dir);
	free(dir);
	if (r < 0)
		return -1;
	/* host programs, and the generated headers prepare remakes */
	for (int i = 0; i < 4; i++) {
		const char *sub[] = { "scripts", "include/generated", "/include/generated",
				      "/tools" };

		if (devel_xasprintf(&dir, "%s/%s%s%s", t->objtree, i >= 2 ? "arch/" : "",
				    i >= 2 ? t->srcarch : "", sub[i]) < 0)
			return -1;
		walk.set = set;
		walk.t = t;
		walk.r = 0;
		if (nftw(dir, walk_cmd_one, 32, FTW_PHYS) < 0 && !walk.r &&
		    errno != ENOENT) {
			log_error("cannot read '%s': %s", dir, strerror(errno));
			walk.r = -EIO;
		}
		free(dir);
		if (walk.r < 0)
			return -1;
	}
	return add_makefile_includes(set, t);
}

static int entry_cmp(const void *a, const void *b)
{
	const struct devel_entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	/* stable: the first rule to offer a file gives its reason */
	if (c)
		return c;
	return x < y ? -1 : x > y;
}

static void entry_free(struct devel_entry *e)
{
	free(e->path);
	free(e->src);
	free(e->why);
}

static void set_sort_unique(struct devel_set *set)
{
	size_t o = 0;

	qsort(set->v, set->n, sizeof(*set->v), entry_cmp);
	for (size_t i = 0; i < set->n; i++) {
		if (o && strcmp(set->v[o - 1].path, set->v[i].path) == 0) {
			entry_free(&set->v[i]);
			continue;
		}
		set->v[o++] = set->v[i];
	}
	set->n = o;
}

static void set_free(struct devel_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		entry_free(&set->v[i]);
	free(set->v);
}

static void set_mark_optional(struct devel_set *set, size_t before)
{
	for (size_t i = before; i < set->n; i++)
		set->v[i].optional = true;
}

/* Reports the cost of what an option added (marked optional), sorted in. */
static int set_report_optional(struct devel_set *set, const char *what)
{
	size_t files = 0;
	off_t bytes = 0;

	set_sort_unique(set);
	for (size_t i = 0; i < set->n; i++) {
		off_t size;

		if (!set->v[i].optional)
			continue;
		set->v[i].optional = false;
		if (devel_installed_size(&set->v[i], &size) < 0)
			return -1;
		files++;
		bytes += size;
	}
	if (arg_log_level >= LOG_ERR + 1)
		fprintf(stderr, "ksym: %s add %zu files, %lld bytes\n", what, files,
			(long long)bytes);
	return 0;
}

static int compute_set(struct devel_set *set, const struct devel_tree *t)
{
	size_t before;

	if (add_always(set, t) < 0 || add_configured(set, t) < 0)
		return -1;
	if (devel_probe_trace(set, t) < 0 || add_headers(set, t) < 0)
		return -1;
	set_sort_unique(set);

	if (arg_prepare) {
		before = set->n;
		if (add_prepare_inputs(set, t) < 0)
			return -1;
		set_mark_optional(set, before);
		/* sorted and unique: the copy is made from it */
		set_sort_unique(set);
		before = set->n;
		if (devel_prepare_learn(set, t) < 0)
			return -1;
		set_mark_optional(set, before);
		if (set_report_optional(set, "'make prepare' inputs") < 0)
			return -1;
	}
	if (arg_private_headers) {
		before = set->n;
		if (add_private_headers(set, t) < 0)
			return -1;
		set_mark_optional(set, before);
		if (set_report_optional(set, "private headers") < 0)
			return -1;
	}
	return 0;
}

static int print_list(const struct devel_set *set)
{
	off_t bytes = 0;

	for (size_t i = 0; i < set->n; i++) {
		const struct devel_entry *e = &set->v[i];

		if (arg_summary) {
			off_t size;

			if (devel_installed_size(e, &size) < 0)
				return -1;
			bytes += size;
		} else if (arg_why) {
			printf("%s\t%s\n", e->path, e->why);
		} else {
			printf("%s\n", e->path);
		}
	}
	if (arg_summary)
		printf("files %zu\nbytes %lld\n", set->n, (long long)bytes);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_error("cannot write the list: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int parse_options(int argc, char **argv, const char *sub)
{
	static const struct option options[] = {
		{ "srctree", required_argument, NULL, 's' },
		{ "objtree", required_argument, NULL, 'o' },
		{ "root", required_argument, NULL, 'r' },
		{ "release", required_argument, NULL, 'R' },
		{ "filelist", required_argument, NULL, 'f' },
		{ "arch", required_argument, NULL, 'a' },
		{ "private-headers", no_argument, NULL, 'p' },
		{ "no-proof", no_argument, NULL, 'n' },
		{ "prepare", no_argument, NULL, 'P' },
		{ "why", no_argument, NULL, 'w' },
		{ "summary", no_argument, NULL, 'S' },
		{ "exclude", required_argument, NULL, 'x' },
		COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "s:o:r:R:f:a:x:pPnwSvqh", options, NULL)) != -1) {
		if (common_option(c))
			continue;
		switch (c) {
		case 's': arg_srctree = optarg; break;
		case 'o': arg_objtree = optarg; break;
		case 'r': arg_root = optarg; break;
		case 'R': arg_release = optarg; break;
		case 'f': arg_filelist = optarg; break;
		case 'a': arg_arch = optarg; break;
		case 'p': arg_private_headers = true; break;
		case 'P': arg_prepare = true; break;
		case 'n': arg_proof = false; break;
		case 'w': arg_why = true; break;
		case 'S': arg_summary = true; break;
		case 'x': {
			char **v = realloc(arg_exclude, (arg_n_exclude + 1) * sizeof(*v));

			if (!v)
				return usage_error("devel", "out of memory");
			arg_exclude = v;
			arg_exclude[arg_n_exclude++] = optarg;
			break;
		}
		case 'h': help(); return 1;
		default: return usage_error("devel", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("devel", "unexpected argument '%s'", argv[optind]);
	if (!arg_srctree)
		return usage_error("devel", "'devel %s' needs --srctree", sub);
	if (strcmp(sub, "install") == 0 && !arg_root)
		return usage_error("devel", "'devel install' needs --root");
	if (arg_release && (!*arg_release || strchr(arg_release, '/')))
		return usage_error("devel", "bad release '%s'", arg_release);
	return 0;
}

int cmd_devel(int argc, char **argv)
{
	struct devel_tree tree = { 0 };
	struct devel_set set = { 0 };
	const char *sub;
	int r;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		help();
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "list") != 0 && strcmp(sub, "install") != 0)
		return usage_error("devel", "unknown subcommand '%s'", sub);
	r = parse_options(argc - 1, argv + 1, sub);
	if (r)
		return r == 1 ? EXIT_OK : r;

	r = EXIT_FAIL;
	if (tree_open(&tree) < 0 || compute_set(&set, &tree) < 0)
		goto out;
	if (strcmp(sub, "list") == 0) {
		if (print_list(&set) < 0)
			goto out;
	} else if (devel_install(&set, &tree, arg_root, arg_filelist, arg_proof) < 0) {
		goto out;
	}
	r = EXIT_OK;
out:
	set_free(&set);
	tree_close(&tree);
	free(arg_exclude);
	return r;
}
