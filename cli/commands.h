/*
 * commands.h - the subcommands, each cmd_<name>(argc, argv) in its own
 * file, dispatched from the table in main.c. Each returns an exit code.
 */
#ifndef RS_COMMANDS_H
#define RS_COMMANDS_H

#include <stdio.h>

#include "../ingest/ingest.h"
#include "../store/store.h"

int cmd_ingest(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* Shared by ingest and run: ingests every operand, prints the totals line. Returns an exit code. */
int ingest_operands(struct store *st, char **paths, int n, const struct ingest_opts *o);

/*
 * Opens path for writing the report: "-" or NULL is standard output;
 * otherwise a temporary file next to it, moved into place by
 * output_close(ok=1) so a failed run never leaves half a report.
 */
struct output {
	FILE *f;
	char *path, *tmp;
};
int output_open(struct output *o, const char *path);
int output_close(struct output *o, int ok);

#endif
