/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ksym provides, ksym requires: rpm's file attribute generators for kernel
 * symbols, with Fedora's strings.
 *
 *   kernel package  kernel(sym) = 0x%08x for vmlinux exports (symvers file)
 *                   and in-tree module exports (/lib/modules/R/kernel/),
 *                   kmod(name.ko) for each module, no Requires
 *   kmod package    ksym(sym) = 0x%08x for its exports, kmod(name.ko), and
 *                   Requires kernel(sym) = 0x%08x when name and CRC match
 *                   the build kernel's Module.symvers, else ksym(sym) =
 *                   0x%08x, less what the package provides itself
 *
 * rpm reads a malformed line as a build failure, while it ignores our exit
 * status; so a file we cannot read, or a build kernel we cannot find, gets
 * an error on stderr and a line rpm rejects on stdout.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "tool.h"

enum file_class {
	CLASS_NONE,
	CLASS_SYMVERS,
	CLASS_INTREE,
	CLASS_KMOD,
};

struct file {
	char *path;
	/* path inside the package: buildroot prefix removed */
	const char *pkgpath;
	enum file_class class;
	/* the kernel release from the path */
	char release[256];
	struct ksym_elf *elf;
	bool failed;
};

struct run {
	struct ksym_ctx *ctx;
	const char *buildroot;
	bool multifile;
	bool requires;
	struct file *files;
	size_t n_files, cap_files;
	/* exports of the package's own modules, for the Requires */
	struct ksym_symtab *own;
	struct ksym_index *own_index;
	/* the build kernels' exports, one per release */
	char *symvers_release;
	struct ksym_symtab *symvers;
	struct ksym_index *symvers_index;
	bool failed;
};

static const char *arg_symvers;
static const char *arg_root;
static const char *arg_cache_dir;
static bool arg_multifile;
static bool arg_no_cache;
static bool arg_scan;
static bool arg_keep_own;

static void help(const char *cmd)
{
	printf("Usage: ksym %s [OPTION...] [FILE...] < FILES\n\n"
	       "rpm dependency generator: reads file paths (buildroot included) on\n"
	       "standard input, or from the command line, and prints the %s\n"
	       "of the kernel symbol files among them. See ksym(1) for the strings.\n\n"
	       "  -m, --multifile     rpm 4.20's protocol: ';PATH' before each\n"
	       "                      file's lines\n"
	       "  -r, --root=DIR      the buildroot (default: $RPM_BUILD_ROOT)\n"
	       "      --scan          read no paths: every module and symvers file\n"
	       "                      under the buildroot, as --multifile, then ';'\n",
	       cmd, strcmp(cmd, "provides") == 0 ? "Provides" : "Requires");
	if (strcmp(cmd, "requires") == 0)
		printf("  -s, --symvers=FILE  the build kernel's Module.symvers (default:\n"
		       "                      found from each module's vermagic)\n"
		       "      --keep-own      keep the ksym() Requires that the given\n"
		       "                      modules' own exports meet\n"
		       "      --cache-dir=DIR where to keep indexes between runs\n"
		       "      --no-cache      keep none\n");
	printf("  -v, --verbose       say more\n"
	       "  -q, --quiet         print errors only\n"
	       "  -h, --help          show this help\n");
}

/* "/lib/modules/R/..." or "/usr/lib/modules/R/...": R and the rest. */
static bool modules_path(const char *path, char *release, size_t size,
			 const char **ret_rest)
{
	const char *p, *slash;

	if (strncmp(path, "/usr/lib/modules/", 17) == 0)
		p = path + 17;
	else if (strncmp(path, "/lib/modules/", 13) == 0)
		p = path + 13;
	else
		return false;
	slash = strchr(p, '/');
	if (!slash || slash == p || (size_t)(slash - p) >= size)
		return false;
	memcpy(release, p, slash - p);
	release[slash - p] = '\0';
	*ret_rest = slash + 1;
	return true;
}

static bool is_symvers_name(const char *name, const char *stem)
{
	static const char *const exts[] = { "", ".gz", ".xz", ".zst" };
	size_t len = strlen(stem);

	if (strncmp(name, stem, len) != 0)
		return false;
	for (size_t i = 0; i < KSYM_ARRAY_SIZE(exts); i++)
		if (strcmp(name + len, exts[i]) == 0)
			return true;
	return false;
}

static enum file_class classify(struct file *f)
{
	const char *rest;
	struct stat st;

