/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Symbol tables: an array in input order, strings in one pool, and a hash
 * index built on the first lookup. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct ksym_sym {
	/* offsets into the table's string pool */
	size_t name;
	size_t ns;
	size_t module;
	uint32_t crc;
	unsigned flags;
	/* back pointer so the accessors need only the symbol */
	const struct ksym_symtab *tab;
};

struct ksym_symtab {
	int refs;
	struct ksym_ctx *ctx;
	struct ksym_sym *syms;
	size_t n_syms;
	size_t cap_syms;
	char *pool;
	size_t pool_len;
	size_t pool_cap;
	/* open addressing; slot holds index + 1, 0 is empty */
	size_t *index;
	size_t index_cap;
};

KSYM_EXPORT struct ksym_symtab *ksym_symtab_new(struct ksym_ctx *ctx)
{
	struct ksym_symtab *tab = calloc(1, sizeof(*tab));

	if (!tab)
		return NULL;
	tab->refs = 1;
	tab->ctx = ksym_ctx_ref(ctx);
	/* offset 0 is the empty string shared by absent fields */
	tab->pool = malloc(256);
	if (!tab->pool) {
		free(tab);
		return NULL;
	}
	tab->pool[0] = '\0';
	tab->pool_len = 1;
	tab->pool_cap = 256;
	return tab;
}

KSYM_EXPORT struct ksym_symtab *ksym_symtab_ref(struct ksym_symtab *tab)
{
	if (tab)
		tab->refs++;
	return tab;
}

KSYM_EXPORT struct ksym_symtab *ksym_symtab_unref(struct ksym_symtab *tab)
{
	if (!tab || --tab->refs > 0)
		return NULL;
	ksym_ctx_unref(tab->ctx);
	free(tab->syms);
	free(tab->pool);
	free(tab->index);
	free(tab);
	return NULL;
}

static int pool_add(struct ksym_symtab *tab, const char *s, size_t *ret_off)
{
	size_t len;

	if (!s || !*s) {
		*ret_off = 0;
		return 0;
	}
	len = strlen(s) + 1;
	if (tab->pool_cap - tab->pool_len < len) {
		size_t cap = tab->pool_cap * 2 + len;
		char *pool = realloc(tab->pool, cap);

		if (!pool)
			return -ENOMEM;
		tab->pool = pool;
		tab->pool_cap = cap;
	}
	memcpy(tab->pool + tab->pool_len, s, len);
	*ret_off = tab->pool_len;
	tab->pool_len += len;
	return 0;
}

KSYM_EXPORT int ksym_symtab_add(struct ksym_symtab *tab, const char *name,
				uint32_t crc, unsigned flags, const char *ns,
				const char *module)
{
	struct ksym_sym *sym;
	int r;

	if (!name || !*name)
		return -EINVAL;

	if (tab->n_syms == tab->cap_syms) {
		size_t cap = tab->cap_syms ? tab->cap_syms * 2 : 64;
		struct ksym_sym *syms = realloc(tab->syms, cap * sizeof(*syms));

		if (!syms)
			return -ENOMEM;
		tab->syms = syms;
		tab->cap_syms = cap;
	}

	sym = &tab->syms[tab->n_syms];
	r = pool_add(tab, name, &sym->name);
	if (r < 0)
		return r;
	r = pool_add(tab, ns, &sym->ns);
	if (r < 0)
		return r;
	r = pool_add(tab, module, &sym->module);
	if (r < 0)
		return r;

	sym->crc = (flags & KSYM_SYM_CRC) ? crc : 0;
	sym->flags = flags;
	sym->tab = tab;
	tab->n_syms++;

	/* the index is rebuilt on the next lookup */
	free(tab->index);
	tab->index = NULL;
	tab->index_cap = 0;
	return 0;
}

KSYM_EXPORT size_t ksym_symtab_count(const struct ksym_symtab *tab)
{
	return tab ? tab->n_syms : 0;
}

KSYM_EXPORT const struct ksym_sym *ksym_symtab_get(const struct ksym_symtab *tab,
						   size_t i)
{
	if (!tab || i >= tab->n_syms)
		return NULL;
	return &tab->syms[i];
}

static int index_build(struct ksym_symtab *tab)
{
	size_t cap = 16;
	size_t *index;

	while (cap < tab->n_syms * 2)
		cap *= 2;
	index = calloc(cap, sizeof(*index));
	if (!index)
		return -ENOMEM;

	for (size_t i = 0; i < tab->n_syms; i++) {
		const char *name = tab->pool + tab->syms[i].name;
		size_t slot = ksym_hash_string(name) & (cap - 1);

		while (index[slot]) {
			const char *other = tab->pool + tab->syms[index[slot] - 1].name;

			/* keep the first of duplicate names */
			if (strcmp(other, name) == 0)
				break;
			slot = (slot + 1) & (cap - 1);
		}
		if (!index[slot])
			index[slot] = i + 1;
	}
	tab->index = index;
	tab->index_cap = cap;
	return 0;
}

static const struct ksym_sym *find_linear(const struct ksym_symtab *tab,
					  const char *name)
{
	for (size_t i = 0; i < tab->n_syms; i++)
		if (strcmp(tab->pool + tab->syms[i].name, name) == 0)
			return &tab->syms[i];
	return NULL;
}

KSYM_EXPORT const struct ksym_sym *ksym_symtab_find(const struct ksym_symtab *tab,
						    const char *name)
{
	/* the index is a cache: building it does not change the table */
	struct ksym_symtab *mut = (struct ksym_symtab *)tab;
	size_t slot;

	if (!tab || !name)
		return NULL;
	if (!tab->index && tab->n_syms > 8 && index_build(mut) < 0)
		return find_linear(tab, name);
	if (!tab->index)
		return find_linear(tab, name);

	slot = ksym_hash_string(name) & (tab->index_cap - 1);
	while (tab->index[slot]) {
		const struct ksym_sym *sym = &tab->syms[tab->index[slot] - 1];

		if (strcmp(tab->pool + sym->name, name) == 0)
			return sym;
		slot = (slot + 1) & (tab->index_cap - 1);
	}
	return NULL;
}

KSYM_EXPORT const char *ksym_sym_name(const struct ksym_sym *sym)
{
	return sym->tab->pool + sym->name;
}

KSYM_EXPORT uint32_t ksym_sym_crc(const struct ksym_sym *sym)
{
	return sym->crc;
}

KSYM_EXPORT unsigned ksym_sym_flags(const struct ksym_sym *sym)
{
	return sym->flags;
}

KSYM_EXPORT const char *ksym_sym_namespace(const struct ksym_sym *sym)
{
	return sym->tab->pool + sym->ns;
}

KSYM_EXPORT const char *ksym_sym_module(const struct ksym_sym *sym)
{
	return sym->tab->pool + sym->module;
}
