/* cmd_events.c - `rightsize events`: the stored OOM evidence. */
#include "commands.h"
#include "opts.h"
#include "../model/kills.h"
#include "../report/report.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <stdlib.h>
#include <string.h>

static const struct opt options[] = {
	{ "db", 0, "FILE", "database (default $RIGHTSIZE_DB, else ./rightsize.db)", O_DB },
	{ "format", 'f', "FORMAT", "table, json, csv, markdown, html (default: from -o's extension, else table)",
	  O_RFORMAT },
	{ "output", 'o', "FILE", "write to FILE (default - : standard output)", O_OUTPUT },
	{ "since", 0, "TIME", "only events at or after TIME (RFC 3339, epoch or now)", O_SINCE },
	{ "until", 0, "TIME", "only events before TIME", O_UNTIL },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cmd_help help = {
	"events", "[options]",
	"Lists the OOM evidence stored: kernel kills, pod statuses, Kubernetes events, Mesos and\n"
	"Airflow failures, each tied to its container where the evidence allows. Rows that are the\n"
	"same kill seen by several sources share a KILL number.",
	"Without --since/--until, events of unknown time are listed too.\n\n"
	"Exit status: 0 listed, 1 usage error, 2 database or write error.\n",
};

int cmd_events(int argc, char **argv)
{
	struct store *st;
	struct store_event_row *rows;
	struct output out;
	enum report_format fmt;
	const char *db = NULL, *output = NULL, *format = NULL, *arg;
	int64_t from = INT64_MIN, to = INT64_MAX;
	size_t n, *kill;
	int c, ok;

	while ((c = opts_next(argc, argv, options, &help, &arg)) != -1) {
		switch (c) {
		case O_DB: db = arg; break;
		case O_RFORMAT: format = arg; break;
		case O_OUTPUT: output = arg; break;
		case O_SINCE:
			if (opts_time(&help, "since", arg, &from))
				return EXIT_USAGE;
			break;
		case O_UNTIL:
			if (opts_time(&help, "until", arg, &to))
				return EXIT_USAGE;
			break;
		case 'h': return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (opts_index() < argc)
		return opts_usage_error(&help, "unexpected argument \"%s\"", argv[opts_index()]);
	if (cmd_output_format(&help, format, output,
			      (1u << REPORT_TABLE) | (1u << REPORT_JSON) | (1u << REPORT_CSV) | (1u << REPORT_MARKDOWN) |
				      (1u << REPORT_HTML),
			      &fmt))
		return EXIT_USAGE;
	if (store_open(opts_db_path(db), STORE_EXISTING, &st))
		return EXIT_INPUT;
	if (store_events(st, from, to, from == INT64_MIN && to == INT64_MAX, &rows, &n)) {
		store_close(st);
		return EXIT_INPUT;
	}
	store_close(st);
	kill = rs_malloc((n ? n : 1) * sizeof(*kill));
	kills_merge(rows, n, kill);
	if (output_open(&out, output)) {
		free(kill);
		store_events_free(rows, n);
		return EXIT_INPUT;
	}
	ok = report_events(out.f, fmt, rows, kill, n) == 0;
	free(kill);
	store_events_free(rows, n);
	return output_close(&out, ok) == 0 ? EXIT_OK : EXIT_INPUT;
}
