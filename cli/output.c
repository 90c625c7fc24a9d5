/*
 * output.c - where a command writes its output: standard output, or a file
 * that appears whole or not at all. A regular file (or one that does not
 * exist yet) is written as NAME.tmp.PID beside it and renamed over it only
 * when the output is complete; a symbolic link is followed, so the file it
 * points to is the one replaced; anything else (/dev/null, a FIFO, a
 * terminal) is written directly, since renaming over it would replace the
 * device or pipe with a plain file.
 */
#include "commands.h"
#include "../util/log.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int output_open(struct output *o, const char *path)
{
	struct stat sb;
	char *real = NULL;
	size_t n;

	memset(o, 0, sizeof(*o));
	if (!path || strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	o->name = rs_strdup(path);
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if (S_ISDIR(sb.st_mode)) {
			rs_error("%s: is a folder, not a file to write", path);
			free(o->name);
			return -1;
		}
		/* A device or a pipe: written as it is. */
		o->f = fopen(path, "w");
		if (!o->f) {
			rs_error("%s: cannot write: %s", path, strerror(errno));
			free(o->name);
			return -1;
		}
		return 0;
	}
	/* A link is followed: its target is replaced, the link stays. */
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) && (real = realpath(path, NULL)) == NULL) {
		rs_error("%s: cannot follow the link: %s", path, strerror(errno));
		free(o->name);
		return -1;
	}
	o->path = real ? real : rs_strdup(path);
	n = strlen(o->path) + 32;
	o->tmp = rs_malloc(n);
	snprintf(o->tmp, n, "%s.tmp.%ld", o->path, (long)getpid());
	o->f = fopen(o->tmp, "w");
	if (!o->f) {
		rs_error("%s: cannot write (the output is written beside it first, as %s): %s", path, o->tmp,
			 strerror(errno));
		free(o->name);
		free(o->path);
		free(o->tmp);
		return -1;
	}
	return 0;
}

int output_close(struct output *o, int ok)
{
	int rc = 0;

	if (o->f == stdout) {
		if (fflush(stdout) != 0)
			rc = rs_error("standard output: %s", strerror(errno));
		return ok && !rc ? 0 : -1;
	}
	if (fclose(o->f) != 0) {
		rc = rs_error("%s: write failed: %s", o->name, strerror(errno));
		ok = 0;
	}
	if (o->tmp) {
		if (ok && rename(o->tmp, o->path) != 0) {
			rc = rs_error("%s: cannot move into place: %s", o->name, strerror(errno));
			ok = 0;
		}
		if (!ok)
			unlink(o->tmp);
	}
	free(o->name);
	free(o->path);
	free(o->tmp);
	return ok ? rc : -1;
}
