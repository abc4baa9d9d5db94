/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Whole files in memory: mapped when plain, inflated when compressed, with
 * a bound on the inflated size so that a hostile stream cannot take all
 * memory. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "internal.h"

enum ksym_compression ksym_compression_detect(const void *data, size_t size)
{
	const unsigned char *p = data;

	if (size >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return KSYM_COMP_GZIP;
	if (size >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0)
		return KSYM_COMP_XZ;
	if (size >= 4 && memcmp(p, "\x28\xb5\x2f\xfd", 4) == 0)
		return KSYM_COMP_ZSTD;
	return KSYM_COMP_NONE;
}

const char *ksym_compression_name(enum ksym_compression comp)
{
	switch (comp) {
	case KSYM_COMP_GZIP:
		return "gzip";
	case KSYM_COMP_XZ:
		return "xz";
	case KSYM_COMP_ZSTD:
		return "zstd";
	default:
		return "none";
	}
}

/* A growing output buffer shared by the three decoders. */
struct outbuf {
	unsigned char *data;
	size_t len;
	size_t cap;
	size_t max;
};

/*
 * Room for up to want more bytes. The buffer grows to max + 1 bytes at
 * most: a stream that fills that last byte inflates past the bound, while
 * one that ends exactly at max is read.
 */
static int outbuf_reserve(struct outbuf *out, size_t want)
{
	size_t cap, limit = out->max < SIZE_MAX ? out->max + 1 : SIZE_MAX;
	unsigned char *data;

	if (out->len > out->max)
		return -EFBIG;
	if (out->cap - out->len >= want || out->cap == limit)
		return 0;
	cap = out->cap ? out->cap * 2 : 256 * 1024;
	if (cap < out->len + want)
		cap = out->len + want;
	if (cap > limit || cap < out->cap)
		cap = limit;
	data = realloc(out->data, cap);
	if (!data)
		return -ENOMEM;
	out->data = data;
	out->cap = cap;
	return 0;
}

static int inflate_gzip(struct ksym_ctx *ctx, const char *name,
			const unsigned char *in, size_t size, struct outbuf *out)
{
	z_stream zs = { 0 };
	int zr, r;

	/* 16 + MAX_WBITS: gzip header; concatenated members are handled below */
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return ksym_fail(ctx, -ENOMEM, "'%s': cannot start gzip decoder",
				 name);
	zs.next_in = (unsigned char *)in;
	r = 0;
	for (;;) {
		size_t room, left = size - (size_t)(zs.next_in - in);
		uInt avail;

		r = outbuf_reserve(out, 64 * 1024);
		if (r < 0)
			break;
		/* zlib counts in uInt: feed both sides in pieces it can count */
		room = out->cap - out->len;
		avail = room > UINT_MAX ? UINT_MAX : (uInt)room;
		if (zs.avail_in == 0)
			zs.avail_in = left > UINT_MAX ? UINT_MAX : (uInt)left;
		zs.next_out = out->data + out->len;
		zs.avail_out = avail;
		zr = inflate(&zs, Z_NO_FLUSH);
		out->len += avail - zs.avail_out;
		left = size - (size_t)(zs.next_in - in);
		if (zr == Z_STREAM_END) {
			if (left == 0)
				break;
			/* another gzip member follows */
			if (inflateReset(&zs) != Z_OK) {
				r = -ENOEXEC;
				break;
			}
			continue;
		}
		if (zr == Z_BUF_ERROR && left == 0) {
			r = ksym_fail(ctx, -ENOEXEC,
				      "'%s': gzip data is truncated", name);
			break;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			r = ksym_fail(ctx, -ENOEXEC, "'%s': gzip data is corrupt: %s",
				      name, zs.msg ? zs.msg : "bad stream");
			break;
		}
	}
	inflateEnd(&zs);
	return r;
}

static const char *xz_error_name(lzma_ret lr)
{
	switch (lr) {
	case LZMA_FORMAT_ERROR:
		return "not an xz stream";
	case LZMA_OPTIONS_ERROR:
		return "unsupported options";
	case LZMA_DATA_ERROR:
		return "bad compressed data or checksum";
	case LZMA_MEMLIMIT_ERROR:
		return "needs more than 256 MiB to decode";
	case LZMA_MEM_ERROR:
		return "out of memory";
	default:
		return "decoder error";
	}
}

static int inflate_xz(struct ksym_ctx *ctx, const char *name,
		      const unsigned char *in, size_t size, struct outbuf *out)
{
	lzma_stream ls = LZMA_STREAM_INIT;
	lzma_ret lr;
	int r = 0;

	/* the memory limit stops a stream asking for a huge dictionary */
	if (lzma_stream_decoder(&ls, 256u << 20, LZMA_CONCATENATED) != LZMA_OK)
		return ksym_fail(ctx, -ENOMEM, "'%s': cannot start xz decoder",
				 name);
	ls.next_in = in;
	ls.avail_in = size;
	for (;;) {
		r = outbuf_reserve(out, 64 * 1024);
		if (r < 0)
			break;
		ls.next_out = out->data + out->len;
		ls.avail_out = out->cap - out->len;
		lr = lzma_code(&ls, LZMA_FINISH);
		out->len = out->cap - ls.avail_out;
		if (lr == LZMA_STREAM_END)
			break;
		if (lr == LZMA_BUF_ERROR) {
			r = ksym_fail(ctx, -ENOEXEC, "'%s': xz data is truncated",
				      name);
			break;
		}
		if (lr != LZMA_OK) {
			r = ksym_fail(ctx, -ENOEXEC, "'%s': xz data is corrupt: %s",
				      name, xz_error_name(lr));
			break;
		}
	}
	lzma_end(&ls);
	return r;
}

static int inflate_zstd(struct ksym_ctx *ctx, const char *name,
			const unsigned char *in, size_t size, struct outbuf *out)
{
	ZSTD_DStream *zs = ZSTD_createDStream();
	ZSTD_inBuffer zin = { in, size, 0 };
	int r = 0;

	if (!zs)
		return ksym_fail(ctx, -ENOMEM, "'%s': cannot start zstd decoder",
				 name);
	/* refuse frames that ask for a window past 128 MiB */
	(void)ZSTD_DCtx_setParameter(zs, ZSTD_d_windowLogMax, 27);
	for (;;) {
		ZSTD_outBuffer zout;
		size_t zr;

		r = outbuf_reserve(out, 64 * 1024);
		if (r < 0)
			break;
		zout.dst = out->data + out->len;
		zout.size = out->cap - out->len;
		zout.pos = 0;
		zr = ZSTD_decompressStream(zs, &zout, &zin);
		out->len += zout.pos;
		if (ZSTD_isError(zr)) {
			r = ksym_fail(ctx, -ENOEXEC, "'%s': zstd data is corrupt: %s",
				      name, ZSTD_getErrorName(zr));
			break;
		}
		if (zr == 0 && zin.pos == zin.size)
			break;
		/* wants more input, has none, and did not fill the output */
		if (zin.pos == zin.size && zout.pos < zout.size) {
			r = ksym_fail(ctx, -ENOEXEC, "'%s': zstd data is truncated",
				      name);
			break;
		}
	}
	ZSTD_freeDStream(zs);
	return r;
}

int ksym_inflate(struct ksym_ctx *ctx, const char *name,
		 enum ksym_compression comp, const void *data, size_t size,
		 size_t max, unsigned char **ret_data, size_t *ret_size)
{
	struct outbuf out = { .max = max };
	int r;

	switch (comp) {
	case KSYM_COMP_GZIP:
		r = inflate_gzip(ctx, name, data, size, &out);
		break;
	case KSYM_COMP_XZ:
		r = inflate_xz(ctx, name, data, size, &out);
		break;
	case KSYM_COMP_ZSTD:
		r = inflate_zstd(ctx, name, data, size, &out);
		break;
	default:
		r = ksym_fail(ctx, -EINVAL, "'%s': not compressed", name);
		break;
	}
	if (r == 0 && out.len > max)
		r = -EFBIG;
	if (r == -EFBIG)
		(void)ksym_fail(ctx, r, "'%s': %s data inflates past %zu bytes",
				name, ksym_compression_name(comp), max);
	else if (r == -ENOMEM)
		(void)ksym_fail(ctx, r, "'%s': out of memory while inflating",
				name);
	if (r < 0) {
		free(out.data);
		return r;
	}
	*ret_data = out.data;
	*ret_size = out.len;
	return 0;
}

int ksym_blob_from_memory(struct ksym_ctx *ctx, const char *name,
			  const void *data, size_t size,
			  struct ksym_blob *ret_blob)
{
	enum ksym_compression comp = ksym_compression_detect(data, size);
	unsigned char *out;
	size_t out_size;
	int r;

