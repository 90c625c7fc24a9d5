/*
 * json.c - the JSON report: a documented contract (docs/report-json.md).
 * Sizes are integer bytes, times RFC 3339 UTC, unknown is null. Fields are
 * only ever added, never renamed.
 */
#include "report.h"
#include "../util/emit.h"
#include "../util/rtime.h"

#include <math.h>
#include <stdio.h>

/* "" means unknown for identity labels. */
static void jlabel(FILE *out, const char *s)
{
	if (*s)
		emit_json_string(out, s);
	else
		fputs("null", out);
}

static void jsize(FILE *out, double v)
{
	if (!isfinite(v))
		fputs("null", out);
	else
		fprintf(out, "%.0f", ceil(v));
}

static void jtime(FILE *out, int64_t ms)
{
	char buf[40];

	emit_json_string(out, rtime_format(ms, buf, sizeof(buf)));
}

int report_json(FILE *out, const struct model_result *r, const struct report_meta *m)
{
	size_t i, j;

	fputs("{\n  \"generated_at\": ", out);
	jtime(out, m->generated_at);
	fputs(",\n  \"window\": {\"from\": ", out);
	if (r->n)
		jtime(out, r->from);
	else
		fputs("null", out);
	fputs(", \"to\": ", out);
	if (r->n)
		jtime(out, r->to);
	else
		fputs("null", out);
	fprintf(out, "},\n  \"sources\": {\"files\": %lld, \"series\": %lld, \"samples\": %lld, \"oom_events\": %lld},\n",
		(long long)m->totals.files, (long long)m->totals.series, (long long)m->totals.samples,
		(long long)m->totals.events);
	if (r->kills < 0)
		fputs("  \"oom_kills\": null,\n", out);
	else
		fprintf(out, "  \"oom_kills\": {\"total\": %lld, \"unattributed\": %lld, \"attributed\": %lld},\n",
			(long long)r->kills, (long long)r->unattributed_kills, (long long)(r->kills - r->unattributed_kills));
	fputs("  \"workloads\": [", out);
	for (i = 0; i < r->n; i++) {
		const struct model_container *c = &r->c[i];

		fputs(i ? ",\n    {" : "\n    {", out);
		fputs("\"cluster\": ", out);
		jlabel(out, c->cluster);
		fputs(", \"namespace\": ", out);
		jlabel(out, c->namespace);
		fputs(", \"workload\": ", out);
		jlabel(out, c->workload);
		fputs(", \"workload_kind\": ", out);
		emit_json_string(out, c->workload_kind);
		fputs(", \"container\": ", out);
		jlabel(out, c->container);
		fprintf(out, ",\n     \"pods\": %zu, \"samples\": %lld, \"first\": ", c->pods, (long long)c->samples);
		jtime(out, c->first);
		fputs(", \"last\": ", out);
		jtime(out, c->last);
		fputs(", \"basis\": ", out);
		jlabel(out, c->basis);
		fputs(",\n     \"usage\": {\"p50\": ", out);
		jsize(out, c->usage.p50);
		fputs(", \"p90\": ", out);
		jsize(out, c->usage.p90);
		fputs(", \"p95\": ", out);
		jsize(out, c->usage.p95);
		fputs(", \"p99\": ", out);
		jsize(out, c->usage.p99);
		fputs(", \"max\": ", out);
		jsize(out, c->usage.max);
		fputs("},\n     \"current\": {\"request\": ", out);
		jsize(out, c->current_request);
		fputs(", \"limit\": ", out);
		jsize(out, c->current_limit);
		fputs("},\n     \"recommended\": {\"request\": ", out);
		jsize(out, c->request);
		fputs(", \"limit\": ", out);
		jsize(out, c->limit);
		fprintf(out, ", \"request_action\": \"%s\", \"limit_action\": \"%s\"}", c->keep_request ? "keep" : "change",
			c->keep_limit ? "keep" : "change");
		fprintf(out, ",\n     \"confidence\": {\"score\": %.2f, \"level\": \"%s\", \"intervals\": %lld}",
			c->confidence, c->confidence_level ? c->confidence_level : "low", (long long)c->intervals);
		fprintf(out, ", \"leak_suspected\": %s", c->leak ? "true" : "false");
		fputs(",\n     \"previous\": ", out);
		if (!c->prev_at) {
			fputs("null", out);
		} else {
			fputs("{\"at\": ", out);
			jtime(out, c->prev_at);
			fputs(", \"request\": ", out);
			jsize(out, c->prev_request);
			fputs(", \"limit\": ", out);
			jsize(out, c->prev_limit);
			fputc('}', out);
		}
		fputs(",\n     \"explanation\": ", out);
		emit_json_string(out, c->explanation);
		if (c->oom_kills < 0)
			fputs(",\n     \"oom_kills\": null,", out);
		else
			fprintf(out, ",\n     \"oom_kills\": %lld,", (long long)c->oom_kills);
		fputs(" \"last_oom_kill\": ", out);
		if (c->last_kill == STORE_TIME_UNKNOWN)
			fputs("null", out);
		else
			jtime(out, c->last_kill);
		fputs(", \"limit_at_kill\": ", out);
		jsize(out, c->kill_limit);
		fputs(",\n     \"flags\": [", out);
		for (j = 0; j < c->nflags; j++) {
			fputs(j ? ",\n       {\"code\": " : "\n       {\"code\": ", out);
			emit_json_string(out, c->flags[j].code);
			fputs(", \"severity\": ", out);
			emit_json_string(out, model_severity_name(c->flags[j].severity));
			fputs(", \"message\": ", out);
			emit_json_string(out, c->flags[j].message);
			fputc('}', out);
		}
		fputs(c->nflags ? "]}" : "]}", out);
	}
	fputs(r->n ? "\n  ]\n}\n" : "]\n}\n", out);
	return 0;
}
