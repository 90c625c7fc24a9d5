/* textlines.c - line loop and search for the log readers; see textlines.h. */
#include "textlines.h"
#include "pages.h"

#include <string.h>

int textlines_each(const struct ingest_input *in, struct ingest_stats *st, textlines_fn fn, void *ctx)
{
	const char *p = in->data, *end = in->data + in->len;
	struct pages pg;
	int64_t line = 0;
	int rc = 0;

	pages_init(&pg, in->data, in->mapped);
	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);

		line++;
		st->f.rows++;
		rc = fn(ctx, p, n && p[n - 1] == '\r' ? n - 1 : n, line);
		p = nl ? nl + 1 : end;
		pages_release(&pg, p);
	}
	return rc;
}

const char *text_find(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);
	const char *p = s, *end = s + n;

	while (wl && (size_t)(end - p) >= wl) {
		p = memchr(p, w[0], (size_t)(end - p) - wl + 1);
		if (!p)
			return NULL;
		if (memcmp(p, w, wl) == 0)
			return p;
		p++;
	}
	return NULL;
}
