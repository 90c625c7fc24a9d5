/*
 * html.c - the report as one self-contained HTML page: inline CSS, inline
 * SVG charts and a small inline script to sort and filter the table.
 * Nothing is loaded from anywhere (a Content-Security-Policy says so);
 * every value from the data is escaped. Prints on paper too.
 */
#include "html.h"
#include "report.h"
#include "svg.h"
#include "../util/rtime.h"
#include "../util/sha256.h"
#include "../util/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:1.5em auto;max-width:1200px;"
	"padding:0 1em;color:#222;line-height:1.4}\n"
	"h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}"
	"h3{font-size:1.05em;margin-bottom:.3em}\n"
	".cards{display:flex;flex-wrap:wrap;gap:.8em;margin:.8em 0}"
	".card{border:1px solid #ddd;border-radius:6px;padding:.5em .9em;min-width:9em}"
	".card b{display:block;font-size:1.3em}.card span{color:#555;font-size:.85em}\n"
	"table{border-collapse:collapse;font-size:.85em;width:100%}"
	"th,td{border-bottom:1px solid #e3e3e3;padding:.25em .45em;text-align:left;vertical-align:top}"
	"th{background:#f4f4f4;cursor:pointer;user-select:none}"
	"th.sorted-asc::after{content:' \\25B2'}th.sorted-desc::after{content:' \\25BC'}"
	".wide{overflow-x:auto}td.flags{min-width:10em}"
	"td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}th.n{text-align:right}"
	"table.plain th{cursor:auto}\n"
	".sev{font-weight:600;border-radius:3px;padding:0 .3em}"
	".sev-critical{color:#fff;background:#c62828}.sev-warning{color:#000;background:#ffb300}"
	".sev-info{color:#fff;background:#1565c0}.sev-ok{color:#2e7d32}\n"
	".controls{margin:.6em 0;display:flex;gap:.8em;align-items:center;flex-wrap:wrap}"
	".controls input{padding:.25em;min-width:18em}\n"
	".finding{border:1px solid #ddd;border-radius:6px;padding:.2em 1em 1em;margin:1em 0}"
	".finding svg{max-width:100%;height:auto}"
	"pre{background:#f6f6f6;padding:.6em;overflow-x:auto;white-space:pre-wrap;word-break:break-all}"
	"code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}"
	".muted{color:#666}\n"
	"@media print{body{max-width:none;margin:0;font-size:9pt}.controls{display:none}"
	"th{cursor:auto;background:#eee !important}.finding{break-inside:avoid;page-break-inside:avoid}"
	"h2{break-after:avoid}tr{break-inside:avoid}a{color:inherit;text-decoration:none}"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* Sort on a header click (numbers from data-v), filter by text and by severity. */
static const char table_script[] =
	"(function(){\n"
	"var t=document.getElementById('containers');if(!t)return;\n"
	"var tb=t.tBodies[0],q=document.getElementById('q'),sv=document.getElementById('sev');\n"
	"function key(r,i){var c=r.cells[i],v=c.getAttribute('data-v');"
	"return v===null?c.textContent.toLowerCase():parseFloat(v);}\n"
	"Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){th.addEventListener('click',function(){\n"
	"var asc=!th.classList.contains('sorted-asc');\n"
	"Array.prototype.forEach.call(t.tHead.rows[0].cells,function(h){h.classList.remove('sorted-asc','sorted-desc');});\n"
	"th.classList.add(asc?'sorted-asc':'sorted-desc');\n"
	"var rows=Array.prototype.slice.call(tb.rows);\n"
	"rows.sort(function(a,b){var x=key(a,i),y=key(b,i);if(x===y)return 0;"
	"if(typeof x==='number'&&isNaN(x))return 1;if(typeof y==='number'&&isNaN(y))return -1;"
	"return (x<y?-1:1)*(asc?1:-1);});\n"
	"rows.forEach(function(r){tb.appendChild(r);});});});\n"
	"function filter(){var s=q.value.toLowerCase(),m=parseInt(sv.value,10),n=0;\n"
	"Array.prototype.forEach.call(tb.rows,function(r){"
	"var show=r.textContent.toLowerCase().indexOf(s)>=0&&parseInt(r.getAttribute('data-sev'),10)>=m;"
	"r.hidden=!show;if(show)n++;});\n"
	"document.getElementById('shown').textContent=n+' of '+tb.rows.length+' shown';}\n"
	"q.addEventListener('input',filter);sv.addEventListener('change',filter);filter();\n"
	"})();\n";

