/* cmd_ingest.c - `rightsize ingest`: exports into the database. */
#include "commands.h"
#include "opts.h"
#include "../util/log.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* Keys of the input options, shared with `rightsize run` (see commands.h). */
static const struct opt options[] = {
	{ "db", 0, "FILE", "database (default $RIGHTSIZE_DB, else ./rightsize.db)", O_DB },
	INGEST_OPTIONS,
	{ "quiet", 'q', NULL, "print nothing but errors, rejected rows and what needs action", O_QUIET },
	{ "verbose", 'v', NULL, "more detail", O_VERBOSE },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cmd_help help = {
	"ingest", "[options] FILE|FOLDER...",
	"Reads memory exports into the database. Folders are read recursively; files whose\n"
	"format is not recognized are skipped there. Re-ingesting the same file is a no-op;\n"
	"overlapping exports merge (one sample per series and time).",
	INGEST_DETAILS
	"Exit status: 0 all files stored, 1 usage error, 2 a file or the database failed.\n",
};

static int pair(const char *arg, struct ingest_pair *pairs, size_t *n, const struct cmd_help *h, const char *opt)
{
	static const char *const labels[] = { "cluster", "namespace", "workload", "pod", "container", NULL };
	const char *eq = strchr(arg, '=');
	size_t i;

	if (!eq || eq == arg || !eq[1])
		return opts_usage_error(h, "%s wants LABEL=VALUE, got \"%s\"", opt, arg);
	for (i = 0; labels[i]; i++)
		if (strlen(labels[i]) == (size_t)(eq - arg) && strncmp(labels[i], arg, (size_t)(eq - arg)) == 0)
			break;
	if (!labels[i])
		return opts_usage_error(h, "%s: \"%.*s\" is not one of cluster, namespace, workload, pod, container",
					opt, (int)(eq - arg), arg);
	if (*n == INGEST_MAX_MAPS)
		return opts_usage_error(h, "too many %s options (at most %d)", opt, INGEST_MAX_MAPS);
	pairs[*n].label = labels[i];
	pairs[*n].value = eq + 1;
	(*n)++;
	return 0;
}

int ingest_option(int key, const char *arg, const struct cmd_help *h, struct ingest_opts *io)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "KB", "MB", "GB", "percent", NULL };
	size_t i;
	double v;

	switch (key) {
	case O_FORMAT:
		if (ingest_format_parse(arg, &io->format))
			return opts_usage_error(h, "unknown input format \"%s\" (%s)", arg, ingest_format_names());
		return 0;
	case O_TZ: return rtime_set_zone(arg) ? EXIT_USAGE : 0;
	case O_STRICT: io->strict = 1; return 0;
	case O_LEGEND: io->legend_label = arg; return 0;
	case O_LABEL: return pair(arg, io->labels, &io->nlabels, h, "--label");
	case O_IDCOL: return pair(arg, io->id_cols, &io->nid_cols, h, "--id-col");
	case O_OVERHEAD:
		if (units_parse_size(arg, strlen(arg), &v) || v < 0)
			return opts_usage_error(h, "--mesos-executor-overhead \"%s\" is not a size (e.g. 32Mi)", arg);
		/* A bare number is MB, as Marathon writes mem. */
		io->executor_overhead = strspn(arg, "0123456789.") == strlen(arg) ? v * 1048576.0 : v;
		return 0;
	case O_DELIM:
		if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
			io->delimiter = '\t';
		else if (strlen(arg) == 1)
			io->delimiter = arg[0];
		else
			return opts_usage_error(h, "--delimiter wants one character (or \"tab\"), got \"%s\"", arg);
		return 0;
	case O_NOHEADER: io->no_header = 1; return 0;
	case O_YEAR:
		if (strspn(arg, "0123456789") != 4 || strlen(arg) != 4 || atoi(arg) < 1970)
			return opts_usage_error(h, "--year wants a year such as 2026, got \"%s\"", arg);
		io->year = atoi(arg);
		return 0;
	case O_TIMECOL: io->time_col = arg; return 0;
	case O_VALUECOL: io->value_col = arg; return 0;
	case O_REQCOL: io->request_col = arg; return 0;
	case O_LIMCOL: io->limit_col = arg; return 0;
	case O_TIMEFMT:
		io->time_format = NULL;
		io->time_iso = 0;
		if (strcmp(arg, "auto") == 0)
			io->time_epoch = RTIME_AUTO;
		else if (strcmp(arg, "epoch-s") == 0)
			io->time_epoch = RTIME_S;
		else if (strcmp(arg, "epoch-ms") == 0)
			io->time_epoch = RTIME_MS;
		else if (strcmp(arg, "epoch-us") == 0)
			io->time_epoch = RTIME_US;
		else if (strcmp(arg, "epoch-ns") == 0)
			io->time_epoch = RTIME_NS;
		else if (strcmp(arg, "iso8601") == 0)
			io->time_iso = 1;
		else if (strchr(arg, '%'))
			io->time_format = arg;
		else
			return opts_usage_error(h, "--time-format \"%s\": use auto, epoch-s, epoch-ms, epoch-us, "
						"epoch-ns, iso8601 or a strptime pattern such as '%%d/%%m/%%Y %%H:%%M'", arg);
		return 0;
	case O_UNIT:
		for (i = 0; units[i]; i++)
			if (strcmp(arg, units[i]) == 0)
				break;
		if (!units[i])
			return opts_usage_error(h, "--unit \"%s\": use B, KiB, MiB, GiB, KB, MB, GB or percent", arg);
		io->unit = (enum ingest_unit)i;
		return 0;
	case O_LIMIT:
		if (units_parse_size(arg, strlen(arg), &io->limit_bytes) || io->limit_bytes <= 0)
			return opts_usage_error(h, "--limit \"%s\" is not a size (e.g. 8Gi, 512Mi)", arg);
		return 0;
	default: return -1;
	}
}

