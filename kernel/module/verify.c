// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk VERIFY: prove that what a method returned is usable memory of the
 * shape it promised. Runs in the ioctl caller's context, sleeps.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "pagebulk.h"

static int pb_cmp_pfn(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Fill a page with a pattern derived from its pfn and read it back. */
static bool pb_page_holds_pattern(struct page *page, unsigned long pfn)
{
	u64 seed = (u64)pfn * 0x9e3779b97f4a7c15ULL;
	u64 *words = kmap_local_page(page);
	unsigned int i, n = PAGE_SIZE / sizeof(*words);
	bool ok = true;

	for (i = 0; i < n; i++)
		WRITE_ONCE(words[i], seed + i);
	for (i = 0; i < n && ok; i++)
		ok = READ_ONCE(words[i]) == seed + i;
	kunmap_local(words);
	return ok;
}

/**
 * pb_verify() - check alignment, range, overlap and contents of a holding
 * @h: the holding; the caller keeps it from being freed meanwhile
 * @v: request (handle, lo_pfn, hi_pfn); receives the findings
 *
 * Return: 0, or -ENOMEM when the pfn list for the overlap check could not
 * be allocated.
 */
int pb_verify(const struct pb_holding *h, struct pagebulk_verify *v)
{
	unsigned long piece = 1UL << h->order;
	unsigned long *pfns, i, j;
	bool check_range = v->lo_pfn < v->hi_pfn;

	pfns = kvmalloc_array(h->nr, sizeof(*pfns), GFP_KERNEL);
	if (!pfns)
		return -ENOMEM;

	v->nr_pieces = h->nr;
	v->order = h->order;
	v->method = h->method;
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
		for (j = 0; j < piece; j++)
			if (!pb_page_holds_pattern(h->pages[i] + j, pfn + j))
				v->nr_bad_pages++;
		cond_resched();
	}

	sort(pfns, h->nr, sizeof(*pfns), pb_cmp_pfn, NULL);
	for (i = 1; i < h->nr; i++)
		if (pfns[i - 1] + piece > pfns[i])
			v->nr_overlapping++;
	kvfree(pfns);
	return 0;
}
