/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Kernel modules and vmlinux images: exports with their CRCs, imports and
 * .modinfo.
 *
 * Exports are found through the symbol table: every "__ksymtab_<sym>" that
 * sits in __ksymtab or __ksymtab_gpl names an export. Its CRC is the symbol
 * "__crc_<sym>": up to Linux 5.18 an absolute symbol whose value is the
 * CRC, since 5.19 a label inside __kcrctab or __kcrctab_gpl in front of the
 * 4-byte CRC. Its namespace is the string at "__kstrtabns_<sym>". A vmlinux
 * without a symbol table pairs the i-th __ksymtab entry with the i-th
 * __kcrctab entry, and the entry itself points at the name.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* struct modversion_info: a CRC in a long, then the name, 64 bytes in all */
#define VERSIONS_ENTRY_SIZE 64

enum sec_id {
	SEC_KSYMTAB,
	SEC_KSYMTAB_GPL,
	SEC_KCRCTAB,
	SEC_KCRCTAB_GPL,
	SEC_KSTRTAB,
	SEC_VERSIONS,
	SEC_EXT_CRCS,
	SEC_EXT_NAMES,
	SEC_MODINFO,
	SEC_THIS_MODULE,
	SEC_SYMTAB,
	SEC_MAX,
};

static const char *const sec_names[SEC_MAX] = {
	[SEC_KSYMTAB] = "__ksymtab",
	[SEC_KSYMTAB_GPL] = "__ksymtab_gpl",
	[SEC_KCRCTAB] = "__kcrctab",
	[SEC_KCRCTAB_GPL] = "__kcrctab_gpl",
	[SEC_KSTRTAB] = "__ksymtab_strings",
	[SEC_VERSIONS] = "__versions",
	[SEC_EXT_CRCS] = "__version_ext_crcs",
	[SEC_EXT_NAMES] = "__version_ext_names",
	[SEC_MODINFO] = ".modinfo",
	[SEC_THIS_MODULE] = ".gnu.linkonce.this_module",
	[SEC_SYMTAB] = ".symtab",
};

struct section {
	size_t index;
	GElf_Shdr shdr;
	const unsigned char *data;
	size_t size;
};

struct ksym_elf {
	struct ksym_ctx *ctx;
	char *path;
	char *name;
	char *release;
	struct ksym_blob blob;
	/* a writable copy when the caller's buffer is read-only */
	unsigned char *copy;
	Elf *elf;
	GElf_Ehdr ehdr;
	bool big_endian;
	bool is_module;
	struct section secs[SEC_MAX];
	/* blob is the context's scratch buffer, holding only what is read */
	bool sparse;
	struct ksym_symtab *exports;
	struct ksym_symtab *imports;
	char *modinfo;
	size_t modinfo_size;
};

/* One export found in the symbol table, before sorting into entry order. */
struct export_ref {
	const char *name;
	size_t sec;
	uint64_t value;
};

static uint32_t read_u32(const struct ksym_elf *elf, const unsigned char *p)
{
	if (elf->big_endian)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		       (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | p[0];
}

static uint64_t read_u64(const struct ksym_elf *elf, const unsigned char *p)
{
	uint64_t hi, lo;

	if (elf->big_endian) {
		hi = read_u32(elf, p);
		lo = read_u32(elf, p + 4);
	} else {
		lo = read_u32(elf, p);
		hi = read_u32(elf, p + 4);
	}
	return hi << 32 | lo;
}

static bool is_64bit(const struct ksym_elf *elf)
{
	return elf->ehdr.e_ident[EI_CLASS] == ELFCLASS64;
}

static int elf_error(struct ksym_elf *elf, const char *what)
{
	return ksym_fail(elf->ctx, -EBADMSG, "'%s': %s: %s", elf->path, what,
			 elf_errmsg(-1));
}

/*
 * The offset in sec of an address or, in a relocatable object, of a
 * section-relative value; false when it is not inside the section with
 * len bytes to spare.
 */
static bool sec_offset(const struct ksym_elf *elf, const struct section *sec,
		       uint64_t value, size_t len, size_t *ret_off)
{
	uint64_t base = elf->ehdr.e_type == ET_REL ? 0 : sec->shdr.sh_addr;

	if (value < base || value - base > sec->size ||
	    sec->size - (value - base) < len)
		return false;
	*ret_off = value - base;
	return true;
}

/* A NUL-terminated string at off in sec, or NULL. */
static const char *sec_string(const struct section *sec, size_t off)
{
	if (!sec->data || off >= sec->size)
		return NULL;
	if (!memchr(sec->data + off, '\0', sec->size - off))
		return NULL;
	return (const char *)sec->data + off;
}

static int load_section(struct ksym_elf *elf, Elf_Scn *scn, enum sec_id id)
{
	struct section *sec = &elf->secs[id];
	Elf_Data *data;

	if (sec->data || sec->index)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': section '%s' appears twice", elf->path,
				 sec_names[id]);
	sec->index = elf_ndxscn(scn);
	if (!gelf_getshdr(scn, &sec->shdr))
		return elf_error(elf, "cannot read section header");
	if (sec->shdr.sh_type == SHT_NOBITS)
		return 0;

	/* libelf checks offset and size against the file */
	data = elf_getdata(scn, NULL);
	if (!data)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': cannot read section '%s': %s", elf->path,
				 sec_names[id], elf_errmsg(-1));
	sec->data = data->d_buf;
	sec->size = data->d_buf ? data->d_size : 0;
	return 0;
}

