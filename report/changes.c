/*
 * changes.c - the recommendations as commands that apply them:
 *   --format kubectl  kubectl set resources <kind>/<name> ... per container
 *   --format patch    a strategic-merge patch per workload (YAML)
 * Marathon apps become `dcos marathon app update` with the executor
 * overhead taken off. Containers whose values are kept, or unknown, get
 * no command; workloads no kubectl object owns (Airflow tasks, bare pods)
 * get a comment that says where their memory is set.
 */
#include "report.h"
#include "../util/log.h"
#include "../util/units.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Marathon adds this to an app's mem for its executor (see ingest --mesos-executor-overhead). */
#define MARATHON_EXECUTOR_OVERHEAD_MIB 32.0

/* The kubectl resource for a workload kind, or NULL when no object of ours owns the pods. */
static const char *resource_of(const char *kind)
{
	static const struct {
		const char *kind, *resource;
	} map[] = {
		{ "deployment", "deployment" }, { "statefulset", "statefulset" }, { "daemonset", "daemonset" },
		{ "cronjob", "cronjob" },       { "job", "job" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(kind, map[i].kind) == 0)
			return map[i].resource;
	return NULL;
}

/*
 * Names come from the data: in commands they are shell words, quoted unless
 * plain; in comments control characters are shown as '?', so no name can end
 * a comment line; in YAML they are double-quoted unless plain.
 */
static int plain(const char *s)
{
	if (!*s || *s == '-')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._:/@+=-", *s))
			return 0;
	return 1;
}

static void sh_word(FILE *out, const char *s)
{
	if (plain(s)) {
		fputs(s, out);
		return;
	}
	fputc('\'', out);
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", out);
		else
			fputc(*s, out);
	fputc('\'', out);
}

static void comment_text(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, out);
}

static void yaml_scalar(FILE *out, const char *s)
{
	if (plain(s)) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++)
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fprintf(out, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, out);
	fputc('"', out);
}

static int changed(const struct model_container *c)
{
	return !isnan(c->request) && !isnan(c->limit) && (!c->keep_request || !c->keep_limit);
}

/*
 * A quantity kubectl takes, exactly: whole mebibytes as NNNMi (every
 * recommendation is, the model rounds up to them), else bytes, so that a
 * kept value such as 1000000000 is written as it is, not moved to 954Mi.
 */
static char *mi(double bytes, char *buf, size_t len)
{
	if (fmod(bytes, UNITS_MI) == 0)
		snprintf(buf, len, "%.0fMi", bytes / UNITS_MI);
	else
		snprintf(buf, len, "%.0f", ceil(bytes));
	return buf;
}

/*
 * One value in the comment: "none -> 814Mi" when nothing was set, "8000Mi
 * (kept)" when the recommendation is the current value, else "4Gi -> 668Mi".
 */
static void old_new(FILE *out, const char *what, double cur, double rec, int keep)
{
	char a[32], b[32];

	fprintf(out, "%s ", what);
	if (isnan(cur))
		fputs("none", out);
	else
		fputs(units_format_quantity(cur, a, sizeof(a)), out);
	/* keep means the recommendation is the current value; equal without it reads the same. */
	if (!isnan(cur) && (keep || cur == rec))
		fputs(" (kept)", out);
	else
		fprintf(out, " -> %s", units_format_quantity(rec, b, sizeof(b)));
}

static void why(FILE *out, const struct model_container *c)
{
	fputs("# ", out);
	if (*c->cluster) {
		comment_text(out, c->cluster);
		fputc(':', out);
	}
	comment_text(out, *c->namespace ? c->namespace : "-");
	fputc('/', out);
	comment_text(out, c->workload);
	fputs(" [", out);
	comment_text(out, *c->container ? c->container : "-");
	fputs("]: ", out);
	old_new(out, "request", c->current_request, c->request, c->keep_request);
	fputs(", ", out);
	old_new(out, "limit", c->current_limit, c->limit, c->keep_limit);
	fputc('\n', out);
}

