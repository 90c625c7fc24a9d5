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
	      "'rightsize COMMAND --help' tells more. The database is --db, else $RIGHTSIZE_DB,\n"
	      "else ./rightsize.db. Exit status: 0 ok, 1 usage error, 2 input or database error.\n",
	      out);
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