static int find_sections(struct ksym_elf *elf)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	int r;

	if (elf_getshdrstrndx(elf->elf, &shstrndx) < 0)
		return elf_error(elf, "cannot find section names");

	while ((scn = elf_nextscn(elf->elf, scn))) {
		GElf_Shdr shdr;
		const char *name;

		if (!gelf_getshdr(scn, &shdr))
			return elf_error(elf, "cannot read section header");
		name = elf_strptr(elf->elf, shstrndx, shdr.sh_name);
		if (!name)
			return elf_error(elf, "cannot read section name");

		for (int id = 0; id < SEC_MAX; id++) {
			if (strcmp(name, sec_names[id]) != 0)
				continue;
			if (id == SEC_SYMTAB && shdr.sh_type != SHT_SYMTAB)
				break;
			r = load_section(elf, scn, id);
			if (r < 0)
				return r;
			break;
		}
	}
	return 0;
}

static int read_modinfo(struct ksym_elf *elf)
{
	const struct section *sec = &elf->secs[SEC_MODINFO];

	/* a terminating NUL of our own, so every value ends inside */
	elf->modinfo = calloc(1, sec->size + 1);
	if (!elf->modinfo)
		return -ENOMEM;
	if (sec->size)
		memcpy(elf->modinfo, sec->data, sec->size);
	elf->modinfo_size = sec->size;
	return 0;
}

static int read_versions(struct ksym_elf *elf)
{
	const struct section *sec = &elf->secs[SEC_VERSIONS];
	size_t crc_size = is_64bit(elf) ? 8 : 4;
	int r;

	if (sec->size % VERSIONS_ENTRY_SIZE)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': section '__versions' is %zu bytes, not a multiple of %d",
				 elf->path, sec->size, VERSIONS_ENTRY_SIZE);

	for (size_t off = 0; off < sec->size; off += VERSIONS_ENTRY_SIZE) {
		const unsigned char *e = sec->data + off;
		const char *name = (const char *)e + crc_size;
		uint64_t crc;

		if (!memchr(name, '\0', VERSIONS_ENTRY_SIZE - crc_size))
			return ksym_fail(elf->ctx, -EBADMSG,
					 "'%s': entry %zu of '__versions' has no NUL-terminated name",
					 elf->path, off / VERSIONS_ENTRY_SIZE);
		if (!*name)
			return ksym_fail(elf->ctx, -EBADMSG,
					 "'%s': entry %zu of '__versions' has an empty name",
					 elf->path, off / VERSIONS_ENTRY_SIZE);
		crc = crc_size == 8 ? read_u64(elf, e) : read_u32(elf, e);
		r = ksym_symtab_add(elf->imports, name, (uint32_t)crc,
				    KSYM_SYM_CRC, NULL, NULL);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Linux 6.14: CRCs in one array, names in a string table, same order. */
static int read_ext_versions(struct ksym_elf *elf)
{
	const struct section *crcs = &elf->secs[SEC_EXT_CRCS];
	const struct section *names = &elf->secs[SEC_EXT_NAMES];
	size_t n = crcs->size / 4, off = 0;
	int r;

	if (!crcs->index && !names->index)
		return 0;
	if (crcs->size % 4)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': section '__version_ext_crcs' is %zu bytes, not a multiple of 4",
				 elf->path, crcs->size);

	for (size_t i = 0; i < n; i++) {
		const char *name = sec_string(names, off);

		if (!name || !*name)
			return ksym_fail(elf->ctx, -EBADMSG,
					 "'%s': '__version_ext_names' has fewer names than the %zu CRCs of '__version_ext_crcs'",
					 elf->path, n);
		off += strlen(name) + 1;
		/* a name that fits is in __versions too, with the same CRC */
		if (ksym_symtab_find(elf->imports, name))
			continue;
		r = ksym_symtab_add(elf->imports, name,
				    read_u32(elf, crcs->data + 4 * i),
				    KSYM_SYM_CRC | KSYM_SYM_EXT, NULL, NULL);
		if (r < 0)
			return r;
	}
	/* modpost writes the names into one char array: its own NUL ends it */
	while (off < names->size && names->data[off] == '\0')
		off++;
	if (off < names->size)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': '__version_ext_names' has more names than the %zu CRCs of '__version_ext_crcs'",
				 elf->path, n);
	return 0;
}

static bool sec_is(const struct ksym_elf *elf, size_t index, enum sec_id id)
{
	return index && elf->secs[id].index == index;
}

/* The CRC behind "__crc_<sym>": the value, or the 4 bytes it labels. */
static int crc_of_symbol(struct ksym_elf *elf, const GElf_Sym *sym,
			 const char *name, uint32_t *ret_crc)
{
	enum sec_id id;
	size_t off;

	if (sym->st_shndx == SHN_ABS) {
		*ret_crc = (uint32_t)sym->st_value;
		return 0;
	}
	if (sec_is(elf, sym->st_shndx, SEC_KCRCTAB))
		id = SEC_KCRCTAB;
	else if (sec_is(elf, sym->st_shndx, SEC_KCRCTAB_GPL))
		id = SEC_KCRCTAB_GPL;
	else
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': symbol '%s' is neither absolute nor in a CRC section",
				 elf->path, name);
	if (!sec_offset(elf, &elf->secs[id], sym->st_value, 4, &off))
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': symbol '%s' points past the end of section '%s'",
				 elf->path, name, sec_names[id]);
	*ret_crc = read_u32(elf, elf->secs[id].data + off);
	return 0;
}

