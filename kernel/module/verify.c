// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk VERIFY: prove that what a method returned is usable memory of the
 * shape it promised. Runs in the ioctl caller's context, sleeps.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "pagebulk.h"

static int pb_cmp_pfn(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Stamps are never reused, so two holdings never expect the same words. */
static atomic64_t pb_last_stamp = ATOMIC64_INIT(0);

static u64 pb_pattern_seed(unsigned long pfn, u64 stamp)
{
	return ((u64)pfn ^ (stamp << 40)) * 0x9e3779b97f4a7c15ULL;
}

/* Write the pattern of @seed unless only checking, then read it back. */
static bool pb_page_holds_pattern(struct page *page, u64 seed, bool write)
{
	u64 *words = kmap_local_page(page);
	unsigned int i, n = PAGE_SIZE / sizeof(*words);
	bool ok = true;

	if (write)
		for (i = 0; i < n; i++)
			WRITE_ONCE(words[i], seed + i);
	for (i = 0; i < n && ok; i++)
		ok = READ_ONCE(words[i]) == seed + i;
	kunmap_local(words);
	return ok;
}

/* Count the pieces not aligned to their order or outside the asked range. */
static void pb_check_shape(const struct pb_holding *h, unsigned long *pfns,
			   struct pagebulk_verify *v)
{
	unsigned long piece = 1UL << h->order;
	bool check_range = v->lo_pfn < v->hi_pfn;
	unsigned long i;

	v->min_pfn = ULONG_MAX;
	v->max_pfn = 0;
	for (i = 0; i < h->nr; i++) {
		unsigned long pfn = page_to_pfn(h->pages[i]);

		pfns[i] = pfn;
		v->min_pfn = min_t(u64, v->min_pfn, pfn);
		v->max_pfn = max_t(u64, v->max_pfn, pfn + piece);
		if (!IS_ALIGNED(pfn, piece))
			v->nr_misaligned++;
		if (check_range && (pfn < v->lo_pfn || pfn + piece > v->hi_pfn))
			v->nr_outside++;
	}

	sort(pfns, h->nr, sizeof(*pfns), pb_cmp_pfn, NULL);
	for (i = 1; i < h->nr; i++)
		if (pfns[i - 1] + piece > pfns[i])
			v->nr_overlapping++;
}

/**
 * pb_verify() - check alignment, range, overlap and contents of a holding
 * @h: the holding; the caller keeps it from being freed or verified
 *     concurrently
 * @v: request (handle, flags, lo_pfn, hi_pfn); receives the findings
 *
 * Return: 0; -EINVAL for unknown flags or a CHECK of a holding never
 * stamped; -ENOMEM when the pfn list for the overlap check could not be
 * allocated.
 */
int pb_verify(struct pb_holding *h, struct pagebulk_verify *v)
{
	unsigned long piece = 1UL << h->order;
	bool write = !(v->flags & PAGEBULK_VERIFY_CHECK);
	unsigned long *pfns, i, j;
	u64 stamp = 0;

	switch (v->flags) {
	case 0:
		break;
	case PAGEBULK_VERIFY_STAMP:
		stamp = atomic64_inc_return(&pb_last_stamp);
		break;
	case PAGEBULK_VERIFY_CHECK:
		if (!h->stamp)
			return -EINVAL;
		stamp = h->stamp;
		break;
	default:
		return -EINVAL;
	}

	pfns = kvmalloc_array(h->nr, sizeof(*pfns), GFP_KERNEL);
	if (!pfns)
		return -ENOMEM;
	v->nr_pieces = h->nr;
	v->order = h->order;
	v->method = h->method;
	pb_check_shape(h, pfns, v);
	kvfree(pfns);

	for (i = 0; i < h->nr; i++) {
		unsigned long pfn = page_to_pfn(h->pages[i]);

		/* A killed caller cannot read the result: stop, keep no stamp. */
		if (fatal_signal_pending(current))
			return -EINTR;
		for (j = 0; j < piece; j++)
			if (!pb_page_holds_pattern(h->pages[i] + j,
						   pb_pattern_seed(pfn + j, stamp),
						   write))
				v->nr_bad_pages++;
		cond_resched();
	}
	/* A plain write overwrote the stamp: later CHECKs have nothing to see. */
	if (write)
		h->stamp = stamp;
	return 0;
}
