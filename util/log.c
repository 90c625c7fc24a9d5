/* log.c - messages and allocation helpers; see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rs_verbosity = 1;
void (*rs_log_before)(void);

/*
 * One message line. Messages quote data (file names, rejected cells, labels),
 * so control characters are shown as '?': an input file cannot send escape
 * sequences to the terminal or split a line of a log.
 */
static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	char small[512], *buf = small, *p;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small)) {
		char *big = malloc((size_t)n + 1);

		if (big) { /* else the message is cut: no allocation may fail a message */
			vsnprintf(big, (size_t)n + 1, fmt, again);
			buf = big;
		}
	}
	va_end(again);
	for (p = buf; n > 0 && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (rs_log_before)
		rs_log_before();
	fputs("rightsize: ", stderr);
	if (kind)
		fputs(kind, stderr);
	fputs(n >= 0 ? buf : fmt, stderr);
	fputc('\n', stderr);
	if (buf != small)
		free(buf);
}

int rs_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("error: ", fmt, ap);
	va_end(ap);
	return -1;
}

void rs_warn(const char *fmt, ...)
{
	va_list ap;

	if (rs_verbosity < 1)
		return;
	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void rs_info(const char *fmt, ...)
{
	va_list ap;

	if (rs_verbosity < 1)
		return;
	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
}

void rs_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
}

static void oom(size_t n)
{
	fprintf(stderr, "rightsize: error: out of memory allocating %zu bytes\n", n);
	exit(2);
}

void *rs_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *rs_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom(n * size);
	return p;
}

void *rs_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *rs_strndup(const char *s, size_t n)
{
	char *p = rs_malloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *rs_strdup(const char *s)
{
	return rs_strndup(s, strlen(s));
}

void rs_appendf(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}