static int cmp_export_ref(const void *a, const void *b)
{
	const struct export_ref *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Symbols of the three kinds we pair by name, gathered in one pass. */
struct symtab_scan {
	struct export_ref *refs;
	size_t n_refs;
	struct ksym_symtab *crcs;
	struct ksym_symtab *namespaces;
};

static int scan_symbol(struct ksym_elf *elf, struct symtab_scan *scan,
		       const GElf_Sym *sym, const char *name)
{
	const struct section *strs = &elf->secs[SEC_KSTRTAB];
	uint32_t crc = 0;
	size_t off;
	int r;

	if (strncmp(name, "__crc_", 6) == 0 && name[6]) {
		r = crc_of_symbol(elf, sym, name, &crc);
		if (r < 0)
			return r;
		return ksym_symtab_add(scan->crcs, name + 6, crc, KSYM_SYM_CRC,
				       NULL, NULL);
	}

	if (strncmp(name, "__kstrtabns_", 12) == 0 && name[12] &&
	    sec_is(elf, sym->st_shndx, SEC_KSTRTAB)) {
		const char *ns = NULL;

		if (sec_offset(elf, strs, sym->st_value, 1, &off))
			ns = sec_string(strs, off);
		if (!ns)
			return ksym_fail(elf->ctx, -EBADMSG,
					 "'%s': namespace of '%s' is not a string in '__ksymtab_strings'",
					 elf->path, name + 12);
		return ksym_symtab_add(scan->namespaces, name + 12, 0, 0, ns,
				       NULL);
	}

	if (strncmp(name, "__ksymtab_", 10) == 0 && name[10] &&
	    GELF_ST_TYPE(sym->st_info) != STT_SECTION &&
	    (sec_is(elf, sym->st_shndx, SEC_KSYMTAB) ||
	     sec_is(elf, sym->st_shndx, SEC_KSYMTAB_GPL))) {
		struct export_ref *ref = &scan->refs[scan->n_refs++];

		ref->name = name + 10;
		ref->sec = sym->st_shndx;
		ref->value = sym->st_value;
	}
	return 0;
}

static int exports_from_symtab(struct ksym_elf *elf)
{
	const struct section *symsec = &elf->secs[SEC_SYMTAB];
	struct symtab_scan scan = { 0 };
	Elf_Data *data;
	size_t n, entsize;
	int r;

	data = elf_getdata(elf_getscn(elf->elf, symsec->index), NULL);
	if (!data)
		return elf_error(elf, "cannot read symbol table");
	/* check_symtab_shape() saw the entry size */
	entsize = is_64bit(elf) ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
	n = data->d_size / entsize;

	r = -ENOMEM;
	scan.refs = calloc(n ? n : 1, sizeof(*scan.refs));
	scan.crcs = ksym_symtab_new(elf->ctx);
	scan.namespaces = ksym_symtab_new(elf->ctx);
	if (!scan.refs || !scan.crcs || !scan.namespaces)
		goto out;

	for (size_t i = 1; i < n; i++) {
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(data, (int)i, &sym)) {
			r = elf_error(elf, "cannot read symbol");
			goto out;
		}
		name = elf_strptr(elf->elf, symsec->shdr.sh_link, sym.st_name);
		if (!name) {
			r = ksym_fail(elf->ctx, -EBADMSG,
				      "'%s': symbol %zu has a name outside the string table",
				      elf->path, i);
			goto out;
		}
		r = scan_symbol(elf, &scan, &sym, name);
		if (r < 0)
			goto out;
	}

	qsort(scan.refs, scan.n_refs, sizeof(*scan.refs), cmp_export_ref);
	for (size_t i = 0; i < scan.n_refs; i++) {
		const struct export_ref *ref = &scan.refs[i];
		const struct ksym_sym *crc = ksym_symtab_find(scan.crcs, ref->name);
		const struct ksym_sym *ns = ksym_symtab_find(scan.namespaces,
							     ref->name);
		unsigned flags = 0;

		if (sec_is(elf, ref->sec, SEC_KSYMTAB_GPL))
			flags |= KSYM_SYM_GPL;
		if (crc)
			flags |= KSYM_SYM_CRC;
		r = ksym_symtab_add(elf->exports, ref->name,
				    crc ? ksym_sym_crc(crc) : 0, flags,
				    ns ? ksym_sym_namespace(ns) : NULL, NULL);
		if (r < 0)
			goto out;
	}
	r = 0;
out:
	free(scan.refs);
	ksym_symtab_unref(scan.crcs);
	ksym_symtab_unref(scan.namespaces);
	return r;
}

/*
 * Where a field of a struct kernel_symbol points: with PREL32 references
 * (most 64-bit arches since 4.19) the field holds an offset from itself,
 * otherwise an absolute address of the word size.
 */
static bool entry_ref(const struct ksym_elf *elf, const struct section *tab,
		      size_t off, bool prel32, uint64_t *ret_addr)
{
	size_t len = prel32 ? 4 : (is_64bit(elf) ? 8 : 4);

	if (off > tab->size || tab->size - off < len)
		return false;
	if (prel32) {
		int32_t rel = (int32_t)read_u32(elf, tab->data + off);

		*ret_addr = tab->shdr.sh_addr + off + (int64_t)rel;
	} else {
		*ret_addr = len == 8 ? read_u64(elf, tab->data + off) :
				       read_u32(elf, tab->data + off);
	}
	return true;
}

static const char *entry_string(const struct ksym_elf *elf,
				const struct section *tab, size_t off,
				bool prel32)
{
	const struct section *strs = &elf->secs[SEC_KSTRTAB];
	uint64_t addr;
	size_t str_off;

	if (!entry_ref(elf, tab, off, prel32, &addr))
		return NULL;
	if (addr < strs->shdr.sh_addr || addr - strs->shdr.sh_addr >= strs->size)
		return NULL;
	str_off = addr - strs->shdr.sh_addr;
	return sec_string(strs, str_off);
}

/* Tries one entry layout on a whole table; true when every name resolves. */
static bool layout_fits(const struct ksym_elf *elf, const struct section *tab,
			size_t entsize, bool prel32)
{
	size_t field = prel32 ? 4 : (is_64bit(elf) ? 8 : 4);

	if (!entsize || tab->size % entsize || entsize < 2 * field)
		return false;
	for (size_t off = 0; off < tab->size; off += entsize) {
		const char *name = entry_string(elf, tab, off + field, prel32);

		if (!name || !*name)
			return false;
	}
	return true;
}

