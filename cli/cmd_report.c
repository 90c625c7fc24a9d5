/*
 * cmd_report.c - `rightsize report` and `rightsize run` (ingest, then
 * report: the cron one-liner).
 */
#include "commands.h"
#include "opts.h"
#include "modelopts.h"
#include "../model/model.h"
#include "../report/report.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define REPORT_OPTIONS                                                                                             \
	{ "db", 0, "FILE", "database (default $RIGHTSIZE_DB, else ./rightsize.db)", O_DB },                         \
	{ "format", 'f', "FORMAT", "table, json, csv, markdown, html, kubectl, patch (default: from -o, else table)", \
	  O_RFORMAT },                                                                                             \
	{ "output", 'o', "FILE", "write the report to FILE (default - : standard output)", O_OUTPUT },             \
	{ "as-of", 0, "TIME", "end of the window (RFC 3339, epoch or now; default now)", O_ASOF },                 \
	{ "history", 0, "DUR", "window length before --as-of (default 14d; 0: all data)", O_HISTORY },            \
	{ "policy", 0, "POLICY", "burstable (request below limit, default) or guaranteed (request = limit)",      \
	  O_POLICY },                                                                                               \
	{ "request-percentile", 0, "P", "percentile of the interval peaks the request covers (default 95)",       \
	  O_PCT },                                                                                               \
	{ "margin", 0, "SHARE", "added to that percentile for the request (default 10%)", O_MARGIN },             \
	{ "limit-headroom", 0, "SHARE", "added to the peak for the limit (default 20%)", O_HEADROOM },               \
	{ "max-limit-ratio", 0, "R", "limit at most R x request; a wider gap is flagged (default 1.5)", O_RATIO }, \
	{ "min", 0, "SIZE", "no recommendation below SIZE", O_MIN },                                          \
	{ "max", 0, "SIZE", "no recommendation above SIZE", O_MAX },                                          \
	{ "interval", 0, "DUR", "usage is each pod's peak per interval (default 5m)", O_INTERVAL },                  \
	{ "half-life", 0, "DUR", "older peaks weigh half as much every DUR (default off)", O_HALFLIFE },             \
	{ "keep-within", 0, "SHARE", "smaller changes are reported as keep (default 10%)", O_KEEP },            \
	{ "config", 0, "FILE", "defaults and per-namespace/per-workload settings (docs/methodology.md)",         \
	  O_CONFIG },                                                                                              \
	{ "namespace", 'n', "NS", "only this namespace", O_NS },                                                    \
	{ "workload", 'w', "GLOB", "only workloads matching GLOB", O_WL },                                          \
	{ "cluster", 0, "NAME", "only this cluster", O_CLUSTER },                                                   \
	{ "min-severity", 0, "SEV", "show only containers with a finding at least this severe (info, warning, critical)", \
	  O_MINSEV },                                                                                              \
	{ "sort", 0, "KEY", "severity (default), waste (idle requested memory first) or name", O_SORT },           \
	{ "top", 0, "N", "show at most N containers", O_TOP },                                                     \
	{ "fail-on", 0, "SEV", "exit 3 when a finding is at least this severe (default critical; none: never)",   \
	  O_FAILON },                                                                                              \
	{ "quiet", 'q', NULL, "print nothing but errors, rejected rows and what needs action", O_QUIET },                \
	{ "verbose", 'v', NULL, "more detail", O_VERBOSE }

