/*
 * formats.c - which output format a command writes: --format, else the
 * one -o's extension asks for, else the table. One rule for every command
 * that writes reports, and one message when a command cannot write a format.
 */
#include "commands.h"
#include "opts.h"

#include <string.h>

/* "table, json or csv" for the formats in allowed. */
static void format_list(unsigned allowed, char *buf, size_t len)
{
	unsigned f, n = 0, total = 0;

	for (f = 0; f < 32; f++)
		total += (allowed >> f) & 1u;
	buf[0] = '\0';
	for (f = 0; f < 32; f++) {
		if (!((allowed >> f) & 1u))
			continue;
		if (n)
			strncat(buf, n + 1 == total ? " or " : ", ", len - strlen(buf) - 1);
		strncat(buf, report_format_name((enum report_format)f), len - strlen(buf) - 1);
		n++;
	}
}

int cmd_output_format(const struct cmd_help *h, const char *given, const char *output, unsigned allowed,
		      enum report_format *f)
{
	char list[96];

	format_list(allowed, list, sizeof(list));
	if (given) {
		if (report_format_parse(given, f))
			return opts_usage_error(h, "unknown --format \"%s\" (%s)", given, list);
		if (!(allowed & (1u << *f)))
			return opts_usage_error(h, "%s writes %s, not %s", h->name, list, given);
		return 0;
	}
	if (report_format_of_path(output, f) == 0) {
		if (!(allowed & (1u << *f)))
			return opts_usage_error(h, "-o %s asks for %s, which %s does not write (%s; --format table for a "
						   "table)",
						output, report_format_name(*f), h->name, list);
		return 0;
	}
	*f = REPORT_TABLE;
	return 0;
}
