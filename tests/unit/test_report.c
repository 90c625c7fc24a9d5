/*
 * test_report.c - report/changes: the commands that apply the
 * recommendations; the Markdown helpers that keep data from breaking a
 * review document; names of any length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define MI 1048576.0

static struct model_container container(const char *ns, const char *wl, const char *kind, const char *ct,
					double req, double lim)
{
	struct model_container c;

	memset(&c, 0, sizeof(c));
	c.cluster = (char *)(uintptr_t)"";
	c.namespace = (char *)(uintptr_t)ns;
	c.workload = (char *)(uintptr_t)wl;
	c.workload_kind = (char *)(uintptr_t)kind;
	c.container = (char *)(uintptr_t)ct;
	c.current_request = 512 * MI;
	c.current_limit = 1024 * MI;
	c.request = req;
	c.limit = lim;
	return c;
}

/*
 * Runs a format into a string (caller frees). Not inlined: GCC 12's
 * -Wdangling-pointer mistakes the open_memstream buffer for the local
 * pointer holding it once render is inlined (Release builds).
 */
__attribute__((noinline)) static char *render(int (*fn)(FILE *, const struct model_result *, const struct report_meta *),
		    struct model_container *c, size_t n)
{
	struct model_result r;
	struct report_meta m;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	memset(&r, 0, sizeof(r));
	memset(&m, 0, sizeof(m));
	r.c = c;
	r.n = n;
	assert_int_equal(fn(f, &r, &m), 0);
	fclose(f);
	return buf;
}

static void marathon_apps_get_dcos_commands_without_the_executor_overhead(void **state)
{
	struct model_container c = container("", "prod/api", "marathon-app", "", 200 * MI, 256 * MI);
	char *out;

	(void)state;
	out = render(report_kubectl, &c, 1);
	/* 256Mi limit - 32 MB executor overhead = mem 224 */
	assert_non_null(strstr(out, "dcos marathon app update /prod/api mem=224\n"));
	free(out);
}

static void kept_values_get_no_command(void **state)
{
	struct model_container c = container("shop", "web", "deployment", "web", 512 * MI, 1024 * MI);
	char *out;

	(void)state;
	c.keep_request = c.keep_limit = 1;
	out = render(report_kubectl, &c, 1);
	assert_null(strstr(out, "kubectl set"));
	assert_non_null(strstr(out, "nothing to change"));
	free(out);
}

/* A kept limit that is not whole Mi is written as it is, not moved to the Mi under it. */
static void a_kept_value_is_written_exactly(void **state)
{
	struct model_container c = container("shop", "web", "deployment", "web", 700 * MI, 1000000000.0);
	char *out;

	(void)state;
	c.current_limit = 1000000000.0;
	c.keep_limit = 1;
	out = render(report_kubectl, &c, 1);
	assert_non_null(strstr(out, "--requests=memory=700Mi --limits=memory=1000000000"));
	assert_non_null(strstr(out, " (kept)"));
	free(out);
}

static void a_workloads_containers_share_one_patch_and_cronjobs_nest_deeper(void **state)
{
	struct model_container c[3];
	char *out;

	(void)state;
	c[0] = container("shop", "web", "deployment", "app", 300 * MI, 400 * MI);
	c[1] = container("shop", "web", "deployment", "sidecar", 50 * MI, 64 * MI);
	c[2] = container("batch", "nightly", "cronjob", "job", 1000 * MI, 1500 * MI);
	out = render(report_patch, c, 3);
	/* One document for web with both containers, one for the CronJob under jobTemplate. */
	assert_non_null(strstr(out, "# kubectl patch deployment web -n shop"));
	assert_non_null(strstr(out, "        - name: app\n"));
	assert_non_null(strstr(out, "        - name: sidecar\n"));
	assert_null(strstr(strstr(out, "- name: sidecar") + 1, "# kubectl patch deployment web"));
	assert_non_null(strstr(out, "---\n# kubectl patch cronjob nightly -n batch"));
	assert_non_null(strstr(out, "  jobTemplate:\n"));
	assert_non_null(strstr(out, "            - name: job\n"));
	assert_non_null(strstr(out, "memory: 1500Mi"));
	free(out);
}

/* One helper's output for s, as a string (caller frees); not inlined, as render. */
__attribute__((noinline)) static char *md(void (*fn)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(f, s);
	fclose(f);
	return buf;
}

static void markdown_code_spans_hold_any_backticks(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "shop/app", "`shop/app`" },
		{ "a`b", "``a`b``" },          /* a fence longer than the run inside */
		{ "x``y`", "``` x``y` ```" },  /* touching the fence: padded with spaces */
		{ "two\nlines", "`two lines`" }, /* a code span stays on its line */
		{ "", "``" },
		{ " x ", "`  x  `" },          /* one space each side would be stripped */
		{ "  ", "`  `" },              /* only spaces: kept as they are */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = md(report_md_code, cases[i].in);

		assert_string_equal(got, cases[i].out);
		free(got);
	}
}

static void markdown_cells_escape_pipes_backslashes_html_and_breaks(void **state)
{
	char *got = md(report_md_cell, "a|b\r\nc");

	(void)state;
	assert_string_equal(got, "a\\|b  c");
	free(got);
	/* A backslash before the pipe must not escape the pipe's escape; no HTML gets through. */
	got = md(report_md_cell, "we\\|ird<b>&amp");
	assert_string_equal(got, "we\\\\\\|ird&lt;b>&amp;amp");
	free(got);
}

/* A name longer than any fixed buffer comes out whole. */
static void long_names_are_not_cut(void **state)
{
	char wl[3000];
	struct model_container c;
	char *name;

	(void)state;
	memset(wl, 'w', sizeof(wl) - 1);
	wl[sizeof(wl) - 1] = '\0';
	c = container("ns", wl, "deployment", "app", 0, 0);
	c.cluster = (char *)(uintptr_t)"prod";
	name = report_name(&c);
	assert_int_equal(strlen(name), strlen("prod:ns/") + sizeof(wl) - 1);
	assert_memory_equal(name, "prod:ns/www", 11);
	free(name);
	/* The terminal table shows it whole too, in its row and in its finding. */
	snprintf(c.explanation, sizeof(c.explanation), "-");
	c.usage.p50 = c.usage.p95 = c.usage.max = NAN;
	c.oom_kills = -1;
	name = render(report_table, &c, 1);
	assert_non_null(strstr(name, wl));
	assert_non_null(strstr(strstr(name, wl) + 1, wl));
	free(name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(marathon_apps_get_dcos_commands_without_the_executor_overhead),
		cmocka_unit_test(kept_values_get_no_command),
		cmocka_unit_test(a_kept_value_is_written_exactly),
		cmocka_unit_test(a_workloads_containers_share_one_patch_and_cronjobs_nest_deeper),
		cmocka_unit_test(markdown_code_spans_hold_any_backticks),
		cmocka_unit_test(markdown_cells_escape_pipes_backslashes_html_and_breaks),
		cmocka_unit_test(long_names_are_not_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
