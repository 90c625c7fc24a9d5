/*
 * backtest.c - `rightsize backtest` written out: the strategies side by
 * side for the fleet, then per container (docs/backtest.md). Formats the
 * numbers model/backtest.c computed; computes none.
 */
#include "html.h"
#include "report.h"
#include "svg.h"
#include "../model/backtest.h"
#include "../util/emit.h"
#include "../util/log.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int shown(const struct backtest_result *r, unsigned s)
{
	return (r->strategies & (1u << s)) != 0;
}

static void jnum(FILE *out, double v, int decimals)
{
	if (isnan(v))
		fputs("null", out);
	else
		fprintf(out, "%.*f", decimals, v);
}

static void jtime(FILE *out, int64_t ms)
{
	char buf[40];

	if (ms == STORE_TIME_UNKNOWN)
		fputs("null", out);
	else
		emit_json_string(out, rtime_format(ms, buf, sizeof(buf)));
}

static void jlabel(FILE *out, const char *s)
{
	if (*s)
		emit_json_string(out, s);
	else
		fputs("null", out);
}

static void json_score(FILE *out, const char *name, const struct backtest_score *s, int64_t step)
{
	fputs("{\"name\": ", out);
	emit_json_string(out, name);
	fprintf(out, ", \"container_days\": %lld, \"oom_days\": %lld, \"oom_free_pct\": ", (long long)s->container_days,
		(long long)s->oom_days);
	jnum(out, backtest_oom_free_pct(s), 3);
	fputs(", \"first_oom\": ", out);
	jtime(out, s->first_oom);
	fputs(", \"avg_relative_slack_pct\": ", out);
	jnum(out, backtest_avg_slack_pct(s), 3);
	fputs(", \"avg_clipped_slack_pct\": ", out);
	jnum(out, backtest_avg_clipped_slack_pct(s), 3);
	fputs(", \"time_above_request_pct\": ", out);
	jnum(out, backtest_above_request_pct(s), 3);
	fputs(", \"reserved_gib_hours\": ", out);
	jnum(out, s->reserved_gib_hours, 3);
	fputs(", \"reserved_request_gib_hours\": ", out);
	jnum(out, s->reserved_request_gib_hours, 3);
	fputs(", \"used_gib_hours\": ", out);
	jnum(out, s->used_gib_hours, 3);
	fprintf(out, ", \"changes\": %lld, \"changes_per_container_week\": ", (long long)s->changes);
	jnum(out, backtest_changes_per_week(s, step), 3);
	fputc('}', out);
}

static void json_day(FILE *out, const struct backtest_day *d)
{
	fputs("{\"day\": ", out);
	jtime(out, d->day);
	fputs(", \"strategy\": ", out);
	emit_json_string(out, backtest_strategy_name(d->strategy));
	fputs(", \"request\": ", out);
	jnum(out, d->request, 0);
	fputs(", \"limit\": ", out);
	jnum(out, d->limit, 0);
	fputs(", \"p95\": ", out);
	jnum(out, d->p95, 0);
	fputs(", \"max\": ", out);
	jnum(out, d->max, 0);
	fputs(", \"hours\": ", out);
	jnum(out, d->hours, 0);
	fprintf(out, ", \"oom\": %s, \"first_oom\": ", d->oom ? "true" : "false");
	jtime(out, d->first_oom);
	fputs(", \"relative_slack_pct\": ", out);
	jnum(out, d->slack * 100, 3);
	fputs(", \"time_above_request_pct\": ", out);
	jnum(out, d->above_request * 100, 3);
	fprintf(out, ", \"changed\": %s}", d->changed ? "true" : "false");
}

