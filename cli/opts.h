/*
 * opts.h - command-line options declared as data, next to their help.
 *
 * One table per command drives both getopt_long and the --help text, so
 * the two cannot drift apart.
 */
#ifndef RS_OPTS_H
#define RS_OPTS_H

#include <stdint.h>
#include <stdio.h>

struct opt {
	const char *name;    /* long name, without "--"; NULL ends the table */
	int shortname;       /* 0 for none */
	const char *metavar; /* NULL: a flag without an argument */
	const char *help;
	int key; /* returned by opts_next; unique within the table */
};

struct cmd_help {
	const char *name;
	const char *usage;   /* after "rightsize NAME " */
	const char *summary; /* one line */
	const char *details; /* paragraphs after the options; may be NULL */
};

/* Exit codes, documented in docs/cli.md. */
enum { EXIT_OK = 0, EXIT_USAGE = 1, EXIT_INPUT = 2, EXIT_FINDINGS = 3 };

/*
 * Iterates over argv like getopt_long. Returns the key of the next option
 * (with *arg set), -1 at the end (then *optind_out is the first operand),
 * or '?' after printing a usage error. "--help"/"-h" prints help and returns 'h'.
 */
int opts_next(int argc, char **argv, const struct opt *table, const struct cmd_help *h, const char **arg);
int opts_index(void);
void opts_reset(void);

void opts_help(FILE *out, const struct opt *table, const struct cmd_help *h);
/* The same as a man page subsection (roff); `rightsize --man` assembles the page. */
void opts_man(FILE *out, const struct opt *table, const struct cmd_help *h);
/* opts_next's key for the undocumented --man. */
enum { OPT_MAN = 999 };
/* Prints "rightsize CMD: MESSAGE" and a hint to --help; returns EXIT_USAGE. */
int opts_usage_error(const struct cmd_help *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * A time option's value (RFC 3339, epoch, or now) into *t: 0, or EXIT_USAGE
 * after saying "--NAME "ARG" is not a time".
 */
int opts_time(const struct cmd_help *h, const char *name, const char *arg, int64_t *t);

/* The database path: --db, else $RIGHTSIZE_DB, else ./rightsize.db. */
const char *opts_db_path(const char *given);

#endif
