/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libksym: kernel symbol versions (modversions CRCs) read from modules,
 * vmlinux images and Module.symvers files.
 *
 * Conventions, for every function below:
 *  - a function that can fail in more than one way returns an int: 0 or a
 *    count on success, a negative errno on failure;
 *  - output parameters are named ret_* and are written only on success;
 *  - *_unref() accepts NULL and returns NULL;
 *  - the library never prints: messages go to the log function set on the
 *    context (none by default), and the detail of the last failure can be
 *    read with ksym_ctx_last_error().
 *
 * Every function appeared in 0.1 unless its comment says otherwise.
 */
#ifndef KSYM_H
#define KSYM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Context: logging, limits and the last error. */

struct ksym_ctx;

/*
 * Log callback. priority is a syslog level (LOG_ERR .. LOG_DEBUG); file,
 * line and fn locate the message in libksym's source.
 */
typedef void (*ksym_log_fn)(void *data, int priority, const char *file,
			    int line, const char *fn, const char *format,
			    va_list args);

/*
 * Creates a context with no log function, priority LOG_ERR and the default
 * inflate bound (KSYM_DEFAULT_MAX_INFLATE). Returns NULL when out of memory.
 * The caller owns one reference. A context, and what is made with it, is
 * for one thread at a time: it keeps the last error and a read buffer.
 */
struct ksym_ctx *ksym_ctx_new(void);
struct ksym_ctx *ksym_ctx_ref(struct ksym_ctx *ctx);
struct ksym_ctx *ksym_ctx_unref(struct ksym_ctx *ctx);

/* Sets the log function (NULL: log nothing) and its user data. */
void ksym_ctx_set_log_fn(struct ksym_ctx *ctx, ksym_log_fn fn, void *data);

/* Messages of a priority numerically above this one are dropped. */
void ksym_ctx_set_log_priority(struct ksym_ctx *ctx, int priority);
int ksym_ctx_get_log_priority(const struct ksym_ctx *ctx);

/*
 * The text of the last failure in this context: what failed, on which
 * file, and why, e.g. "'foo.ko': section '__versions' is 70 bytes, not a
 * multiple of 64". Empty when nothing failed yet. Owned by the context;
 * valid until the next call that fails.
 */
const char *ksym_ctx_last_error(const struct ksym_ctx *ctx);

/* A compressed input that inflates past this many bytes is refused. */
#define KSYM_DEFAULT_MAX_INFLATE (512u << 20)
void ksym_ctx_set_max_inflate(struct ksym_ctx *ctx, size_t bytes);

/* Symbol tables: exports, imports, Module.symvers. */

struct ksym_symtab;
struct ksym_sym;

enum ksym_sym_flags {
	/* exported with EXPORT_SYMBOL_GPL */
	KSYM_SYM_GPL = 1 << 0,
	/* the symbol carries a CRC (modversions) */
	KSYM_SYM_CRC = 1 << 1,
	/* the import came from the extended modversions tables (6.14+) */
	KSYM_SYM_EXT = 1 << 2,
};

/*
 * Creates an empty table. Returns NULL when out of memory.
 */
struct ksym_symtab *ksym_symtab_new(struct ksym_ctx *ctx);
struct ksym_symtab *ksym_symtab_ref(struct ksym_symtab *tab);
struct ksym_symtab *ksym_symtab_unref(struct ksym_symtab *tab);

/*
 * Adds a symbol; the strings are copied. ns and module may be NULL or
 * empty. A name already in the table is added again (a table keeps input
 * order and duplicates); ksym_symtab_find() returns the first one.
 * Returns 0, -EINVAL for an empty name, -ENOMEM.
 */
int ksym_symtab_add(struct ksym_symtab *tab, const char *name, uint32_t crc,
		    unsigned flags, const char *ns, const char *module);

size_t ksym_symtab_count(const struct ksym_symtab *tab);

/* The i-th symbol in input order, or NULL past the end. */
const struct ksym_sym *ksym_symtab_get(const struct ksym_symtab *tab,
				       size_t i);

/* The first symbol of that name, or NULL. */
const struct ksym_sym *ksym_symtab_find(const struct ksym_symtab *tab,
					const char *name);

/*
 * Accessors. The strings belong to the table. namespace and module are
 * "" when absent; crc is 0 unless the flags have KSYM_SYM_CRC.
 */
