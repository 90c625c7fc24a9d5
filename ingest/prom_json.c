/* prom_json.c - Prometheus HTTP API JSON (to be written). */
#include "ingest.h"
#include "../util/log.h"

int prom_json_detect(const char *data, size_t len)
{
	(void)data;
	(void)len;
	return 0;
}

int ingest_prom_json(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		     struct ingest_stats *st)
{
	(void)o;
	(void)sink;
	(void)st;
	return rs_error("%s: the Prometheus JSON reader is not written yet", in->name);
}