static int exports_by_index(struct ksym_elf *elf, enum sec_id tab_id,
			    enum sec_id crc_id)
{
	const struct section *tab = &elf->secs[tab_id];
	const struct section *crcs = &elf->secs[crc_id];
	size_t word = is_64bit(elf) ? 8 : 4;
	/*
	 * The entry layouts, most likely first: on 64-bit arches PREL32
	 * (12 bytes with a namespace, 8 without) is the rule; on 32-bit ones
	 * (powerpc has PREL32 there too) absolute entries have the same
	 * sizes, so the kind of an entry cannot be told from its size and
	 * the names must resolve.
	 */
	const struct layout {
		size_t size;
		bool prel32;
	} rel_first[] = {
		{ 12, true }, { 8, true }, { 24, false }, { 16, false },
	}, abs_first[] = {
		{ 12, false }, { 8, false }, { 12, true }, { 8, true },
	};
	const struct layout *layouts = is_64bit(elf) ? rel_first : abs_first;
	size_t entsize = 0, field, n;
	bool prel32 = false;
	int r;

	if (!tab->size)
		return 0;
	for (size_t i = 0; i < KSYM_ARRAY_SIZE(rel_first) && !entsize; i++) {
		size_t size = layouts[i].size;

		if (crcs->size && crcs->size / 4 * size != tab->size)
			continue;
		if (layout_fits(elf, tab, size, layouts[i].prel32)) {
			entsize = size;
			prel32 = layouts[i].prel32;
		}
	}
	if (!entsize)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': no symbol table, and the entries of '%s' match no known layout",
				 elf->path, sec_names[tab_id]);

	field = prel32 ? 4 : word;
	n = tab->size / entsize;
	for (size_t i = 0; i < n; i++) {
		size_t off = i * entsize;
		const char *name = entry_string(elf, tab, off + field, prel32);
		const char *ns = NULL;
		unsigned flags = tab_id == SEC_KSYMTAB_GPL ? KSYM_SYM_GPL : 0;
		uint32_t crc = 0;

		if (entsize >= 3 * field)
			ns = entry_string(elf, tab, off + 2 * field, prel32);
		if (crcs->size) {
			crc = read_u32(elf, crcs->data + 4 * i);
			flags |= KSYM_SYM_CRC;
		}
		r = ksym_symtab_add(elf->exports, name, crc, flags, ns, NULL);
		if (r < 0)
			return r;
	}
	return 0;
}

static int read_exports(struct ksym_elf *elf)
{
	const struct section *gpl = &elf->secs[SEC_KSYMTAB_GPL];
	const struct section *plain = &elf->secs[SEC_KSYMTAB];
	int r;

	if (!plain->size && !gpl->size)
		return 0;
	if (elf->secs[SEC_SYMTAB].index) {
		r = exports_from_symtab(elf);
		if (r < 0 || ksym_symtab_count(elf->exports) > 0)
			return r;
	}
	/*
	 * A relocatable object's entries are not resolved until loaded.
	 * TODO: 'strip --strip-unneeded' drops the local __ksymtab_ and
	 * __crc_ labels (kbuild's INSTALL_MOD_STRIP and rpm's debuginfo
	 * strip keep them); such a module could still be read through the
	 * relocations of __ksymtab and the order of __kcrctab. Add that
	 * when a distribution ships modules stripped that way.
	 */
	if (elf->ehdr.e_type == ET_REL)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': has exports but no '__ksymtab_' symbols",
				 elf->path);
	r = exports_by_index(elf, SEC_KSYMTAB, SEC_KCRCTAB);
	if (r < 0)
		return r;
	return exports_by_index(elf, SEC_KSYMTAB_GPL, SEC_KCRCTAB_GPL);
}

/* A field of the raw file, in the object's byte order; the caller checks bounds. */
static uint64_t raw_field(const struct ksym_elf *elf, size_t off, size_t len)
{
	const unsigned char *p = elf->blob.data + off;

	if (len == 2)
		return elf->big_endian ? (uint16_t)(p[0] << 8 | p[1]) :
					 (uint16_t)(p[1] << 8 | p[0]);
	return len == 4 ? read_u32(elf, p) : read_u64(elf, p);
}

/* What of a section header the layout checks need, in either class. */
struct raw_shdr {
	uint32_t name;
	uint32_t type;
	uint64_t offset;
	uint64_t size;
	uint32_t link;
};

struct raw_layout {
	uint64_t shoff;
	size_t shnum;
	size_t shstrndx;
	struct raw_shdr shstrtab;
};

static void raw_shdr_at(const struct ksym_elf *elf, uint64_t off,
			struct raw_shdr *ret)
{
	bool c64 = elf->blob.data[EI_CLASS] == ELFCLASS64;

	ret->name = (uint32_t)raw_field(elf, off, 4);
	ret->type = (uint32_t)raw_field(elf, off + 4, 4);
	ret->offset = c64 ? raw_field(elf, off + 24, 8) : raw_field(elf, off + 16, 4);
	ret->size = c64 ? raw_field(elf, off + 32, 8) : raw_field(elf, off + 20, 4);
	ret->link = (uint32_t)raw_field(elf, off + (c64 ? 40 : 24), 4);
}

/* Machines whose kernels are of one word size only. */
static const struct {
	uint16_t machine;
	unsigned char class;
	const char *name;
} machine_classes[] = {
	{ EM_386, ELFCLASS32, "i386" },
	{ EM_ARM, ELFCLASS32, "arm" },
	{ EM_X86_64, ELFCLASS64, "x86_64" },
	{ EM_AARCH64, ELFCLASS64, "aarch64" },
	{ EM_PPC, ELFCLASS32, "ppc" },
	{ EM_PPC64, ELFCLASS64, "ppc64" },
	{ EM_IA_64, ELFCLASS64, "ia64" },
	{ EM_ALPHA, ELFCLASS64, "alpha" },
	{ EM_SPARCV9, ELFCLASS64, "sparc64" },
};