/* The severity a row shows: its worst flag, -1 when none. */
static int row_sev(const struct model_container *c)
{
	return c->nflags ? (int)c->worst : -1;
}

static const char *sev_name(int s)
{
	return s < 0 ? "ok" : model_severity_name((enum model_severity)s);
}

static void text_or_dash(FILE *out, const char *s)
{
	html_escape(out, *s ? s : "-");
}

/* A size cell: the quantity as text, the bytes for sorting. */
static void size_cell(FILE *out, double v, int quantity)
{
	char b[40];

	if (isfinite(v))
		fprintf(out, "<td class=\"n\" data-v=\"%.0f\">%s</td>", v,
			quantity ? units_format_quantity(v, b, sizeof(b)) : units_format_size(v, b, sizeof(b)));
	else
		fputs("<td class=\"n\" data-v=\"NaN\">-</td>", out);
}

/* The exact command of --format kubectl, or why there is none. */
static void change_command(FILE *out, const struct model_container *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	if (isnan(c->request) || isnan(c->limit)) {
		fputs("<p class=\"muted\">No recommendation: no usage in the window.</p>\n", out);
		return;
	}
	m = open_memstream(&buf, &len);
	if (!m)
		return;
	if (!report_change_command(m, c)) {
		fclose(m);
		free(buf);
		fputs("<p class=\"muted\">No change: the request and limit in force are kept.</p>\n", out);
		return;
	}
	fclose(m);
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	fputs("<p>The change:</p>\n<pre><code>", out);
	html_escape(out, buf);
	fputs("</code></pre>\n", out);
	free(buf);
}

static void kills_line(FILE *out, const struct model_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	report_kills_line(m, r);
	if (fclose(m) == 0 && buf) {
		fputs("<p>", out);
		html_escape(out, buf);
		fputs("</p>\n", out);
	}
	free(buf);
}

static void summary(FILE *out, const struct model_result *r, const struct report_meta *m)
{
	size_t i, findings[3], worst[4] = { 0, 0, 0, 0 }, nsum = 0;
	double now = 0, rec = 0;
	char a[40], b[40], c1[40];

	report_count_findings(r, findings);
	for (i = 0; i < r->n; i++) {
		const struct model_container *c = &r->c[i];

		worst[row_sev(c) + 1]++;
		/* Totals of what the model gave: one pod of each container with both values known. */
		if (isfinite(c->current_request) && isfinite(c->request)) {
			now += c->current_request;
			rec += c->request;
			nsum++;
		}
	}
	fputs("<h2>Summary</h2>\n", out);
	fprintf(out, "<p>Window <b>%s</b> .. <b>%s</b> UTC. Sources: %lld file%s, %lld series, %lld samples, %lld OOM "
		     "event%s stored.</p>\n",
		r->n ? rtime_format_short(r->from, a, sizeof(a)) : "-", r->n ? rtime_format_short(r->to, b, sizeof(b)) : "-",
		(long long)m->totals.files, m->totals.files == 1 ? "" : "s", (long long)m->totals.series,
		(long long)m->totals.samples, (long long)m->totals.events, m->totals.events == 1 ? "" : "s");
	fputs("<div class=\"cards\">\n", out);
	fprintf(out, "<div class=\"card\"><b>%zu</b><span>containers</span></div>\n", r->n);
	fprintf(out, "<div class=\"card\"><b class=\"sev sev-critical\">%zu</b><span>critical findings</span></div>\n",
		findings[MODEL_CRITICAL]);
	fprintf(out, "<div class=\"card\"><b class=\"sev sev-warning\">%zu</b><span>warning findings</span></div>\n",
		findings[MODEL_WARNING]);
	fprintf(out, "<div class=\"card\"><b class=\"sev sev-info\">%zu</b><span>info findings</span></div>\n",
		findings[MODEL_INFO]);
	/* Kills not tied to a container may be the same kills another source tied: never added to the headline. */
	if (r->kills >= 0 && r->unattributed_kills > 0)
		fprintf(out, "<div class=\"card\"><b>%lld</b><span>OOM kills tied to containers, %lld more not tied "
			     "(maybe the same)</span></div>\n",
			(long long)(r->kills - r->unattributed_kills), (long long)r->unattributed_kills);
	else if (r->kills >= 0)
		fprintf(out, "<div class=\"card\"><b>%lld</b><span>OOM kills</span></div>\n", (long long)r->kills);
	else
		fputs("<div class=\"card\"><b>?</b><span>OOM kills (no source)</span></div>\n", out);
	if (nsum) {
		fprintf(out, "<div class=\"card\"><b>%s</b><span>requested now</span></div>\n",
			units_format_size(now, a, sizeof(a)));
		fprintf(out, "<div class=\"card\"><b>%s</b><span>recommended</span></div>\n",
			units_format_size(rec, b, sizeof(b)));
		fprintf(out, "<div class=\"card\"><b>%s</b><span>%s</span></div>\n",
			units_format_size(fabs(now - rec), c1, sizeof(c1)), now >= rec ? "freed" : "added");
	}
	fputs("</div>\n", out);
	fprintf(out, "<p>Containers by worst finding: %zu critical, %zu warning, %zu info, %zu without findings.",
		worst[MODEL_CRITICAL + 1], worst[MODEL_WARNING + 1], worst[MODEL_INFO + 1], worst[0]);
	if (nsum)
		fprintf(out, " Memory totals add one pod of each of the %zu container%s whose request is known.", nsum,
			nsum == 1 ? "" : "s");
	fputs("</p>\n", out);
	kills_line(out, r);
}

