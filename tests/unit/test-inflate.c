/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inflating gzip, xz and zstd: whole streams, the exact bound, one byte
 * past it, truncated and corrupt streams. The compressed inputs are made
 * here with zlib, liblzma and libzstd from a known payload.
 */
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "internal.h"
#include "test.h"

/* Larger than the decoders' first 256 KiB buffer, so it has to grow. */
#define PAYLOAD_SIZE (700 * 1024 + 13)

static unsigned char *payload(void)
{
	unsigned char *p = malloc(PAYLOAD_SIZE);
	uint32_t x = 12345;

	/* compressible, but not a run of one byte */
	for (size_t i = 0; i < PAYLOAD_SIZE; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (unsigned char)("kernel symbol "[i % 14] ^ ((x >> 16) & 3));
	}
	return p;
}

static unsigned char *gzip_of(const unsigned char *in, size_t size,
			      size_t *ret_size)
{
	z_stream zs = { 0 };
	size_t cap = compressBound(size) + 64;
	unsigned char *out = malloc(cap);

	deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	zs.next_in = (unsigned char *)in;
	zs.avail_in = size;
	zs.next_out = out;
	zs.avail_out = cap;
	deflate(&zs, Z_FINISH);
	*ret_size = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

static unsigned char *xz_of(const unsigned char *in, size_t size,
			    size_t *ret_size)
{
	size_t cap = lzma_stream_buffer_bound(size), pos = 0;
	unsigned char *out = malloc(cap);

	lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, in, size, out, &pos,
				cap);
	*ret_size = pos;
	return out;
}

static unsigned char *zstd_of(const unsigned char *in, size_t size,
			      size_t *ret_size)
{
	size_t cap = ZSTD_compressBound(size);
	unsigned char *out = malloc(cap);

	*ret_size = ZSTD_compress(out, cap, in, size, 3);
	return out;
}

struct format {
	enum ksym_compression comp;
	const char *name;
	unsigned char *(*compress)(const unsigned char *, size_t, size_t *);
	size_t magic_len;
};

static const struct format formats[] = {
	{ KSYM_COMP_GZIP, "gzip", gzip_of, 2 },
	{ KSYM_COMP_XZ, "xz", xz_of, 6 },
	{ KSYM_COMP_ZSTD, "zstd", zstd_of, 4 },
};

enum damage { WHOLE, TRUNCATED, CORRUPT_HEADER, CORRUPT_END };

struct inflate_row {
	enum damage damage;
	/* the bound, relative to the payload size */
	long bound_delta;
	int err;
	const char *message;
};

static const struct inflate_row rows[] = {
	{ WHOLE, 0, 0, NULL },
	{ WHOLE, 1000, 0, NULL },
	{ WHOLE, -1, -EFBIG, "data inflates past" },
	{ WHOLE, -(PAYLOAD_SIZE - 100), -EFBIG, "data inflates past 100 bytes" },
	{ TRUNCATED, 0, -ENOEXEC, "data is truncated" },
	{ CORRUPT_HEADER, 0, -ENOEXEC, "data is corrupt" },
	{ CORRUPT_END, 0, -ENOEXEC, "data is corrupt" },
};

static const char *damage_name(enum damage d)
{
	static const char *const names[] = { "whole", "truncated",
					     "corrupt header", "corrupt end" };

	return names[d];
}

