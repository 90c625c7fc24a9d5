/* cgroup.c - Kubernetes cgroup paths; see cgroup.h. */
#include "cgroup.h"

#include <ctype.h>
#include <string.h>

/* A pod UID: 8-4-4-4-12 hex digits, dashes or (systemd) underscores. */
static int is_uid(const char *s, size_t len)
{
	size_t i;

	if (len < 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-' && s[i] != '_')
				return 0;
		} else if (!isxdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

/* The container ID of the path segment after the pod's: prefixes and ".scope" off. */
static void container_id(const char *seg, size_t len, char *cid, size_t cidlen)
{
	static const char *const prefixes[] = { "cri-containerd-", "crio-", "docker-", "containerd-", NULL };
	size_t i, n;

	for (i = 0; prefixes[i]; i++) {
		n = strlen(prefixes[i]);
		if (len > n && memcmp(seg, prefixes[i], n) == 0) {
			seg += n;
			len -= n;
			break;
		}
	}
	if (len > 6 && memcmp(seg + len - 6, ".scope", 6) == 0)
		len -= 6;
	/* Runtimes use 64 hex digits; anything else (conmon, a slice) is not a container. */
	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)seg[i]))
			return;
	if (len >= 12 && len < cidlen) {
		memcpy(cid, seg, len);
		cid[len] = '\0';
	}
}

int cgroup_parse(const char *path, size_t len, char *uid, size_t uidlen, char *cid, size_t cidlen)
{
	const char *p = path, *end = path + len, *seg_end;
	size_t i;

	if (uidlen)
		uid[0] = '\0';
	if (cidlen)
		cid[0] = '\0';
	if (uidlen < 37)
		return 0;
	while ((p = memchr(p, 'p', (size_t)(end - p))) != NULL) {
		if (end - p >= 39 && memcmp(p, "pod", 3) == 0 && is_uid(p + 3, (size_t)(end - p - 3)) &&
		    (p + 39 == end || p[39] == '/' || p[39] == '.')) {
			for (i = 0; i < 36; i++)
				uid[i] = p[3 + i] == '_' ? '-' : (char)tolower((unsigned char)p[3 + i]);
			uid[36] = '\0';
			/* The next segment, if any, is the container. */
			p += 39;
			p = memchr(p, '/', (size_t)(end - p));
			if (p) {
				p++;
				seg_end = memchr(p, '/', (size_t)(end - p));
				container_id(p, (size_t)((seg_end ? seg_end : end) - p), cid, cidlen);
			}
			return 1;
		}
		p++;
	}
	return 0;
}
