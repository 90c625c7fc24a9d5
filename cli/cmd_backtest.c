/*
 * cmd_backtest.c - `rightsize backtest`: replays the recommendations of
 * several strategies over past days and scores each on the day that
 * follows (docs/backtest.md).
 */
#include "commands.h"
#include "opts.h"
#include "modelopts.h"
#include "../model/backtest.h"
#include "../report/report.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <stdlib.h>
#include <string.h>

/* Keys of this command only (the shared ones are in commands.h). */
enum { B_FROM = 3000, B_TO, B_STEP, B_STRATEGY, B_DAYS, B_CONTAINERS };

static const struct opt options[] = {
	{ "db", 0, "FILE", "database (default $RIGHTSIZE_DB, else ./rightsize.db)", O_DB },
	{ "format", 'f', "FORMAT", "table, json, csv, markdown, html (default: from -o's extension, else table)",
	  O_RFORMAT },
	{ "output", 'o', "FILE", "write to FILE (default - : standard output)", O_OUTPUT },
	{ "from", 0, "TIME", "first day scored (default: the UTC day after the first sample)", B_FROM },
	{ "to", 0, "TIME", "end of the days scored, exclusive (default: the end of the last sample's UTC day)",
	  B_TO },
	{ "step", 0, "DUR", "length of a scored day and the recommendation's period (default 1d)", B_STEP },
	{ "strategy", 's', "LIST", "rightsize, vpa, krr, current, peak, hindsight; repeatable or comma-separated "
	  "(default rightsize,vpa,krr,current)", B_STRATEGY },
	{ "history", 0, "DUR", "rightsize's window before each day (default 14d; 0: all data before it)",
	  O_HISTORY },
	{ "policy", 0, "POLICY", "burstable (default) or guaranteed (request = limit)", O_POLICY },
	{ "request-percentile", 0, "P", "percentile of the interval peaks the request covers (default 95)", O_PCT },
	{ "margin", 0, "SHARE", "added to that percentile for the request (default 10%)", O_MARGIN },
	{ "limit-headroom", 0, "SHARE", "added to the peak for the limit (default 20%)", O_HEADROOM },
	{ "max-limit-ratio", 0, "R", "limit at most R x request (default 1.5)", O_RATIO },
	{ "min", 0, "SIZE", "no recommendation below SIZE", O_MIN },
	{ "max", 0, "SIZE", "no recommendation above SIZE", O_MAX },
	{ "interval", 0, "DUR", "usage is each pod's peak per interval (default 5m)", O_INTERVAL },
	{ "half-life", 0, "DUR", "older peaks weigh half as much every DUR (default off)", O_HALFLIFE },
	{ "keep-within", 0, "SHARE", "smaller changes are kept (default 10%)", O_KEEP },
	{ "config", 0, "FILE", "defaults and per-namespace/per-workload settings, as for report", O_CONFIG },
	{ "namespace", 'n', "NS", "only this namespace", O_NS },
	{ "workload", 'w', "GLOB", "only workloads matching GLOB", O_WL },
	{ "cluster", 0, "NAME", "only this cluster", O_CLUSTER },
	{ "containers", 0, NULL, "table and markdown: per-container tables after the fleet's", B_CONTAINERS },
	{ "days", 0, NULL, "json: each container's scored days; csv: one row per container-day and strategy",
	  B_DAYS },
	{ "quiet", 'q', NULL, "print nothing but errors", O_QUIET },
	{ "verbose", 'v', NULL, "more detail (table and markdown: per-container tables too)", O_VERBOSE },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cmd_help help = {
	"backtest", "[options]",
	"Replays past days: each strategy recommends from the data before the day only, and the day\n"
	"that follows scores it per container.",
	"Strategies: rightsize (the model with these options: the recommendation `rightsize report\n"
	"--as-of DAY --history DUR` gives), vpa (P90 of daily peaks decayed with a 24 h half-life over\n"
	"8 days x 1.15; the limit keeps the current limit/request ratio, else = request), krr (max of\n"
	"14 days x 1.15 for both), current (the settings in force at the day's start: a day with a\n"
	"stored OOM kill of the container fails too; a day without a limit and without a kill counts\n"
	"OOM-free, its slack undefined), and two references that look ahead: peak (the day's own\n"
	"peak) and hindsight (the container's peak over every day scored: the lowest constant limit\n"
	"that never fails).\n"
	"Per container-day (a day with samples): a would-be OOM is a sample above the limit; slack is\n"
	"(limit - p95 of the day) / limit; reserved GiB-hours = limit x pod-hours with samples, used =\n"
	"mean usage x those hours; a change is request or limit moving by more than 1Mi since the\n"
	"previous container-day. The rightsize strategy sees the OOM kills stored before each day, as\n"
	"the report would. docs/backtest.md has the details and the JSON contract.\n\n"
	"Exit status: 0 written, 1 usage error, 2 input or database error.\n",
};

struct args {
	const char *db, *output, *config, *from, *to;
	struct model_opts cli;
	unsigned cli_mask;
	struct model_config cfg;
	enum report_format format;
	const char *format_arg; /* --format, NULL when not given */
	int per_container;
	struct backtest_opts bo;
	struct store_filter filter;
	int strategies_given;
};

static int strategies(const char *arg, struct args *a)
{
	char buf[256], *tok, *save = NULL;

	if (strlen(arg) >= sizeof(buf))
		return opts_usage_error(&help, "--strategy \"%s\" is too long", arg);
	strcpy(buf, arg);
	if (!a->strategies_given)
		a->bo.strategies = 0;
	a->strategies_given = 1;
	for (tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		enum backtest_strategy s;

		if (backtest_strategy_parse(tok, &s))
			return opts_usage_error(&help, "unknown --strategy \"%s\" (rightsize, vpa, krr, current, peak, hindsight)",
						tok);
		a->bo.strategies |= 1u << s;
	}
	if (!a->bo.strategies)
		return opts_usage_error(&help, "--strategy names no strategy");
	return 0;
}

/* 0 when handled, or an exit code. */
static int option(int c, const char *arg, struct args *a)
{
	switch (c) {
	case O_DB: a->db = arg; return 0;
	case O_RFORMAT: a->format_arg = arg; return 0;
	case O_OUTPUT: a->output = arg; return 0;
	case B_FROM: a->from = arg; return 0;
	case B_TO: a->to = arg; return 0;
	case B_STEP:
		if (rtime_parse_duration(arg, &a->bo.step) || a->bo.step <= 0)
			return opts_usage_error(&help, "--step \"%s\" is not a duration (e.g. 1d, 12h)", arg);
		return 0;
	case B_STRATEGY: return strategies(arg, a);
	case O_HISTORY:
		if (strcmp(arg, "0") == 0) {
			a->bo.model.history = 0;
			return 0;
		}
		if (rtime_parse_duration(arg, &a->bo.model.history))
			return opts_usage_error(&help, "--history \"%s\" is not a duration (e.g. 14d, 36h, 90m)", arg);
		return 0;
	case O_CONFIG: a->config = arg; return 0;
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
			return opts_usage_error(&help, "--%s: %s", keys[i].name, why);
		return 0;
	}
	case O_NS: a->filter.namespace = arg; return 0;
	case O_WL: a->filter.workload = arg; return 0;
	case O_CLUSTER: a->filter.cluster = arg; return 0;
	case B_CONTAINERS: a->per_container = 1; return 0;
	case B_DAYS: a->bo.days = 1; return 0;
	case O_QUIET: rs_verbosity = 0; return 0;
	case O_VERBOSE: rs_verbosity = 2; a->per_container = 1; return 0;
	default: return EXIT_USAGE;
	}
}