static int report_backtest_json(FILE *out, const struct backtest_result *r)
{
	size_t i, j;
	unsigned s;
	int first;

	fputs("{\n  \"from\": ", out);
	jtime(out, r->from);
	fputs(", \"to\": ", out);
	jtime(out, r->to);
	fprintf(out, ", \"step\": %lld, \"history\": %lld,\n  \"strategies\": [", (long long)(r->step / 1000),
		(long long)(r->history / 1000));
	for (s = 0, first = 1; s < BACKTEST_NSTRATEGIES; s++) {
		if (!shown(r, s))
			continue;
		fputs(first ? "\n    " : ",\n    ", out);
		first = 0;
		json_score(out, backtest_strategy_name((enum backtest_strategy)s), &r->fleet[s], r->step);
	}
	fputs("\n  ],\n  \"containers\": [", out);
	for (i = 0; i < r->n; i++) {
		const struct backtest_container *c = &r->c[i];

		fputs(i ? ",\n    {\"cluster\": " : "\n    {\"cluster\": ", out);
		jlabel(out, c->cluster);
		fputs(", \"namespace\": ", out);
		jlabel(out, c->namespace);
		fputs(", \"workload\": ", out);
		jlabel(out, c->workload);
		fputs(", \"container\": ", out);
		jlabel(out, c->container);
		fputs(",\n     \"strategies\": [", out);
		for (s = 0, first = 1; s < BACKTEST_NSTRATEGIES; s++) {
			if (!shown(r, s))
				continue;
			fputs(first ? "\n       " : ",\n       ", out);
			first = 0;
			json_score(out, backtest_strategy_name((enum backtest_strategy)s), &c->score[s], r->step);
		}
		fputs("]", out);
		if (c->days) {
			fputs(",\n     \"days\": [", out);
			for (j = 0; j < c->ndays; j++) {
				fputs(j ? ",\n       " : "\n       ", out);
				json_day(out, &c->days[j]);
			}
			fputs("]", out);
		}
		fputs("}", out);
	}
	fputs(r->n ? "\n  ]\n}\n" : "]\n}\n", out);
	return 0;
}

static void cnum(FILE *out, double v, int decimals)
{
	if (!isnan(v))
		fprintf(out, "%.*f", decimals, v);
}

static void csv_score(FILE *out, const char *scope, const struct backtest_container *c, const char *name,
		      const struct backtest_score *s, int64_t step)
{
	char t[40];

	fprintf(out, "%s,", scope);
	emit_csv_cell(out, c ? c->cluster : "");
	fputc(',', out);
	emit_csv_cell(out, c ? c->namespace : "");
	fputc(',', out);
	emit_csv_cell(out, c ? c->workload : "");
	fputc(',', out);
	emit_csv_cell(out, c ? c->container : "");
	fprintf(out, ",%s,%lld,%lld,", name, (long long)s->container_days, (long long)s->oom_days);
	cnum(out, backtest_oom_free_pct(s), 3);
	fprintf(out, ",%s,", s->first_oom == STORE_TIME_UNKNOWN ? "" : rtime_format(s->first_oom, t, sizeof(t)));
	cnum(out, backtest_avg_slack_pct(s), 3);
	fputc(',', out);
	cnum(out, backtest_above_request_pct(s), 3);
	fputc(',', out);
	cnum(out, s->reserved_gib_hours, 3);
	fputc(',', out);
	cnum(out, s->reserved_request_gib_hours, 3);
	fputc(',', out);
	cnum(out, s->used_gib_hours, 3);
	fprintf(out, ",%lld,", (long long)s->changes);
	cnum(out, backtest_changes_per_week(s, step), 3);
	fputc(',', out);
	cnum(out, backtest_avg_clipped_slack_pct(s), 3);
	fputc('\n', out);
}

