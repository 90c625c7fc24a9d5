/*
 * commands.h - the subcommands, each cmd_<name>(argc, argv) in its own
 * file, dispatched from the table in main.c. Each returns an exit code.
 */
#ifndef RS_COMMANDS_H
#define RS_COMMANDS_H

#include <stdio.h>

#include "../ingest/ingest.h"
#include "../report/report.h"
#include "../store/store.h"

int cmd_ingest(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_backtest(int argc, char **argv);

/* Option keys shared by the commands (opts tables hold them). */
enum {
	O_DB = 1000, O_QUIET, O_VERBOSE,
	/* input */
	O_FORMAT, O_TZ, O_STRICT, O_LEGEND, O_LABEL, O_OVERHEAD, O_DELIM, O_NOHEADER, O_TIMECOL, O_TIMEFMT,
	O_VALUECOL, O_UNIT, O_REQCOL, O_LIMCOL, O_LIMIT, O_IDCOL, O_YEAR,
	/* report */
	O_RFORMAT, O_OUTPUT, O_ASOF, O_HISTORY, O_NS, O_WL, O_CLUSTER, O_SINCE, O_UNTIL,
	/* model (names as in --config files) */
	O_POLICY, O_PCT, O_MARGIN, O_HEADROOM, O_RATIO, O_MIN, O_MAX, O_INTERVAL, O_HALFLIFE, O_KEEP, O_CONFIG,
	/* what the report shows, and when it exits 3 */
	O_FAILON, O_MINSEV, O_SORT, O_TOP,
};

/*
 * The output format of a command that writes the formats in allowed (bit
 * 1u << REPORT_x each): --format's value when given, else what -o's
 * extension asks for (review.md: markdown), else the table. Returns 0, or
 * EXIT_USAGE after saying which formats the command writes.
 */
struct cmd_help;
int cmd_output_format(const struct cmd_help *h, const char *given, const char *output, unsigned allowed,
		      enum report_format *f);

/*
 * The input options of `ingest` and `run`, as rows of an opts table.
 * `run` spells --format as --input-format (its --format is the report's).
 */
#define INGEST_OPTIONS_BUT_FORMAT                                                                                \
	{ "tz", 0, "ZONE", "zone of times written without one (default UTC; +02:00; Europe/Berlin)", O_TZ },      \
	{ "strict", 0, NULL, "any bad row fails its whole file (rolled back)", O_STRICT },                         \
	{ "legend-label", 0, "LABEL", "label a bare column header names (default pod)", O_LEGEND },               \
	{ "label", 0, "LABEL=VALUE", "set cluster/namespace/workload/pod/container where a series has none",     \
	  O_LABEL },                                                                                               \
	{ "mesos-executor-overhead", 0, "SIZE", "memory Mesos adds to a Marathon task's limit (default 32, MB)",  \
	  O_OVERHEAD },                                                                                            \
	{ "year", 0, "YYYY", "year of syslog times, which carry none (default: from the file's date)", O_YEAR },   \
	{ "delimiter", 0, "C", "CSV field delimiter (default: detected; \"tab\" for TAB)", O_DELIM },               \
	{ "no-header", 0, NULL, "--format csv: the first line is data; columns are numbers", O_NOHEADER },        \
	{ "time-col", 0, "COL", "--format csv: the time column (header name or 1-based number)", O_TIMECOL },     \
	{ "time-format", 0, "FMT", "--format csv: auto, epoch-s/ms/us/ns, iso8601 or a strptime pattern",       \
	  O_TIMEFMT },                                                                                             \
	{ "value-col", 0, "COL", "--format csv: the memory usage column", O_VALUECOL },                           \
	{ "unit", 0, "UNIT", "--format csv: B, KiB, MiB, GiB, KB, MB, GB or percent (of the limit)", O_UNIT },    \
	{ "request-col", 0, "COL", "--format csv: a memory request column", O_REQCOL },                           \
	{ "limit-col", 0, "COL", "--format csv: a memory limit column", O_LIMCOL },                               \
	{ "limit", 0, "SIZE", "--format csv: the memory limit, when no column has it (e.g. 8Gi)", O_LIMIT },      \
	{ "id-col", 0, "LABEL=COL", "--format csv: a column naming cluster/namespace/workload/pod/container",    \
	  O_IDCOL }
#define INGEST_OPTIONS                                                                                           \
	{ "format", 0, "FORMAT", "force the input format (default auto: detected from content)", O_FORMAT },      \
	INGEST_OPTIONS_BUT_FORMAT

#define INGEST_DETAILS                                                                                           \
	"Formats (detected from content): Grafana \"Download CSV\" (raw or formatted, joined by\n"                   \
	"time or one series), Grafana legacy Series;Time;Value, long CSV (promql-cli), Prometheus\n"               \
	"HTTP API JSON, Datadog API JSON and CSV, kubectl get pods -o json (requests, limits, OOM\n"               \
	"statuses), Marathon app definitions; OOM kills from kernel logs (dmesg, syslog, journal,\n"             \
	"kmsg), kubectl get events -o json, kubectl describe pod, Marathon/Mesos and Airflow logs;\n"             \
	"any other CSV with --format csv and a column mapping.\n"                                                 \
	"Each bad row is reported as FILE:LINE:COLUMN and skipped; each file is one transaction.\n\n"

/*
 * Applies one input option. Returns 0 when applied, -1 when key is not an
 * input option, or an exit code after a usage error.
 */
struct cmd_help;
int ingest_option(int key, const char *arg, const struct cmd_help *h, struct ingest_opts *io);
/* Checks the input options together; 0 or an exit code. */
int ingest_options_done(const struct cmd_help *h, struct ingest_opts *io);

/* Shared by ingest and run: ingests every operand, prints the totals line. Returns an exit code. */
int ingest_operands(struct store *st, char **paths, int n, const struct ingest_opts *o);

/*
 * Opens path for writing (output.c): "-" or NULL is standard output; a
 * device or a FIFO is written directly; otherwise a temporary file beside
 * the file (a link's target) is moved into place by output_close(ok=1), so
 * a failed run never leaves half a report. Messages name path as given.
 */
struct output {
	FILE *f;
	char *name;       /* path as given, for messages */
	char *path, *tmp; /* the file replaced and its temporary; NULL when written directly */
};
int output_open(struct output *o, const char *path);
int output_close(struct output *o, int ok);

#endif