static int check_ident(struct ksym_elf *elf)
{
	const unsigned char *id = elf->blob.data;
	size_t size = elf->blob.size;

	if (size < SELFMAG || memcmp(id, ELFMAG, SELFMAG) != 0)
		return ksym_fail(elf->ctx, -ENOEXEC, "'%s': not an ELF object",
				 elf->path);
	if (size < EI_NIDENT)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': ELF header is truncated: %zu bytes", elf->path,
				 size);
	if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64)
		return ksym_fail(elf->ctx, -EBADMSG, "'%s': unknown ELF class %u",
				 elf->path, id[EI_CLASS]);
	if (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': unknown ELF byte order %u", elf->path,
				 id[EI_DATA]);
	if (id[EI_VERSION] != EV_CURRENT)
		return ksym_fail(elf->ctx, -EBADMSG, "'%s': unknown ELF version %u",
				 elf->path, id[EI_VERSION]);
	elf->big_endian = id[EI_DATA] == ELFDATA2MSB;
	return 0;
}

static int check_machine(struct ksym_elf *elf, unsigned type,
			 unsigned machine)
{
	unsigned char class = elf->blob.data[EI_CLASS];

	if (type != ET_REL && type != ET_EXEC && type != ET_DYN)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': ELF type %u is neither a module nor a kernel image",
				 elf->path, type);
	if (machine == EM_NONE)
		return ksym_fail(elf->ctx, -EBADMSG, "'%s': ELF machine is 0 (none)",
				 elf->path);
	/* a byte order or class flipped by corruption shows here first */
	for (size_t i = 0; i < KSYM_ARRAY_SIZE(machine_classes); i++)
		if (machine_classes[i].machine == machine &&
		    machine_classes[i].class != class)
			return ksym_fail(elf->ctx, -EBADMSG,
					 "'%s': a %d-bit ELF object for machine %s, which is %d-bit",
					 elf->path, class == ELFCLASS64 ? 64 : 32,
					 machine_classes[i].name,
					 class == ELFCLASS64 ? 32 : 64);
	return 0;
}

/* The ELF header and where the section header table is, checked against the file. */
static int check_ehdr(struct ksym_elf *elf, struct raw_layout *lay)
{
	bool c64 = elf->blob.data[EI_CLASS] == ELFCLASS64;
	size_t ehsize = c64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	size_t shentsize = c64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	size_t size = elf->blob.size;
	uint64_t entsize;
	struct raw_shdr first;
	int r;

	if (size < ehsize)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': ELF header is truncated: %zu of %zu bytes",
				 elf->path, size, ehsize);
	r = check_machine(elf, (unsigned)raw_field(elf, 16, 2),
			  (unsigned)raw_field(elf, 18, 2));
	if (r < 0)
		return r;
	lay->shoff = c64 ? raw_field(elf, 40, 8) : raw_field(elf, 32, 4);
	entsize = raw_field(elf, c64 ? 58 : 46, 2);
	lay->shnum = (size_t)raw_field(elf, c64 ? 60 : 48, 2);
	lay->shstrndx = (size_t)raw_field(elf, c64 ? 62 : 50, 2);
	if (!lay->shoff)
		return ksym_fail(elf->ctx, -EBADMSG, "'%s': has no section headers",
				 elf->path);
	if (entsize != shentsize)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': section header size is %llu, expected %zu",
				 elf->path, (unsigned long long)entsize, shentsize);
	if (lay->shoff > size || size - lay->shoff < shentsize)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': section header table at offset %llu is past the end of the file (%zu bytes)",
				 elf->path, (unsigned long long)lay->shoff, size);

	/* past 65279 sections the count and the name table index move to section 0 */
	raw_shdr_at(elf, lay->shoff, &first);
	if (lay->shnum == 0)
		lay->shnum = first.size > SIZE_MAX ? SIZE_MAX : (size_t)first.size;
	if (lay->shstrndx == SHN_XINDEX)
		lay->shstrndx = first.link;
	if ((size - lay->shoff) / shentsize < lay->shnum)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': section header table (offset %llu, %zu entries) ends past the end of the file (%zu bytes)",
				 elf->path, (unsigned long long)lay->shoff, lay->shnum,
				 size);
	if (lay->shstrndx == SHN_UNDEF || lay->shstrndx >= lay->shnum)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': section name table index %zu is not one of the %zu sections",
				 elf->path, lay->shstrndx, lay->shnum);
	return 0;
}

static bool raw_fits(const struct ksym_elf *elf, const struct raw_shdr *sh)
{
	return sh->type == SHT_NOBITS ||
	       (sh->offset <= elf->blob.size &&
		elf->blob.size - sh->offset >= sh->size);
}

/* The string table's last byte is a NUL, so no string runs off its end. */
static bool raw_strtab_ok(const struct ksym_elf *elf, const struct raw_shdr *sh)
{
	return sh->type == SHT_STRTAB && sh->size &&
	       elf->blob.data[sh->offset + sh->size - 1] == '\0';
}

static int check_shstrtab(struct ksym_elf *elf, struct raw_layout *lay)
{
	size_t shentsize = elf->blob.data[EI_CLASS] == ELFCLASS64 ?
				   sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	struct raw_shdr *sh = &lay->shstrtab;

	raw_shdr_at(elf, lay->shoff + lay->shstrndx * shentsize, sh);
	if (!raw_fits(elf, sh) || sh->type == SHT_NOBITS)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': section name table (offset %llu, %llu bytes) ends past the end of the file (%zu bytes)",
				 elf->path, (unsigned long long)sh->offset,
				 (unsigned long long)sh->size, elf->blob.size);
	if (!raw_strtab_ok(elf, sh))
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': section name table is not a NUL-terminated string table",
				 elf->path);
	return 0;
}

