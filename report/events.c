/*
 * events.c - `rightsize events`: the stored OOM evidence, one row each,
 * with the kill it belongs to (several sources can see one kill).
 * JSON: {"events": [{"time", "source", "kind", "host", "pid", "process",
 * "pod_uid", "container_id", "limit", "usage", "cluster", "namespace",
 * "workload", "container", "file", "line", "kill", ...}]}, null where unknown.
 */
#include "report.h"
#include "../util/emit.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void jopt(FILE *out, const char *key, const char *s)
{
	fprintf(out, ", \"%s\": ", key);
	if (*s)
		emit_json_string(out, s);
	else
		fputs("null", out);
}

static void jnum(FILE *out, const char *key, double v)
{
	fprintf(out, ", \"%s\": ", key);
	if (isnan(v))
		fputs("null", out);
	else
		fprintf(out, "%.0f", v);
}

static void json(FILE *out, const struct store_event_row *rows, const size_t *kill, size_t n)
{
	size_t i;
	char t[40];

	fputs("{\"events\": [", out);
	for (i = 0; i < n; i++) {
		const struct store_event *e = &rows[i].ev;

		fputs(i ? ",\n  {\"time\": " : "\n  {\"time\": ", out);
		if (e->time == STORE_TIME_UNKNOWN)
			fputs("null", out);
		else
			emit_json_string(out, rtime_format(e->time, t, sizeof(t)));
		jopt(out, "time_note", e->time_note);
		jopt(out, "source", e->source);
		jopt(out, "kind", e->kind);
		jopt(out, "host", e->host);
		fputs(", \"pid\": ", out);
		if (e->pid < 0)
			fputs("null", out);
		else
			fprintf(out, "%lld", (long long)e->pid);
		jopt(out, "process", e->process);
		jopt(out, "pod_uid", e->pod_uid);
		jopt(out, "container_id", e->container_id);
		jnum(out, "limit", e->limit);
		jnum(out, "usage", e->usage);
		jopt(out, "cluster", e->cluster);
		jopt(out, "namespace", e->namespace);
		jopt(out, "workload", e->workload);
		jopt(out, "pod", e->pod);
		jopt(out, "container", e->container);
		jopt(out, "file", rows[i].file);
		fprintf(out, ", \"line\": %lld, \"kill\": %zu}", (long long)e->line, kill[i] + 1);
	}
	fputs(n ? "\n]}\n" : "]}\n", out);
}

static void csv(FILE *out, const struct store_event_row *rows, const size_t *kill, size_t n)
{
	size_t i;
	char t[40];

	fputs("time,source,kind,host,pid,process,pod_uid,container_id,limit,usage,cluster,namespace,workload,pod,"
	      "container,file,line,kill,time_note\n",
	      out);
	for (i = 0; i < n; i++) {
		const struct store_event *e = &rows[i].ev;
		const char *strs[] = { e->source, e->kind, e->host };
		size_t k;

		if (e->time != STORE_TIME_UNKNOWN)
			fputs(rtime_format(e->time, t, sizeof(t)), out);
		for (k = 0; k < 3; k++) {
			fputc(',', out);
			emit_csv_cell(out, strs[k]);
		}
		fputc(',', out);
		if (e->pid >= 0)
			fprintf(out, "%lld", (long long)e->pid);
		fputc(',', out);
		emit_csv_cell(out, e->process);
		fputc(',', out);
		emit_csv_cell(out, e->pod_uid);
		fputc(',', out);
		emit_csv_cell(out, e->container_id);
		fputc(',', out);
		if (!isnan(e->limit))
			fprintf(out, "%.0f", e->limit);
		fputc(',', out);
		if (!isnan(e->usage))
			fprintf(out, "%.0f", e->usage);
		fputc(',', out);
		emit_csv_cell(out, e->cluster);
		fputc(',', out);
		emit_csv_cell(out, e->namespace);
		fputc(',', out);
		emit_csv_cell(out, e->workload);
		fputc(',', out);
		emit_csv_cell(out, e->pod);
		fputc(',', out);
		emit_csv_cell(out, e->container);
		fputc(',', out);
		emit_csv_cell(out, rows[i].file);
		fprintf(out, ",%lld,%zu,", (long long)e->line, kill[i] + 1);
		emit_csv_cell(out, e->time_note);
		fputc('\n', out);
	}
}

static void table(FILE *out, const struct store_event_row *rows, const size_t *kill, size_t n, int md)
{
	size_t i, unattributed = 0;
	char t[40], lim[32], use[32];

	if (!n) {
		fputs("No OOM events stored in this window.\n", out);
		return;
	}
	fputs(md ? "| Time (UTC) | Kill | Kind | Where | Process | Limit | Usage | Source |\n|---|--:|---|---|---|--:|--:|---|\n"
		 : "", out);
	if (!md)
		fprintf(out, "%-16s %4s  %-10s %-48s %-14s %8s %8s  %s\n", "TIME (UTC)", "KILL", "KIND", "WHERE",
			"PROCESS", "LIMIT", "USAGE", "SOURCE");
	for (i = 0; i < n; i++) {
		const struct store_event *e = &rows[i].ev;
		char where[512];

		if (*e->workload)
			snprintf(where, sizeof(where), "%s%s%s%s%s%s%s", e->cluster, *e->cluster ? ":" : "", e->namespace,
				 *e->namespace ? "/" : "", e->workload, *e->container ? " [" : "",
				 *e->container ? e->container : "");
		else
			snprintf(where, sizeof(where), "not tied: %s%s%s", *e->host ? "host " : "", e->host,
				 *e->pod_uid ? " pod uid " : "");
		if (*e->workload && *e->container)
			strncat(where, "]", sizeof(where) - strlen(where) - 1);
		if (!*e->workload) {
			strncat(where, e->pod_uid, sizeof(where) - strlen(where) - 1);
			unattributed++;
		}
		if (e->time == STORE_TIME_UNKNOWN)
			snprintf(t, sizeof(t), "unknown");
		else
			rtime_format_short(e->time, t, sizeof(t));
		units_format_quantity(e->limit, lim, sizeof(lim));
		units_format_size(e->usage, use, sizeof(use));
		if (md)
			fprintf(out, "| %s | %zu | %s | %s | %s | %s | %s | %s:%lld |\n", t, kill[i] + 1, e->kind, where,
				*e->process ? e->process : "-", lim, use, rows[i].file, (long long)e->line);
		else
			fprintf(out, "%-16s %4zu  %-10s %-48s %-14s %8s %8s  %s:%lld\n", t, kill[i] + 1, e->kind, where,
				*e->process ? e->process : "-", lim, use, rows[i].file, (long long)e->line);
	}
	if (unattributed)
		fprintf(out, "\n%zu event%s not tied to a container: add `kubectl get pods -A -o json` output to tie kernel "
			     "kills to pods.\n",
			unattributed, unattributed == 1 ? " is" : "s are");
}

int report_events(FILE *out, enum report_format f, const struct store_event_row *rows, const size_t *kill, size_t n)
{
	switch (f) {
	case REPORT_JSON: json(out, rows, kill, n); break;
	case REPORT_CSV: csv(out, rows, kill, n); break;
	case REPORT_MARKDOWN: table(out, rows, kill, n, 1); break;
	default: table(out, rows, kill, n, 0); break;
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
