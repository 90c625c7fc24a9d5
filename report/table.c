/* table.c - the aligned terminal table and its findings. */
#include "report.h"
#include "../util/log.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C_NS, C_WL, C_CT, C_PODS, C_P50, C_P95, C_MAX, C_REQ, C_LIM, C_OOM, C_RREQ, C_RLIM, C_FLAGS, NCOL };

static const char *const heads[NCOL] = { "NAMESPACE", "WORKLOAD", "CONTAINER", "PODS", "P50", "P95", "MAX",
					   "REQUEST", "LIMIT", "OOM", "REC REQUEST", "REC LIMIT", "FLAGS" };
/* Numbers align right. */
static const int right[NCOL] = { 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 };

static const char *sev_color(enum model_severity s)
{
	switch (s) {
	case MODEL_CRITICAL: return "\033[31m";
	case MODEL_WARNING: return "\033[33m";
	default: return "\033[36m";
	}
}

/* Room for a number or a size cell; names are allocated to their length. */
#define NUM 48

/* A row's cells, allocated (cells_free); with_cluster: "cluster:namespace" where the container has a cluster. */
static void cells(const struct model_container *c, int with_cluster, char *cell[NCOL])
{
	const char *ns = *c->namespace ? c->namespace : "-";
	size_t len = strlen(c->cluster) + strlen(ns) + 2, j;

	cell[C_NS] = rs_malloc(len);
	if (with_cluster && *c->cluster)
		snprintf(cell[C_NS], len, "%s:%s", c->cluster, ns);
	else
		snprintf(cell[C_NS], len, "%s", ns);
	cell[C_WL] = rs_strdup(*c->workload ? c->workload : "-");
	cell[C_CT] = rs_strdup(*c->container ? c->container : "-");
	for (j = C_PODS; j < C_FLAGS; j++)
		cell[j] = rs_malloc(NUM);
	snprintf(cell[C_PODS], NUM, "%zu", c->pods);
	units_format_size(c->usage.p50, cell[C_P50], NUM);
	units_format_size(c->usage.p95, cell[C_P95], NUM);
	units_format_size(c->usage.max, cell[C_MAX], NUM);
	units_format_quantity(c->current_request, cell[C_REQ], NUM);
	units_format_quantity(c->current_limit, cell[C_LIM], NUM);
	if (c->oom_kills < 0)
		snprintf(cell[C_OOM], NUM, "-");
	else
		snprintf(cell[C_OOM], NUM, "%lld", (long long)c->oom_kills);
	units_format_quantity(c->request, cell[C_RREQ], NUM);
	units_format_quantity(c->limit, cell[C_RLIM], NUM);
	cell[C_FLAGS] = rs_malloc(160); /* ten codes at most, each under 24 bytes */
	report_flag_codes(c, cell[C_FLAGS], 160);
	if (!*cell[C_FLAGS])
		snprintf(cell[C_FLAGS], 160, "-");
	report_term_safe(cell[C_NS]);
	report_term_safe(cell[C_WL]);
	report_term_safe(cell[C_CT]);
}

static void cells_free(char *cell[NCOL])
{
	size_t j;

	for (j = 0; j < NCOL; j++)
		free(cell[j]);
}

/*
 * Writes text, the rest of a line that already holds col columns, and the
 * newline. With m->width (a terminal) it wraps at spaces before that width,
 * each next line indented by indent; otherwise it stays one line, for grep.
 * Columns are counted in bytes: a line with multi-byte characters wraps a
 * little early.
 */
static void wrapped(FILE *out, const struct report_meta *m, size_t col, size_t indent, const char *text)
{
	const char *p = text;
	int started = 0; /* a word is written: the next one needs its space, and may wrap */

	if (!m->width) {
		fprintf(out, "%s\n", text);
		return;
	}
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p), gap = started ? 1 : 0;

		if (len) { /* a run of spaces gives empty words: nothing to write */
			if (started && col + gap + len > m->width) {
				fprintf(out, "\n%*s", (int)indent, "");
				col = indent;
			} else if (gap) {
				fputc(' ', out);
				col++;
			}
			fwrite(p, 1, len, out);
			col += len;
			started = 1;
		}
		if (!sp)
			break;
		p = sp + 1;
	}
	fputc('\n', out);
}

