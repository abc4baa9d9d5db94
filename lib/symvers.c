/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Module.symvers: one export a line, TAB-separated,
 * "crc symbol module export-type [namespace]". The namespace field came
 * with Linux 5.6 and is empty when the symbol has none; files from older
 * kernels have four fields.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Longer than any real line (names are capped at 512 bytes by modpost). */
#define SYMVERS_MAX_LINE 4096
#define SYMVERS_MIN_FIELDS 4
#define SYMVERS_MAX_FIELDS 5

static bool parse_crc(const char *s, uint32_t *ret_crc)
{
	uint64_t v = 0;
	const char *p = s;

	if (p[0] != '0' || (p[1] != 'x' && p[1] != 'X'))
		return false;
	p += 2;
	if (!*p || strlen(p) > 16)
		return false;
	for (; *p; p++) {
		int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			return false;
		v = v << 4 | (uint64_t)d;
	}
	if (v > UINT32_MAX)
		return false;
	*ret_crc = (uint32_t)v;
	return true;
}

static int parse_line(struct ksym_ctx *ctx, const char *name, size_t lineno,
		      char *line, struct ksym_symtab *tab)
{
	char *fields[SYMVERS_MAX_FIELDS + 1];
	size_t n = 0;
	uint32_t crc;
	unsigned flags = KSYM_SYM_CRC;
	char *p = line;

	for (;;) {
		char *tab_char = strchr(p, '\t');

		if (n == SYMVERS_MAX_FIELDS)
			return ksym_fail(ctx, -EBADMSG,
					 "'%s' line %zu: more than %d fields",
					 name, lineno, SYMVERS_MAX_FIELDS);
		fields[n++] = p;
		if (!tab_char)
			break;
		*tab_char = '\0';
		p = tab_char + 1;
	}
	if (n < SYMVERS_MIN_FIELDS)
		return ksym_fail(ctx, -EBADMSG,
				 "'%s' line %zu: %zu fields, expected crc, symbol, module and export type",
				 name, lineno, n);
	if (!parse_crc(fields[0], &crc))
		return ksym_fail(ctx, -EBADMSG,
				 "'%s' line %zu: CRC '%s' is not a 32-bit hex number",
				 name, lineno, fields[0]);
	if (!*fields[1])
		return ksym_fail(ctx, -EBADMSG, "'%s' line %zu: empty symbol name",
				 name, lineno);
	if (strncmp(fields[3], "EXPORT_", 7) != 0)
		return ksym_fail(ctx, -EBADMSG,
				 "'%s' line %zu: unknown export type '%s'", name,
				 lineno, fields[3]);
	if (strstr(fields[3], "_GPL"))
		flags |= KSYM_SYM_GPL;
	return ksym_symtab_add(tab, fields[1], crc, flags,
			       n > 4 ? fields[4] : NULL, fields[2]);
}

static int parse_text(struct ksym_ctx *ctx, const char *name,
		      const char *data, size_t size, struct ksym_symtab *tab)
{
	char line[SYMVERS_MAX_LINE + 1];
	size_t lineno = 0, pos = 0;
	int r;

	while (pos < size) {
		const char *nl = memchr(data + pos, '\n', size - pos);
		size_t len = (nl ? (size_t)(nl - data) : size) - pos;

		lineno++;
		if (len > SYMVERS_MAX_LINE)
			return ksym_fail(ctx, -EBADMSG,
					 "'%s' line %zu: longer than %d bytes",
					 name, lineno, SYMVERS_MAX_LINE);
		memcpy(line, data + pos, len);
		line[len] = '\0';
		pos += len + 1;

		if (len && line[len - 1] == '\r')
			return ksym_fail(ctx, -EBADMSG,
					 "'%s' line %zu: CRLF line ending", name,
					 lineno);
		if (memchr(line, '\0', len))
			return ksym_fail(ctx, -EBADMSG,
					 "'%s' line %zu: contains a NUL byte", name,
					 lineno);
		if (!len)
			continue;
		r = parse_line(ctx, name, lineno, line, tab);
		if (r < 0)
			return r;
	}
	return 0;
}

KSYM_EXPORT int ksym_symvers_read_memory(struct ksym_ctx *ctx, const char *name,
					 const void *data, size_t size,
					 struct ksym_symtab **ret_tab)
{
	struct ksym_symtab *tab = NULL;
	struct ksym_blob blob = { 0 };
	int r;

	if (!ctx || !name || (!data && size) || !ret_tab)
		return -EINVAL;
	r = ksym_blob_from_memory(ctx, name, data, size, &blob);
	if (r < 0)
		return r;

	tab = ksym_symtab_new(ctx);
	if (!tab) {
		r = ksym_fail(ctx, -ENOMEM, "'%s': out of memory", name);
		goto out;
	}
	r = parse_text(ctx, name, (const char *)blob.data, blob.size, tab);
	if (r == -ENOMEM)
		r = ksym_fail(ctx, r, "'%s': out of memory", name);
	if (r < 0)
		goto out;
	*ret_tab = tab;
	tab = NULL;
	r = 0;
out:
	ksym_symtab_unref(tab);
	ksym_blob_release(&blob);
	return r;
}

KSYM_EXPORT int ksym_symvers_read(struct ksym_ctx *ctx, const char *path,
				  struct ksym_symtab **ret_tab)
{
	struct ksym_blob blob;
	int r;

	if (!ctx || !path || !ret_tab)
		return -EINVAL;
	r = ksym_blob_load(ctx, path, &blob);
	if (r < 0)
		return r;
	/* already inflated: the second pass only wraps the bytes */
	r = ksym_symvers_read_memory(ctx, path, blob.data, blob.size, ret_tab);
	ksym_blob_release(&blob);
	return r;
}

KSYM_EXPORT int ksym_symvers_write(const struct ksym_symtab *tab, FILE *f)
{
	size_t n = ksym_symtab_count(tab);

	for (size_t i = 0; i < n; i++) {
		const struct ksym_sym *sym = ksym_symtab_get(tab, i);
		const char *module = ksym_sym_module(sym);

		fprintf(f, "0x%08x\t%s\t%s\t%s\t%s\n", ksym_sym_crc(sym),
			ksym_sym_name(sym), *module ? module : "vmlinux",
			ksym_sym_flags(sym) & KSYM_SYM_GPL ? "EXPORT_SYMBOL_GPL" :
							     "EXPORT_SYMBOL",
			ksym_sym_namespace(sym));
	}
	return ferror(f) ? -EIO : 0;
}

KSYM_EXPORT int ksym_dep_format(char *buf, size_t size, enum ksym_dep_kind kind,
				const char *name, uint32_t crc)
{
	static const char hex[] = "0123456789abcdef";
	const char *prefix = kind == KSYM_DEP_KERNEL ? "kernel(" : "ksym(";
	size_t plen = strlen(prefix), nlen = strlen(name);
	/* prefix, name, ") = 0x", 8 digits, NUL; by hand: generators print
	 * hundreds of thousands of these, and printf was a tenth of their time */
	size_t len = plen + nlen + 6 + 8;
	char *p = buf;

	if (len >= size || len > INT_MAX)
		return -ENOSPC;
	memcpy(p, prefix, plen);
	p += plen;
	memcpy(p, name, nlen);
	p += nlen;
	memcpy(p, ") = 0x", 6);
	p += 6;
	for (int shift = 28; shift >= 0; shift -= 4)
		*p++ = hex[(crc >> shift) & 0xf];
	*p = '\0';
	return (int)len;
}
