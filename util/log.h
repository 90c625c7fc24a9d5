/*
 * log.h - the one way rightsize talks to the user about problems.
 *
 * Every message goes to standard error, prefixed with "rightsize: ".
 * rs_error() returns -1 so callers can write `return rs_error(...)`.
 * Messages say what failed first, then where (file:line:column). They quote
 * data, so control characters in them are shown as '?'.
 */
#ifndef RS_LOG_H
#define RS_LOG_H

#include <stdarg.h>
#include <stddef.h>

/* Verbosity: 0 quiet (errors only), 1 normal, 2 verbose. Default 1. */
extern int rs_verbosity;

int rs_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rs_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Progress and summaries: printed at verbosity >= 1 to standard error. */
void rs_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A message shown whatever the verbosity (rejected rows: --quiet keeps them). */
void rs_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Called before every message when set: a progress line on the terminal
 * erases itself so messages never land in the middle of it.
 */
extern void (*rs_log_before)(void);

/* Allocation that never returns NULL: prints and exits(2) on failure. */
void *rs_malloc(size_t n);
void *rs_calloc(size_t n, size_t size);
void *rs_realloc(void *p, size_t n);
char *rs_strdup(const char *s);
/* Appends printf-style text to the string in buf (size bytes); text that does not fit is cut. */
void rs_appendf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
char *rs_strndup(const char *s, size_t n);

#endif