int report_change_command(FILE *out, const struct model_container *c)
{
	const char *res = resource_of(c->workload_kind);
	char a[32], b[32];

	if (!changed(c))
		return 0;
	if (strcmp(c->workload_kind, "marathon-app") == 0) {
		/* Marathon's mem is MiB without the executor's share; one value for request and limit. */
		double mem = ceil(c->limit / UNITS_MI) - MARATHON_EXECUTOR_OVERHEAD_MIB;

		if (mem < 1)
			fprintf(out, "# the limit is under Marathon's %.0f MB executor overhead: set mem by hand\n",
				MARATHON_EXECUTOR_OVERHEAD_MIB);
		else {
			/* The app id, absolute: "/group/app". */
			char *id = rs_malloc(strlen(c->workload) + 2);

			sprintf(id, "%s%s", c->workload[0] == '/' ? "" : "/", c->workload);
			fputs("dcos marathon app update ", out);
			sh_word(out, id);
			fprintf(out, " mem=%.0f\n", mem);
			free(id);
		}
	} else if (!res || !*c->namespace || !*c->container) {
		fputs("# no ", out);
		comment_text(out, *c->workload_kind ? c->workload_kind : "workload");
		fprintf(out, " object to change: set memory where these pods are defined%s\n",
			strcmp(c->workload_kind, "airflow-task") == 0 ? " (the task's executor_config or pod template)" :
									 "");
	} else {
		fprintf(out, "kubectl set resources %s/", res);
		sh_word(out, c->workload);
		fputs(" -n ", out);
		sh_word(out, c->namespace);
		fputs(" -c ", out);
		sh_word(out, c->container);
		fprintf(out, " --requests=memory=%s --limits=memory=%s", mi(c->request, a, sizeof(a)),
			mi(c->limit, b, sizeof(b)));
		/*
		 * The cluster label names the kubectl context, so each command
		 * reaches its own cluster, not whichever context is current. Last
		 * (kubectl takes a global flag anywhere), so the command reads as
		 * before up to it.
		 */
		if (*c->cluster) {
			fputs(" --context=", out); /* one word: a name starting with - stays a value */
			sh_word(out, c->cluster);
		}
		fputc('\n', out);
	}
	return 1;
}

int report_kubectl(FILE *out, const struct model_result *r, const struct report_meta *m)
{
	size_t i, n = 0;

	(void)m;
	fputs("#!/bin/sh\n# rightsize: memory requests and limits to apply (review before running).\n"
	      "# A container's cluster label is used as the kubectl context name (--context); without one,\n"
	      "# the command applies to the current context.\nset -e\n",
	      out);
	for (i = 0; i < r->n; i++) {
		const struct model_container *c = &r->c[i];

		if (!changed(c))
			continue;
		n++;
		fputc('\n', out);
		why(out, c);
		report_change_command(out, c);
	}
	if (!n)
		fputs("\n# nothing to change: every recommendation is within --keep-within of what is set\n", out);
	return 0;
}

int report_patch(FILE *out, const struct model_result *r, const struct report_meta *m)
{
	size_t i, j, n = 0;
	char a[32], b[32];

	(void)m;
	/* r is sorted by presentation order; a workload's containers are gathered here. */
	for (i = 0; i < r->n; i++) {
		const struct model_container *c = &r->c[i];
		const char *res = resource_of(c->workload_kind);
		int first = 1;

		if (!changed(c) || !res || !*c->namespace || !*c->container)
			continue;
		/* The first changed container of its workload writes the workload's patch. */
		for (j = 0; j < i; j++) {
			const struct model_container *p = &r->c[j];

			if (changed(p) && strcmp(p->cluster, c->cluster) == 0 && strcmp(p->namespace, c->namespace) == 0 &&
			    strcmp(p->workload, c->workload) == 0 && strcmp(p->workload_kind, c->workload_kind) == 0 &&
			    *p->container)
				first = 0;
		}
		if (!first)
			continue;
		/* A patch has no notion of cluster: the comment names it, as the kubectl context to apply it with. */
		fprintf(out, "%s# kubectl patch %s ", n++ ? "---\n" : "", res);
		comment_text(out, c->workload);
		fputs(" -n ", out);
		comment_text(out, c->namespace);
		if (*c->cluster) {
			fputs(" --context ", out);
			comment_text(out, c->cluster);
		}
		fputs(" --patch-file <this document>\n", out);
		fputs(strcmp(res, "cronjob") == 0 ? "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n"
						     "          containers:\n"
						   : "spec:\n  template:\n    spec:\n      containers:\n",
		      out);
		for (j = i; j < r->n; j++) {
			const struct model_container *x = &r->c[j];
			const char *ind = strcmp(res, "cronjob") == 0 ? "            " : "        ";

			if (!changed(x) || strcmp(x->cluster, c->cluster) || strcmp(x->namespace, c->namespace) ||
			    strcmp(x->workload, c->workload) || strcmp(x->workload_kind, c->workload_kind) || !*x->container)
				continue;
			fprintf(out, "%s- name: ", ind);
			yaml_scalar(out, x->container);
			fprintf(out, "\n%s  resources:\n%s    requests:\n%s      memory: %s\n%s    limits:\n%s      memory: %s\n",
				ind, ind, ind, mi(x->request, a, sizeof(a)), ind, ind, mi(x->limit, b, sizeof(b)));
		}
	}
	if (!n)
		fputs("# nothing to patch: no Kubernetes workload has a recommendation to apply\n", out);
	return 0;
}
