/* report.c - format dispatch, presentation order, shared helpers. */
#include "report.h"
#include "../util/log.h"
#include "../util/rtime.h"
#include "../util/units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = { "table", "json", "csv", "markdown", "kubectl", "patch", "html" };

const char *report_format_name(enum report_format f)
{
	return (unsigned)f < sizeof(format_names) / sizeof(*format_names) ? format_names[f] : "?";
}

int report_format_of_path(const char *path, enum report_format *f)
{
	const char *dot = path ? strrchr(path, '.') : NULL;

	if (!dot || strchr(dot, '/'))
		return -1;
	if (strcmp(dot, ".md") == 0 || strcmp(dot, ".markdown") == 0)
		*f = REPORT_MARKDOWN;
	else if (strcmp(dot, ".json") == 0)
		*f = REPORT_JSON;
	else if (strcmp(dot, ".csv") == 0)
		*f = REPORT_CSV;
	else if (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0)
		*f = REPORT_HTML;
	else
		return -1;
	return 0;
}

int report_format_parse(const char *name, enum report_format *f)
{
	if (strcmp(name, "table") == 0)
		*f = REPORT_TABLE;
	else if (strcmp(name, "json") == 0)
		*f = REPORT_JSON;
	else if (strcmp(name, "csv") == 0)
		*f = REPORT_CSV;
	else if (strcmp(name, "markdown") == 0 || strcmp(name, "md") == 0)
		*f = REPORT_MARKDOWN;
	else if (strcmp(name, "kubectl") == 0)
		*f = REPORT_KUBECTL;
	else if (strcmp(name, "patch") == 0)
		*f = REPORT_PATCH;
	else if (strcmp(name, "html") == 0)
		*f = REPORT_HTML;
	else
		return -1;
	return 0;
}

static int by_severity_then_name(const void *pa, const void *pb)
{
	const struct model_container *a = pa, *b = pb;
	int d;

	if (a->worst != b->worst && (a->nflags || b->nflags))
		return (int)b->worst - (int)a->worst;
	if ((d = strcmp(a->cluster, b->cluster)) || (d = strcmp(a->namespace, b->namespace)) ||
	    (d = strcmp(a->workload, b->workload)))
		return d;
	return strcmp(a->container, b->container);
}

static int by_name(const void *pa, const void *pb)
{
	const struct model_container *a = pa, *b = pb;
	int d;

	if ((d = strcmp(a->cluster, b->cluster)) || (d = strcmp(a->namespace, b->namespace)) ||
	    (d = strcmp(a->workload, b->workload)))
		return d;
	return strcmp(a->container, b->container);
}

/* Most idle memory first (unknown last), then by name. */
static int by_waste(const void *pa, const void *pb)
{
	const struct model_container *a = pa, *b = pb;
	double x = isnan(a->idle) ? -1 : a->idle, y = isnan(b->idle) ? -1 : b->idle;

	if (x != y)
		return x < y ? 1 : -1;
	return by_name(pa, pb);
}

int report_write(FILE *out, enum report_format f, struct model_result *r, const struct report_meta *m)
{
	struct model_result view = *r;
	size_t i;
	int rc;

	qsort(r->c, r->n, sizeof(*r->c),
	      m->sort == REPORT_SORT_WASTE ? by_waste : m->sort == REPORT_SORT_NAME ? by_name : by_severity_then_name);
	/* The containers shown: a copy of the array (the strings stay r's). */
	view.c = malloc((r->n ? r->n : 1) * sizeof(*view.c));
	if (!view.c)
		return -1;
	view.n = 0;
	for (i = 0; i < r->n; i++) {
		if (m->min_severity >= 0 && (!r->c[i].nflags || (int)r->c[i].worst < m->min_severity))
			continue;
		if (m->top && view.n == m->top)
			break;
		view.c[view.n++] = r->c[i];
	}
	switch (f) {
	case REPORT_JSON: rc = report_json(out, &view, m); break;
	case REPORT_CSV: rc = report_csv(out, &view, m); break;
	case REPORT_MARKDOWN: rc = report_markdown(out, &view, m); break;
	case REPORT_KUBECTL: rc = report_kubectl(out, &view, m); break;
	case REPORT_PATCH: rc = report_patch(out, &view, m); break;
	case REPORT_HTML: rc = report_html(out, &view, m); break;
	default: rc = report_table(out, &view, m); break;
	}
	free(view.c);
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return rc;
}

char *report_name(const struct model_container *c)
{
	size_t n = strlen(c->cluster) + strlen(c->namespace) + strlen(c->workload) + 3;
	char *buf = rs_malloc(n);

	snprintf(buf, n, "%s%s%s%s%s", c->cluster, *c->cluster ? ":" : "", c->namespace, *c->namespace ? "/" : "",
		 c->workload);
	return buf;
}

