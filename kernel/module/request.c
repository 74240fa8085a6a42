// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk ALLOC requests: everything a user can get wrong is caught here,
 * before any method runs, so that bad input allocates nothing.
 */
#include <linux/bits.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/sched.h>

#include "pagebulk.h"

/* Upper bound on pieces per request, whatever the memory size. */
#define PB_MAX_COUNT	BIT(24)

static gfp_t pb_gfp(u32 preset)
{
	static const gfp_t presets[PAGEBULK_NR_GFP] = {
		[PAGEBULK_GFP_KERNEL] = GFP_KERNEL,
		[PAGEBULK_GFP_HIGHUSER_MOVABLE] = GFP_HIGHUSER_MOVABLE,
		[PAGEBULK_GFP_RETRY_MAYFAIL] = GFP_KERNEL | __GFP_RETRY_MAYFAIL,
		[PAGEBULK_GFP_NORETRY] = GFP_KERNEL | __GFP_NORETRY,
		[PAGEBULK_GFP_ATOMIC] = GFP_ATOMIC,
	};

	return presets[preset] | __GFP_NOWARN;
}

/*
 * Every pfn of [start, end) must be online and in one zone: checked pfn by
 * pfn, as alloc_contig_pages() checks its candidates, since a memory hole
 * or an offline section can sit inside a range whose ends are fine.
 */
static bool pb_range_in_one_zone(unsigned long start, unsigned long end)
{
	struct zone *zone = NULL;
	unsigned long pfn;

	for (pfn = start; pfn < end; pfn++) {
		struct page *page = pfn_to_online_page(pfn);

		if (!page)
			return false;
		if (!zone)
			zone = page_zone(page);
		else if (page_zone(page) != zone)
			return false;
		if (!(pfn & (pageblock_nr_pages - 1)))
			cond_resched();
	}
	return zone;
}

/**
 * pb_parse_alloc() - turn the user's ALLOC into a pb_request
 * @a:   the request as copied from user space
 * @req: receives the validated request
 *
 * Return: 0, -EOPNOTSUPP for a method this build lacks, or -EINVAL for
 * anything else that is wrong: the request then allocates nothing.
 */
int pb_parse_alloc(const struct pagebulk_alloc *a, struct pb_request *req)
{
	unsigned long base = 0, nr = 0;

	if (a->method >= PAGEBULK_NR_METHODS)
		return -EINVAL;
	if (!(pb_supported_methods() & BIT_ULL(a->method)))
		return -EOPNOTSUPP;
	if (a->order > MAX_PAGE_ORDER || a->gfp >= PAGEBULK_NR_GFP ||
	    a->mode >= PAGEBULK_NR_MODES)
		return -EINVAL;
	if (a->mode != PAGEBULK_MODE_DEFAULT &&
	    a->method != PAGEBULK_METHOD_CONTIG_RANGE &&
	    a->method != PAGEBULK_METHOD_RANGE_BULK &&
	    a->method != PAGEBULK_METHOD_CMA_BULK)
		return -EINVAL;
	if (!a->count || a->count > PB_MAX_COUNT ||
	    a->count > (totalram_pages() >> a->order))
		return -EINVAL;
	if ((a->method == PAGEBULK_METHOD_BULK_ARRAY ||
	     a->method == PAGEBULK_METHOD_COMPACT) && a->order)
		return -EINVAL;

	req->method = a->method;
	req->order = a->order;
	req->gfp = pb_gfp(a->gfp);
	req->mode = a->mode;
	req->count = a->count;
	req->deadline_ns = a->deadline_ms ?
		ktime_get_ns() + (u64)a->deadline_ms * NSEC_PER_MSEC : 0;
	req->cma = NULL;

	if (a->cma_area != PAGEBULK_NO_CMA) {
		req->cma = pb_cma_area(a->cma_area, &base, &nr);
		if (!req->cma)
			return -EINVAL;
	} else if (a->method == PAGEBULK_METHOD_CMA_WHOLE ||
		   a->method == PAGEBULK_METHOD_CMA_PER_CHUNK ||
		   a->method == PAGEBULK_METHOD_CMA_PER_CHUNK_RESUME ||
		   a->method == PAGEBULK_METHOD_CMA_BULK ||
		   a->method == PAGEBULK_METHOD_CMA_BULK_TWO_PASS) {
		return -EINVAL;
	}

	if (a->start_pfn || a->end_pfn) {
		if (a->start_pfn >= a->end_pfn)
			return -EINVAL;
		if (req->cma && (a->start_pfn < base || a->end_pfn > base + nr))
			return -EINVAL;
		req->start_pfn = a->start_pfn;
		req->end_pfn = a->end_pfn;
	} else {
		req->start_pfn = base;
		req->end_pfn = base + nr;
	}

	if (a->method != PAGEBULK_METHOD_CONTIG_RANGE)
		return 0;
	/*
	 * The contiguous range must fit where it is asked for, and start on
	 * an order boundary: its slices are handed out as order-N pieces.
	 */
	if (req->start_pfn == req->end_pfn ||
	    !IS_ALIGNED(req->start_pfn, 1UL << req->order) ||
	    req->count << req->order > req->end_pfn - req->start_pfn)
		return -EINVAL;
	req->end_pfn = req->start_pfn + (req->count << req->order);
	if (!pb_range_in_one_zone(req->start_pfn, req->end_pfn))
		return -EINVAL;
	return 0;
}
