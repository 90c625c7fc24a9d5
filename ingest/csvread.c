/* csvread.c - CSV record splitting over libcsv; see csvread.h. */
#include "csvread.h"
#include "pages.h"
#include "../util/log.h"

#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 4096

struct reader {
	const char *f[MAX_FIELDS];
	size_t len[MAX_FIELDS];
	size_t n;
	int overflow;
	/* copies of libcsv's fields (its buffer is reused) */
	char *arena;
	size_t arena_len, arena_cap;
	size_t off[MAX_FIELDS];
	int64_t line, record_line;
	csvread_fn fn;
	void *ctx;
	const char *name;
	int rc;
};

static void field_cb(void *s, size_t len, void *data)
{
	struct reader *r = data;

	if (r->n == MAX_FIELDS) {
		r->overflow = 1;
		return;
	}
	if (r->arena_len + len + 1 > r->arena_cap) {
		while (r->arena_len + len + 1 > r->arena_cap)
			r->arena_cap = r->arena_cap ? r->arena_cap * 2 : 4096;
		r->arena = rs_realloc(r->arena, r->arena_cap);
	}
	if (len)
		memcpy(r->arena + r->arena_len, s, len);
	r->off[r->n] = r->arena_len;
	r->len[r->n] = len;
	r->arena_len += len + 1;
	r->n++;
}

static int emit(struct reader *r, int64_t line)
{
	struct csvread_row row;
	int rc;

	row.n = r->n;
	row.f = r->f;
	row.len = r->len;
	row.line = line;
	/* A record of one empty field is a blank line. */
	if (r->n == 1 && r->len[0] == 0)
		rc = 0;
	else if (r->overflow)
		rc = rs_error("%s:%lld: more than %d fields", r->name, (long long)line, MAX_FIELDS);
	else
		rc = r->fn(r->ctx, &row);
	r->n = 0;
	r->overflow = 0;
	r->arena_len = 0;
	return rc;
}

static void row_cb(int c, void *data)
{
	struct reader *r = data;
	size_t i;

	(void)c;
	if (r->rc)
		return;
	for (i = 0; i < r->n; i++)
		r->f[i] = r->arena + r->off[i];
	r->rc = emit(r, r->record_line);
}

static int space_only(unsigned char c)
{
	return c == ' ';
}

static int blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* The fast path: a line with no quotes. */
static int split_plain(struct reader *r, const char *p, size_t len, char delim)
{
	const char *end = p + len;

	r->n = 0;
	for (;;) {
		const char *d = memchr(p, delim, (size_t)(end - p));

		if (r->n == MAX_FIELDS) {
			r->overflow = 1;
			break;
		}
		r->f[r->n] = p;
		r->len[r->n] = (size_t)((d ? d : end) - p);
		r->n++;
		if (!d)
			break;
		p = d + 1;
	}
	return emit(r, r->line);
}

int csvread(const char *data, size_t len, char delim, int64_t first_line, const char *name, int release,
	    csvread_fn fn, void *ctx)
{
	struct pages pg;
	struct reader *r = rs_calloc(1, sizeof(*r));
	struct csv_parser p;
	const char *pos = data, *end = data + len;
	int rc = 0, csv_open = 0;

	r->fn = fn;
	r->ctx = ctx;
	r->name = name;
	pages_init(&pg, data, release);
	r->line = first_line;
	while (pos < end && !rc) {
		const char *nl = memchr(pos, '\n', (size_t)(end - pos));
		size_t ll = (size_t)((nl ? nl : end) - pos);
		int plain = !csv_open && !memchr(pos, '"', ll);

		if (plain) {
			size_t l = ll;

			if (l && pos[l - 1] == '\r')
				l--;
			rc = split_plain(r, pos, l, delim);
		} else {
			if (!csv_open) {
				if (csv_init(&p, CSV_APPEND_NULL) != 0) {
					rc = rs_error("%s: cannot start the CSV parser", name);
					break;
				}
				csv_set_delim(&p, (unsigned char)delim);
				csv_set_space_func(&p, delim == '\t' ? space_only : blank);
				csv_open = 1;
			}
			if (p.pstate == 0)
				r->record_line = r->line;
			/* Feed the line with its newline so libcsv ends the record. */
			if (csv_parse(&p, pos, ll + (nl ? 1 : 0), field_cb, row_cb, r) != ll + (nl ? 1 : 0)) {
				rc = rs_error("%s:%lld: malformed CSV: %s", name, (long long)r->line,
					      csv_strerror(csv_error(&p)));
				break;
			}
			rc = r->rc;
			/* Still inside a quoted field? Then the next line belongs to it. */
			if (!rc && p.pstate == 0) {
				csv_free(&p);
				csv_open = 0;
			}
		}
		r->line++;
		pos = nl ? nl + 1 : end;
		if (!csv_open)
			pages_release(&pg, pos);
	}
	if (csv_open) {
		if (!rc) {
			if (p.pstate != 0 && p.quoted)
				rc = rs_error("%s:%lld: a quoted field is not closed before the end of the file", name,
					      (long long)r->record_line);
			else {
				csv_fini(&p, field_cb, row_cb, r);
				rc = r->rc;
			}
		}
		csv_free(&p);
	}
	free(r->arena);
	free(r);
	return rc;
}

size_t csvread_count_fields(const char *line, size_t len, char delim)
{
	size_t i, n = 1;
	int q = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '"')
			q = !q;
		else if (!q && line[i] == delim)
			n++;
	}
	return n;
}
