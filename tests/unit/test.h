/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the C unit tests share: a test is a function named after the
 * behaviour it checks, run by TEST_RUN(); a failed check prints the file,
 * line and the row being checked, and the program exits 1 when any check
 * failed, 77 when every test skipped.
 */
#ifndef KSYM_TEST_H
#define KSYM_TEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures;
static int test_ran;
static int test_skipped;

#define CHECK(cond, ...)                                                      \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__,         \
				__LINE__, #cond);                             \
			fprintf(stderr, __VA_ARGS__);                         \
			fputc('\n', stderr);                                  \
			test_failures++;                                      \
		}                                                             \
	} while (0)

/* Tests return 0 when they ran, 77 when they skipped. */
#define TEST_RUN(fn)                                                          \
	do {                                                                  \
		int before_ = test_failures, r_ = fn();                       \
		if (r_ == 77) {                                               \
			test_skipped++;                                       \
			printf("SKIP %s\n", #fn);                             \
		} else {                                                      \
			test_ran++;                                           \
			printf("%s %s\n",                                     \
			       test_failures > before_ ? "FAIL" : "ok", #fn);  \
		}                                                             \
	} while (0)

#define TEST_EXIT() (test_failures ? 1 : test_ran ? 0 : 77)

/* "-ENOENT" and the like, for messages. */
static inline const char *test_errname(int r)
{
	static char buf[32];

	switch (r) {
	case 0: return "0";
	case -ENOENT: return "-ENOENT";
	case -EINVAL: return "-EINVAL";
	case -ENOMEM: return "-ENOMEM";
	case -EBADMSG: return "-EBADMSG";
	case -ENOEXEC: return "-ENOEXEC";
	case -EFBIG: return "-EFBIG";
	case -EISDIR: return "-EISDIR";
	case -EACCES: return "-EACCES";
	case -ENOSPC: return "-ENOSPC";
	default:
		snprintf(buf, sizeof(buf), "%d", r);
		return buf;
	}
}

/* The build tree's fixture directory, made by tests/fixtures/make-fixtures.sh. */
static inline const char *test_fixture_dir(void)
{
	static char dir[2048];
	const char *top = getenv("top_builddir");

	snprintf(dir, sizeof(dir), "%s/tests/fixtures", top ? top : ".");
	return dir;
}

/* Reads a whole file into a malloc'ed buffer; NULL when it cannot. */
static inline unsigned char *test_read_file(const char *path, size_t *ret_size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(size ? size : 1);
		if (buf && fread(buf, 1, size, f) != (size_t)size) {
			free(buf);
			buf = NULL;
		}
		*ret_size = size;
	}
	fclose(f);
	return buf;
}

#endif
