/* k8s_describe.c - kubectl describe pod text (to be written). */
#include "ingest.h"
#include "../util/log.h"

int k8s_describe_detect(const char *data, size_t len)
{
	(void)data;
	(void)len;
	return 0;
}

int ingest_k8s_describe(const struct ingest_input *in, const struct ingest_opts *o, struct ingest_sink *sink,
		struct ingest_stats *st)
{
	(void)o;
	(void)sink;
	(void)st;
	return rs_error("%s: the kubectl describe pod text reader is not written yet", in->name);
}
