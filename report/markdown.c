/*
 * markdown.c - the report for review documents and wikis. Written to a
 * file (-o review.md), each flagged container's chart goes beside it as
 * review-charts/N.svg, linked from its finding.
 */
#include "report.h"
#include "svg.h"
#include "../util/log.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes dir/n.svg and links it as rel/n.svg (percent-encoded but for unreserved characters). */
static int chart_file(FILE *out, const struct model_container *c, const char *dir, const char *rel, size_t n)
{
	char path[4200];
	const char *s;
	FILE *f;
	int bad;

	snprintf(path, sizeof(path), "%s/%zu.svg", dir, n);
	f = fopen(path, "w");
	if (!f) {
		rs_error("%s: cannot write: %s", path, strerror(errno));
		return -1;
	}
	svg_chart(f, c, 1);
	bad = ferror(f) != 0;
	if (fclose(f) != 0 || bad) {
		rs_error("%s: write failed", path);
		return -1;
	}
	fputs("\n![usage, request and limit over time](", out);
	for (s = rel; *s; s++) {
		if (isalnum((unsigned char)*s) || strchr("-._~/", *s))
			fputc(*s, out);
		else
			fprintf(out, "%%%02X", (unsigned)(unsigned char)*s);
	}
	fprintf(out, "/%zu.svg)\n\n", n);
	return 0;
}

int report_markdown(FILE *out, const struct model_result *r, const struct report_meta *m)
{
	size_t i, j, counts[3];
	char a[40], b[40], c1[32], c2[32], c3[32], c4[32], c5[32], c6[32], c7[32];

	fputs("# rightsize: memory requests and limits\n\n", out);
	fprintf(out, "Generated %s. Window %s .. %s (UTC). %lld file%s, %lld series, %lld samples stored.\n\n",
		rtime_format(m->generated_at, a, sizeof(a)), r->n ? rtime_format_short(r->from, b, sizeof(b)) : "-",
		r->n ? rtime_format_short(r->to, c1, sizeof(c1)) : "-", (long long)m->totals.files,
		m->totals.files == 1 ? "" : "s", (long long)m->totals.series, (long long)m->totals.samples);
	report_count_findings(r, counts);
	fprintf(out, "**%zu container%s**: %zu critical, %zu warning and %zu info findings. ", r->n, r->n == 1 ? "" : "s",
		counts[MODEL_CRITICAL], counts[MODEL_WARNING], counts[MODEL_INFO]);
	report_kills_line(out, r);
	fputc('\n', out);
	if (!r->n)
		return 0;
	fprintf(out, "| %s | Workload | Container | Pods | p50 | p95 | Max | Request | Limit | OOM kills "
		     "| Recommended request | Recommended limit | Flags |\n",
		report_any_cluster(r) ? "Cluster:namespace" : "Namespace");
	fputs("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n", out);
	for (i = 0; i < r->n; i++) {
		const struct model_container *c = &r->c[i];
		char flags[512], kills[24];

		fputs("| ", out);
		if (*c->cluster) {
			report_md_cell(out, c->cluster);
			fputc(':', out);
		}
		report_md_cell(out, *c->namespace ? c->namespace : "-");
		fputs(" | ", out);
		report_md_cell(out, *c->workload ? c->workload : "-");
		fputs(" | ", out);
		report_md_cell(out, *c->container ? c->container : "-");
		report_flag_codes(c, flags, sizeof(flags));
		if (c->oom_kills < 0)
			snprintf(kills, sizeof(kills), "-");
		else
			snprintf(kills, sizeof(kills), "%lld", (long long)c->oom_kills);
		fprintf(out, " | %zu | %s | %s | %s | %s | %s | %s | **%s** | **%s** | %s |\n", c->pods,
			units_format_size(c->usage.p50, c1, sizeof(c1)), units_format_size(c->usage.p95, c2, sizeof(c2)),
			units_format_size(c->usage.max, c3, sizeof(c3)),
			units_format_quantity(c->current_request, c4, sizeof(c4)),
			units_format_quantity(c->current_limit, c5, sizeof(c5)), kills,
			units_format_quantity(c->request, c6, sizeof(c6)), units_format_quantity(c->limit, c7, sizeof(c7)),
			*flags ? flags : "-");
	}
	fputs("\n## Findings and reasons\n", out);
	for (i = 0; i < r->n; i++) {
		const struct model_container *c = &r->c[i];
		char *name = report_name(c), since[200];

		fputs("\n### ", out);
		report_md_code(out, name);
		free(name);
		fputs(" container ", out);
		report_md_code(out, *c->container ? c->container : "-");
		fputc('\n', out);
		if (m->chart_dir && c->nflags) {
			if (chart_file(out, c, m->chart_dir, m->chart_link, i + 1))
				return -1;
		} else {
			fputc('\n', out);
		}
		fputs("- ", out);
		report_md_cell(out, c->explanation);
		fputc('\n', out);
		report_since(c, since, sizeof(since));
		if (*since)
			fprintf(out, "- changed: %s\n", since);
		for (j = 0; j < c->nflags; j++) {
			fprintf(out, "- **%s** `%s`: ", model_severity_name(c->flags[j].severity), c->flags[j].code);
			report_md_cell(out, c->flags[j].message);
			fputc('\n', out);
		}
	}
	return 0;
}