/* Checks the options together, once all are read. Returns 0 or an exit code. */
int ingest_options_done(const struct cmd_help *h, struct ingest_opts *io)
{
	if (io->value_col && io->format == INGEST_AUTO)
		io->format = INGEST_MAPPED_CSV;
	if (io->value_col && io->format != INGEST_MAPPED_CSV)
		return opts_usage_error(h, "--value-col goes with --format csv, not --format %s",
					ingest_format_name(io->format));
	if (io->format == INGEST_MAPPED_CSV) {
		if (!io->time_col || !io->value_col)
			return opts_usage_error(h, "--format csv needs --time-col and --value-col");
		if (io->unit == UNIT_PERCENT && !io->limit_col && isnan(io->limit_bytes))
			return opts_usage_error(h, "--unit percent needs the limit: --limit-col COL or --limit SIZE");
	} else if (io->time_col || io->request_col || io->limit_col || io->nid_cols || io->no_header ||
		   io->unit != UNIT_BYTES || !isnan(io->limit_bytes) || io->time_format || io->time_iso ||
		   io->time_epoch != RTIME_AUTO) {
		return opts_usage_error(h, "--time-col, --value-col, --id-col, --request-col, --limit-col, --limit, "
					"--unit, --time-format and --no-header go with --format csv");
	}
	return 0;
}

/*
 * The progress line: on standard error when it is a terminal, redrawn at
 * most five times a second, erased before any message and at the end.
 */
static struct {
	struct timespec start, last;
	int shown;
	size_t width; /* the terminal's columns: the line never wraps */
} bar;

static double seconds_since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void bar_erase(void)
{
	if (bar.shown) {
		fputs("\r\033[K", stderr);
		bar.shown = 0;
	}
}

static void bar_draw(void *ctx, const struct ingest_progress *p)
{
	const struct ingest_totals *d = p->done;
	struct timespec now;
	const char *name = strrchr(p->path, '/') ? strrchr(p->path, '/') + 1 : p->path;
	char line[512], done[32], size[32], rate[32] = "";
	size_t i, n;
	double secs;
	int files = d->files_ok + d->files_known;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (bar.shown && seconds_since(&bar.last, &now) < 0.2)
		return;
	bar.last = now;
	secs = seconds_since(&bar.start, &now);
	units_format_size((double)d->bytes, done, sizeof(done));
	units_format_size((double)p->file_bytes, size, sizeof(size));
	/* The rate counts the bytes of the file being read too: one big file shows it as well. */
	if (secs >= 1 && d->bytes + p->file_read)
		snprintf(rate, sizeof(rate), ", %.1f MB/s", (double)(d->bytes + p->file_read) / 1e6 / secs);
	snprintf(line, sizeof(line), "%d file%s (%s)%s, %.2fM samples; reading %s (%.0f%% of %s)", files,
		 files == 1 ? "" : "s", done, rate, (double)(d->accepted + p->file_samples) / 1e6, name,
		 p->file_bytes ? 100.0 * (double)p->file_read / (double)p->file_bytes : 0.0, size);
	/* A file name is data: no control character reaches the terminal. */
	for (i = 0; line[i]; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = '?';
	/* Cut to the terminal's width (bytes bound columns), never inside a UTF-8 character. */
	n = strlen(line);
	if (n > bar.width - 1) {
		n = bar.width - 1;
		while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80)
			n--;
		line[n] = '\0';
	}
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
	bar.shown = 1;
}

int ingest_operands(struct store *st, char **paths, int n, const struct ingest_opts *o)
{
	struct ingest_totals t;
	struct ingest_opts with_bar = *o;
	int i, failed = 0;

	memset(&t, 0, sizeof(t));
	if (rs_verbosity >= 1 && isatty(STDERR_FILENO)) {
		struct winsize ws;

		bar.width = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20 ? ws.ws_col : 80;
		clock_gettime(CLOCK_MONOTONIC, &bar.start);
		with_bar.progress = bar_draw;
		rs_log_before = bar_erase;
	}
	for (i = 0; i < n; i++)
		if (ingest_path(st, paths[i], &with_bar, &t))
			failed = 1;
	/* Nothing read, known or failed at all (empty folders said so): a cron job must not take it for success. */
	if (t.files_ok + t.files_known + t.files_failed == 0)
		failed = 1;
	bar_erase();
	rs_log_before = NULL;
	rs_info("ingested %d file%s (%lld samples, %lld new; %lld OOM events, %lld new; %lld rejected, %lld missing); "
		"%d already known, %d skipped, %d failed",
		t.files_ok, t.files_ok == 1 ? "" : "s", (long long)t.accepted, (long long)t.added, (long long)t.events,
		(long long)t.events_added, (long long)t.rejected, (long long)t.missing, t.files_known, t.files_skipped,
		t.files_failed);
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
		case O_QUIET: rs_verbosity = 0; break;
		case O_VERBOSE: rs_verbosity = 2; break;
		case 'h': return EXIT_OK;
		case '?': return EXIT_USAGE;
		default:
			if ((rc = ingest_option(c, arg, &help, &io)) != 0)
				return rc < 0 ? EXIT_USAGE : rc;
		}
	}
	if ((rc = ingest_options_done(&help, &io)) != 0)
		return rc;
	if (opts_index() >= argc)
		return opts_usage_error(&help, "no FILE or FOLDER to ingest");
	if (store_open(opts_db_path(db), STORE_CREATE, &st))
		return EXIT_INPUT;
	rc = ingest_operands(st, argv + opts_index(), argc - opts_index(), &io);
	store_close(st);
	return rc;
}
