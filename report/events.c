/*
 * events.c - `rightsize events`: the stored OOM evidence, one row each,
 * with the kill it belongs to (several sources can see one kill).
 * JSON: {"events": [{"time", "source", "kind", "host", "pid", "process",
 * "pod_uid", "container_id", "limit", "usage", "cluster", "namespace",
 * "workload", "container", "file", "line", "kill", ...}]}, null where unknown.
 */
#include "html.h"
#include "report.h"
#include "svg.h"
#include "../util/emit.h"
#include "../util/log.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Where the kill happened: "cluster:namespace/workload [container]", or why it is not tied to one (caller frees). */
static char *event_where(const struct store_event *e)
{
	size_t len = strlen(e->cluster) + strlen(e->namespace) + strlen(e->workload) + strlen(e->container) +
		     strlen(e->host) + strlen(e->pod_uid) + 32;
	char *where = rs_malloc(len);

	if (*e->workload)
		snprintf(where, len, "%s%s%s%s%s%s%s%s", e->cluster, *e->cluster ? ":" : "", e->namespace,
			 *e->namespace ? "/" : "", e->workload, *e->container ? " [" : "", e->container,
			 *e->container ? "]" : "");
	else
		snprintf(where, len, "not tied:%s%s%s%s", *e->host ? " host " : "", e->host,
			 *e->pod_uid ? " pod uid " : "", e->pod_uid);
	return where;
}

static size_t count_untied(const struct store_event_row *rows, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += !*rows[i].ev.workload;
	return k;
}

static const char untied_advice[] = "not tied to a container: add `kubectl get pods -A -o json` output to tie "
				    "kernel kills to pods.";
static const char untied_advice_html[] = "not tied to a container: add <code>kubectl get pods -A -o json</code> "
					 "output to tie kernel kills to pods.";

/* The row's cells as the table shows them. */
enum { E_TIME, E_KILL, E_KIND, E_WHERE, E_PROCESS, E_LIMIT, E_USAGE, E_SOURCE, NE };

/* The row's cells as the tables show them, each allocated to its length (cells_free frees them). */
static void event_cells(const struct store_event_row *row, size_t kill, char *cell[NE])
{
	const struct store_event *e = &row->ev;
	size_t k, len;

	for (k = 0; k < NE; k++)
		if (k != E_WHERE && k != E_PROCESS && k != E_KIND && k != E_SOURCE)
			cell[k] = rs_malloc(48);
	if (e->time == STORE_TIME_UNKNOWN)
		snprintf(cell[E_TIME], 48, "unknown");
	else
		rtime_format_seconds(e->time, cell[E_TIME], 48); /* kills can be seconds apart */
	snprintf(cell[E_KILL], 48, "%zu", kill + 1);
	cell[E_KIND] = rs_strdup(e->kind);
	cell[E_WHERE] = event_where(e);
	cell[E_PROCESS] = rs_strdup(*e->process ? e->process : "-");
	units_format_quantity(e->limit, cell[E_LIMIT], 48);
	units_format_size(e->usage, cell[E_USAGE], 48);
	len = strlen(row->file) + 24;
	cell[E_SOURCE] = rs_malloc(len);
	snprintf(cell[E_SOURCE], len, "%s:%lld", row->file, (long long)e->line);
}

static void cells_free(char *cell[NE])
{
	size_t k;

	for (k = 0; k < NE; k++)
		free(cell[k]);
}

static void table(FILE *out, const struct store_event_row *rows, const size_t *kill, size_t n, int md)
{
	char *cell[NE];
	size_t i, untied = count_untied(rows, n);

	if (!n) {
		fputs("No OOM events stored in this window.\n", out);
		return;
	}
	if (md)
		fputs("| Time (UTC) | Kill | Kind | Where | Process | Limit | Usage | Source |\n"
		      "|---|--:|---|---|---|--:|--:|---|\n",
		      out);
	else
		fprintf(out, "%-19s %4s  %-10s %-48s %-14s %8s %8s  %s\n", "TIME (UTC)", "KILL", "KIND", "WHERE",
			"PROCESS", "LIMIT", "USAGE", "SOURCE");
	for (i = 0; i < n; i++) {
		event_cells(&rows[i], kill[i], cell);
		if (md) {
			size_t k;

			/* Process names and paths are data: a | in them must not split the row. */
			for (k = 0; k < NE; k++) {
				fputs("| ", out);
				report_md_cell(out, cell[k]);
				fputc(' ', out);
			}
			fputs("|\n", out);
		} else {
			size_t k;

			for (k = 0; k < NE; k++)
				report_term_safe(cell[k]);
			fprintf(out, "%-19s %4s  %-10s %-48s %-14s %8s %8s  %s\n", cell[E_TIME], cell[E_KILL], cell[E_KIND],
				cell[E_WHERE], cell[E_PROCESS], cell[E_LIMIT], cell[E_USAGE], cell[E_SOURCE]);
		}
		cells_free(cell);
	}
	if (untied)
		fprintf(out, "\n%zu event%s %s\n", untied, untied == 1 ? " is" : "s are", untied_advice);
}

static void html(FILE *out, const struct store_event_row *rows, const size_t *kill, size_t n)
{
	static const char *const heads[NE] = { "Time (UTC)", "Kill", "Kind", "Where", "Process", "Limit", "Usage",
					       "Source" };
	char *cell[NE];
	size_t i, k, kills = 0, untied = count_untied(rows, n);

	html_page_begin(out, "rightsize: OOM events", NULL);
	for (i = 0; i < n; i++)
		if (kill[i] + 1 > kills)
			kills = kill[i] + 1;
	if (!n) {
		fputs("<p>No OOM events stored in this window.</p>\n", out);
		html_page_end(out, NULL);
		return;
	}
	fprintf(out, "<p>%zu event%s, %zu kill%s: events of one kill seen by several sources share its number.</p>\n",
		n, n == 1 ? "" : "s", kills, kills == 1 ? "" : "s");
	fputs("<div class=\"wide\"><table class=\"plain\">\n<thead><tr>", out);
	for (k = 0; k < NE; k++)
		fprintf(out, k == E_KILL || k == E_LIMIT || k == E_USAGE ? "<th class=\"n\">%s</th>" : "<th>%s</th>",
			heads[k]);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (i = 0; i < n; i++) {
		event_cells(&rows[i], kill[i], cell);
		fputs("<tr>", out);
		for (k = 0; k < NE; k++) {
			fputs(k == E_KILL || k == E_LIMIT || k == E_USAGE ? "<td class=\"n\">" : "<td>", out);
			html_escape(out, cell[k]);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
		cells_free(cell);
	}
	fputs("</tbody></table></div>\n", out);
	if (untied) {
		fprintf(out, "<p>%zu event%s ", untied, untied == 1 ? " is" : "s are");
		fputs(untied_advice_html, out);
		fputs("</p>\n", out);
	}
	html_page_end(out, NULL);
}

int report_events(FILE *out, enum report_format f, const struct store_event_row *rows, const size_t *kill, size_t n)
{
	switch (f) {
	case REPORT_JSON: json(out, rows, kill, n); break;
	case REPORT_CSV: csv(out, rows, kill, n); break;
	case REPORT_MARKDOWN: table(out, rows, kill, n, 1); break;
	case REPORT_HTML: html(out, rows, kill, n); break;
	default: table(out, rows, kill, n, 0); break;
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
