/* opts.c - table-driven option parsing and help; see opts.h. */
#include "opts.h"
#include "../util/log.h"
#include "../util/rtime.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPTS 64

int opts_index(void)
{
	return optind;
}

void opts_reset(void)
{
	optind = 0; /* glibc: 0 starts getopt afresh, its internal state too */
}

int opts_next(int argc, char **argv, const struct opt *table, const struct cmd_help *h, const char **arg)
{
	struct option lo[MAX_OPTS + 3];
	char so[3 * MAX_OPTS + 4];
	size_t n = 0, k = 0;
	int c;

	so[k++] = ':';
	for (; table[n].name && n < MAX_OPTS; n++) {
		lo[n].name = table[n].name;
		lo[n].has_arg = table[n].metavar ? required_argument : no_argument;
		lo[n].flag = NULL;
		lo[n].val = table[n].key;
		if (table[n].shortname) {
			so[k++] = (char)table[n].shortname;
			if (table[n].metavar)
				so[k++] = ':';
		}
	}
	lo[n].name = "help";
	lo[n].has_arg = no_argument;
	lo[n].flag = NULL;
	lo[n].val = 'h';
	/* Undocumented: this command's section of the man page, in roff. */
	lo[n + 1].name = "man";
	lo[n + 1].has_arg = no_argument;
	lo[n + 1].flag = NULL;
	lo[n + 1].val = OPT_MAN;
	memset(&lo[n + 2], 0, sizeof(lo[n + 2]));
	so[k++] = 'h';
	so[k] = '\0';
	opterr = 0;
	c = getopt_long(argc, argv, so, lo, NULL);
	*arg = optarg;
	if (c == -1)
		return -1;
	if (c == 'h') {
		opts_help(stdout, table, h);
		return 'h';
	}
	if (c == OPT_MAN) {
		opts_man(stdout, table, h);
		return 'h';
	}
	if (c == '?') {
		/* optopt is a short option's letter, or a long option's key when it was given a value. */
		if (optopt > 0 && optopt < 128)
			opts_usage_error(h, "unknown option -%c", optopt);
		else
			opts_usage_error(h, "unknown option %s", argv[optind - 1]);
		return '?';
	}
	if (c == ':') {
		opts_usage_error(h, "option %s needs a value", argv[optind - 1]);
		return '?';
	}
	/* A short option maps to its table key. */
	for (n = 0; table[n].name; n++)
		if (table[n].shortname == c)
			return table[n].key;
	return c;
}

void opts_help(FILE *out, const struct opt *table, const struct cmd_help *h)
{
	size_t i;
	const int width = 24; /* longer options put their help on the next line */

	fprintf(out, "usage: rightsize %s %s\n\n%s\n\noptions:\n", h->name, h->usage, h->summary);
	for (i = 0; table[i].name; i++) {
		char left[64];

		if (table[i].shortname)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", table[i].shortname, table[i].name,
				 table[i].metavar ? " " : "", table[i].metavar ? table[i].metavar : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", table[i].name, table[i].metavar ? " " : "",
				 table[i].metavar ? table[i].metavar : "");
		if ((int)strlen(left) > width)
			fprintf(out, "  %s\n  %-*s %s\n", left, width, "", table[i].help);
		else
			fprintf(out, "  %-*s %s\n", width, left, table[i].help);
	}
	fprintf(out, "  %-*s %s\n", width, "-h, --help", "show this help");
	if (h->details)
		fprintf(out, "\n%s", h->details);
}

/* Writes s as roff text: backslashes escaped, a leading '.' or '\'' neutralised. */
static void roff_text(FILE *out, const char *s, size_t len)
{
	size_t i;

	if (len > 0 && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", out);
	for (i = 0; i < len; i++) {
		if (s[i] == '\\')
			fputs("\\e", out);
		else if (s[i] == '-')
			fputs("\\-", out);
		else
			fputc(s[i], out);
	}
}

static void roff_line(FILE *out, const char *s)
{
	roff_text(out, s, strlen(s));
	fputc('\n', out);
}

/*
 * The details paragraphs: blank lines separate paragraphs, indented lines
 * (examples, lists) are kept as they are, the rest is filled by the viewer.
 */
static void roff_details(FILE *out, const char *d)
{
	int verbatim = 0;

	fputs(".PP\n", out);
	while (*d) {
		const char *nl = strchr(d, '\n');
		size_t len = nl ? (size_t)(nl - d) : strlen(d);
		int indented = len > 0 && d[0] == ' ';

		if (indented != verbatim) {
			fputs(indented ? ".nf\n.RS 4\n" : ".RE\n.fi\n", out);
			verbatim = indented;
		}
		if (len == 0) {
			fputs(".PP\n", out);
		} else {
			roff_text(out, d, len);
			fputc('\n', out);
		}
		d += len + (nl ? 1 : 0);
	}
	if (verbatim)
		fputs(".RE\n.fi\n", out);
}

void opts_man(FILE *out, const struct opt *table, const struct cmd_help *h)
{
	size_t i;

	fprintf(out, ".SS \"%s\"\n.B rightsize %s\n", h->name, h->name);
	roff_line(out, h->usage);
	fputs(".PP\n", out);
	roff_line(out, h->summary);
	for (i = 0; table[i].name; i++) {
		fputs(".TP\n", out);
		if (table[i].shortname)
			fprintf(out, "\\fB\\-%c\\fR, ", table[i].shortname);
		fputs("\\fB\\-\\-", out);
		roff_text(out, table[i].name, strlen(table[i].name));
		fputs("\\fR", out);
		if (table[i].metavar) {
			fputs(" \\fI", out);
			roff_text(out, table[i].metavar, strlen(table[i].metavar));
			fputs("\\fR", out);
		}
		fputc('\n', out);
		roff_line(out, table[i].help);
	}
	if (h->details)
		roff_details(out, h->details);
}

int opts_usage_error(const struct cmd_help *h, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "rightsize %s: ", h->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'rightsize %s --help'.\n", h->name);
	return EXIT_USAGE;
}

const char *opts_db_path(const char *given)
{
	const char *env = getenv("RIGHTSIZE_DB");

	if (given)
		return given;
	if (env && *env)
		return env;
	return "rightsize.db";
}

int opts_time(const struct cmd_help *h, const char *name, const char *arg, int64_t *t)
{
	if (rtime_parse_arg(arg, rtime_now_ms(), t))
		return opts_usage_error(h, "--%s \"%s\" is not a time (RFC 3339, epoch, or now)", name, arg);
	return 0;
}