char *report_term_safe(char *s)
{
	char *p;

	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return s;
}

void report_md_cell(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '\\')
			fprintf(out, "\\%c", *s); /* a lone backslash would escape the pipe's escape */
		else if (*s == '<')
			fputs("&lt;", out); /* no HTML from the data */
		else if (*s == '&')
			fputs("&amp;", out);
		else if (*s == '\n' || *s == '\r')
			fputc(' ', out);
		else
			fputc(*s, out);
	}
}

void report_md_code(FILE *out, const char *s)
{
	size_t run = 0, longest = 0, i, n = strlen(s);
	int pad;

	for (i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	/*
	 * CommonMark: a fence one backtick longer than any run inside; a space
	 * inside the fence where the text touches it, or where the text starts
	 * and ends with a space (one of each would be stripped).
	 */
	pad = n && (s[0] == '`' || s[n - 1] == '`' || (s[0] == ' ' && s[n - 1] == ' ' && strspn(s, " ") < n));
	for (i = 0; i <= longest; i++)
		fputc('`', out);
	if (pad)
		fputc(' ', out);
	for (i = 0; i < n; i++)
		fputc(s[i] == '\n' || s[i] == '\r' ? ' ' : s[i], out);
	if (pad)
		fputc(' ', out);
	for (i = 0; i <= longest; i++)
		fputc('`', out);
}

int report_any_cluster(const struct model_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (*r->c[i].cluster)
			return 1;
	return 0;
}

void report_count_findings(const struct model_result *r, size_t counts[3])
{
	size_t i, j;

	counts[0] = counts[1] = counts[2] = 0;
	for (i = 0; i < r->n; i++)
		for (j = 0; j < r->c[i].nflags; j++)
			counts[r->c[i].flags[j].severity]++;
}

void report_flag_codes(const struct model_container *c, char *buf, size_t buflen)
{
	size_t i, k = 0;

	buf[0] = '\0';
	for (i = 0; i < c->nflags && k < buflen; i++) {
		int w = snprintf(buf + k, buflen - k, "%s%s", i ? "," : "", c->flags[i].code);

		if (w < 0)
			break;
		k += (size_t)w;
	}
}

void report_kills_line(FILE *out, const struct model_result *r)
{
	if (r->kills < 0) {
		fputs("OOM kills: unknown (no kernel log, pod status, events, Mesos or Airflow log ingested)\n", out);
		return;
	}
	fprintf(out, "OOM kills in the window: %lld tied to containers of this report",
		(long long)(r->kills - r->unattributed_kills));
	if (r->unattributed_kills)
		fprintf(out, "; %lld more not tied to any%s%s. Some may be kills counted above, seen again from the node: "
			     "pod statuses (`kubectl get pods -A -o json`) or cAdvisor series with their id label tie "
			     "kernel kills to Kubernetes containers; kills in Mesos containers are counted from the "
			     "Marathon/Mesos log",
			(long long)r->unattributed_kills, *r->unattributed_hosts ? ", on " : "", r->unattributed_hosts);
	fputc('\n', out);
}

void report_since(const struct model_container *c, char *buf, size_t buflen)
{
	char a[32], b[32], d[32], e[32], t[32];
	int dr, dl;

	buf[0] = '\0';
	if (!c->prev_at)
		return;
	/* A change is more than a MiB (values are whole MiB). */
	dr = !isnan(c->prev_request) && !isnan(c->request) && fabs(c->prev_request - c->request) >= 1048576;
	dl = !isnan(c->prev_limit) && !isnan(c->limit) && fabs(c->prev_limit - c->limit) >= 1048576;
	if (!dr && !dl)
		return;
	/*
	 * prev_at is the earlier run's window end (its --as-of), the time its
	 * recommendation was made for. Windows end at midnight when --as-of
	 * names a day: the date says it. A window that ended "now" keeps its
	 * time, or two runs of one day would both read "since" that day.
	 */
	rtime_format_short(c->prev_at, t, sizeof(t));
	if (c->prev_at % 86400000 == 0)
		t[10] = '\0';
	snprintf(buf, buflen, "%s%s%s%s%s%s%s%s%s since %s", dr ? "request " : "",
		 dr ? units_format_quantity(c->prev_request, a, sizeof(a)) : "", dr ? " -> " : "",
		 dr ? units_format_quantity(c->request, b, sizeof(b)) : "", dr && dl ? ", " : "", dl ? "limit " : "",
		 dl ? units_format_quantity(c->prev_limit, d, sizeof(d)) : "", dl ? " -> " : "",
		 dl ? units_format_quantity(c->limit, e, sizeof(e)) : "", t);
}