static void table(FILE *out, const struct model_result *r)
{
	size_t i;

	fputs("<h2>Containers</h2>\n<div class=\"controls\"><label>Filter <input id=\"q\" type=\"search\" "
	      "placeholder=\"name, flag...\"></label>\n<label>Severity <select id=\"sev\"><option value=\"-1\">all</option>"
	      "<option value=\"0\">info and above</option><option value=\"1\">warning and above</option>"
	      "<option value=\"2\">critical</option></select></label> <span id=\"shown\" class=\"muted\"></span></div>\n",
	      out);
	fprintf(out, "<div class=\"wide\"><table id=\"containers\"><thead><tr><th>Severity</th><th>%s</th><th>Workload</th>"
		     "<th>Container</th>", report_any_cluster(r) ? "Cluster:namespace" : "Namespace");
	fputs("<th>Pods</th><th>p50</th><th>p95</th><th>Max</th><th>Request</th><th>Limit</th><th>OOM kills</th>"
	      "<th>Rec. request</th><th>Rec. limit</th><th>Flags</th></tr></thead>\n<tbody>\n",
	      out);
	for (i = 0; i < r->n; i++) {
		const struct model_container *c = &r->c[i];
		int s = row_sev(c);
		size_t j;

		fprintf(out, "<tr data-sev=\"%d\"><td data-v=\"%d\"><span class=\"sev sev-%s\">%s</span></td><td>", s, s,
			sev_name(s), sev_name(s));
		if (*c->cluster) {
			html_escape(out, c->cluster);
			fputc(':', out);
		}
		text_or_dash(out, c->namespace);
		fputs("</td><td>", out);
		if (c->nflags)
			fprintf(out, "<a href=\"#c%zu\">", i + 1);
		text_or_dash(out, c->workload);
		if (c->nflags)
			fputs("</a>", out);
		fputs("</td><td>", out);
		text_or_dash(out, c->container);
		fprintf(out, "</td><td class=\"n\" data-v=\"%zu\">%zu</td>", c->pods, c->pods);
		size_cell(out, c->usage.p50, 0);
		size_cell(out, c->usage.p95, 0);
		size_cell(out, c->usage.max, 0);
		size_cell(out, c->current_request, 1);
		size_cell(out, c->current_limit, 1);
		if (c->oom_kills < 0)
			fputs("<td class=\"n\" data-v=\"-1\">-</td>", out);
		else
			fprintf(out, "<td class=\"n\" data-v=\"%lld\">%lld</td>", (long long)c->oom_kills,
				(long long)c->oom_kills);
		size_cell(out, c->request, 1);
		size_cell(out, c->limit, 1);
		/* The codes with spaces between, so that the cell wraps. */
		fputs("<td class=\"flags\">", out);
		for (j = 0; j < c->nflags; j++) {
			fputs(j ? ", " : "", out);
			html_escape(out, c->flags[j].code);
		}
		fputs(c->nflags ? "</td></tr>\n" : "-</td></tr>\n", out);
	}
	fputs("</tbody></table></div>\n", out);
}