static int args_done(struct args *a)
{
	int64_t history = a->bo.model.history;

	if ((a->from && opts_time(&help, "from", a->from, &a->bo.from)) ||
	    (a->to && opts_time(&help, "to", a->to, &a->bo.to)))
		return EXIT_USAGE;
	if (a->from && a->to && a->bo.to <= a->bo.from)
		return opts_usage_error(&help, "--to must be after --from");
	if (a->config) {
		unsigned ignored = 0;

		/* A config file is input: its problems exit 2, like any file's. */
		if (model_config_load(a->config, &a->bo.model, &ignored, &a->cfg))
			return EXIT_INPUT;
		a->bo.model.overrides = a->cfg.v;
		a->bo.model.noverrides = a->cfg.n;
	}
	model_opts_apply(&a->bo.model, &a->cli, a->cli_mask);
	a->bo.model.history = history;
	return cmd_output_format(&help, a->format_arg, a->output,
				 (1u << REPORT_TABLE) | (1u << REPORT_JSON) | (1u << REPORT_CSV) | (1u << REPORT_MARKDOWN) |
					 (1u << REPORT_HTML),
				 &a->format);
}

int cmd_backtest(int argc, char **argv)
{
	struct args a;
	struct backtest_result r;
	struct output out;
	struct store *st;
	const char *arg;
	int c, rc, ok;

	memset(&a, 0, sizeof(a));
	a.format = REPORT_TABLE;
	backtest_opts_init(&a.bo);
	model_opts_init(&a.cli);
	while ((c = opts_next(argc, argv, options, &help, &arg)) != -1) {
		if (c == 'h')
			return EXIT_OK;
		if (c == '?')
			return EXIT_USAGE;
		if ((rc = option(c, arg, &a)) != 0)
			return rc;
	}
	if (opts_index() < argc)
		return opts_usage_error(&help, "unexpected argument \"%s\"", argv[opts_index()]);
	if ((rc = args_done(&a)) != 0) {
		model_config_free(&a.cfg);
		return rc;
	}
	if (store_open(opts_db_path(a.db), STORE_EXISTING, &st)) {
		model_config_free(&a.cfg);
		return EXIT_INPUT;
	}
	rc = backtest_run(st, &a.filter, &a.bo, &r);
	store_close(st);
	if (rc) {
		model_config_free(&a.cfg);
		return EXIT_INPUT;
	}
	rc = EXIT_INPUT;
	if (output_open(&out, a.output) == 0) {
		ok = report_backtest(out.f, a.format, &r, a.per_container) == 0;
		if (output_close(&out, ok) == 0)
			rc = EXIT_OK;
	}
	backtest_result_free(&r);
	model_config_free(&a.cfg);
	return rc;
}
