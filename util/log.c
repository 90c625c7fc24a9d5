/* log.c - messages and allocation helpers; see log.h. */
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rs_verbosity = 1;
void (*rs_log_before)(void);

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	if (rs_log_before)
		rs_log_before();
	fputs("rightsize: ", stderr);
	if (kind)
		fputs(kind, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
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
