/*
 * cgroup.h - a Kubernetes container's cgroup path, as the kernel prints it
 * in OOM lines and cAdvisor puts it in its "id" label, read for the pod
 * UID and the container ID that tie a kill to its container.
 */
#ifndef RS_CGROUP_H
#define RS_CGROUP_H

#include <stddef.h>

/*
 * Understands the cgroupfs driver ("/kubepods/burstable/pod<uid>/<id>",
 * "/kubepods/pod<uid>/<id>") and the systemd driver
 * ("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid
 * with underscores>.slice/cri-containerd-<id>.scope", crio-, docker-).
 * Writes the pod UID with dashes and the container ID ("" for a pod-level
 * path). Returns 1 when a pod UID was found, else 0 (uid and cid "").
 */
int cgroup_parse(const char *path, size_t len, char *uid, size_t uidlen, char *cid, size_t cidlen);

#endif