const char *ksym_sym_name(const struct ksym_sym *sym);
uint32_t ksym_sym_crc(const struct ksym_sym *sym);
unsigned ksym_sym_flags(const struct ksym_sym *sym);
const char *ksym_sym_namespace(const struct ksym_sym *sym);
const char *ksym_sym_module(const struct ksym_sym *sym);

/* ELF objects: kernel modules and vmlinux. */

struct ksym_elf;

/*
 * Reads a module (.ko, optionally .gz, .xz or .zst compressed, optionally
 * with an appended signature) or a vmlinux image: its exports with their
 * CRCs in every layout the kernel has used, its imports (__versions and
 * the extended modversions tables) and its .modinfo.
 * Returns 0 and *ret_elf, or:
 *   -ENOENT, -EACCES, -EISDIR ... the file could not be opened or read
 *   -ENOEXEC  not an ELF object, or compressed data that is corrupt
 *   -EBADMSG  an ELF object whose kernel sections are inconsistent
 *   -EFBIG    decompressed size past the context's bound
 *   -ENOMEM   out of memory
 * The detail is in ksym_ctx_last_error().
 */
int ksym_elf_open(struct ksym_ctx *ctx, const char *path,
		  struct ksym_elf **ret_elf);

/*
 * The same on a buffer, which is copied when compressed and referenced
 * otherwise: it must outlive the object. name is used in messages.
 */
int ksym_elf_open_memory(struct ksym_ctx *ctx, const char *name,
			 const void *data, size_t size,
			 struct ksym_elf **ret_elf);

struct ksym_elf *ksym_elf_unref(struct ksym_elf *elf);

/* The path or name given at open. */
const char *ksym_elf_path(const struct ksym_elf *elf);

/* True for a loadable module (ET_REL with .modinfo or .gnu.linkonce.this_module). */
bool ksym_elf_is_module(const struct ksym_elf *elf);

/*
 * The module's name: .modinfo's name= when present, else the file name
 * without directory, compression suffix and ".ko".
 */
const char *ksym_elf_name(const struct ksym_elf *elf);

/* Exported symbols, in the object's order. Owned by elf. */
const struct ksym_symtab *ksym_elf_exports(const struct ksym_elf *elf);

/* Imported symbols with the CRCs they were built against. Owned by elf. */
const struct ksym_symtab *ksym_elf_imports(const struct ksym_elf *elf);

/*
 * Values of .modinfo key (vermagic, depends, import_ns ...): the n-th
 * value of that key, or NULL past the last one. Owned by elf.
 */
const char *ksym_elf_modinfo(const struct ksym_elf *elf, const char *key,
			     unsigned n);

/* The kernel release from vermagic (its first word), or NULL. */
const char *ksym_elf_release(const struct ksym_elf *elf);

/* Module.symvers files. */

/*
 * Reads a Module.symvers file, plain or compressed (gzip, xz, zstd by
 * magic): "crc<TAB>symbol<TAB>module<TAB>export-type[<TAB>namespace]".
 * Returns 0 and a new table, or -ENOENT etc. when it cannot be read,
 * -EBADMSG for a malformed line (file and line number in the last error),
 * -EFBIG, -ENOMEM.
 */
int ksym_symvers_read(struct ksym_ctx *ctx, const char *path,
		      struct ksym_symtab **ret_tab);

/* The same on a buffer (plain or compressed); name is used in messages. */
int ksym_symvers_read_memory(struct ksym_ctx *ctx, const char *name,
			     const void *data, size_t size,
			     struct ksym_symtab **ret_tab);

/*
 * Writes tab as Module.symvers lines. Returns 0 or -EIO when the stream
 * reports an error.
 */
int ksym_symvers_write(const struct ksym_symtab *tab, FILE *f);

/* Dependency strings, as rpm sees them. */

enum ksym_dep_kind {
	/* kernel(sym) = 0x%08x: vmlinux and in-tree module exports */
	KSYM_DEP_KERNEL,
	/* ksym(sym) = 0x%08x: exports of out-of-tree modules */
	KSYM_DEP_KSYM,
};

/*
 * Formats "kernel(sym) = 0x0a0793bd" or "ksym(sym) = 0x0a0793bd" into buf,
 * Fedora's spelling. Returns the length, or -ENOSPC when buf is too small.
 */
int ksym_dep_format(char *buf, size_t size, enum ksym_dep_kind kind,
		    const char *name, uint32_t crc);

