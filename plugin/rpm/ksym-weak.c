/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ksym's rpm plugin: at the end of every transaction that installed or
 * erased a file under /lib/modules, bring the weak-updates/ links of the
 * kernels in the transaction's root up to date (ksym_weak_update, the
 * logic of 'ksym weak-updates'). rpm loads it through
 * %__transaction_ksym (macros.transaction_ksym) and finds "ksym_hooks".
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <rpm/rpmfiles.h>
#include <rpm/rpmlog.h>
#include <rpm/rpmte.h>
#include <rpm/rpmts.h>
#include <rpm/rpmtypes.h>

#include "ksym.h"

/*
 * rpm's plugin interface. rpm 4.14 to 4.19 install no rpmplugin.h (it is
 * public from 4.20), so the hook table is declared here, in the layout of
 * rpm's lib/rpmplugin.h that 4.14 to 4.20 share: twelve hook pointers in
 * this order, the hooks returning rpmRC (rpmPluginRC, where rpm has it,
 * has the same values: OK 0, NOTFOUND 1, FAIL 2). rpm appends new hooks
 * at the end; the spare slots stay NULL so that a later rpm reading a
 * longer table finds no hook there.
 */
typedef rpmRC (*ksym_plugin_init_fn)(rpmPlugin plugin, rpmts ts);
typedef void (*ksym_plugin_cleanup_fn)(rpmPlugin plugin);
typedef rpmRC (*ksym_plugin_tsm_pre_fn)(rpmPlugin plugin, rpmts ts);
typedef rpmRC (*ksym_plugin_tsm_post_fn)(rpmPlugin plugin, rpmts ts, int res);
typedef rpmRC (*ksym_plugin_psm_pre_fn)(rpmPlugin plugin, rpmte te);
typedef rpmRC (*ksym_plugin_psm_post_fn)(rpmPlugin plugin, rpmte te, int res);

struct ksym_rpm_plugin_hooks {
	ksym_plugin_init_fn init;
	ksym_plugin_cleanup_fn cleanup;
	ksym_plugin_tsm_pre_fn tsm_pre;
	ksym_plugin_tsm_post_fn tsm_post;
	ksym_plugin_psm_pre_fn psm_pre;
	ksym_plugin_psm_post_fn psm_post;
	/* scriptlet_pre, scriptlet_fork_post, scriptlet_post, fsm_file_pre,
	 * fsm_file_post, fsm_file_prepare: unused */
	void *unused[6];
	void *spare[8];
};

/* Whether the transaction under way installs or erases a module file. */
static bool touched;

static bool is_module_path(const char *path)
{
	return strncmp(path, "/lib/modules/", 13) == 0 ||
	       strncmp(path, "/usr/lib/modules/", 17) == 0;
}

static rpmRC ksym_plugin_tsm_pre(rpmPlugin plugin, rpmts ts)
{
	touched = false;
	/* tells the file triggers of ksym-weak.triggers to leave it to us */
	(void)setenv("KSYM_RPM_PLUGIN", "1", 1);
	return RPMRC_OK;
}

static rpmRC ksym_plugin_psm_pre(rpmPlugin plugin, rpmte te)
{
	rpmfiles files;

	if (touched)
		return RPMRC_OK;
	files = rpmteFiles(te);
	for (rpm_count_t i = 0; files && i < rpmfilesFC(files) && !touched; i++) {
		char *fn = rpmfilesFN(files, i);

		touched = fn && is_module_path(fn);
		free(fn);
	}
	rpmfilesFree(files);
	return RPMRC_OK;
}

static int rpmlog_level(int priority)
{
	switch (priority) {
	case LOG_EMERG:
	case LOG_ALERT:
	case LOG_CRIT:
	case LOG_ERR:
		return RPMLOG_ERR;
	case LOG_WARNING:
		return RPMLOG_WARNING;
	case LOG_NOTICE:
		return RPMLOG_NOTICE;
	case LOG_INFO:
		return RPMLOG_INFO;
	default:
		return RPMLOG_DEBUG;
	}
}

static void log_to_rpm(void *data, int priority, const char *file, int line,
		       const char *fn, const char *format, va_list args)
{
	char msg[2048];

	(void)vsnprintf(msg, sizeof(msg), format, args);
	rpmlog(rpmlog_level(priority), "ksym: %s\n", msg);
}

/* Changes are shown at rpm's default verbosity, like rpm's own notices. */
static void report(void *data, enum ksym_weak_op op, const char *release,
		   const char *link, const char *target, const char *why)
{
	switch (op) {
	case KSYM_WEAK_LINK:
		rpmlog(RPMLOG_NOTICE, "ksym: link %s %s -> %s\n", release, link, target);
		break;
	case KSYM_WEAK_UNLINK:
		rpmlog(RPMLOG_NOTICE, "ksym: unlink %s %s: %s\n", release, link, why);
		break;
	case KSYM_WEAK_DEPMOD:
		rpmlog(RPMLOG_INFO, "ksym: depmod %s\n", release);
		break;
	case KSYM_WEAK_KEEP:
		break;
	}
}

/* rpm's verbosity as a syslog level: -v shows why modules are not linked. */
static int log_priority(void)
{
	if (rpmIsDebug())
		return LOG_DEBUG;
	if (rpmIsVerbose())
		return LOG_INFO;
	return LOG_WARNING;
}

static rpmRC ksym_plugin_tsm_post(rpmPlugin plugin, rpmts ts, int res)
{
	struct ksym_ctx *ctx;
	const char *root;
	int r;

	if (!touched || (rpmtsFlags(ts) & (RPMTRANS_FLAG_TEST | RPMTRANS_FLAG_JUSTDB)))
		return RPMRC_OK;
	touched = false;

	ctx = ksym_ctx_new();
	if (!ctx) {
		rpmlog(RPMLOG_WARNING, "ksym: out of memory, weak-updates links not updated\n");
		return RPMRC_OK;
	}
	ksym_ctx_set_log_fn(ctx, log_to_rpm, NULL);
	ksym_ctx_set_log_priority(ctx, log_priority());

	/* A failed link was logged as an error naming kernel and module; the
	 * packages are installed all the same, so the transaction stands. */
	root = rpmtsRootDir(ts);
	if (!root)
		root = "/";
	r = ksym_weak_update(ctx, root, 0, report, NULL);
	if (r < 0)
		rpmlog(RPMLOG_WARNING,
		       "ksym: weak-updates links not all updated, carrying on; rerun 'ksym weak-updates --root %s' once the cause is fixed\n",
		       root);
	ksym_ctx_unref(ctx);
	return RPMRC_OK;
}

__attribute__((visibility("default"))) struct ksym_rpm_plugin_hooks ksym_hooks = {
	.tsm_pre = ksym_plugin_tsm_pre,
	.tsm_post = ksym_plugin_tsm_post,
	.psm_pre = ksym_plugin_psm_pre,
};