	/* a symvers file needs no release: it names its own exports */
	if (strncmp(f->pkgpath, "/boot/symvers-", 14) == 0)
		return CLASS_SYMVERS;
	if (!modules_path(f->pkgpath, f->release, sizeof(f->release), &rest))
		return CLASS_NONE;
	if (is_symvers_name(rest, "symvers"))
		return CLASS_SYMVERS;
	if (!tool_is_module_name(rest))
		return CLASS_NONE;
	/* weak-updates/ links repeat modules of another kernel */
	if (lstat(f->path, &st) == 0 && S_ISLNK(st.st_mode))
		return CLASS_NONE;
	return strncmp(rest, "kernel/", 7) == 0 ? CLASS_INTREE : CLASS_KMOD;
}

/* rpm stops the build on this line; the message is on stderr already. */
static void fail_file(struct run *run, struct file *f, const char *why)
{
	log_error("%s", why);
	printf("!ksym-error:cannot-generate-dependencies-for:%s\n", f->pkgpath);
	f->failed = true;
	run->failed = true;
}

static int open_module(struct run *run, struct file *f)
{
	int r;

	if (f->elf || f->failed)
		return f->failed ? -EBADMSG : 0;
	r = ksym_elf_open(run->ctx, f->path, &f->elf);
	if (r < 0) {
		f->failed = true;
		return r;
	}
	if (!ksym_elf_is_module(f->elf)) {
		f->elf = ksym_elf_unref(f->elf);
		f->failed = true;
		return ksym_fail(run->ctx, -ENOEXEC,
				 "'%s': an ELF object, but not a kernel module",
				 f->path);
	}
	return 0;
}

static void print_dep(enum ksym_dep_kind kind, const char *name, uint32_t crc)
{
	char buf[1024];

	if (ksym_dep_format(buf, sizeof(buf), kind, name, crc) > 0)
		puts(buf);
}

static void print_kmod(const struct file *f)
{
	const char *base = ksym_basename(f->pkgpath);
	size_t len = strstr(base, ".ko") - base;

	printf("kmod(%.*s.ko)\n", (int)len, base);
}

static void provide_exports(const struct ksym_symtab *tab,
			    enum ksym_dep_kind kind, bool vmlinux_only)
{
	size_t n = ksym_symtab_count(tab);

	for (size_t i = 0; i < n; i++) {
		const struct ksym_sym *sym = ksym_symtab_get(tab, i);

		if (!(ksym_sym_flags(sym) & KSYM_SYM_CRC))
			continue;
		if (vmlinux_only && strcmp(ksym_sym_module(sym), "vmlinux") != 0)
			continue;
		print_dep(kind, ksym_sym_name(sym), ksym_sym_crc(sym));
	}
}

static void provides_file(struct run *run, struct file *f)
{
	struct ksym_symtab *tab;

	if (f->class == CLASS_SYMVERS) {
		if (ksym_symvers_read(run->ctx, f->path, &tab) < 0) {
			fail_file(run, f, ksym_ctx_last_error(run->ctx));
			return;
		}
		provide_exports(tab, KSYM_DEP_KERNEL, true);
		ksym_symtab_unref(tab);
		return;
	}
	if (open_module(run, f) < 0) {
		fail_file(run, f, ksym_ctx_last_error(run->ctx));
		return;
	}
	provide_exports(ksym_elf_exports(f->elf),
			f->class == CLASS_INTREE ? KSYM_DEP_KERNEL : KSYM_DEP_KSYM,
			false);
	print_kmod(f);
}

/* Build kernels */

static int symvers_candidates(const struct run *run, const char *release,
			      char out[][PATH_MAX], size_t max)
{
	const char *br = run->buildroot ? run->buildroot : "";
	size_t n = 0;

#define CAND(...)                                                             \
	do {                                                                  \
		if (n < max &&                                                \
		    snprintf(out[n], PATH_MAX, __VA_ARGS__) < PATH_MAX)      \
			n++;                                                  \
	} while (0)
	if (*br) {
		CAND("%s/usr/src/kernels/%s/Module.symvers", br, release);
		CAND("%s/lib/modules/%s/symvers.gz", br, release);
		CAND("%s/boot/symvers-%s.gz", br, release);
	}
	CAND("/usr/src/kernels/%s/Module.symvers", release);
	CAND("/lib/modules/%s/build/Module.symvers", release);
	CAND("/lib/modules/%s/symvers.gz", release);
	CAND("/lib/modules/%s/symvers.xz", release);
	CAND("/boot/symvers-%s.gz", release);
	CAND("/boot/symvers-%s.xz", release);
#undef CAND
	return (int)n;
}