/* Kernels and kmods in a libsolv pool (solve.c), since 0.2. */

struct s_Pool;
struct ksym_solver;
struct ksym_verdict;

enum ksym_role {
	KSYM_ROLE_NONE = 0,
	/* installonlypkg(kernel), or kernel()/ksym() provides and no requires */
	KSYM_ROLE_KERNEL = 1,
	/* requires kernel() or ksym() */
	KSYM_ROLE_KMOD = 2,
};

/*
 * Splits a dependency name: "kernel(sym)" and "ksym(sym)" (Fedora) or
 * "ksym(flavor:sym)" (SUSE). Points *ret_flavor (length 0 when none) and
 * *ret_sym into name; any ret_ may be NULL. Returns KSYM_DEP_KERNEL or
 * KSYM_DEP_KSYM, or -EINVAL for any other name.
 */
int ksym_dep_split(const char *name, const char **ret_flavor,
		   size_t *ret_flavor_len, const char **ret_sym,
		   size_t *ret_sym_len);

/*
 * Parses a CRC as either side spells it: "0x0a0793bd" or "a0793bd".
 * Returns 0, or -EINVAL for anything else (also past 32 bits).
 */
int ksym_dep_parse_crc(const char *evr, uint32_t *ret_crc);

/*
 * Creates a solver over pool, which it borrows: the pool must outlive it
 * and must not gain or lose solvables meanwhile. Returns 0, -EINVAL,
 * -ENOMEM.
 */
int ksym_solver_new(struct ksym_ctx *ctx, struct s_Pool *pool,
		    struct ksym_solver **ret_solver);
struct ksym_solver *ksym_solver_unref(struct ksym_solver *solver);
struct s_Pool *ksym_solver_pool(const struct ksym_solver *solver);

/*
 * Packages whose name matches one of the globs in patterns (separated by
 * commas or blanks) take role (KSYM_ROLE_KERNEL or KSYM_ROLE_KMOD) whatever
 * their dependencies say; kernel patterns are tried first. NULL or ""
 * clears the list. Returns 0, -EINVAL for another role, -ENOMEM.
 */
int ksym_solver_set_names(struct ksym_solver *solver, enum ksym_role role,
			  const char *patterns);

/*
 * Restricts the solver to these solvable ids, the packages the caller
 * sees (dnf: after its excludes). Without it, the pool's considered map
 * decides, or every package counts. Returns 0, or -EINVAL for an id
 * outside the pool.
 */
int ksym_solver_set_visible(struct ksym_solver *solver, const int *ids,
			    size_t n);

/*
 * Decides the role of every visible package; done once, and again after a
 * change of names or visibility. Returns the number of kernels plus kmods,
 * or -ENOMEM.
 */
int ksym_solver_classify(struct ksym_solver *solver);

/* The role of a solvable id after classify; KSYM_ROLE_NONE when hidden. */
enum ksym_role ksym_solver_role(const struct ksym_solver *solver, int id);

/*
 * The visible kernels or kmods, in pool order; the array belongs to the
 * solver and lives until the next classify. A kernel split into packages
 * is listed once, by the package that provides "kernel-uname-r = R"; the
 * kernel packages of its architecture that require that R (Fedora's
 * kernel-modules and kernel-modules-extra beside kernel-core) are its
 * parts: they keep the kernel role but are not listed.
 */
size_t ksym_solver_list(const struct ksym_solver *solver, enum ksym_role role,
			const int **ret_ids);

/*
 * The kernel a kernel package belongs to, since 0.3: the head of its split
 * kernel for a part, id itself for any other kernel package, 0 for a
 * package that is no kernel package (or before classify).
 */
int ksym_solver_kernel_of(const struct ksym_solver *solver, int id);

/*
 * Whether kernel, with the visible parts of a split kernel and visible
 * kmods that it can load themselves (built for it), meets every kernel()
 * and ksym() requirement of kmod. A requirement the kmod provides itself
 * is met. Returns 1 (loads), 0
 * (does not), -EINVAL when the ids are not a kmod and a kernel, -ENOMEM.
 */
int ksym_solver_loads(struct ksym_solver *solver, int kmod, int kernel);

/*
 * The same with the reasons: a new verdict listing every unmet
 * requirement, and, when it loads, the other kmods it needs. Returns 0,
 * -EINVAL, -ENOMEM. The caller owns the verdict.
 */
