/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Symbol indexes: a symbol table saved as a hash table in one file, mapped
 * and searched without parsing. The dependency generators keep them as a
 * cache between the runs rpm makes of them, one per file.
 *
 * Layout, host byte order (a cache never leaves the machine):
 *   header   magic[8] n_slots n_syms strings_size
 *   slots    u32[n_slots]: entry index + 1, 0 for empty
 *   entries  { name_off crc flags }[n_syms]
 *   strings  NUL-terminated names
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static const char index_magic[8] = "KSYMIX01";

struct index_header {
	char magic[8];
	uint32_t n_slots;
	uint32_t n_syms;
	uint32_t strings_size;
};

struct index_entry {
	uint32_t name;
	uint32_t crc;
	uint32_t flags;
};

struct ksym_index {
	const unsigned char *map;
	size_t size;
	const struct index_header *hdr;
	const uint32_t *slots;
	const struct index_entry *entries;
	const char *strings;
};

static int write_all(int fd, const void *data, size_t size)
{
	const unsigned char *p = data;

	while (size) {
		ssize_t n = write(fd, p, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		size -= (size_t)n;
	}
	return 0;
}

int ksym_index_write(struct ksym_ctx *ctx, const struct ksym_symtab *tab,
		     const char *path)
{
	size_t n = ksym_symtab_count(tab), n_slots = 16, strings = 0;
	struct index_header hdr = { .n_syms = (uint32_t)n };
	struct index_entry *entries = NULL;
	uint32_t *slots = NULL;
	char *pool = NULL, *tmp = NULL;
	int fd = -1, r;

	while (n_slots < n * 2)
		n_slots *= 2;
	memcpy(hdr.magic, index_magic, sizeof(hdr.magic));
	hdr.n_slots = (uint32_t)n_slots;

	r = -ENOMEM;
	for (size_t i = 0; i < n; i++)
		strings += strlen(ksym_sym_name(ksym_symtab_get(tab, i))) + 1;
	slots = calloc(n_slots, sizeof(*slots));
	entries = calloc(n ? n : 1, sizeof(*entries));
	pool = malloc(strings ? strings : 1);
	if (!slots || !entries || !pool || asprintf(&tmp, "%s.XXXXXX", path) < 0)
		goto out;
	hdr.strings_size = (uint32_t)strings;

	strings = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ksym_sym *sym = ksym_symtab_get(tab, i);
		const char *name = ksym_sym_name(sym);
		size_t slot = ksym_hash_string(name) & (n_slots - 1);

		entries[i] = (struct index_entry){ (uint32_t)strings,
						   ksym_sym_crc(sym),
						   ksym_sym_flags(sym) };
		memcpy(pool + strings, name, strlen(name) + 1);
		strings += strlen(name) + 1;
		while (slots[slot])
			slot = (slot + 1) & (n_slots - 1);
		slots[slot] = (uint32_t)i + 1;
	}

	fd = mkstemp(tmp);
	if (fd < 0) {
		r = ksym_fail(ctx, -errno, "cannot write '%s': %s", path,
			      strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	r = write_all(fd, &hdr, sizeof(hdr));
	if (r == 0)
		r = write_all(fd, slots, n_slots * sizeof(*slots));
	if (r == 0)
		r = write_all(fd, entries, n * sizeof(*entries));
	if (r == 0)
		r = write_all(fd, pool, strings);
	/* on disk before the rename, so a crash leaves the old file or the new */
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	fd = -1;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		(void)ksym_fail(ctx, r, "cannot write '%s': %s", path,
				strerror(-r));
		(void)unlink(tmp);
	}
out:
	if (fd >= 0)
		(void)close(fd);
	free(tmp);
	free(slots);
	free(entries);
	free(pool);
	return r;
}

static bool index_valid(const struct ksym_index *ix)
{
	const struct index_header *h = ix->hdr;
	uint64_t need;

	if (memcmp(h->magic, index_magic, sizeof(h->magic)) != 0 ||
	    !h->n_slots || (h->n_slots & (h->n_slots - 1)) ||
	    h->n_slots < h->n_syms)
		return false;
	need = sizeof(*h) + (uint64_t)h->n_slots * 4 +
	       (uint64_t)h->n_syms * sizeof(struct index_entry) + h->strings_size;
	if (need != ix->size)
		return false;
	if (h->strings_size && ix->strings[h->strings_size - 1] != '\0')
		return false;
	for (uint32_t i = 0; i < h->n_syms; i++)
		if (ix->entries[i].name >= h->strings_size)
			return false;
	for (uint32_t i = 0; i < h->n_slots; i++)
		if (ix->slots[i] > h->n_syms)
			return false;
	return true;
}

int ksym_index_open(struct ksym_ctx *ctx, const char *path,
		    struct ksym_index **ret_index)
{
	struct ksym_index *ix;
	struct stat st;
	void *map;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ksym_fail(ctx, -errno, "cannot open '%s': %s", path,
				 strerror(errno));
	if (fstat(fd, &st) < 0 || (size_t)st.st_size < sizeof(struct index_header)) {
		(void)close(fd);
		return ksym_fail(ctx, -EBADMSG, "'%s': not a symbol index", path);
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	r = map == MAP_FAILED ? -errno : 0;
	(void)close(fd);
	if (r < 0)
		return ksym_fail(ctx, r, "cannot map '%s': %s", path, strerror(-r));

	ix = calloc(1, sizeof(*ix));
	if (!ix) {
		(void)munmap(map, st.st_size);
		return -ENOMEM;
	}
	ix->map = map;
	ix->size = st.st_size;
	ix->hdr = map;
	ix->slots = (const uint32_t *)(ix->map + sizeof(*ix->hdr));
	ix->entries = (const struct index_entry *)(ix->slots + ix->hdr->n_slots);
	ix->strings = (const char *)(ix->entries + ix->hdr->n_syms);
	if ((uint64_t)ix->hdr->n_slots * 4 > ix->size || !index_valid(ix)) {
		ksym_index_unref(ix);
		return ksym_fail(ctx, -EBADMSG, "'%s': not a valid symbol index",
				 path);
	}
	*ret_index = ix;
	return 0;
}

bool ksym_index_find(const struct ksym_index *ix, const char *name,
		     uint32_t *ret_crc, unsigned *ret_flags)
{
	uint32_t mask = ix->hdr->n_slots - 1;
	uint32_t slot = ksym_hash_string(name) & mask;

	for (uint32_t probes = 0; probes <= mask; probes++) {
		const struct index_entry *e;

		if (!ix->slots[slot])
			return false;
		e = &ix->entries[ix->slots[slot] - 1];
		if (strcmp(ix->strings + e->name, name) == 0) {
			*ret_crc = e->crc;
			*ret_flags = e->flags;
			return true;
		}
		slot = (slot + 1) & mask;
	}
	return false;
}

struct ksym_index *ksym_index_unref(struct ksym_index *ix)
{
	if (!ix)
		return NULL;
	(void)munmap((void *)ix->map, ix->size);
	free(ix);
	return NULL;
}
