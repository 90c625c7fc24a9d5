/* test_cgroup.c - ingest/cgroup: pod UIDs and container IDs from cgroup paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "ingest/cgroup.h"

#define CID "145de86c73e55d2696305710df52707a579a0f73bc5f2ba10c0d33233a1c5b47"

static void check(const char *path, int found, const char *uid, const char *cid)
{
	char u[40], c[80];

	assert_int_equal(cgroup_parse(path, strlen(path), u, sizeof(u), c, sizeof(c)), found);
	assert_string_equal(u, uid);
	assert_string_equal(c, cid);
}

static void cgroupfs_paths_give_the_pod_and_the_container(void **state)
{
	(void)state;
	check("/kubepods/burstable/pod0f5eb28f-6722-4cf5-ab0f-b62748c018d4/" CID, 1,
	      "0f5eb28f-6722-4cf5-ab0f-b62748c018d4", CID);
	check("/kubepods/pod38296834-0dfd-410a-80da-82e0458a92eb/" CID, 1, "38296834-0dfd-410a-80da-82e0458a92eb", CID);
}

static void systemd_paths_give_the_uid_with_dashes(void **state)
{
	(void)state;
	check("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c57de98_0c20_4854_bfd1_e242e1b0940b.slice/"
	      "cri-containerd-" CID ".scope",
	      1, "7c57de98-0c20-4854-bfd1-e242e1b0940b", CID);
	check("/kubepods.slice/kubepods-pod79bc48d0_783f_4c88_af9f_1717dadd89c4.slice/docker-" CID ".scope", 1,
	      "79bc48d0-783f-4c88-af9f-1717dadd89c4", CID);
	check("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod79bc48d0_783f_4c88_af9f_1717dadd89c4.slice/"
	      "crio-" CID ".scope",
	      1, "79bc48d0-783f-4c88-af9f-1717dadd89c4", CID);
}

static void a_pod_level_path_has_no_container(void **state)
{
	(void)state;
	check("/kubepods/besteffort/pod38296834-0dfd-410a-80da-82e0458a92eb", 1, "38296834-0dfd-410a-80da-82e0458a92eb", "");
	check("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c57de98_0c20_4854_bfd1_e242e1b0940b.slice", 1,
	      "7c57de98-0c20-4854-bfd1-e242e1b0940b", "");
	/* conmon's scope is not a container */
	check("/kubepods.slice/kubepods-pod79bc48d0_783f_4c88_af9f_1717dadd89c4.slice/crio-conmon-" CID ".scope", 1,
	      "79bc48d0-783f-4c88-af9f-1717dadd89c4", "");
}

static void other_paths_are_not_pods(void **state)
{
	(void)state;
	check("/mesos/8e5ad7a4-6c4f-4b0a-9d41-5b2a61e0c2d1", 0, "", "");
	check("/system.slice/docker.service", 0, "", "");
	check("/kubepods/burstable/podnot-a-uid/" CID, 0, "", "");
	check("", 0, "", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cgroupfs_paths_give_the_pod_and_the_container),
		cmocka_unit_test(systemd_paths_give_the_uid_with_dashes),
		cmocka_unit_test(a_pod_level_path_has_no_container),
		cmocka_unit_test(other_paths_are_not_pods),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