static int find_symvers(const struct run *run, const char *release,
			char path[PATH_MAX])
{
	char cands[10][PATH_MAX];
	int n = symvers_candidates(run, release, cands, 10);

	if (arg_symvers) {
		(void)snprintf(path, PATH_MAX, "%s", arg_symvers);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		if (access(cands[i], R_OK) == 0) {
			memcpy(path, cands[i], PATH_MAX);
			return 0;
		}
	}
	return -ENOENT;
}

/* 64-bit FNV-1a of the strings that make a cache key. */
static uint64_t key_hash(const char *key)
{
	uint64_t h = 14695981039346656037ull;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ull;
	return h;
}

/*
 * The cache directory, private to this user; NULL when there is none we
 * can trust, and then nothing is cached.
 */
static const char *cache_dir(void)
{
	static char dir[PATH_MAX];
	const char *base = getenv("TMPDIR");
	struct stat st;

	if (arg_no_cache)
		return NULL;
	if (arg_cache_dir)
		return arg_cache_dir;
	if (*dir)
		return dir;
	if (!base || !*base)
		base = "/var/tmp";
	if (snprintf(dir, sizeof(dir), "%s/ksym-cache-%u", base,
		     (unsigned)getuid()) >= (int)sizeof(dir))
		return NULL;
	(void)mkdir(dir, 0700);
	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != getuid() || (st.st_mode & 077)) {
		log_debug("not caching: '%s' is not a private directory", dir);
		*dir = '\0';
		return NULL;
	}
	return dir;
}

