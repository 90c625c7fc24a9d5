/* csv.c - one row per container; sizes in bytes, unknown cells empty. */
#include "report.h"
#include "../util/emit.h"
#include "../util/rtime.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void csize(FILE *out, double v)
{
	if (!isnan(v))
		fprintf(out, "%.0f", ceil(v));
}

int report_csv(FILE *out, const struct model_result *r, const struct report_meta *m)
{
	size_t i;
	char a[40], flags[512];

	(void)m;
	fputs("cluster,namespace,workload,workload_kind,container,pods,samples,first,last,basis,"
	      "p50,p90,p95,p99,max,current_request,current_limit,recommended_request,recommended_limit,"
	      "oom_kills,severity,flags\n",
	      out);
	for (i = 0; i < r->n; i++) {
		const struct model_container *c = &r->c[i];

		emit_csv_cell(out, c->cluster);
		fputc(',', out);
		emit_csv_cell(out, c->namespace);
		fputc(',', out);
		emit_csv_cell(out, c->workload);
		fputc(',', out);
		emit_csv_cell(out, c->workload_kind);
		fputc(',', out);
		emit_csv_cell(out, c->container);
		fprintf(out, ",%zu,%lld,", c->pods, (long long)c->samples);
		fputs(rtime_format(c->first, a, sizeof(a)), out);
		fputc(',', out);
		fputs(rtime_format(c->last, a, sizeof(a)), out);
		fputc(',', out);
		emit_csv_cell(out, c->basis);
		fputc(',', out);
		csize(out, c->usage.p50);
		fputc(',', out);
		csize(out, c->usage.p90);
		fputc(',', out);
		csize(out, c->usage.p95);
		fputc(',', out);
		csize(out, c->usage.p99);
		fputc(',', out);
		csize(out, c->usage.max);
		fputc(',', out);
		csize(out, c->current_request);
		fputc(',', out);
		csize(out, c->current_limit);
		fputc(',', out);
		csize(out, c->request);
		fputc(',', out);
		csize(out, c->limit);
		if (c->oom_kills >= 0)
			fprintf(out, ",%lld", (long long)c->oom_kills);
		else
			fputc(',', out);
		fprintf(out, ",%s,", c->nflags ? model_severity_name(c->worst) : "");
		report_flag_codes(c, flags, sizeof(flags));
		emit_csv_cell(out, flags);
		fputc('\n', out);
	}
	return 0;
}