static int report_backtest_csv(FILE *out, const struct backtest_result *r, int days)
{
	size_t i, j;
	unsigned s;
	char t[40];

	if (days) {
		fputs("day,cluster,namespace,workload,container,strategy,request,limit,p95,max,hours,oom,first_oom,"
		      "relative_slack_pct,time_above_request_pct,changed\n",
		      out);
		for (i = 0; i < r->n; i++)
			for (j = 0; j < r->c[i].ndays; j++) {
				const struct backtest_day *d = &r->c[i].days[j];

				fprintf(out, "%s,", rtime_format(d->day, t, sizeof(t)));
				emit_csv_cell(out, r->c[i].cluster);
				fputc(',', out);
				emit_csv_cell(out, r->c[i].namespace);
				fputc(',', out);
				emit_csv_cell(out, r->c[i].workload);
				fputc(',', out);
				emit_csv_cell(out, r->c[i].container);
				fprintf(out, ",%s,", backtest_strategy_name(d->strategy));
				cnum(out, d->request, 0);
				fputc(',', out);
				cnum(out, d->limit, 0);
				fputc(',', out);
				cnum(out, d->p95, 0);
				fputc(',', out);
				cnum(out, d->max, 0);
				fprintf(out, ",%.0f,%d,%s,", d->hours, d->oom,
					d->first_oom == STORE_TIME_UNKNOWN ? "" : rtime_format(d->first_oom, t, sizeof(t)));
				cnum(out, d->slack * 100, 3);
				fputc(',', out);
				cnum(out, d->above_request * 100, 3);
				fprintf(out, ",%d\n", d->changed);
			}
		return 0;
	}
	fputs("scope,cluster,namespace,workload,container,strategy,container_days,oom_days,oom_free_pct,first_oom,"
	      "avg_relative_slack_pct,time_above_request_pct,reserved_gib_hours,reserved_request_gib_hours,"
	      "used_gib_hours,changes,changes_per_container_week,avg_clipped_slack_pct\n",
	      out);
	for (s = 0; s < BACKTEST_NSTRATEGIES; s++)
		if (shown(r, s))
			csv_score(out, "fleet", NULL, backtest_strategy_name((enum backtest_strategy)s), &r->fleet[s], r->step);
	for (i = 0; i < r->n; i++)
		for (s = 0; s < BACKTEST_NSTRATEGIES; s++)
			if (shown(r, s))
				csv_score(out, "container", &r->c[i], backtest_strategy_name((enum backtest_strategy)s),
					  &r->c[i].score[s], r->step);
	return 0;
}

/* One row's cells: strategy and the summary numbers. */
enum { K_NAME, K_DAYS, K_OOMFREE, K_SLACK, K_ABOVE, K_RES, K_RESREQ, K_USED, K_CHURN, K_FIRST, NK };

static const char *const kheads[NK] = { "STRATEGY", "CONTAINER-DAYS", "OOM-FREE %", "AVG SLACK %", "ABOVE REQ %",
					"RESERVED GiB-h", "REQUESTED GiB-h", "USED GiB-h", "CHANGES/WEEK",
					"FIRST OOM" };

static void fmt(char *buf, size_t n, double v, int decimals)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.*f", decimals, v);
}

static void score_cells(const char *name, const struct backtest_score *s, int64_t step, char cell[NK][48])
{
	snprintf(cell[K_NAME], 48, "%s", name);
	snprintf(cell[K_DAYS], 48, "%lld", (long long)s->container_days);
	fmt(cell[K_OOMFREE], 48, backtest_oom_free_pct(s), 1);
	fmt(cell[K_SLACK], 48, backtest_avg_slack_pct(s), 1);
	fmt(cell[K_ABOVE], 48, backtest_above_request_pct(s), 1);
	fmt(cell[K_RES], 48, s->reserved_gib_hours, 1);
	fmt(cell[K_RESREQ], 48, s->reserved_request_gib_hours, 1);
	fmt(cell[K_USED], 48, s->used_gib_hours, 1);
	fmt(cell[K_CHURN], 48, backtest_changes_per_week(s, step), 2);
	if (s->first_oom == STORE_TIME_UNKNOWN)
		snprintf(cell[K_FIRST], 48, "-");
	else
		rtime_format_short(s->first_oom, cell[K_FIRST], 48);
}