static const struct opt report_options[] = {
	REPORT_OPTIONS,
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct opt run_options[] = {
	REPORT_OPTIONS,
	{ "input-format", 0, "FORMAT", "force the input format (see rightsize ingest --help)", O_FORMAT },
	INGEST_OPTIONS_BUT_FORMAT,
	{ NULL, 0, NULL, NULL, 0 },
};

#define REPORT_DETAILS                                                                                             \
	"Per container of each workload, from each pod's 5-minute peaks pooled over its pods: usage\n"          \
	"percentiles, the request and limit in force, OOM kills, a recommended request (p95 of the\n"            \
	"peaks + margin, raised to the peak after kills below the limit) and limit (peak + headroom,\n"           \
	"raised after kills at the limit unless a leak is suspected), rounded up to whole Mi, with\n"            \
	"the reasons, a confidence, and flags for the risky cases. docs/methodology.md explains it.\n"          \
	"The run is kept in the database (report history).\n\n"                                                   \
	"Exit status: 0 report written and no finding at or above --fail-on (default critical),\n"             \
	"3 report written with such findings, 1 usage error, 2 input or database error (which wins\n"           \
	"over 3).\n"

static const struct cmd_help report_help = {
	"report", "[options]",
	"Recommends a memory request and limit for every container in the database.",
	REPORT_DETAILS,
};

static const struct cmd_help run_help = {
	"run", "[options] FILE|FOLDER...",
	"Ingests the exports, then writes the report: the one line for cron.",
	"Files that fail are reported and the report is still written from everything stored;\n"
	"the exit status is then 2.\n\n" INGEST_DETAILS REPORT_DETAILS,
};

/* Now, or SOURCE_DATE_EPOCH when set: reproducible reports (and golden tests). */
static int64_t now_ms(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	/* Reproducible output for golden tests and archived reviews. */
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);

		if (!*end && v >= 0)
			return (int64_t)v * 1000;
	}
	return rtime_now_ms();
}

struct report_args {
	const char *db, *output, *config;
	enum report_sort sort;
	int min_severity, fail_on; /* -1: none */
	size_t top;
	struct model_opts cli; /* model settings given as options */
	unsigned cli_mask;
	struct model_config cfg;
	const char *as_of; /* parsed once every option is read: --tz may follow it */
	enum report_format format;
	const char *format_arg; /* --format, NULL when not given */
	struct model_opts mo;
	struct store_filter filter;
};

/*
 * Markdown charts for -o DIR/NAME.md go to DIR/NAME-charts/. They are written
 * into DIR/NAME-charts.tmp.PID/ first. Before the report replaces the earlier
 * one, charts_ready makes sure every chart can move in (else the run fails
 * and nothing changes); after it, charts_close moves them in and removes the
 * earlier run's charts this report does not link. A failed run leaves the
 * earlier report and its charts as they were, and no folder of its own.
 */
struct charts {
	char *dir, *tmp;
	int made_dir; /* dir did not exist before this run */
};

static int is_chart_name(const char *name)
{
	size_t n = strspn(name, "0123456789");

	return n > 0 && strcmp(name + n, ".svg") == 0;
}

/* Removes the chart files (N.svg) in dir; with rm_dir, the folder too. */
static void charts_clear(const char *dir, int rm_dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4200];

	if (!d)
		return;
	while ((e = readdir(d)) != NULL)
		if (is_chart_name(e->d_name)) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			unlink(path);
		}
	closedir(d);
	if (rm_dir)
		rmdir(dir);
}

static int charts_open(struct charts *ch, const struct report_args *a, struct report_meta *meta)
{
	const char *p = a->output, *dot, *slash;
	size_t stem;

	memset(ch, 0, sizeof(*ch));
	if (a->format != REPORT_MARKDOWN || !p || strcmp(p, "-") == 0)
		return 0;
	dot = strrchr(p, '.');
	slash = strrchr(p, '/');
	if (!dot || (slash && dot < slash) || (strcmp(dot, ".md") != 0 && strcmp(dot, ".markdown") != 0))
		return 0;
	stem = (size_t)(dot - p);
	ch->dir = rs_malloc(stem + sizeof("-charts"));
	snprintf(ch->dir, stem + sizeof("-charts"), "%.*s-charts", (int)stem, p);
	ch->tmp = rs_malloc(strlen(ch->dir) + 32);
	snprintf(ch->tmp, strlen(ch->dir) + 32, "%s.tmp.%ld", ch->dir, (long)getpid());
	if (mkdir(ch->tmp, 0777) != 0) {
		rs_error("%s: cannot create the charts' folder: %s", ch->tmp, strerror(errno));
		free(ch->dir);
		free(ch->tmp);
		memset(ch, 0, sizeof(*ch));
		return -1;
	}
	meta->chart_dir = ch->tmp;
	meta->chart_link = slash ? ch->dir + (slash - p) + 1 : ch->dir;
	return 0;
}

