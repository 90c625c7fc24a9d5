/* csv_mapped.c - any CSV by column mapping (to be written). */
#include "ingest.h"
#include "../util/log.h"

int ingest_csv_mapped(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		struct ingest_stats *st)
{
	(void)o;
	(void)sink;
	(void)st;
	return rs_error("%s: the any CSV by column mapping reader is not written yet", in->name);
}
