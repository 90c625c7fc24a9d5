/* cmd_history.c - `rightsize history`: what every report run recommended. */
#include "commands.h"
#include "opts.h"
#include "../report/report.h"
#include "../util/log.h"

#include <stdlib.h>
#include <string.h>

static const struct opt options[] = {
	{ "db", 0, "FILE", "database (default $RIGHTSIZE_DB, else ./rightsize.db)", O_DB },
	{ "workload", 'w', "GLOB", "only workloads matching GLOB", O_WL },
	{ "namespace", 'n', "NS", "only this namespace", O_NS },
	{ "cluster", 0, "NAME", "only this cluster", O_CLUSTER },
	{ "format", 'f', "FORMAT", "table, json, csv (default: from -o's extension, else table)", O_RFORMAT },
	{ "output", 'o', "FILE", "write to FILE (default - : standard output)", O_OUTPUT },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cmd_help help = {
	"history", "[options]",
	"Prints the recommendations every report run made, per container, oldest first:\n"
	"the settings in force then and what was recommended.",
	"Every `rightsize report` and `run` keeps its recommendations in the database.\n\n"
	"Exit status: 0 printed, 1 usage error, 2 database or write error.\n",
};

int cmd_history(int argc, char **argv)
{
	struct store_filter f;
	struct store *st;
	struct store_history_row *h;
	struct output out;
	enum report_format fmt;
	const char *db = NULL, *output = NULL, *format = NULL, *arg;
	size_t n;
	int c, ok;

	memset(&f, 0, sizeof(f));
	while ((c = opts_next(argc, argv, options, &help, &arg)) != -1) {
		switch (c) {
		case O_DB: db = arg; break;
		case O_WL: f.workload = arg; break;
		case O_NS: f.namespace = arg; break;
		case O_CLUSTER: f.cluster = arg; break;
		case O_RFORMAT: format = arg; break;
		case O_OUTPUT: output = arg; break;
		case 'h': return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (opts_index() < argc)
		return opts_usage_error(&help, "unexpected argument \"%s\"", argv[opts_index()]);
	if (cmd_output_format(&help, format, output, (1u << REPORT_TABLE) | (1u << REPORT_JSON) | (1u << REPORT_CSV),
			      &fmt))
		return EXIT_USAGE;
	if (store_open(opts_db_path(db), STORE_EXISTING, &st))
		return EXIT_INPUT;
	if (store_history(st, &f, &h, &n)) {
		store_close(st);
		return EXIT_INPUT;
	}
	store_close(st);
	if (output_open(&out, output)) {
		store_history_free(h, n);
		return EXIT_INPUT;
	}
	ok = report_history(out.f, fmt, h, n) == 0;
	store_history_free(h, n);
	return output_close(&out, ok) == 0 ? EXIT_OK : EXIT_INPUT;
}