/* A symbol table is a whole number of entries of this class's size. */
static int check_symtab_shape(struct ksym_elf *elf, const struct raw_layout *lay,
			      size_t i, const char *name)
{
	bool c64 = elf->blob.data[EI_CLASS] == ELFCLASS64;
	size_t shentsize = c64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	size_t want = c64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
	uint64_t off = lay->shoff + i * shentsize;
	uint64_t entsize = c64 ? raw_field(elf, off + 56, 8) :
				 raw_field(elf, off + 36, 4);
	uint64_t size = c64 ? raw_field(elf, off + 32, 8) : raw_field(elf, off + 20, 4);

	if (entsize != want)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': symbol table '%s' has entries of %llu bytes, expected %zu",
				 elf->path, name, (unsigned long long)entsize, want);
	if (size % want)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': symbol table '%s' is %llu bytes, not a multiple of %zu",
				 elf->path, name, (unsigned long long)size, want);
	return 0;
}

/* A symbol table's string table: an existing section that ends in a NUL. */
static int check_symtab_link(struct ksym_elf *elf, const struct raw_layout *lay,
			     const struct raw_shdr *sh, const char *name)
{
	size_t shentsize = elf->blob.data[EI_CLASS] == ELFCLASS64 ?
				   sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	struct raw_shdr link;

	if (sh->link == SHN_UNDEF || sh->link >= lay->shnum)
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': symbol table '%s' links to section %u, which does not exist",
				 elf->path, name, sh->link);
	raw_shdr_at(elf, lay->shoff + (size_t)sh->link * shentsize, &link);
	if (!raw_strtab_ok(elf, &link))
		return ksym_fail(elf->ctx, -EBADMSG,
				 "'%s': symbol table '%s' links to section %u, which is not a NUL-terminated string table",
				 elf->path, name, sh->link);
	return 0;
}

/*
 * Every section against the file, before libelf sees any of it: its name
 * inside the name table and its contents inside the file; then each
 * symbol table's shape and string table.
 */
static int check_sections(struct ksym_elf *elf, const struct raw_layout *lay)
{
	size_t shentsize = elf->blob.data[EI_CLASS] == ELFCLASS64 ?
				   sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	const char *names = (const char *)elf->blob.data + lay->shstrtab.offset;
	int r;

	for (size_t i = 1; i < lay->shnum; i++) {
		struct raw_shdr sh;

		raw_shdr_at(elf, lay->shoff + i * shentsize, &sh);
		if (sh.name >= lay->shstrtab.size)
			return ksym_fail(elf->ctx, -EBADMSG,
					 "'%s': section %zu has a name outside the section name table",
					 elf->path, i);
		if (!raw_fits(elf, &sh))
			return ksym_fail(elf->ctx, -EBADMSG,
					 "'%s': section '%s' (offset %llu, %llu bytes) ends past the end of the file (%zu bytes)",
					 elf->path, names + sh.name,
					 (unsigned long long)sh.offset,
					 (unsigned long long)sh.size, elf->blob.size);
	}
	for (size_t i = 1; i < lay->shnum; i++) {
		struct raw_shdr sh;

		raw_shdr_at(elf, lay->shoff + i * shentsize, &sh);
		if (sh.type != SHT_SYMTAB)
			continue;
		r = check_symtab_shape(elf, lay, i, names + sh.name);
		if (r == 0)
			r = check_symtab_link(elf, lay, &sh, names + sh.name);
		if (r < 0)
			return r;
	}
	return 0;
}

static int check_layout(struct ksym_elf *elf)
{
	struct raw_layout lay = { 0 };
	int r;

	r = check_ident(elf);
	if (r < 0)
		return r;
	r = check_ehdr(elf, &lay);
	if (r < 0)
		return r;
	r = check_shstrtab(elf, &lay);
	if (r < 0)
		return r;
	return check_sections(elf, &lay);
}

/*
 * Plain ELF files are read sparsely: the headers, the section headers, the
 * name table, the sections of sec_names and the symbol tables' strings go
 * to their offsets in the context's scratch buffer, which keeps its pages
 * from file to file; nothing else of the file is read, and the rest of the
 * buffer holds whatever an earlier file left, which nothing looks at. On a
 * kernel's thousands of modules that costs a fraction of mapping each file
 * (a mapping, its page faults and its unmapping per file). The image is
 * dropped once parsed: what a ksym_elf keeps is copied out.
 */

/* Larger files are mapped whole, so that the buffer stays small. */
#define SPARSE_MAX_SIZE (64u << 20)

