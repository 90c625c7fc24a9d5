/* pages.c - releasing read pages of a mapped file; see pages.h. */
#include "pages.h"

#include <sys/mman.h>
#include <unistd.h>

#define RELEASE_STEP ((uintptr_t)16 << 20)

#define TICK_STEP ((size_t)4 << 20)

static const char *position;
static uintptr_t next_tick; /* 0: no tick */
static void (*tick_fn)(void *);
static void *tick_ctx;

void pages_track(const char *data, void (*tick)(void *ctx), void *ctx)
{
	position = data;
	next_tick = data && tick ? (uintptr_t)data + TICK_STEP : 0;
	tick_fn = tick;
	tick_ctx = ctx;
}

const char *pages_position(void)
{
	return position;
}

void pages_init(struct pages *p, const char *data, int mapped)
{
	long ps = sysconf(_SC_PAGESIZE);

	position = data;
	p->page = mapped ? (uintptr_t)(ps > 0 ? ps : 4096) : 0;
	p->released = (const char *)((uintptr_t)data & ~(p->page ? p->page - 1 : 0));
}

void pages_release(struct pages *p, const char *upto)
{
	uintptr_t from = (uintptr_t)p->released, to;

	position = upto;
	if (next_tick && (uintptr_t)upto >= next_tick) {
		next_tick = (uintptr_t)upto + TICK_STEP;
		tick_fn(tick_ctx);
	}
	if (!p->page || (uintptr_t)upto < from || (uintptr_t)upto - from < RELEASE_STEP)
		return;
	to = (uintptr_t)upto & ~(p->page - 1);
	madvise((void *)from, to - from, MADV_DONTNEED);
	p->released = (const char *)to;
}