/* Whether every chart can move into the charts' folder (created if need be). Returns 0 or -1. */
static int charts_ready(struct charts *ch)
{
	DIR *d;
	struct dirent *e;
	struct stat sb;
	char to[4200];
	int rc = 0;

	if (!ch->tmp)
		return 0;
	if (mkdir(ch->dir, 0777) == 0)
		ch->made_dir = 1;
	else if (errno != EEXIST)
		return rs_error("%s: cannot create the charts' folder: %s", ch->dir, strerror(errno));
	else if (stat(ch->dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return rs_error("%s: is not a folder: the charts cannot go there", ch->dir);
	/* Moving a file in or out of a folder takes write and search permission on it. */
	if (access(ch->dir, W_OK | X_OK) != 0)
		return rs_error("%s: cannot write to the charts' folder: %s", ch->dir, strerror(errno));
	if (!(d = opendir(ch->tmp)))
		return rs_error("%s: cannot read: %s", ch->tmp, strerror(errno));
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (!is_chart_name(e->d_name))
			continue;
		snprintf(to, sizeof(to), "%s/%s", ch->dir, e->d_name);
		/* rename() replaces a file, never a folder. */
		if (lstat(to, &sb) == 0 && S_ISDIR(sb.st_mode))
			rc = rs_error("%s: is a folder: the chart cannot be moved there", to);
	}
	closedir(d);
	return rc;
}

/* Removes the chart files of dir that keep has no file of the same name. */
static void charts_prune(const char *dir, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat sb;
	char path[4200];

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!is_chart_name(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", keep, e->d_name);
		if (lstat(path, &sb) == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

/*
 * With ok (the report is in place): removes the earlier run's charts the
 * report does not link, then moves the new ones in, each replacing the
 * earlier chart of its name at once (no earlier chart it replaces is
 * removed before). Otherwise drops them. Returns 0 or -1.
 */
static int charts_close(struct charts *ch, int ok)
{
	DIR *d;
	struct dirent *e;
	char from[4200], to[4200];
	int rc = 0;

	if (!ch->tmp)
		return 0;
	if (ok) {
		charts_prune(ch->dir, ch->tmp);
		d = opendir(ch->tmp);
		while (d && (e = readdir(d)) != NULL) {
			if (!is_chart_name(e->d_name))
				continue;
			snprintf(from, sizeof(from), "%s/%s", ch->tmp, e->d_name);
			snprintf(to, sizeof(to), "%s/%s", ch->dir, e->d_name);
			if (rename(from, to) != 0)
				rc = rs_error("%s: cannot move into place: %s", to, strerror(errno));
		}
		if (d)
			closedir(d);
	} else if (ch->made_dir) {
		rmdir(ch->dir);
	}
	charts_clear(ch->tmp, 1);
	free(ch->dir);
	free(ch->tmp);
	return rc;
}

/*
 * Each container's recommendation from the latest run of an earlier window,
 * for "changed since". Earlier means an earlier window end, not an earlier
 * rendering: the same window rendered again (or a run of a later window,
 * replayed with --as-of) is not what this window changed from. prev_at is
 * that window end, the time the earlier recommendation was made for.
 */
/*
 * The end a run is known by in the history: the --as-of given, else the
 * newest sample in the database (not in the window: a filtered rendering
 * of the same data is the same run). A nightly job that renders review.md
 * and review.html a few seconds apart ("now" moved, the data did not) thus
 * records one run, and its second rendering still compares with the night
 * before. "--as-of now" is no --as-of.
 */
static int64_t run_end(const struct report_args *a, const struct model_result *r, const struct store_totals *t)
{
	if ((a->as_of && strcmp(a->as_of, "now") != 0) || !t->samples)
		return r->to;
	return t->t_max < r->to ? t->t_max : r->to;
}

static int attach_previous(struct store *st, const struct report_args *a, const struct store_totals *t,
			   struct model_result *r)
{
	int64_t end = run_end(a, r, t);
	struct store_history_row *h;
	size_t n, i, j;

	if (store_history(st, &a->filter, &h, &n))
		return -1;
	for (i = 0; i < r->n; i++) {
		struct model_container *c = &r->c[i];

		for (j = 0; j < n; j++) {
			/* Rows are by window end, then generation: the last match is the latest earlier window. */
			if (h[j].as_of < end && strcmp(h[j].cluster, c->cluster) == 0 &&
			    strcmp(h[j].namespace, c->namespace) == 0 && strcmp(h[j].workload, c->workload) == 0 &&
			    strcmp(h[j].workload_kind, c->workload_kind) == 0 && strcmp(h[j].container, c->container) == 0) {
				c->prev_at = h[j].as_of;
				c->prev_request = h[j].request;
				c->prev_limit = h[j].limit;
			}
		}
	}
	store_history_free(h, n);
	return 0;
}

static int write_report(struct store *st, struct report_args *a)
{
	struct model_result r;
	struct report_meta meta;
	struct output out;
	struct charts charts;
	int64_t run_id;
	size_t i;
	int ok, rc;
	char opts[128];

	memset(&meta, 0, sizeof(meta));
	meta.generated_at = now_ms();
	meta.sort = a->sort;
	meta.min_severity = a->min_severity;
	meta.top = a->top;
	if (store_totals(st, &meta.totals))
		return EXIT_INPUT;
	if (model_run(st, &a->filter, &a->mo, &r))
		return EXIT_INPUT;
	if (attach_previous(st, a, &meta.totals, &r)) {
		model_result_free(&r);
		return EXIT_INPUT;
	}
	if (output_open(&out, a->output)) {
		model_result_free(&r);
		return EXIT_INPUT;
	}
	if (charts_open(&charts, a, &meta)) {
		output_close(&out, 0);
		model_result_free(&r);
		return EXIT_INPUT;
	}
	/* no-color.org: NO_COLOR set to anything but "" turns colors off. */
	meta.color = a->format == REPORT_TABLE && out.f == stdout && isatty(STDOUT_FILENO) &&
		     !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
	/* On a terminal, reason lines wrap at its width; into a file or a pipe they stay one line each (grep). */
	if (a->format == REPORT_TABLE && out.f == stdout && isatty(STDOUT_FILENO)) {
		struct winsize ws;

		/* Unknown width: 80; a very narrow terminal still gets 40 (narrower helps no one). */
		meta.width = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || !ws.ws_col ? 80 : ws.ws_col < 40 ? 40 : ws.ws_col;
	}
	ok = report_write(out.f, a->format, &r, &meta) == 0;
	/* Charts that cannot move in fail the run before the report replaces the earlier one. */
	if (ok && charts_ready(&charts) != 0)
		ok = 0;
	ok = output_close(&out, ok) == 0;
	if (charts_close(&charts, ok) != 0 || !ok) {
		model_result_free(&r);
		return EXIT_INPUT;
	}
	if (a->output && strcmp(a->output, "-") != 0)
		rs_info("report written to %s", a->output);
	/*
	 * History: what this run recommended. The window end and these settings
	 * identify the run, so the window rendered again replaces it (store.h).
	 */
	snprintf(opts, sizeof(opts), "p%.0f+%.0f%% peak+%.0f%% ratio<=%.2f%s interval=%llds history=%llds",
		 a->mo.request_percentile * 100, a->mo.margin * 100, a->mo.limit_headroom * 100, a->mo.max_limit_ratio,
		 a->mo.guaranteed ? " guaranteed" : "", (long long)(a->mo.interval / 1000),
		 (long long)(a->mo.history / 1000));
	rc = EXIT_INPUT;
	/* The window end even with no container: it names the run (the start is a data span when open). */
	/* A report of no container recommends nothing: no run to remember (nor one to overwrite). */
	if (!r.n) {
		model_result_free(&r);
		return EXIT_OK;
	}
	if (store_run_begin(st, meta.generated_at, r.from, run_end(a, &r, &meta.totals), opts, &run_id) == 0) {
		for (i = 0; i < r.n; i++) {
			struct store_recommendation rec;
			char flags[512];

			report_flag_codes(&r.c[i], flags, sizeof(flags));
			rec.cluster = r.c[i].cluster;
			rec.namespace = r.c[i].namespace;
			rec.workload = r.c[i].workload;
			rec.workload_kind = r.c[i].workload_kind;
			rec.container = r.c[i].container;
			rec.request = r.c[i].request;
			rec.limit = r.c[i].limit;
			rec.current_request = r.c[i].current_request;
			rec.current_limit = r.c[i].current_limit;
			rec.p95 = r.c[i].usage.p95;
			rec.max = r.c[i].usage.max;
			rec.flags = flags;
			if (store_run_add(st, run_id, &rec))
				break;
		}
		if (i < r.n)
			store_run_rollback(st);
		else if (store_run_commit(st) == 0)
			rc = EXIT_OK;
	}
	if (rc != EXIT_OK)
		rs_error("the report was written but its recommendations could not be kept in the history");
	/* For cron: findings at or above --fail-on make exit status 3 (an input error, 2, wins). */
	if (rc == EXIT_OK && a->fail_on >= 0) {
		size_t j, found = 0;

		for (i = 0; i < r.n; i++)
			for (j = 0; j < r.c[i].nflags; j++)
				found += (int)r.c[i].flags[j].severity >= a->fail_on;
		if (found) {
			rs_info("%zu finding%s at or above %s: exit status 3", found, found == 1 ? "" : "s",
				model_severity_name((enum model_severity)a->fail_on));
			rc = EXIT_FINDINGS;
		}
	}
	model_result_free(&r);
	return rc;
}

/* Parses one report option; returns 0 when handled, 1 when not a report option, or an exit code + 10. */
static int report_option(int c, const char *arg, const struct cmd_help *h, struct report_args *a)
{
	switch (c) {
	case O_DB: a->db = arg; return 0;
	case O_RFORMAT: a->format_arg = arg; return 0;
	case O_OUTPUT: a->output = arg; return 0;
	case O_ASOF: a->as_of = arg; return 0;
	case O_HISTORY:
		if (strcmp(arg, "0") == 0) {
			a->mo.history = 0;
			return 0;
		}
		if (rtime_parse_duration(arg, &a->mo.history))
			return 10 + opts_usage_error(h, "--history \"%s\" is not a duration (e.g. 14d, 36h, 90m)", arg);
		return 0;
	case O_CONFIG: a->config = arg; return 0;
	case O_FAILON:
	case O_MINSEV: {
		int sev = strcmp(arg, "critical") == 0 ? MODEL_CRITICAL :
			  strcmp(arg, "warning") == 0  ? MODEL_WARNING :
			  strcmp(arg, "info") == 0     ? MODEL_INFO :
			  strcmp(arg, "none") == 0 && c == O_FAILON ? -1 : -2;

		if (sev == -2)
			return 10 + opts_usage_error(h, "%s \"%s\": use critical, warning or info%s",
						     c == O_FAILON ? "--fail-on" : "--min-severity", arg,
						     c == O_FAILON ? " (or none)" : "");
		if (c == O_FAILON)
			a->fail_on = sev;
		else
			a->min_severity = sev;
		return 0;
	}
	case O_SORT:
		if (strcmp(arg, "severity") == 0)
			a->sort = REPORT_SORT_SEVERITY;
		else if (strcmp(arg, "waste") == 0)
			a->sort = REPORT_SORT_WASTE;
		else if (strcmp(arg, "name") == 0)
			a->sort = REPORT_SORT_NAME;
		else
			return 10 + opts_usage_error(h, "--sort \"%s\": use severity, waste or name", arg);
		return 0;
	case O_TOP: {
		char *end;
		long v = strtol(arg, &end, 10);

		if (*end || end == arg || v <= 0)
			return 10 + opts_usage_error(h, "--top \"%s\" is not a positive number", arg);
		a->top = (size_t)v;
		return 0;
	}
	case O_POLICY: case O_PCT: case O_MARGIN: case O_HEADROOM: case O_RATIO:
	case O_MIN: case O_MAX: case O_INTERVAL: case O_HALFLIFE: case O_KEEP: {
		static const struct { int key; const char *name; } keys[] = {
			{ O_POLICY, "policy" }, { O_PCT, "request-percentile" }, { O_MARGIN, "margin" },
			{ O_HEADROOM, "limit-headroom" }, { O_RATIO, "max-limit-ratio" }, { O_MIN, "min" },
			{ O_MAX, "max" }, { O_INTERVAL, "interval" }, { O_HALFLIFE, "half-life" },
			{ O_KEEP, "keep-within" },
		};
		char why[160];
		size_t i;

		for (i = 0; keys[i].key != c; i++)
			;
		if (modelopt_set(&a->cli, &a->cli_mask, keys[i].name, arg, why, sizeof(why)))
			return 10 + opts_usage_error(h, "--%s: %s", keys[i].name, why);
		return 0;
	}
	case O_NS: a->filter.namespace = arg; return 0;
	case O_WL: a->filter.workload = arg; return 0;
	case O_CLUSTER: a->filter.cluster = arg; return 0;
	case O_QUIET: rs_verbosity = 0; return 0;
	case O_VERBOSE: rs_verbosity = 2; return 0;
	default: return 1;
	}
}

/*
 * Checks the report options together; 0 or an exit code. Settings come
 * from the defaults, then the config's [defaults], then the command line,
 * then the config's [namespace]/[workload] sections for their containers.
 */
static int report_args_done(const struct cmd_help *h, struct report_args *a)
{
	int64_t history = a->mo.history;
	unsigned all = (1u << REPORT_TABLE) | (1u << REPORT_JSON) | (1u << REPORT_CSV) | (1u << REPORT_MARKDOWN) |
		       (1u << REPORT_HTML) | (1u << REPORT_KUBECTL) | (1u << REPORT_PATCH);

	if (cmd_output_format(h, a->format_arg, a->output, all, &a->format))
		return EXIT_USAGE;
	if (a->as_of && rtime_parse_arg(a->as_of, now_ms(), &a->mo.as_of))
		return opts_usage_error(h, "--as-of \"%s\" is not a time (RFC 3339, epoch, or now)", a->as_of);
	if (!a->as_of)
		a->mo.as_of = now_ms();
	if (a->config) {
		unsigned ignored = 0;

		/* A config file is input: its problems exit 2, like any file's. */
		if (model_config_load(a->config, &a->mo, &ignored, &a->cfg))
			return EXIT_INPUT;
		a->mo.overrides = a->cfg.v;
		a->mo.noverrides = a->cfg.n;
	}
	model_opts_apply(&a->mo, &a->cli, a->cli_mask);
	a->mo.history = history;
	return 0;
}

static void report_args_init(struct report_args *a)
{
	memset(a, 0, sizeof(*a));
	a->min_severity = -1;
	a->fail_on = MODEL_CRITICAL;
	a->format = REPORT_TABLE;
	model_opts_init(&a->mo);
	model_opts_init(&a->cli);
}

int cmd_report(int argc, char **argv)
{
	struct report_args a;
	struct store *st;
	const char *arg;
	int c, rc;

	report_args_init(&a);
	while ((c = opts_next(argc, argv, report_options, &report_help, &arg)) != -1) {
		if (c == 'h')
			return EXIT_OK;
		if (c == '?')
			return EXIT_USAGE;
		rc = report_option(c, arg, &report_help, &a);
		if (rc >= 10)
			return rc - 10;
		if (rc)
			return EXIT_USAGE;
	}
	if ((rc = report_args_done(&report_help, &a)) != 0)
		return rc;
	if (opts_index() < argc)
		return opts_usage_error(&report_help, "unexpected argument \"%s\" (to read files, use "
				        "rightsize run or rightsize ingest)", argv[opts_index()]);
	if (store_open(opts_db_path(a.db), STORE_EXISTING, &st))
		return EXIT_INPUT;
	rc = write_report(st, &a);
	store_close(st);
	model_config_free(&a.cfg);
	return rc;
}

int cmd_run(int argc, char **argv)
{
	struct report_args a;
	struct ingest_opts io;
	struct store *st;
	const char *arg;
	int c, rc, irc;

	report_args_init(&a);
	ingest_opts_init(&io);
	while ((c = opts_next(argc, argv, run_options, &run_help, &arg)) != -1) {
		if (c == 'h')
			return EXIT_OK;
		if (c == '?')
			return EXIT_USAGE;
		rc = ingest_option(c, arg, &run_help, &io);
		if (rc > 0)
			return rc;
		if (rc == 0)
			continue;
		rc = report_option(c, arg, &run_help, &a);
		if (rc >= 10)
			return rc - 10;
		if (rc)
			return EXIT_USAGE;
	}
	if ((rc = ingest_options_done(&run_help, &io)) != 0 || (rc = report_args_done(&run_help, &a)) != 0)
		return rc;
	if (opts_index() >= argc)
		return opts_usage_error(&run_help, "no FILE or FOLDER to ingest");
	if (store_open(opts_db_path(a.db), STORE_CREATE, &st))
		return EXIT_INPUT;
	irc = ingest_operands(st, argv + opts_index(), argc - opts_index(), &io);
	rc = write_report(st, &a);
	store_close(st);
	model_config_free(&a.cfg);
	/* An input error (2) wins over findings (3). */
	return irc == EXIT_INPUT || rc == EXIT_INPUT ? EXIT_INPUT : rc != EXIT_OK ? rc : irc;
}