static void rows(FILE *out, const struct backtest_result *r, const struct backtest_score *sc, int markdown)
{
	char cell[BACKTEST_NSTRATEGIES + 1][NK][48];
	size_t w[NK], k, i, nrow = 0;
	unsigned s;

	for (k = 0; k < NK; k++) {
		snprintf(cell[0][k], 48, "%s", kheads[k]);
		w[k] = strlen(kheads[k]);
	}
	nrow = 1;
	for (s = 0; s < BACKTEST_NSTRATEGIES; s++)
		if (shown(r, s))
			score_cells(backtest_strategy_name((enum backtest_strategy)s), &sc[s], r->step, cell[nrow++]);
	for (i = 0; i < nrow; i++)
		for (k = 0; k < NK; k++)
			if (strlen(cell[i][k]) > w[k])
				w[k] = strlen(cell[i][k]);
	for (i = 0; i < nrow; i++) {
		for (k = 0; k < NK; k++) {
			if (markdown)
				fprintf(out, "| %s ", cell[i][k]);
			else if (k == K_NAME || k == K_FIRST)
				fprintf(out, "%s%-*s", k ? "  " : "", k == NK - 1 ? 0 : (int)w[k], cell[i][k]);
			else
				fprintf(out, "  %*s", (int)w[k], cell[i][k]);
		}
		fputs(markdown ? "|\n" : "\n", out);
		if (markdown && i == 0) {
			for (k = 0; k < NK; k++)
				fputs(k == K_NAME || k == K_FIRST ? "|---" : "|---:", out);
			fputs("|\n", out);
		}
	}
}

/* "18 containers, days 2013-08-08 00:00 .. 2013-08-31 00:00 UTC (step 24 h), rightsize history 14 d" */
static void scope_line(FILE *out, const struct backtest_result *r)
{
	char a[32], b[32];

	/* No data, no days: the span would be 1970's. */
	if (!r->n && r->from == r->to) {
		fputs("0 containers, no days", out);
		return;
	}
	fprintf(out, "%zu container%s, days %s .. %s UTC (step %.4g h), rightsize history ", r->n, r->n == 1 ? "" : "s",
		rtime_format_short(r->from, a, sizeof(a)), rtime_format_short(r->to, b, sizeof(b)),
		(double)r->step / 3600000.0);
	if (r->history)
		fprintf(out, "%.4g d", (double)r->history / (double)RTIME_DAY_MS);
	else
		fputs("all data", out);
}

static const char no_days[] = "No container has samples in the days scored: ingest exports first, or widen --from/--to.";

static int report_backtest_text(FILE *out, const struct backtest_result *r, int per_container, int markdown)
{
	size_t i;

	fputs(markdown ? "# rightsize backtest\n\n" : "rightsize backtest: ", out);
	scope_line(out, r);
	fputc('\n', out);
	if (!r->n) {
		fprintf(out, "%s%s\n", markdown ? "\n" : "", no_days);
		return 0;
	}
	fputc('\n', out);
	rows(out, r, r->fleet, markdown);
	if (!per_container)
		return 0;
	for (i = 0; i < r->n; i++) {
		const struct backtest_container *c = &r->c[i];

		size_t len = strlen(c->cluster) + strlen(c->namespace) + strlen(c->workload) + strlen(c->container) + 4;
		char *name = rs_malloc(len);

		snprintf(name, len, "%s%s%s%s%s%s%s", c->cluster, *c->cluster ? ":" : "", c->namespace,
			 *c->namespace ? "/" : "", c->workload, *c->container ? " " : "", c->container);
		if (markdown) {
			/* A name is data: it must not end the heading or bring HTML into it. */
			fputs("\n## ", out);
			report_md_cell(out, name);
			fputs("\n\n", out);
		} else {
			fprintf(out, "\n%s\n", name);
		}
		free(name);
		rows(out, r, c->score, markdown);
	}
	return 0;
}

