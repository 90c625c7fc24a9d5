/* cmd_ingest.c - `rightsize ingest`: exports into the database. */
#include "commands.h"
#include "opts.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { O_DB = 1000, O_FORMAT, O_TZ, O_STRICT, O_LEGEND, O_QUIET, O_VERBOSE };

static const struct opt options[] = {
	{ "db", 0, "FILE", "database (default $RIGHTSIZE_DB, else ./rightsize.db)", O_DB },
	{ "format", 0, "FORMAT", "auto (default), grafana-csv, grafana-series-csv, long-csv", O_FORMAT },
	{ "tz", 0, "ZONE", "zone of times written without one (default UTC; +02:00; Europe/Berlin)", O_TZ },
	{ "strict", 0, NULL, "any bad row fails its whole file (rolled back)", O_STRICT },
	{ "legend-label", 0, "LABEL", "label a bare column header names (default pod)", O_LEGEND },
	{ "quiet", 'q', NULL, "print nothing but errors", O_QUIET },
	{ "verbose", 'v', NULL, "more detail", O_VERBOSE },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cmd_help help = {
	"ingest", "[options] FILE|FOLDER...",
	"Reads memory exports into the database. Folders are read recursively; files whose\n"
	"format is not recognized are skipped there. Re-ingesting the same file is a no-op;\n"
	"overlapping exports merge (one sample per series and time).",
	"Formats (detected from content): Grafana \"Download CSV\" (raw or formatted, joined by\n"
	"time or one series), Grafana legacy Series;Time;Value, long CSV (promql-cli).\n"
	"Each bad row is reported as FILE:LINE:COLUMN and skipped; each file is one transaction.\n\n"
	"Exit status: 0 all files stored, 1 usage error, 2 a file or the database failed.\n",
};

int ingest_operands(struct store *st, char **paths, int n, const struct ingest_opts *o)
{
	struct ingest_totals t;
	int i, failed = 0;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < n; i++)
		if (ingest_path(st, paths[i], o, &t))
			failed = 1;
	rs_info("ingested %d file%s (%lld samples, %lld new, %lld rejected, %lld missing); %d already known, "
		"%d skipped, %d failed",
		t.files_ok, t.files_ok == 1 ? "" : "s", (long long)t.accepted, (long long)t.added,
		(long long)t.rejected, (long long)t.missing, t.files_known, t.files_skipped, t.files_failed);
	return failed || t.files_failed ? EXIT_INPUT : EXIT_OK;
}

int cmd_ingest(int argc, char **argv)
{
	struct ingest_opts io;
	struct store *st;
	const char *db = NULL, *arg;
	int c, rc;

	ingest_opts_init(&io);
	while ((c = opts_next(argc, argv, options, &help, &arg)) != -1) {
		switch (c) {
		case O_DB: db = arg; break;
		case O_FORMAT:
			if (ingest_format_parse(arg, &io.format))
				return opts_usage_error(&help, "unknown --format \"%s\"", arg);
			break;
		case O_TZ:
			if (rtime_set_zone(arg))
				return EXIT_USAGE;
			break;
		case O_STRICT: io.strict = 1; break;
		case O_LEGEND: io.legend_label = arg; break;
		case O_QUIET: rs_verbosity = 0; break;
		case O_VERBOSE: rs_verbosity = 2; break;
		case 'h': return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (opts_index() >= argc)
		return opts_usage_error(&help, "no FILE or FOLDER to ingest");
	if (store_open(opts_db_path(db), STORE_CREATE, &st))
		return EXIT_INPUT;
	rc = ingest_operands(st, argv + opts_index(), argc - opts_index(), &io);
	store_close(st);
	return rc;
}
