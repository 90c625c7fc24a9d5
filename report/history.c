/*
 * history.c - `rightsize history`: a container's recommendations over the
 * report runs that made them, oldest window first. Each row carries the
 * window end (as_of) it was made for, beside when it was rendered (at):
 * runs are told apart by their window, and a window replayed later with
 * --as-of is generated after windows that end after it.
 */
#include "report.h"
#include "../util/emit.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void bytes(FILE *out, double v)
{
	if (isnan(v))
		fputs("null", out);
	else
		fprintf(out, "%.0f", v);
}

int report_history(FILE *out, enum report_format f, const struct store_history_row *h, size_t n)
{
	size_t i;
	char t[40], w[40], a[32], b[32], c[32], d[32];

	if (f == REPORT_JSON) {
		fputs("{\"history\": [", out);
		for (i = 0; i < n; i++) {
			fputs(i ? ",\n  {\"at\": " : "\n  {\"at\": ", out);
			emit_json_string(out, rtime_format(h[i].at, t, sizeof(t)));
			fputs(", \"as_of\": ", out);
			emit_json_string(out, rtime_format(h[i].as_of, t, sizeof(t)));
			fputs(", \"cluster\": ", out);
			emit_json_string(out, h[i].cluster);
			fputs(", \"namespace\": ", out);
			emit_json_string(out, h[i].namespace);
			fputs(", \"workload\": ", out);
			emit_json_string(out, h[i].workload);
			fputs(", \"workload_kind\": ", out);
			emit_json_string(out, h[i].workload_kind);
			fputs(", \"container\": ", out);
			emit_json_string(out, h[i].container);
			fputs(", \"recommended\": {\"request\": ", out);
			bytes(out, h[i].request);
			fputs(", \"limit\": ", out);
			bytes(out, h[i].limit);
			fputs("}, \"current\": {\"request\": ", out);
			bytes(out, h[i].current_request);
			fputs(", \"limit\": ", out);
			bytes(out, h[i].current_limit);
			fputs("}, \"flags\": ", out);
			emit_json_string(out, h[i].flags);
			fputc('}', out);
		}
		fputs(n ? "\n]}\n" : "]}\n", out);
	} else if (f == REPORT_CSV) {
		fputs("at,cluster,namespace,workload,workload_kind,container,recommended_request,recommended_limit,"
		      "current_request,current_limit,flags,as_of\n",
		      out);
		for (i = 0; i < n; i++) {
			const char *cells[] = { h[i].cluster, h[i].namespace, h[i].workload, h[i].workload_kind,
						h[i].container };
			double nums[] = { h[i].request, h[i].limit, h[i].current_request, h[i].current_limit };
			size_t k;

			fputs(rtime_format(h[i].at, t, sizeof(t)), out);
			for (k = 0; k < 5; k++) {
				fputc(',', out);
				emit_csv_cell(out, cells[k]);
			}
			for (k = 0; k < 4; k++) {
				fputc(',', out);
				if (!isnan(nums[k]))
					fprintf(out, "%.0f", nums[k]);
			}
			fputc(',', out);
			emit_csv_cell(out, h[i].flags);
			/* Last, so the columns before keep their places for scripts that read them. */
			fputc(',', out);
			fputs(rtime_format(h[i].as_of, t, sizeof(t)), out);
			fputc('\n', out);
		}
	} else {
		if (!n) {
			fputs("No report run has recommended anything for these containers yet.\n", out);
			return 0;
		}
		for (i = 0; i < n; i++) {
			/* A heading for each container. */
			if (i == 0 || strcmp(h[i].cluster, h[i - 1].cluster) || strcmp(h[i].namespace, h[i - 1].namespace) ||
			    strcmp(h[i].workload, h[i - 1].workload) || strcmp(h[i].workload_kind, h[i - 1].workload_kind) ||
			    strcmp(h[i].container, h[i - 1].container))
				fprintf(out, "%s%s%s%s%s%s [%s]\n  %-16s  %-16s  %10s  %10s  %11s  %10s  %s\n", i ? "\n" : "",
					h[i].cluster, *h[i].cluster ? ":" : "", h[i].namespace, *h[i].namespace ? "/" : "",
					h[i].workload, *h[i].container ? h[i].container : "-", "AS OF (UTC)", "RUN (UTC)",
					"REQUEST", "LIMIT", "REC REQUEST", "REC LIMIT", "FLAGS");
			fprintf(out, "  %-16s  %-16s  %10s  %10s  %11s  %10s  %s\n",
				rtime_format_short(h[i].as_of, w, sizeof(w)), rtime_format_short(h[i].at, t, sizeof(t)),
				units_format_quantity(h[i].current_request, a, sizeof(a)),
				units_format_quantity(h[i].current_limit, b, sizeof(b)),
				units_format_quantity(h[i].request, c, sizeof(c)), units_format_quantity(h[i].limit, d, sizeof(d)),
				*h[i].flags ? h[i].flags : "-");
		}
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