int report_table(FILE *out, const struct model_result *r, const struct report_meta *m)
{
	size_t w[NCOL], i, j, counts[3];
	char *cell[NCOL], a[32], b[32];
	int any_cluster;

	fprintf(out, "rightsize: %zu container%s, window %s .. %s UTC, %lld file%s, %lld samples stored\n", r->n,
		r->n == 1 ? "" : "s", r->n ? rtime_format_short(r->from, a, sizeof(a)) : "-",
		r->n ? rtime_format_short(r->to, b, sizeof(b)) : "-", (long long)m->totals.files,
		m->totals.files == 1 ? "" : "s", (long long)m->totals.samples);
	if (!r->n) {
		fprintf(out, "No usage data in the window: ingest exports first (rightsize ingest FILE...).\n");
		return 0;
	}
	any_cluster = report_any_cluster(r);
	for (j = 0; j < NCOL; j++)
		w[j] = strlen(heads[j]);
	for (i = 0; i < r->n; i++) {
		cells(&r->c[i], any_cluster, cell);
		for (j = 0; j < NCOL; j++)
			if (strlen(cell[j]) > w[j])
				w[j] = strlen(cell[j]);
		cells_free(cell);
	}
	fputc('\n', out);
	for (j = 0; j < NCOL; j++) {
		const char *h = j == C_NS && any_cluster ? "CLUSTER:NAMESPACE" : heads[j];

		if (j == C_NS && any_cluster && strlen(h) > w[j])
			w[j] = strlen(h);
		if (j + 1 == NCOL)
			fprintf(out, "%s\n", h);
		else
			fprintf(out, right[j] ? "%*s  " : "%-*s  ", (int)w[j], h);
	}
	for (i = 0; i < r->n; i++) {
		const struct model_container *c = &r->c[i];

		cells(c, any_cluster, cell);
		for (j = 0; j + 1 < NCOL; j++)
			fprintf(out, right[j] ? "%*s  " : "%-*s  ", (int)w[j], cell[j]);
		if (m->color && c->nflags)
			fprintf(out, "%s%s\033[0m\n", sev_color(c->worst), cell[C_FLAGS]);
		else
			fprintf(out, "%s\n", cell[C_FLAGS]);
		cells_free(cell);
	}
	report_count_findings(r, counts);
	fprintf(out, "\nFindings: %zu critical, %zu warning, %zu info\n", counts[MODEL_CRITICAL], counts[MODEL_WARNING],
		counts[MODEL_INFO]);
	{
		/* Rendered apart: host names in it are data (made terminal-safe), and it wraps like the rest. */
		char *kills = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&kills, &len);

		if (f) {
			report_kills_line(f, r);
			fclose(f);
			if (len && kills[len - 1] == '\n')
				kills[len - 1] = '\0';
			wrapped(out, m, 0, 2, report_term_safe(kills));
		}
		free(kills);
	}
	for (i = 0; i < r->n; i++) {
		const struct model_container *c = &r->c[i];
		char *name = report_term_safe(report_name(c)), *ct = report_term_safe(rs_strdup(c->container)), since[200];

		fprintf(out, "\n%s [%s]\n  ", name, *ct ? ct : "-");
		wrapped(out, m, 2, 4, c->explanation);
		free(name);
		free(ct);
		report_since(c, since, sizeof(since));
		if (*since)
			fprintf(out, "  changed: %s\n", since);
		for (j = 0; j < c->nflags; j++) {
			const char *sev = model_severity_name(c->flags[j].severity);

			if (m->color)
				fprintf(out, "  %s%-8s\033[0m %s:", sev_color(c->flags[j].severity), sev, c->flags[j].code);
			else
				fprintf(out, "  %-8s %s:", sev, c->flags[j].code);
			/* The message starts after "  SEVERITY CODE:", its next lines under the code. */
			fputc(' ', out);
			wrapped(out, m, 2 + 8 + 1 + strlen(c->flags[j].code) + 2, 11, c->flags[j].message);
		}
	}
	return 0;
}