static void finding(FILE *out, const struct model_container *c, size_t n)
{
	char *name = report_name(c), since[200], b[40];
	size_t j;

	fprintf(out, "<section class=\"finding\" id=\"c%zu\">\n<h3><span class=\"sev sev-%s\">%s</span> ", n,
		sev_name(row_sev(c)), sev_name(row_sev(c)));
	html_escape(out, name);
	free(name);
	fputs(" <span class=\"muted\">container</span> ", out);
	text_or_dash(out, c->container);
	fputs("</h3>\n", out);
	svg_chart(out, c, 0);
	if (c->nkill_at) {
		/* Kills less than a minute apart are told apart to the second. */
		int seconds = 0;

		for (j = 1; j < c->nkill_at; j++)
			if (c->kill_at[j] - c->kill_at[j - 1] < 60000)
				seconds = 1;
		fputs("<p class=\"muted\">OOM kills (UTC): ", out);
		for (j = 0; j < c->nkill_at && j < 8; j++)
			fprintf(out, "%s%s", j ? ", " : "",
				seconds ? rtime_format(c->kill_at[j], b, sizeof(b))
					: rtime_format_short(c->kill_at[j], b, sizeof(b)));
		if (c->nkill_at > 8)
			fprintf(out, " and %zu more", c->nkill_at - 8);
		fputs(", each marked on the chart.</p>\n", out);
	}
	fputs("<p>", out);
	html_escape(out, c->explanation);
	fputs("</p>\n", out);
	report_since(c, since, sizeof(since));
	if (*since) {
		fputs("<p>Changed: ", out);
		html_escape(out, since);
		fputs("</p>\n", out);
	}
	fputs("<ul>\n", out);
	for (j = 0; j < c->nflags; j++) {
		fprintf(out, "<li><span class=\"sev sev-%s\">%s</span> <code>", model_severity_name(c->flags[j].severity),
			model_severity_name(c->flags[j].severity));
		html_escape(out, c->flags[j].code);
		fputs("</code>: ", out);
		html_escape(out, c->flags[j].message);
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
	change_command(out, c);
	fputs("</section>\n", out);
}

void html_page_begin(FILE *out, const char *title, const char *script)
{
	char hash[45];

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", out);
	/*
	 * Nothing from the network, and only our one script runs: the policy
	 * names it by its SHA-256, so a script injected anywhere in the page
	 * would be refused even if an escape were missed.
	 */
	fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
	      "script-src ",
	      out);
	if (script) {
		sha256_base64(script, strlen(script), hash);
		fprintf(out, "'sha256-%s'", hash);
	} else {
		fputs("'none'", out);
	}
	fputs("; img-src data:\">\n", out);
	fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", out);
	html_escape(out, title);
	fputs("</title>\n<style>\n", out);
	fputs(style, out);
	fputs("</style>\n</head>\n<body>\n<h1>", out);
	html_escape(out, title);
	fputs("</h1>\n", out);
}

void html_page_end(FILE *out, const char *script)
{
	/* The element's text is exactly the script: what the policy's hash covers. */
	if (script)
		fprintf(out, "<script>%s</script>\n", script);
	fputs("</body>\n</html>\n", out);
}

int report_html(FILE *out, const struct model_result *r, const struct report_meta *m)
{
	size_t i, nflagged = 0;
	char a[40];

	html_page_begin(out, "rightsize: memory requests and limits", table_script);
	fprintf(out, "<p class=\"muted\">Generated %s.</p>\n", rtime_format(m->generated_at, a, sizeof(a)));
	summary(out, r, m);
	if (!r->n) {
		fputs("<p>No usage data in the window: ingest exports first (<code>rightsize ingest FILE...</code>).</p>\n", out);
	} else {
		table(out, r);
		for (i = 0; i < r->n; i++)
			nflagged += r->c[i].nflags > 0;
		fprintf(out, "<h2>Findings (%zu container%s)</h2>\n", nflagged, nflagged == 1 ? "" : "s");
		if (!nflagged)
			fputs("<p>No container has a finding.</p>\n", out);
		for (i = 0; i < r->n; i++)
			if (r->c[i].nflags)
				finding(out, &r->c[i], i + 1);
	}
	html_page_end(out, table_script);
	return 0;
}