/* The same columns as the terminal's, headed as in prose. */
static const char *const html_heads[NK] = { "Strategy", "Container-days", "OOM-free %", "Avg slack %",
					    "Above request %", "Reserved GiB&middot;h", "Requested GiB&middot;h",
					    "Used GiB&middot;h", "Changes / week", "First OOM" };

/* One table of strategies (the fleet's or a container's); numbers right-aligned. */
static void html_rows(FILE *out, const struct backtest_result *r, const struct backtest_score *sc)
{
	char cell[NK][48];
	size_t k;
	unsigned s;

	fputs("<div class=\"wide\"><table class=\"plain\">\n<thead><tr>", out);
	for (k = 0; k < NK; k++)
		fprintf(out, k == K_NAME || k == K_FIRST ? "<th>%s</th>" : "<th class=\"n\">%s</th>", html_heads[k]);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (s = 0; s < BACKTEST_NSTRATEGIES; s++) {
		if (!shown(r, s))
			continue;
		score_cells(backtest_strategy_name((enum backtest_strategy)s), &sc[s], r->step, cell);
		fputs("<tr>", out);
		for (k = 0; k < NK; k++) {
			fputs(k == K_NAME || k == K_FIRST ? "<td>" : "<td class=\"n\">", out);
			html_escape(out, cell[k]);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
}

static int report_backtest_html(FILE *out, const struct backtest_result *r, int per_container)
{
	size_t i;

	html_page_begin(out, "rightsize backtest", NULL);
	fputs("<p>", out);
	scope_line(out, r);
	fputs(".</p>\n", out);
	if (!r->n) {
		fprintf(out, "<p>%s</p>\n", no_days);
		html_page_end(out, NULL);
		return 0;
	}
	fputs("<p class=\"muted\">Each strategy recommends from the data before a day only; the day scores it, per "
	      "container. <b>OOM-free</b>: the share of container-days with no sample above the limit (for "
	      "<code>current</code>, and no OOM kill stored). <b>Avg "
	      "slack</b>: (limit &minus; the day's p95) / limit, averaged. <b>Above request</b>: the share of time usage "
	      "sat above the request. <b>Reserved</b>, <b>requested</b>, <b>used</b>: limit, request and mean usage "
	      "&times; pod-hours. <b>Changes / week</b>: how often the recommendation moved. <code>peak</code> and "
	      "<code>hindsight</code> look ahead and are references only.</p>\n",
	      out);
	fputs("<h2>Fleet</h2>\n", out);
	html_rows(out, r, r->fleet);
	for (i = 0; per_container && i < r->n; i++) {
		const struct backtest_container *c = &r->c[i];

		fputs("<h2>", out);
		if (*c->cluster) {
			html_escape(out, c->cluster);
			fputc(':', out);
		}
		if (*c->namespace) {
			html_escape(out, c->namespace);
			fputc('/', out);
		}
		html_escape(out, c->workload);
		if (*c->container) {
			fputc(' ', out);
			html_escape(out, c->container);
		}
		fputs("</h2>\n", out);
		html_rows(out, r, c->score);
	}
	html_page_end(out, NULL);
	return 0;
}

int report_backtest(FILE *out, enum report_format f, const struct backtest_result *r, int per_container)
{
	int rc;

	switch (f) {
	case REPORT_JSON: rc = report_backtest_json(out, r); break;
	case REPORT_CSV: rc = report_backtest_csv(out, r, r->days); break;
	case REPORT_MARKDOWN: rc = report_backtest_text(out, r, per_container, 1); break;
	case REPORT_HTML: rc = report_backtest_html(out, r, per_container); break;
	default: rc = report_backtest_text(out, r, per_container, 0); break;
	}
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return rc;
}