	if (comp == KSYM_COMP_NONE) {
		*ret_blob = (struct ksym_blob){ .data = data, .size = size };
		return 0;
	}
	r = ksym_inflate(ctx, name, comp, data, size, ctx->max_inflate, &out,
			 &out_size);
	if (r < 0)
		return r;
	*ret_blob = (struct ksym_blob){ .data = out, .size = out_size,
					.owner = 2 };
	return 0;
}

int ksym_blob_load(struct ksym_ctx *ctx, const char *path,
		   struct ksym_blob *ret_blob)
{
	struct ksym_blob blob = { 0 };
	struct stat st;
	void *map = MAP_FAILED;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ksym_fail(ctx, -errno, "cannot open '%s': %s", path,
				 strerror(errno));

	if (fstat(fd, &st) < 0) {
		r = ksym_fail(ctx, -errno, "cannot stat '%s': %s", path,
			      strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		r = ksym_fail(ctx, -EISDIR, "cannot read '%s': is a directory",
			      path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = ksym_fail(ctx, -EINVAL, "cannot read '%s': not a regular file",
			      path);
		goto out;
	}
	if (st.st_size == 0) {
		*ret_blob = (struct ksym_blob){ .data = (const void *)"",
						.size = 0 };
		r = 0;
		goto out;
	}

	/* writable, private: libelf may convert headers in place */
	map = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		r = ksym_fail(ctx, -errno, "cannot map '%s': %s", path,
			      strerror(errno));
		goto out;
	}

	r = ksym_blob_from_memory(ctx, path, map, st.st_size, &blob);
	if (r < 0)
		goto out;
	if (blob.owner == 0) {
		blob.owner = 1;
		blob.map_size = st.st_size;
		map = MAP_FAILED;
	}
	*ret_blob = blob;
	r = 0;
out:
	if (map != MAP_FAILED)
		(void)munmap(map, st.st_size);
	(void)close(fd);
	return r;
}

void ksym_blob_release(struct ksym_blob *blob)
{
	if (blob->owner == 1)
		(void)munmap((void *)blob->data, blob->map_size);
	else if (blob->owner == 2)
		free((void *)blob->data);
	*blob = (struct ksym_blob){ 0 };
}
