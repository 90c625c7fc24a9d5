/*
 * cmd_export.c - `rightsize export`: stored samples back out as a long CSV
 * that `rightsize ingest` reads again (label columns, value, timestamp).
 */
#include "commands.h"
#include "opts.h"
#include "../util/emit.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct opt options[] = {
	{ "db", 0, "FILE", "database (default $RIGHTSIZE_DB, else ./rightsize.db)", O_DB },
	{ "output", 'o', "FILE", "write to FILE (default - : standard output)", O_OUTPUT },
	{ "namespace", 'n', "NS", "only this namespace", O_NS },
	{ "workload", 'w', "GLOB", "only workloads matching GLOB", O_WL },
	{ "cluster", 0, "NAME", "only this cluster", O_CLUSTER },
	{ "since", 0, "TIME", "only samples at or after TIME (RFC 3339, epoch or now)", O_SINCE },
	{ "until", 0, "TIME", "only samples before TIME", O_UNTIL },
	{ NULL, 0, NULL, NULL, 0 },
};

static const struct cmd_help help = {
	"export", "[options]",
	"Writes stored samples as a long CSV: __name__, cluster, container, namespace, pod,\n"
	"resource, workload, workload_kind, value (bytes), timestamp (RFC 3339 UTC). Requests and limits\n"
	"are series of their own (kube_pod_container_resource_requests / _limits).",
	"Exit status: 0 written, 1 usage error, 2 database or write error.\n",
};

static int export(struct store *st, const struct store_filter *f, int64_t from, int64_t to, FILE *out)
{
	struct store_container *c;
	struct store_sample *buf = NULL;
	size_t nc, cap = 0, i, j, k;
	char ts[40];
	int rc = 0;

	if (store_containers(st, f, &c, &nc))
		return -1;
	fputs("__name__,cluster,container,namespace,pod,resource,workload,workload_kind,value,timestamp\n", out);
	for (i = 0; i < nc && !rc; i++) {
		for (j = 0; j < c[i].nseries; j++) {
			size_t n = 0;

			if (store_samples(st, c[i].series[j].id, from, to, &buf, &n, &cap)) {
				rc = -1;
				break;
			}
			for (k = 0; k < n; k++) {
				/* Settings under kube-state-metrics' names, whatever source they came from. */
				emit_csv_cell(out, c[i].series[j].role == STORE_REQUEST ? "kube_pod_container_resource_requests" :
						   c[i].series[j].role == STORE_LIMIT  ? "kube_pod_container_resource_limits" :
											  c[i].series[j].metric);
				fputc(',', out);
				emit_csv_cell(out, c[i].cluster);
				fputc(',', out);
				emit_csv_cell(out, c[i].container);
				fputc(',', out);
				emit_csv_cell(out, c[i].namespace);
				fputc(',', out);
				emit_csv_cell(out, c[i].series[j].pod);
				/* Requests and limits say which resource, as kube-state-metrics does. */
				fputs(c[i].series[j].role == STORE_USAGE ? "," : ",memory", out);
				fputc(',', out);
				emit_csv_cell(out, c[i].workload);
				fputc(',', out);
				emit_csv_cell(out, c[i].workload_kind);
				if (buf[k].v == floor(buf[k].v) && fabs(buf[k].v) < 9e15)
					fprintf(out, ",%.0f,", buf[k].v);
				else
					fprintf(out, ",%.17g,", buf[k].v);
				fputs(rtime_format(buf[k].t, ts, sizeof(ts)), out);
				fputc('\n', out);
			}
		}
	}
	free(buf);
	store_containers_free(c, nc);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	struct store_filter f;
	struct store *st;
	struct output out;
	const char *db = NULL, *output = NULL, *arg;
	enum report_format fmt;
	int64_t from = INT64_MIN, to = INT64_MAX;
	int c, ok;

	memset(&f, 0, sizeof(f));
	while ((c = opts_next(argc, argv, options, &help, &arg)) != -1) {
		switch (c) {
		case O_DB: db = arg; break;
		case O_OUTPUT: output = arg; break;
		case O_NS: f.namespace = arg; break;
		case O_WL: f.workload = arg; break;
		case O_CLUSTER: f.cluster = arg; break;
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
	/* Export writes CSV only: a name that asks for another format is a mistake, not a wish. */
	if (report_format_of_path(output, &fmt) == 0 && fmt != REPORT_CSV)
		return opts_usage_error(&help, "-o %s asks for %s; export writes CSV only", output,
					report_format_name(fmt));
	if (store_open(opts_db_path(db), STORE_EXISTING, &st))
		return EXIT_INPUT;
	if (output_open(&out, output)) {
		store_close(st);
		return EXIT_INPUT;
	}
	ok = export(st, &f, from, to, out.f) == 0 && !ferror(out.f);
	store_close(st);
	return output_close(&out, ok) == 0 ? EXIT_OK : EXIT_INPUT;
}
