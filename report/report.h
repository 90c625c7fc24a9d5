/*
 * report.h - what the model found, written for people and for programs.
 *
 * Report formats numbers; it never computes statistics. Each format is
 * its own file: table.c (terminal), json.c (the documented contract),
 * csv.c, markdown.c.
 */
#ifndef RS_REPORT_H
#define RS_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "../model/model.h"
#include "../store/store.h"

enum report_format { REPORT_TABLE, REPORT_JSON, REPORT_CSV, REPORT_MARKDOWN, REPORT_KUBECTL, REPORT_PATCH, REPORT_HTML };

/* Returns 0 and sets *f for "table", "json", "csv", "markdown" (or "md"), "kubectl", "patch", "html"; -1 otherwise. */
int report_format_parse(const char *name, enum report_format *f);
/* "table", "json", ...: the name report_format_parse takes. */
const char *report_format_name(enum report_format f);
/* The format a file name's extension asks for (.md/.markdown, .json, .csv, .html/.htm): 0 and *f, else -1. */
int report_format_of_path(const char *path, enum report_format *f);

enum report_sort { REPORT_SORT_SEVERITY, REPORT_SORT_WASTE, REPORT_SORT_NAME };

struct report_meta {
	int64_t generated_at;
	struct store_totals totals;
	int color; /* ANSI colors in the terminal table */
	size_t width; /* the terminal's columns: the table's reason lines wrap at it; 0: no wrapping */
	/* presentation: which containers, in which order */
	enum report_sort sort;
	int min_severity; /* show only containers with a flag at least this severe; -1: all */
	size_t top;       /* show at most this many; 0: all */
	/*
	 * Markdown: the folder to write chart files into (NULL: no charts) and
	 * the folder name the report links them under (relative to the report).
	 */
	const char *chart_dir, *chart_link;
};

/*
 * Writes r's containers as m asks (--min-severity, --sort, --top; by
 * default worst severity first, then cluster, namespace, workload,
 * container). r itself is sorted, not filtered. Returns 0, or -1 when
 * writing failed.
 */
int report_write(FILE *out, enum report_format f, struct model_result *r, const struct report_meta *m);

/* The formats (r already sorted). */
int report_table(FILE *out, const struct model_result *r, const struct report_meta *m);
int report_json(FILE *out, const struct model_result *r, const struct report_meta *m);
int report_csv(FILE *out, const struct model_result *r, const struct report_meta *m);
int report_markdown(FILE *out, const struct model_result *r, const struct report_meta *m);
/* One self-contained page: summary, sortable table, a chart per flagged container (html.c, svg.c). */
int report_html(FILE *out, const struct model_result *r, const struct report_meta *m);
/* The changes as commands: kubectl set resources (and dcos for Marathon), or strategic-merge patches. */
int report_kubectl(FILE *out, const struct model_result *r, const struct report_meta *m);
/*
 * One container's line of --format kubectl: the command, or a comment saying
 * where its memory is set. Writes nothing and returns 0 when nothing changes.
 */
int report_change_command(FILE *out, const struct model_container *c);
int report_patch(FILE *out, const struct model_result *r, const struct report_meta *m);

/* Shared helpers for the formats. */
/* "namespace/workload" as people write it, with the cluster first when known; the caller frees it. */
char *report_name(const struct model_container *c);
/* For the terminal: every control character of s (data may hold escape sequences) made '?'. Returns s. */
char *report_term_safe(char *s);
/* Markdown: s as plain text in a table cell or a heading (| \ < & escaped, line breaks as spaces). */
void report_md_cell(FILE *out, const char *s);
/* Markdown: s as one code span, whatever backticks it holds. */
void report_md_code(FILE *out, const char *s);
/* Whether any container has a cluster: the first column is then "cluster:namespace". */
int report_any_cluster(const struct model_result *r);
/* The findings of all containers, counted by severity (indexed by enum model_severity). */
void report_count_findings(const struct model_result *r, size_t counts[3]);
/* Comma-separated flag codes. */
void report_flag_codes(const struct model_container *c, char *buf, size_t buflen);
/*
 * "request 4000Mi -> 7305Mi, limit 8000Mi -> 8000Mi since 2026-11-15" when
 * the previous run recommended something else; "" otherwise.
 */
void report_since(const struct model_container *c, char *buf, size_t buflen);
/* "OOM kills: N ..." with the advice for kills not tied to a container; nothing when unknown. */
void report_kills_line(FILE *out, const struct model_result *r);

/* `rightsize history`: stored recommendations (table, json or csv). */
int report_history(FILE *out, enum report_format f, const struct store_history_row *h, size_t n);

/* `rightsize events`: OOM evidence, each row with the number of the kill it belongs to. */
int report_events(FILE *out, enum report_format f, const struct store_event_row *rows, const size_t *kill, size_t n);
struct backtest_result; int report_backtest(FILE *out, enum report_format f, const struct backtest_result *r, int per_container);

#endif