static int inflate_handles_each_format(void)
{
	struct ksym_ctx *ctx = ksym_ctx_new();
	unsigned char *plain = payload();

	for (size_t f = 0; f < KSYM_ARRAY_SIZE(formats); f++) {
		size_t csize;
		unsigned char *packed = formats[f].compress(plain, PAYLOAD_SIZE, &csize);

		CHECK(ksym_compression_detect(packed, csize) == formats[f].comp,
		      "%s: detected as %s", formats[f].name,
		      ksym_compression_name(ksym_compression_detect(packed, csize)));
		for (size_t i = 0; i < KSYM_ARRAY_SIZE(rows); i++) {
			const struct inflate_row *row = &rows[i];
			unsigned char *in = malloc(csize), *out = NULL;
			size_t in_size = csize, out_size = 0;
			int r;

			memcpy(in, packed, csize);
			if (row->damage == TRUNCATED)
				in_size = csize / 2;
			/*
			 * Damage in the middle of the data can decode as other
			 * data and end up past the bound: damage the header
			 * right after the magic, or the checks at the end.
			 */
			if (row->damage == CORRUPT_HEADER)
				in[formats[f].magic_len] ^= 0xff;
			if (row->damage == CORRUPT_END)
				for (size_t j = 1; j <= 4; j++)
					in[csize - j] ^= 0xff;
			r = ksym_inflate(ctx, "in", formats[f].comp, in, in_size,
					 PAYLOAD_SIZE + row->bound_delta, &out,
					 &out_size);
			CHECK(r == row->err,
			      "%s row %zu (%s, bound %+ld): returned %s, expected %s (%s)",
			      formats[f].name, i, damage_name(row->damage),
			      row->bound_delta, test_errname(r), test_errname(row->err),
			      ksym_ctx_last_error(ctx));
			if (row->err == 0 && r == 0)
				CHECK(out_size == PAYLOAD_SIZE &&
				      memcmp(out, plain, PAYLOAD_SIZE) == 0,
				      "%s row %zu: %zu bytes, not the payload",
				      formats[f].name, i, out_size);
			if (row->err && r < 0)
				CHECK(strstr(ksym_ctx_last_error(ctx), row->message) &&
				      strstr(ksym_ctx_last_error(ctx), "'in'"),
				      "%s row %zu: last error '%s', expected '%s'",
				      formats[f].name, i, ksym_ctx_last_error(ctx),
				      row->message);
			free(out);
			free(in);
		}
		free(packed);
	}
	free(plain);
	ksym_ctx_unref(ctx);
	return 0;
}

/* gzip -c a >f; gzip -c b >>f makes one file of two members. */
static int inflate_joins_concatenated_gzip_members(void)
{
	struct ksym_ctx *ctx = ksym_ctx_new();
	size_t a_size, b_size, out_size = 0;
	unsigned char *a = gzip_of((const unsigned char *)"first,", 6, &a_size);
	unsigned char *b = gzip_of((const unsigned char *)"second", 6, &b_size);
	unsigned char *both = malloc(a_size + b_size), *out = NULL;
	int r;

	memcpy(both, a, a_size);
	memcpy(both + a_size, b, b_size);
	r = ksym_inflate(ctx, "two", KSYM_COMP_GZIP, both, a_size + b_size, 1024,
			 &out, &out_size);
	CHECK(r == 0 && out_size == 12 && memcmp(out, "first,second", 12) == 0,
	      "returned %s, %zu bytes", test_errname(r), out_size);
	free(out);
	free(both);
	free(a);
	free(b);
	ksym_ctx_unref(ctx);
	return 0;
}

/* The context's bound applies to files read through a blob. */
static int blob_applies_context_bound(void)
{
	struct ksym_ctx *ctx = ksym_ctx_new();
	unsigned char *plain = payload();
	size_t csize;
	unsigned char *packed = xz_of(plain, PAYLOAD_SIZE, &csize);
	struct ksym_blob blob = { 0 };
	int r;

	ksym_ctx_set_max_inflate(ctx, PAYLOAD_SIZE - 1);
	r = ksym_blob_from_memory(ctx, "big.xz", packed, csize, &blob);
	CHECK(r == -EFBIG, "bound - 1: returned %s", test_errname(r));
	ksym_ctx_set_max_inflate(ctx, PAYLOAD_SIZE);
	r = ksym_blob_from_memory(ctx, "big.xz", packed, csize, &blob);
	CHECK(r == 0 && blob.size == PAYLOAD_SIZE, "bound: returned %s",
	      test_errname(r));
	ksym_blob_release(&blob);
	r = ksym_blob_from_memory(ctx, "plain", "abc", 3, &blob);
	CHECK(r == 0 && blob.size == 3 && blob.owner == 0,
	      "plain data: returned %s", test_errname(r));
	ksym_blob_release(&blob);
	free(packed);
	free(plain);
	ksym_ctx_unref(ctx);
	return 0;
}

int main(void)
{
	TEST_RUN(inflate_handles_each_format);
	TEST_RUN(inflate_joins_concatenated_gzip_members);
	TEST_RUN(blob_applies_context_bound);
	return TEST_EXIT();
}
