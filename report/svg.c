/*
 * svg.c - one usage chart per container, as SVG text (see svg.h).
 *
 * Only scaling and drawing: the band, the settings and the kill times are
 * the model's; the axis range and ticks are chosen here to fit them.
 */
#include "svg.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <math.h>
#include <string.h>

#define W 720.0
#define H 220.0
#define ML 64.0 /* left margin: y labels */
#define MR 16.0
#define MT 12.0
#define MB 34.0 /* bottom margin: x labels and legend */

void html_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default:
			/* Control characters other than tab and newlines are not allowed in XML. */
			if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
				fputc(' ', out);
			else
				fputc(*s, out);
		}
	}
}

struct scale {
	double t0, t1, y1; /* time range (ms) and the top of the y axis (bytes); y starts at 0 */
};

static double px(const struct scale *s, double t)
{
	return ML + (t - s->t0) / (s->t1 - s->t0) * (W - ML - MR);
}

static double py(const struct scale *s, double v)
{
	return H - MB - v / s->y1 * (H - MT - MB);
}

static double bigger(double a, double b)
{
	return isfinite(b) && b > a ? b : a;
}

/* A round step giving about four ticks up to top: 1, 2, 5 x 10^k Gi, 256 or 512Mi, or 1, 2, 5 x 10^k Mi. */
static double y_step(double top)
{
	double raw = top / 4, unit, p, m;

	if (raw > 512 * UNITS_MI)
		unit = UNITS_GI;
	else if (raw > 128 * UNITS_MI)
		return raw > 256 * UNITS_MI ? 512 * UNITS_MI : 256 * UNITS_MI;
	else
		unit = UNITS_MI;
	raw /= unit;
	p = pow(10, floor(log10(raw)));
	m = raw / p;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p * unit;
}

static void hline(FILE *out, const struct scale *s, double v, const char *cls, const char *what)
{
	char b[32];

	if (!isfinite(v))
		return;
	fprintf(out, "<line class=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"><title>%s %s</title></line>\n",
		cls, ML, W - MR, py(s, v), py(s, v), what, units_format_quantity(v, b, sizeof(b)));
}

