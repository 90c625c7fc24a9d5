/*
 * pages.h - handing the pages of a mapped input file back to the kernel
 * once they are read, so a file of gigabytes is never resident whole.
 *
 * Safe whatever the reader still points at: the mapping is private and
 * read-only, so a released page that is touched again is read again from
 * the file.
 */
#ifndef RS_PAGES_H
#define RS_PAGES_H

#include <stdint.h>

struct pages {
	const char *released; /* pages below this are handed back */
	uintptr_t page;       /* 0: not a mapping, nothing to do */
};

/* data: the start of the text; mapped: whether it is a file mapping. */
void pages_init(struct pages *p, const char *data, int mapped);
/* Everything before upto has been read; hands back whole pages in 16 MiB steps. */
void pages_release(struct pages *p, const char *upto);

/*
 * How far the reader of the file being read has got, for a progress
 * display: the last upto given to pages_release, else the text's start
 * that pages_track (as a file starts) or pages_init set. Files are read
 * one at a time, so one position serves. pages_track also names a tick,
 * called from pages_release each time the reader gets 4 MiB further (NULL:
 * none; pages_track(NULL, NULL, NULL) when the file is done): progress
 * for readers that produce no samples, such as logs.
 */
void pages_track(const char *data, void (*tick)(void *ctx), void *ctx);
const char *pages_position(void);

#endif