static bool pread_at(int fd, unsigned char *buf, uint64_t off, uint64_t len)
{
	while (len > 0) {
		ssize_t n = pread(fd, buf + off, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return true;
}

static bool sparse_wanted(const char *name, uint32_t type)
{
	if (type == SHT_SYMTAB)
		return true;
	/* most sections are code, data and relocations: .text, .rela.text... */
	if (name[0] != '_' && strncmp(name, ".modinfo", 8) != 0 &&
	    strncmp(name, ".gnu.linkonce", 13) != 0 && strncmp(name, ".symtab", 7) != 0)
		return false;
	for (int id = 0; id < SEC_MAX; id++)
		if (strcmp(name, sec_names[id]) == 0)
			return true;
	return false;
}

/*
 * Reads what the parser needs of a plain ELF file into the scratch buffer.
 * Returns 1 when done, 0 when the file is for the whole-file path (not a
 * plain ELF file, too large, or any oddity in its layout, which that path
 * then reports precisely).
 */
static int sparse_read(struct ksym_elf *elf, int fd, size_t size)
{
	struct ksym_ctx *ctx = elf->ctx;
	unsigned char *buf = ctx->scratch;
	size_t shentsize, ehsize;
	struct raw_shdr names;
	uint64_t shoff, phoff, phsize;
	size_t shnum, shstrndx;
	bool c64;

	if (!buf || pread(fd, buf, EI_NIDENT, 0) != EI_NIDENT ||
	    memcmp(buf, ELFMAG, SELFMAG) != 0 ||
	    (buf[EI_CLASS] != ELFCLASS32 && buf[EI_CLASS] != ELFCLASS64) ||
	    (buf[EI_DATA] != ELFDATA2LSB && buf[EI_DATA] != ELFDATA2MSB))
		return 0;
	c64 = buf[EI_CLASS] == ELFCLASS64;
	ehsize = c64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	shentsize = c64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	if (size < ehsize || !pread_at(fd, buf, 0, ehsize))
		return 0;
	elf->blob = (struct ksym_blob){ .data = buf, .size = size };
	elf->big_endian = buf[EI_DATA] == ELFDATA2MSB;

	shoff = c64 ? raw_field(elf, 40, 8) : raw_field(elf, 32, 4);
	shnum = (size_t)raw_field(elf, c64 ? 60 : 48, 2);
	shstrndx = (size_t)raw_field(elf, c64 ? 62 : 50, 2);
	if (!shoff || shnum == 0 || shstrndx == SHN_UNDEF || shstrndx >= shnum ||
	    raw_field(elf, c64 ? 58 : 46, 2) != shentsize || shoff > size ||
	    (size - shoff) / shentsize < shnum ||
	    !pread_at(fd, buf, shoff, (uint64_t)shnum * shentsize))
		return 0;
	/* libelf may look at the program headers of an image */
	phoff = c64 ? raw_field(elf, 32, 8) : raw_field(elf, 28, 4);
	phsize = raw_field(elf, c64 ? 54 : 42, 2) * raw_field(elf, c64 ? 56 : 44, 2);
	if (phoff && (phoff > size || size - phoff < phsize ||
		      !pread_at(fd, buf, phoff, phsize)))
		return 0;

	raw_shdr_at(elf, shoff + shstrndx * shentsize, &names);
	if (names.type != SHT_STRTAB || !raw_fits(elf, &names) ||
	    !pread_at(fd, buf, names.offset, names.size) || !raw_strtab_ok(elf, &names))
		return 0;
	for (size_t i = 1; i < shnum; i++) {
		struct raw_shdr sh, link;

		raw_shdr_at(elf, shoff + i * shentsize, &sh);
		if (sh.name >= names.size || !raw_fits(elf, &sh))
			return 0;
		if (sh.type == SHT_NOBITS ||
		    !sparse_wanted((const char *)buf + names.offset + sh.name, sh.type))
			continue;
		if (!pread_at(fd, buf, sh.offset, sh.size))
			return 0;
		if (sh.type != SHT_SYMTAB)
			continue;
		if (sh.link == SHN_UNDEF || sh.link >= shnum)
			return 0;
		raw_shdr_at(elf, shoff + (size_t)sh.link * shentsize, &link);
		if (link.type == SHT_NOBITS || !raw_fits(elf, &link) ||
		    !pread_at(fd, buf, link.offset, link.size))
			return 0;
	}
	return 1;
}

/* 1 when the file was read sparsely, 0 for the whole-file path. */
static int sparse_load(struct ksym_elf *elf)
{
	struct ksym_ctx *ctx = elf->ctx;
	struct stat st;
	int fd, r = 0;

	if (ctx->scratch_busy)
		return 0;
	fd = open(elf->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < EI_NIDENT ||
	    (uint64_t)st.st_size > SPARSE_MAX_SIZE)
		goto out;
	if (ctx->scratch_size < (size_t)st.st_size) {
		unsigned char *buf = realloc(ctx->scratch, (size_t)st.st_size);

		if (!buf)
			goto out;
		ctx->scratch = buf;
		ctx->scratch_size = (size_t)st.st_size;
	}
	r = sparse_read(elf, fd, (size_t)st.st_size);
	if (r > 0) {
		elf->sparse = true;
		ctx->scratch_busy = true;
	} else {
		elf->blob = (struct ksym_blob){ 0 };
	}
out:
	(void)close(fd);
	return r;
}

/* After parsing: the scratch buffer goes back to the context. */
static void sparse_release(struct ksym_elf *elf)
{
	if (!elf->sparse)
		return;
	if (elf->elf)
		(void)elf_end(elf->elf);
	elf->elf = NULL;
	memset(elf->secs, 0, sizeof(elf->secs));
	elf->blob = (struct ksym_blob){ 0 };
	elf->sparse = false;
	elf->ctx->scratch_busy = false;
}

static char *name_from_path(const char *path)
{
	static const char *const suffixes[] = { ".gz", ".xz", ".zst" };
	char *name = strdup(ksym_basename(path));
	size_t len;

	if (!name)
		return NULL;
	len = strlen(name);
	for (size_t i = 0; i < KSYM_ARRAY_SIZE(suffixes); i++) {
		size_t sl = strlen(suffixes[i]);

		if (len > sl && strcmp(name + len - sl, suffixes[i]) == 0) {
			len -= sl;
			name[len] = '\0';
			break;
		}
	}
	if (len > 3 && strcmp(name + len - 3, ".ko") == 0)
		name[len - 3] = '\0';
	return name;
}

static int parse(struct ksym_elf *elf)
{
	const char *vermagic, *modname;
	int r;

	r = check_layout(elf);
	if (r < 0)
		return r;

	elf->elf = elf_memory((char *)elf->blob.data, elf->blob.size);
	if (!elf->elf)
		return elf_error(elf, "cannot parse ELF");
	if (elf_kind(elf->elf) != ELF_K_ELF || !gelf_getehdr(elf->elf, &elf->ehdr))
		return elf_error(elf, "cannot read ELF header");

	r = find_sections(elf);
	if (r < 0)
		return r;
	elf->is_module = elf->ehdr.e_type == ET_REL &&
			 (elf->secs[SEC_MODINFO].index ||
			  elf->secs[SEC_THIS_MODULE].index);

	elf->exports = ksym_symtab_new(elf->ctx);
	elf->imports = ksym_symtab_new(elf->ctx);
	if (!elf->exports || !elf->imports)
		return -ENOMEM;

	r = read_modinfo(elf);
	if (r < 0)
		return r;
	r = read_versions(elf);
	if (r < 0)
		return r;
	r = read_ext_versions(elf);
	if (r < 0)
		return r;
	r = read_exports(elf);
	if (r < 0)
		return r;

	modname = ksym_elf_modinfo(elf, "name", 0);
	elf->name = modname && *modname ? strdup(modname) : name_from_path(elf->path);
	if (!elf->name)
		return -ENOMEM;
	vermagic = ksym_elf_modinfo(elf, "vermagic", 0);
	if (vermagic && *vermagic) {
		elf->release = strndup(vermagic, strcspn(vermagic, " "));
		if (!elf->release)
			return -ENOMEM;
	}
	return 0;
}

static int open_common(struct ksym_ctx *ctx, const char *path,
		       struct ksym_elf **ret_elf, struct ksym_elf *elf)
{
	int r;

	r = parse(elf);
	sparse_release(elf);
	if (r == -ENOMEM)
		r = ksym_fail(ctx, r, "'%s': out of memory", path);
	if (r < 0) {
		ksym_elf_unref(elf);
		return r;
	}
	*ret_elf = elf;
	return 0;
}

static struct ksym_elf *elf_new(struct ksym_ctx *ctx, const char *path)
{
	struct ksym_elf *elf;

	(void)elf_version(EV_CURRENT);
	elf = calloc(1, sizeof(*elf));
	if (!elf)
		return NULL;
	elf->path = strdup(path);
	if (!elf->path) {
		free(elf);
		return NULL;
	}
	elf->ctx = ksym_ctx_ref(ctx);
	return elf;
}

KSYM_EXPORT int ksym_elf_open(struct ksym_ctx *ctx, const char *path,
			      struct ksym_elf **ret_elf)
{
	struct ksym_elf *elf;
	int r;

	if (!ctx || !path || !ret_elf)
		return -EINVAL;
	elf = elf_new(ctx, path);
	if (!elf)
		return ksym_fail(ctx, -ENOMEM, "'%s': out of memory", path);
	r = sparse_load(elf);
	if (r == 0)
		r = ksym_blob_load(ctx, path, &elf->blob);
	if (r < 0) {
		ksym_elf_unref(elf);
		return r;
	}
	return open_common(ctx, path, ret_elf, elf);
}

KSYM_EXPORT int ksym_elf_open_memory(struct ksym_ctx *ctx, const char *name,
				     const void *data, size_t size,
				     struct ksym_elf **ret_elf)
{
	struct ksym_elf *elf;
	int r;

	if (!ctx || !name || (!data && size) || !ret_elf)
		return -EINVAL;
	elf = elf_new(ctx, name);
	if (!elf)
		return ksym_fail(ctx, -ENOMEM, "'%s': out of memory", name);
	r = ksym_blob_from_memory(ctx, name, data, size, &elf->blob);
	if (r < 0) {
		ksym_elf_unref(elf);
		return r;
	}
	/* libelf may convert headers in place: give it memory of our own */
	if (elf->blob.owner == 0) {
		elf->copy = malloc(size ? size : 1);
		if (!elf->copy) {
			ksym_elf_unref(elf);
			return ksym_fail(ctx, -ENOMEM, "'%s': out of memory", name);
		}
		memcpy(elf->copy, data, size);
		elf->blob.data = elf->copy;
	}
	return open_common(ctx, name, ret_elf, elf);
}

KSYM_EXPORT struct ksym_elf *ksym_elf_unref(struct ksym_elf *elf)
{
	if (!elf)
		return NULL;
	if (elf->elf)
		(void)elf_end(elf->elf);
	ksym_blob_release(&elf->blob);
	free(elf->copy);
	ksym_symtab_unref(elf->exports);
	ksym_symtab_unref(elf->imports);
	ksym_ctx_unref(elf->ctx);
	free(elf->modinfo);
	free(elf->path);
	free(elf->name);
	free(elf->release);
	free(elf);
	return NULL;
}

KSYM_EXPORT const char *ksym_elf_path(const struct ksym_elf *elf)
{
	return elf->path;
}

KSYM_EXPORT bool ksym_elf_is_module(const struct ksym_elf *elf)
{
	return elf->is_module;
}

KSYM_EXPORT const char *ksym_elf_name(const struct ksym_elf *elf)
{
	return elf->name;
}

KSYM_EXPORT const struct ksym_symtab *ksym_elf_exports(const struct ksym_elf *elf)
{
	return elf->exports;
}

KSYM_EXPORT const struct ksym_symtab *ksym_elf_imports(const struct ksym_elf *elf)
{
	return elf->imports;
}

KSYM_EXPORT const char *ksym_elf_modinfo(const struct ksym_elf *elf,
					 const char *key, unsigned n)
{
	size_t klen = strlen(key);
	const char *p = elf->modinfo, *end = elf->modinfo + elf->modinfo_size;

	while (p < end) {
		size_t len = strlen(p);

		if (len > klen && p[klen] == '=' && strncmp(p, key, klen) == 0) {
			if (n == 0)
				return p + klen + 1;
			n--;
		}
		/* entries may be padded with runs of NUL bytes */
		p += len + 1;
	}
	return NULL;
}

KSYM_EXPORT const char *ksym_elf_release(const struct ksym_elf *elf)
{
	return elf->release;
}