void svg_chart(FILE *out, const struct model_container *c, int standalone)
{
	struct scale s;
	double w = 0, step, v;
	int64_t tick, dt;
	size_t i, j;
	char b[40];
	static const int64_t hour = 3600000;

	/* The time range: the data's span and every kill. */
	s.t0 = (double)c->first;
	s.t1 = (double)c->last;
	for (i = 1; i < c->nband; i++) {
		double d = (double)(c->band[i].t - c->band[i - 1].t);

		if (w == 0 || d < w)
			w = d;
	}
	if (w == 0)
		w = 300000;
	for (i = 0; i < c->nband; i++) {
		if ((double)c->band[i].t < s.t0)
			s.t0 = (double)c->band[i].t;
		s.t1 = bigger(s.t1, (double)c->band[i].t + w);
	}
	for (i = 0; i < c->nkill_at; i++) {
		if ((double)c->kill_at[i] < s.t0)
			s.t0 = (double)c->kill_at[i];
		s.t1 = bigger(s.t1, (double)c->kill_at[i]);
	}
	if (s.t1 <= s.t0)
		s.t1 = s.t0 + (double)hour;
	/* The value range: usage and every setting drawn. */
	s.y1 = 0;
	for (i = 0; i < c->nband; i++)
		s.y1 = bigger(s.y1, c->band[i].hi);
	s.y1 = bigger(s.y1, c->usage.max);
	s.y1 = bigger(s.y1, c->current_request);
	s.y1 = bigger(s.y1, c->current_limit);
	s.y1 = bigger(s.y1, c->request);
	s.y1 = bigger(s.y1, c->limit);
	if (s.y1 <= 0)
		s.y1 = UNITS_MI;
	step = y_step(s.y1 * 1.05);
	s.y1 = ceil(s.y1 * 1.05 / step) * step;

	if (standalone)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<svg xmlns=\"http://www.w3.org/2000/svg\" ",
		      out);
	else
		fputs("<svg ", out);
	fprintf(out, "class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"", W,
		H, W, H);
	fputs("memory usage of ", out);
	html_escape(out, *c->workload ? c->workload : "-");
	fputs(" container ", out);
	html_escape(out, *c->container ? c->container : "-");
	fputs("\" font-family=\"sans-serif\" font-size=\"11\">\n", out);
	fputs("<style>.band{fill:#9ecae1;stroke:#3182bd;stroke-width:.6}.grid{stroke:#e5e5e5}"
	      ".axis{stroke:#555}.req{stroke:#2c7d32;stroke-width:1.6}.lim{stroke:#c62828;stroke-width:1.6}"
	      ".rreq{stroke:#2c7d32;stroke-width:1.6;stroke-dasharray:6 4}"
	      ".rlim{stroke:#c62828;stroke-width:1.6;stroke-dasharray:6 4}.kill{fill:#d32f2f;stroke:#fff}"
	      "text{fill:#333}</style>\n",
	      out);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>\n", W, H);
	/* y axis: grid lines and sizes. */
	for (v = 0; v <= s.y1 + step / 2; v += step)
		fprintf(out,
			"<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
			"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			ML, W - MR, py(&s, v), py(&s, v), ML - 6, py(&s, v) + 4,
			v == 0 ? "0" : units_format_size(v, b, sizeof(b)));
	/* x axis: at most 8 ticks at round times (whole days for long spans), labelled in UTC. */
	{
		static const int64_t steps[] = { 60000, 120000, 300000, 600000, 900000, 1800000, 3600000,
						 7200000, 10800000, 21600000, 43200000 };
		int days = s.t1 - s.t0 >= 2.0 * (double)RTIME_DAY_MS;

		dt = 0;
		for (i = 0; i < sizeof(steps) / sizeof(steps[0]) && !dt; i++)
			if ((s.t1 - s.t0) / (double)steps[i] <= 8)
				dt = steps[i];
		if (days || !dt)
			dt = RTIME_DAY_MS * (int64_t)ceil((s.t1 - s.t0) / (double)RTIME_DAY_MS / 8);
		tick = model_floor_div((int64_t)s.t0, dt) * dt;
		if ((double)tick < s.t0)
			tick += dt;
		for (; (double)tick <= s.t1; tick += dt) {
			double x = px(&s, (double)tick);

			rtime_format_short(tick, b, sizeof(b));
			if (days)
				b[10] = '\0'; /* "2026-11-14": the date is enough */
			fprintf(out,
				"<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
				"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n",
				x, x, MT, H - MB, x, H - MB + 14, x > W - MR - 36 ? "end" : "middle", b + 5);
		}
	}
	fprintf(out, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>\n", ML, W - MR, H - MB, H - MB);
	fprintf(out, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>\n", ML, ML, MT, H - MB);
	/* The band: one polygon per run of buckets without a gap, as steps. */
	for (i = 0; i < c->nband; i = j) {
		size_t k;

		for (j = i + 1; j < c->nband && (double)(c->band[j].t - c->band[j - 1].t) <= 1.5 * w; j++)
			;
		fputs("<polygon class=\"band\" points=\"", out);
		for (k = i; k < j; k++)
			fprintf(out, "%.1f,%.1f %.1f,%.1f ", px(&s, (double)c->band[k].t), py(&s, c->band[k].hi),
				px(&s, (double)c->band[k].t + w), py(&s, c->band[k].hi));
		for (k = j; k-- > i;)
			fprintf(out, "%.1f,%.1f %.1f,%.1f%s", px(&s, (double)c->band[k].t + w), py(&s, c->band[k].lo),
				px(&s, (double)c->band[k].t), py(&s, c->band[k].lo), k > i ? " " : "");
		fputs("\"/>\n", out);
	}
	hline(out, &s, c->current_request, "req", "current request");
	hline(out, &s, c->current_limit, "lim", "current limit");
	hline(out, &s, c->request, "rreq", "recommended request");
	hline(out, &s, c->limit, "rlim", "recommended limit");
	for (i = 0; i < c->nkill_at; i++) {
		double x = px(&s, (double)c->kill_at[i]);

		fprintf(out,
			"<g class=\"kill\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d32f2f\" "
			"stroke-width=\"1\"/><path d=\"M%.1f %.1f l-5 -9 h10 z\"><title>OOM kill %s</title></path></g>\n",
			x, x, MT, H - MB, x, MT + 9, rtime_format(c->kill_at[i], b, sizeof(b)));
	}
	/* Legend. */
	{
		static const struct {
			const char *cls, *text;
		} leg[] = { { "req", "request" }, { "lim", "limit" }, { "rreq", "rec. request" },
			    { "rlim", "rec. limit" } };
		double x = ML;

		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"8\" class=\"band\"/>"
			     "<text x=\"%.1f\" y=\"%.1f\">usage (min-max across pods)</text>\n",
			x, H - 12, x + 18, H - 4);
		x += 195;
		for (i = 0; i < sizeof(leg) / sizeof(leg[0]); i++) {
			fprintf(out,
				"<line class=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
				"<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
				leg[i].cls, x, x + 20, H - 8, H - 8, x + 24, H - 4, leg[i].text);
			x += 24 + 6.2 * (double)strlen(leg[i].text) + 12;
		}
		if (c->nkill_at)
			fprintf(out, "<path d=\"M%.1f %.1f l-5 -9 h10 z\" class=\"kill\"/><text x=\"%.1f\" y=\"%.1f\">OOM kill</text>\n",
				x + 5, H - 3, x + 12, H - 4);
	}
	fputs("</svg>\n", out);
}
