/*
 * emit.h - writing text values safely into CSV and JSON output.
 */
#ifndef RS_EMIT_H
#define RS_EMIT_H

#include <stdio.h>

/* A CSV field: quoted (with doubled quotes) only when it holds , " CR or LF. */
void emit_csv_cell(FILE *out, const char *s);
/* A JSON string literal with its quotes; control characters escaped. */
void emit_json_string(FILE *out, const char *s);

#endif