static int cache_path(const char *kind, const char *key, char path[PATH_MAX])
{
	const char *dir = cache_dir();

	if (!dir)
		return -ENOENT;
	if (snprintf(path, PATH_MAX, "%s/%s-%016llx.idx", dir, kind,
		     (unsigned long long)key_hash(key)) >= PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

/* A cache that cannot be written costs time, not correctness: warn, go on. */
static void save_index(struct run *run, const struct ksym_symtab *tab,
		       const char *path)
{
	if (ksym_index_write(run->ctx, tab, path) < 0)
		log_warning("%s; carrying on without the cache",
			    ksym_ctx_last_error(run->ctx));
}

static int load_symvers(struct run *run, const char *release,
			const struct file *f)
{
	char path[PATH_MAX], cpath[PATH_MAX], key[PATH_MAX + 128];
	struct stat st;
	int r;

	if (run->symvers_release && strcmp(run->symvers_release, release) == 0)
		return 0;
	run->symvers = ksym_symtab_unref(run->symvers);
	run->symvers_index = ksym_index_unref(run->symvers_index);
	free(run->symvers_release);
	run->symvers_release = NULL;

	if (find_symvers(run, release, path) < 0)
		return ksym_fail(run->ctx, -ENOENT,
				 "cannot find the Module.symvers of kernel '%s', which '%s' was built for",
				 release, f->pkgpath);
	if (stat(path, &st) < 0)
		return ksym_fail(run->ctx, -errno, "cannot read '%s': %s", path,
				 strerror(errno));

	/* a per-file run reuses the index that an earlier run saved */
	(void)snprintf(key, sizeof(key), "%s|%llu|%llu|%lld|%lld.%09ld", path,
		       (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
		       (long long)st.st_size, (long long)st.st_mtim.tv_sec,
		       st.st_mtim.tv_nsec);
	if (!run->multifile && cache_path("symvers", key, cpath) == 0 &&
	    ksym_index_open(run->ctx, cpath, &run->symvers_index) == 0)
		goto done;

	r = ksym_symvers_read(run->ctx, path, &run->symvers);
	if (r < 0)
		return r;
	log_debug("read %zu symbols of kernel '%s' from '%s'",
		  ksym_symtab_count(run->symvers), release, path);
	if (!run->multifile && cache_path("symvers", key, cpath) == 0)
		save_index(run, run->symvers, cpath);
done:
	run->symvers_release = strdup(release);
	return run->symvers_release ? 0 : -ENOMEM;
}

/* The build kernel's CRC of name; false when it does not export it. */
static bool kernel_crc(const struct run *run, const char *name, uint32_t *ret)
{
	const struct ksym_sym *sym;
	unsigned flags;

	if (run->symvers_index)
		return ksym_index_find(run->symvers_index, name, ret, &flags);
	sym = ksym_symtab_find(run->symvers, name);
	if (!sym)
		return false;
	*ret = ksym_sym_crc(sym);
	return true;
}

/* The package's own exports */

static int add_exports(struct run *run, const struct ksym_elf *elf)
{
	const struct ksym_symtab *ex = ksym_elf_exports(elf);

	for (size_t i = 0; i < ksym_symtab_count(ex); i++) {
		const struct ksym_sym *sym = ksym_symtab_get(ex, i);
		int r = ksym_symtab_add(run->own, ksym_sym_name(sym),
					ksym_sym_crc(sym), ksym_sym_flags(sym),
					NULL, NULL);

		if (r < 0)
			return r;
	}
	return 0;
}

static int own_from_run(struct run *run)
{
	for (size_t i = 0; i < run->n_files; i++) {
		struct file *f = &run->files[i];

		if (f->class != CLASS_KMOD || open_module(run, f) < 0)
			continue;
		if (add_exports(run, f->elf) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int own_from_dir(struct run *run, const char *dir);

static int own_from_entry(struct run *run, const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct ksym_elf *elf;
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return 0;
	if (lstat(path, &st) < 0 || S_ISLNK(st.st_mode))
		return 0;
	if (S_ISDIR(st.st_mode))
		return strcmp(name, "kernel") == 0 ? 0 : own_from_dir(run, path);
	if (!S_ISREG(st.st_mode) || !tool_is_module_name(name))
		return 0;
	/* a module we cannot read fails on its own turn, with its name */
	if (ksym_elf_open(run->ctx, path, &elf) < 0)
		return 0;
	if (add_exports(run, elf) < 0) {
		ksym_elf_unref(elf);
		return -ENOMEM;
	}
	ksym_elf_unref(elf);
	return 0;
}

static int own_from_dir(struct run *run, const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int r = 0;

	if (!d)
		return 0;
	while (r == 0 && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			r = own_from_entry(run, dir, de->d_name);
	(void)closedir(d);
	return r;
}

/* The start time of our parent: with its pid, it names one rpmbuild run. */
static unsigned long long parent_start_time(void)
{
	char path[64], buf[1024];
	unsigned long long start = 0;
	const char *p;
	FILE *f;
	size_t n;

	(void)snprintf(path, sizeof(path), "/proc/%d/stat", (int)getppid());
	f = fopen(path, "re");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* field 22, counted after the command name in parentheses */
	p = strrchr(buf, ')');
	for (int field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p)
		start = strtoull(p + 1, NULL, 10);
	return start;
}

/*
 * FIXME: started once for each file (rpm 4.14 and 4.15, or by hand) we are
 * never told which package a file belongs to, so the out-of-tree modules
 * of the whole buildroot for that kernel count as the package's own. The
 * index of them is kept for the rest of the rpmbuild run. ksymkmod.attr
 * knows the packages on rpm 4.16 and later; drop this once the oldest
 * supported rpm is 4.16.
 */
static int own_from_buildroot(struct run *run, const struct file *f)
{
	char dir[PATH_MAX], cpath[PATH_MAX], key[PATH_MAX + 64];
	int r;

	if (!run->buildroot || !*run->buildroot)
		return 0;
	if (snprintf(dir, sizeof(dir), "%s/lib/modules/%s", run->buildroot,
		     f->release) >= (int)sizeof(dir))
		return 0;
	if (strncmp(f->pkgpath, "/usr/", 5) == 0)
		(void)snprintf(dir, sizeof(dir), "%s/usr/lib/modules/%s",
			       run->buildroot, f->release);

	(void)snprintf(key, sizeof(key), "%s|%d|%llu", dir, (int)getppid(),
		       parent_start_time());
	if (cache_path("own", key, cpath) == 0 &&
	    ksym_index_open(run->ctx, cpath, &run->own_index) == 0)
		return 0;

	r = own_from_dir(run, dir);
	if (r < 0)
		return r;
	if (cache_path("own", key, cpath) == 0)
		save_index(run, run->own, cpath);
	return 0;
}

static bool own_export(const struct run *run, const char *name, uint32_t crc)
{
	const struct ksym_sym *sym;
	uint32_t own_crc;
	unsigned flags;

	if (run->own_index)
		return ksym_index_find(run->own_index, name, &own_crc, &flags) &&
		       own_crc == crc;
	sym = ksym_symtab_find(run->own, name);
	return sym && ksym_sym_crc(sym) == crc;
}

static void requires_file(struct run *run, struct file *f)
{
	const struct ksym_symtab *imports;
	const char *release;

	if (f->class != CLASS_KMOD)
		return;
	if (open_module(run, f) < 0) {
		fail_file(run, f, ksym_ctx_last_error(run->ctx));
		return;
	}
	imports = ksym_elf_imports(f->elf);
	if (ksym_symtab_count(imports) == 0)
		return;
	release = ksym_elf_release(f->elf);
	if (!release) {
		(void)ksym_fail(run->ctx, -EBADMSG,
				"'%s': module has imports but no vermagic", f->path);
		fail_file(run, f, ksym_ctx_last_error(run->ctx));
		return;
	}
	if (load_symvers(run, release, f) < 0) {
		fail_file(run, f, ksym_ctx_last_error(run->ctx));
		log_hint("install the kernel-devel package of '%s', or name its Module.symvers with --define '_ksym_symvers PATH'",
			 release);
		return;
	}

	for (size_t i = 0; i < ksym_symtab_count(imports); i++) {
		const struct ksym_sym *sym = ksym_symtab_get(imports, i);
		const char *name = ksym_sym_name(sym);
		uint32_t crc = ksym_sym_crc(sym), kcrc;

		if (kernel_crc(run, name, &kcrc) && kcrc == crc)
			print_dep(KSYM_DEP_KERNEL, name, crc);
		else if (arg_keep_own || !own_export(run, name, crc))
			print_dep(KSYM_DEP_KSYM, name, crc);
	}
}

static int add_file(struct run *run, const char *path)
{
	size_t brlen = run->buildroot ? strlen(run->buildroot) : 0;
	struct file *f;

	if (run->n_files == run->cap_files) {
		size_t cap = run->cap_files ? run->cap_files * 2 : 64;
		struct file *nf = realloc(run->files, cap * sizeof(*nf));

		if (!nf)
			return -ENOMEM;
		run->files = nf;
		run->cap_files = cap;
	}
	f = &run->files[run->n_files];
	*f = (struct file){ .path = strdup(path) };
	if (!f->path)
		return -ENOMEM;
	run->n_files++;
	f->pkgpath = f->path;
	if (brlen && strncmp(f->path, run->buildroot, brlen) == 0 &&
	    f->path[brlen] == '/')
		f->pkgpath = f->path + brlen;
	f->class = classify(f);
	return 0;
}

static int read_files(struct run *run)
{
	size_t lcap = 0;
	char *line = NULL;
	int r;

	while ((r = tool_getline(stdin, &line, &lcap)) > 0) {
		if (!*line)
			continue;
		r = add_file(run, line);
		if (r < 0)
			break;
	}
	free(line);
	if (r < 0)
		log_error("cannot read the file list on standard input: %s",
			  strerror(-r));
	return r;
}

static int scan_dir(struct run *run, char *path, size_t len);

static int scan_entry(struct run *run, char *path, size_t len, const char *name)
{
	size_t nlen = strlen(name);
	struct stat st;

	if (len + 1 + nlen >= PATH_MAX)
		return 0;
	path[len] = '/';
	memcpy(path + len + 1, name, nlen + 1);
	/* links are left to rpm's own run for that path, if it has one */
	if (lstat(path, &st) < 0)
		return 0;
	if (S_ISDIR(st.st_mode))
		return scan_dir(run, path, len + 1 + nlen);
	if (!S_ISREG(st.st_mode))
		return 0;
	return add_file(run, path);
}

static int scan_dir(struct run *run, char *path, size_t len)
{
	struct dirent **names;
	int n, r = 0;

	path[len] = '\0';
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0)
		return 0;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (r == 0 && strcmp(name, ".") && strcmp(name, ".."))
			r = scan_entry(run, path, len, name);
		free(names[i]);
	}
	free(names);
	path[len] = '\0';
	return r;
}

/* Every file under the buildroot's module and boot directories. */
static int scan_root(struct run *run)
{
	static const char *const dirs[] = { "/lib/modules", "/usr/lib/modules",
					    "/boot" };
	char path[PATH_MAX];
	size_t n = 0;
	int r;

	if (!run->buildroot || !*run->buildroot) {
		log_error("--scan needs the buildroot: give --root or set RPM_BUILD_ROOT");
		return -EINVAL;
	}
	for (size_t i = 0; i < KSYM_ARRAY_SIZE(dirs); i++) {
		int len = snprintf(path, sizeof(path), "%s%s", run->buildroot,
				   dirs[i]);

		if (len >= (int)sizeof(path))
			continue;
		r = scan_dir(run, path, len);
		if (r < 0)
			return r;
	}
	/* only what a generator reads stays: the rest would print ';PATH' */
	for (size_t i = 0; i < run->n_files; i++) {
		if (run->files[i].class == CLASS_NONE ||
		    (run->requires && run->files[i].class != CLASS_KMOD))
			free(run->files[i].path);
		else
			run->files[n++] = run->files[i];
	}
	run->n_files = n;
	return 0;
}

static void run_free(struct run *run)
{
	for (size_t i = 0; i < run->n_files; i++) {
		free(run->files[i].path);
		ksym_elf_unref(run->files[i].elf);
	}
	free(run->files);
	free(run->symvers_release);
	ksym_symtab_unref(run->symvers);
	ksym_index_unref(run->symvers_index);
	ksym_symtab_unref(run->own);
	ksym_index_unref(run->own_index);
	ksym_ctx_unref(run->ctx);
}

static int generate(struct run *run)
{
	for (size_t i = 0; i < run->n_files; i++) {
		struct file *f = &run->files[i];

		if (run->multifile)
			printf(";%s\n", f->path);
		if (f->class == CLASS_NONE)
			continue;
		if (!run->requires) {
			provides_file(run, f);
			f->elf = ksym_elf_unref(f->elf);
			continue;
		}
		if (f->class != CLASS_KMOD)
			continue;
		/* the package's own exports are needed before its first kmod */
		if (!run->own && !arg_keep_own) {
			run->own = ksym_symtab_new(run->ctx);
			if (!run->own)
				return -ENOMEM;
			if ((run->multifile ? own_from_run(run) :
					      own_from_buildroot(run, f)) < 0)
				return -ENOMEM;
		}
		requires_file(run, f);
		/* the module is not needed again: release its mapping */
		f->elf = ksym_elf_unref(f->elf);
	}
	return 0;
}

static int generator_main(int argc, char **argv, bool requires)
{
	static const struct option options[] = {
		COMMON_OPTIONS,
		{ "multifile", no_argument, NULL, 'm' },
		{ "root", required_argument, NULL, 'r' },
		{ "symvers", required_argument, NULL, 's' },
		{ "cache-dir", required_argument, NULL, 'C' },
		{ "no-cache", no_argument, NULL, 'N' },
		{ "scan", no_argument, NULL, 'S' },
		{ "keep-own", no_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = requires ? "requires" : "provides";
	struct run run = { .requires = requires };
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":vqhmr:s:", options, NULL)) != -1) {
		if (common_option(c))
			continue;
		switch (c) {
		case 'h':
			help(cmd);
			return EXIT_OK;
		case 'm':
			arg_multifile = true;
			break;
		case 'r':
			arg_root = optarg;
			break;
		case 's':
			arg_symvers = *optarg ? optarg : NULL;
			break;
		case 'C':
			arg_cache_dir = optarg;
			break;
		case 'N':
			arg_no_cache = true;
			break;
		case 'S':
			arg_scan = true;
			break;
		case 'K':
			if (!requires)
				return usage_error(cmd, "--keep-own is an option of 'ksym requires'");
			arg_keep_own = true;
			break;
		default:
			return option_error(cmd, c, argv);
		}
	}
	if (arg_scan && optind < argc)
		return usage_error(cmd, "unexpected argument '%s': --scan reads no paths",
				   argv[optind]);

	run.multifile = arg_multifile || arg_scan;
	run.buildroot = arg_root ? arg_root : getenv("RPM_BUILD_ROOT");
	run.ctx = tool_ctx_new();
	if (!run.ctx)
		return EXIT_FAIL;

	if (arg_scan)
		r = scan_root(&run);
	else if (optind < argc)
		for (r = 0; r >= 0 && optind < argc; optind++)
			r = add_file(&run, argv[optind]);
	else
		r = read_files(&run);
	if (r >= 0)
		r = generate(&run);
	/* the end of a scan, so that a reader can tell it from a crash */
	if (r >= 0 && arg_scan)
		puts(";");
	if (r == -ENOMEM)
		log_error("out of memory");
	if (tool_flush_stdout() < 0)
		r = -EIO;
	if (r >= 0 && run.failed)
		r = -EBADMSG;
	run_free(&run);
	return r < 0 ? EXIT_FAIL : EXIT_OK;
}

int cmd_provides(int argc, char **argv)
{
	return generator_main(argc, argv, false);
}

int cmd_requires(int argc, char **argv)
{
	return generator_main(argc, argv, true);
}