int ksym_solver_check(struct ksym_solver *solver, int kmod, int kernel,
		      struct ksym_verdict **ret_verdict);
struct ksym_verdict *ksym_verdict_unref(struct ksym_verdict *verdict);
bool ksym_verdict_ok(const struct ksym_verdict *verdict);
size_t ksym_verdict_unmet_count(const struct ksym_verdict *verdict);

/*
 * The i-th unmet requirement: its name ("kernel(sym)"), the version it
 * wants (the CRC as spelt), and what the kernel offers for that symbol
 * (same name, else the other spelling) or NULL, with the offering
 * solvable id (0 when none). Strings belong to the verdict. Returns 0 or
 * -ERANGE.
 */
int ksym_verdict_unmet(const struct ksym_verdict *verdict, size_t i,
		       const char **ret_dep, const char **ret_wanted,
		       const char **ret_offered, int *ret_offered_by);

/* The kmods (solvable ids) the checked kmod needs on that kernel. */
size_t ksym_verdict_helpers(const struct ksym_verdict *verdict,
			    const int **ret_ids);
/* weak-updates: kABI-compatible modules linked into other kernels. */

enum ksym_weak_flags {
	/* decide and report, change nothing and run no depmod */
	KSYM_WEAK_DRY_RUN = 1 << 0,
	/*
	 * change nothing; report every link ksym made or would make:
	 * KSYM_WEAK_KEEP (on disk, holds), KSYM_WEAK_UNLINK (on disk, no
	 * longer holds), KSYM_WEAK_LINK (not on disk yet)
	 */
	KSYM_WEAK_LIST = 1 << 1,
};

enum ksym_weak_op {
	/* weak-updates/REL made (or replaced) to point at target */
	KSYM_WEAK_LINK,
	/* weak-updates/REL removed; why says which condition failed */
	KSYM_WEAK_UNLINK,
	/* an existing link that still holds (KSYM_WEAK_LIST only) */
	KSYM_WEAK_KEEP,
	/* depmod run for the kernel, whose set changed; link and target NULL */
	KSYM_WEAK_DEPMOD,
};

/*
 * Called once per change, before it is made. release is the kernel whose
 * weak-updates/ changes; link is "weak-updates/REL", relative to
 * /lib/modules/<release>; target is the module linked to, as a path in the
 * root ("/lib/modules/<other>/REL"); why is NULL except for
 * KSYM_WEAK_UNLINK. The strings are valid during the call only.
 */
typedef void (*ksym_weak_fn)(void *data, enum ksym_weak_op op,
			     const char *release, const char *link,
			     const char *target, const char *why);

/*
 * Brings the weak-updates/ links of every kernel under root (NULL or "":
 * the running system) up to date. A kernel is installed when
 * /lib/modules/<release>/ has symvers.gz, symvers.xz, symvers.zst,
 * symvers, Module.symvers or build/Module.symvers (or /boot has
 * symvers-<release>.gz). Every module under another kernel's extra/ or
 * updates/ is linked into an installed kernel as weak-updates/<the same
 * relative path> when each of its imports is met with an equal CRC by
 * that kernel's exports, by that kernel's own out-of-tree modules or by
 * another module linked in (the greatest such set), unless the kernel has
 * a module of that name itself. Of builds of one module for several
 * kernels, the newest kernel's (strverscmp) is linked. Links that no
 * longer hold are removed; files under weak-updates/ that ksym did not
 * make are left alone. Each link is made as a temporary symlink renamed
 * into place. Then 'depmod -b ROOT RELEASE' runs for every installed
 * kernel whose links changed.
 *
 * A module that cannot be read is logged (LOG_WARNING) and left unlinked.
 * A link that cannot be changed, or a depmod that fails, is logged
 * (LOG_ERR, naming the kernel and the module) and the others go on.
 * fn may be NULL. Returns 0, or:
 *   -EINVAL   ctx is NULL or flags has unknown bits
 *   -EIO ...  (the first failure's errno) some change failed; the old
 *             state of that link is kept
 *   -ENOMEM   out of memory
 * Added in 0.2.
 */
int ksym_weak_update(struct ksym_ctx *ctx, const char *root, unsigned flags,
		     ksym_weak_fn fn, void *data);

#ifdef __cplusplus
}
#endif

#endif
