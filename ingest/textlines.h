/*
 * textlines.h - the line loop and substring search of the text-log readers
 * (kernel, Mesos/Marathon, Airflow, kubectl describe).
 */
#ifndef RS_TEXTLINES_H
#define RS_TEXTLINES_H

#include <stddef.h>
#include <stdint.h>

#include "ingest.h"

/* One line without its end (LF or CRLF); line is 1-based. Return 0 to go on, else stop with that. */
typedef int (*textlines_fn)(void *ctx, const char *s, size_t n, int64_t line);

/*
 * Calls fn for every line of in, counting st->f.rows, handing read pages of
 * a mapped file back as it goes. Returns 0, or fn's first nonzero return.
 */
int textlines_each(const struct ingest_input *in, struct ingest_stats *st, textlines_fn fn, void *ctx);

/* The first occurrence of the NUL-terminated w in s[0..n), or NULL. */
const char *text_find(const char *s, size_t n, const char *w);

#endif
