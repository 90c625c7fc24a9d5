/*
 * main.c - rightsize's command table. The work lives in the layers
 * (ingest/, store/, model/, report/); commands only parse options.
 */
#include "commands.h"
#include "opts.h"
#include "../model/stats.h"

#include <stdio.h>
#include <string.h>

#ifndef RIGHTSIZE_VERSION
#define RIGHTSIZE_VERSION "0.1.0"
#endif

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "ingest", cmd_ingest, "read exports (files and folders) into the database" },
	{ "report", cmd_report, "recommend requests and limits; flag the risky containers" },
	{ "run", cmd_run, "ingest, then report: the one line for cron" },
	{ "events", cmd_events, "list the OOM kills stored, tied to their containers" },
	{ "history", cmd_history, "what every report run recommended, per container" },
	{ "export", cmd_export, "write stored samples back out as a long CSV" },
	{ "backtest", cmd_backtest, "replay past days: would each strategy have OOMed, how much slack" },
};

static void usage(FILE *out)
{
	size_t i;

	fputs("usage: rightsize COMMAND [options] [FILE|FOLDER...]\n\n"
	      "rightsize tells what memory request and limit each container should have, and\n"
	      "which containers are at risk, from the metrics exports you already have.\n\n"
	      "commands:\n",
	      out);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\nExamples:\n"
	      "  rightsize ingest --db fleet.db exports/memory-panel.csv more/\n"
	      "  rightsize report --db fleet.db\n"
	      "  rightsize report --db fleet.db --format json -o report.json\n"
	      "  rightsize run --db fleet.db exports/ -o review.md --format markdown\n\n"
	      "'rightsize COMMAND --help' tells more; so does 'man rightsize'. The database is --db,\n"
	      "else $RIGHTSIZE_DB, else ./rightsize.db. Exit status: 0 ok, 1 usage error, 2 input or\n"
	      "database error, 3 findings at or above --fail-on (report and run).\n",
	      out);
}

/*
 * The man page, docs/rightsize.1: this header, each command's own --man
 * section (from the option tables that also make --help), then the footer.
 */
static int man(void)
{
	size_t i;

	printf(".TH RIGHTSIZE 1 \"\" \"rightsize %s\" \"User Commands\"\n"
	       ".SH NAME\nrightsize \\- memory requests and limits for containers, from metrics exports\n"
	       ".SH SYNOPSIS\n.B rightsize\n.I COMMAND\n[options] [FILE|FOLDER...]\n"
	       ".SH DESCRIPTION\n"
	       "rightsize reads memory usage exported from Grafana, Prometheus and Datadog, the requests\n"
	       "and limits in force, and OOM kills from kernel, Kubernetes, Mesos/Marathon and Airflow\n"
	       "logs into one SQLite database. From it, it recommends a memory request and limit for\n"
	       "every container, says why in plain words, and flags the risky ones: usage living above\n"
	       "the request, a wide request/limit gap, a limit below observed peaks, OOM kills, leaks.\n"
	       ".SH COMMANDS\n",
	       RIGHTSIZE_VERSION);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char name[16], flag[] = "--man";
		char *argv[] = { name, flag, NULL };

		snprintf(name, sizeof(name), "%s", commands[i].name);

		opts_reset();
		fflush(stdout);
		if (commands[i].fn(2, argv) != EXIT_OK)
			return EXIT_INPUT;
	}
	fputs(".SH EXIT STATUS\n"
	      ".TP\n0\nsuccess; for report and run, no finding at or above \\fB\\-\\-fail\\-on\\fR\n"
	      ".TP\n1\na usage error: an unknown option or a bad value\n"
	      ".TP\n2\nan input or database error: a file that failed (rolled back), a database that\n"
	      "cannot be opened; it wins over 3\n"
	      ".TP\n3\nreport and run: the report was written and has findings at or above\n"
	      "\\fB\\-\\-fail\\-on\\fR (default critical)\n"
	      ".SH ENVIRONMENT\n"
	      ".TP\nRIGHTSIZE_DB\nthe database when \\fB\\-\\-db\\fR is not given\n"
	      ".TP\nNO_COLOR\nset to anything but the empty string, the terminal report has no colors\n"
	      ".TP\nTZ\nnot used: times without a zone are read as UTC unless \\fB\\-\\-tz\\fR says otherwise\n"
	      ".SH FILES\n"
	      ".TP\n\\fI./rightsize.db\\fR\nthe default database (SQLite)\n"
	      ".SH SEE ALSO\n"
	      "The project's docs/: cli.md, formats.md, methodology.md, cron.md, schema.md.\n",
	      stdout);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	size_t i;

	stats_init();
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--man") == 0)
		return man();
	if (strcmp(argv[1], "--version") == 0) {
		printf("rightsize %s\n", RIGHTSIZE_VERSION);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "rightsize: unknown command \"%s\"\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
