// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk CENSUS: what the pages of a range are just before an allocation
 * call, so that a result can say what the allocator was up against (dirty,
 * writeback or pinned pages in the area, free memory near the watermarks)
 * and how many pages a perfect allocator would have had to migrate.
 */
#include <linux/bits.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/page-flags.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmstat.h>

#include "pagebulk.h"

/* Longest range a census walks: 64 GiB, one walk well under a second. */
#define PB_CENSUS_MAX_PAGES	BIT(24)

static_assert(MAX_PAGE_ORDER < PAGEBULK_CENSUS_ORDERS);

/* The walk's position and what it found so far. */
struct pb_census {
	struct pagebulk_census *out;
	struct pagebulk_census_block *blocks;
	unsigned long first_block_pfn;
};

static struct pagebulk_census_block *pb_census_block(struct pb_census *c,
						     unsigned long pfn)
{
	return &c->blocks[(pfn - c->first_block_pfn) >> pageblock_order];
}

/* A free buddy of @nr pages at @pfn; a buddy above pageblock_order spans blocks. */
static void pb_census_free(struct pb_census *c, unsigned long pfn,
			   unsigned long nr)
{
	while (nr) {
		unsigned long in_block = pageblock_nr_pages -
					 (pfn & (pageblock_nr_pages - 1));

		in_block = min(in_block, nr);
		pb_census_block(c, pfn)->free += in_block;
		pfn += in_block;
		nr -= in_block;
	}
}

/*
 * An in-use page: with a reference on its folio, so that the folio cannot
 * be freed, split or reused while its flags are read (as compaction takes
 * folio_get_nontail_page() before it tests any). Its kind, then for an
 * LRU folio its states, which overlap, for its pages in [@pfn, @end).
 * Return: how many pages that counted.
 */
static unsigned long pb_census_folio(struct pb_census *c, struct page *page,
				     unsigned long pfn, unsigned long end)
{
	struct pagebulk_census *out = c->out;
	struct folio *folio = page_folio(page);
	unsigned long nr, i;

	if (!folio_try_get(folio)) {
		/* Freed meanwhile: on its way to the free lists. */
		out->free_other++;
		pb_census_block(c, pfn)->free++;
		return 1;
	}
	if (unlikely(page_folio(page) != folio)) {
		/* Split or reused between the two reads: count it next time. */
		folio_put(folio);
		out->other++;
		pb_census_block(c, pfn)->unmovable++;
		return 1;
	}
	/* The folio's pages from this one on, within the range. */
	nr = min_t(unsigned long, folio_nr_pages(folio) - folio_page_idx(folio, page),
		   end - pfn);
	if (!folio_test_lru(folio)) {
		out->other += nr;
		for (i = 0; i < nr; i++)
			pb_census_block(c, pfn + i)->unmovable++;
		folio_put(folio);
		return nr;
	}
	if (folio_test_anon(folio))
		out->lru_anon += nr;
	else
		out->lru_file += nr;
	out->unevictable += folio_test_unevictable(folio) ? nr : 0;
	out->dirty += folio_test_dirty(folio) ? nr : 0;
	out->writeback += folio_test_writeback(folio) ? nr : 0;
	out->locked += folio_test_locked(folio) ? nr : 0;
	out->mapped += folio_mapped(folio) ? nr : 0;
	if (folio_maybe_dma_pinned(folio)) {
		out->pinned += nr;
		for (i = 0; i < nr; i++)
			pb_census_block(c, pfn + i)->pinned++;
	} else {
		for (i = 0; i < nr; i++)
			pb_census_block(c, pfn + i)->movable++;
	}
	folio_put(folio);
	return nr;
}

/*
 * Count the page at @pfn. Return: how many pages that took, more than one
 * for the head of a free buddy. Nothing is locked: a buddy's order is
 * read once and checked, as compaction's buddy_order_unsafe() does.
 */
static unsigned long pb_census_page(struct pb_census *c, unsigned long pfn,
				    unsigned long end)
{
	struct pagebulk_census *out = c->out;
	struct page *page = pfn_to_online_page(pfn);
	struct pagebulk_census_block *block = pb_census_block(c, pfn);

	if (!page) {
		out->offline++;
		block->unmovable++;
		return 1;
	}
	if (PageBuddy(page)) {
		unsigned long order = READ_ONCE(page->private);
		unsigned long nr;

		if (order > MAX_PAGE_ORDER)
			order = 0;
		nr = min(1UL << order, end - pfn);
		out->free_by_order[order] += nr;
		pb_census_free(c, pfn, nr);
		return nr;
	}
	if (PageReserved(page)) {
		out->reserved++;
		block->unmovable++;
	} else if (PageSlab(page)) {
		out->slab++;
		block->unmovable++;
	} else if (!page_count(page)) {
		out->free_other++;
		block->free++;
	} else {
		return pb_census_folio(c, page, pfn, end);
	}
	return 1;
}

/* The zone of the range's first online page, and the system's free pages. */
static void pb_census_watermarks(struct pagebulk_census *out,
				 unsigned long start, unsigned long end)
{
	struct page *page = NULL;
	struct zone *zone;

	while (start < end && !(page = pfn_to_online_page(start)))
		start += pageblock_nr_pages;
	if (page) {
		zone = page_zone(page);
		out->zone_free = zone_page_state(zone, NR_FREE_PAGES);
		out->zone_min = min_wmark_pages(zone);
		out->zone_low = low_wmark_pages(zone);
		out->zone_high = high_wmark_pages(zone);
	}
	out->nr_free = global_zone_page_state(NR_FREE_PAGES);
	out->nr_free_cma = global_zone_page_state(NR_FREE_CMA_PAGES);
}

/* Where the census looks: an area's pages, or the caller's pfn range. */
static int pb_census_range(struct pagebulk_census *out)
{
	unsigned long base, nr;

	if (out->cma_area != PAGEBULK_NO_CMA) {
		if (!pb_cma_area(out->cma_area, &base, &nr))
			return -EINVAL;
		out->start_pfn = base;
		out->end_pfn = base + nr;
	}
	if (out->end_pfn > ULONG_MAX || out->start_pfn >= out->end_pfn ||
	    out->end_pfn - out->start_pfn > PB_CENSUS_MAX_PAGES ||
	    !pfn_valid(out->start_pfn) || !pfn_valid(out->end_pfn - 1))
		return -EINVAL;
	return 0;
}

/**
 * pb_census() - count the pages of a range by state
 * @out: the request as copied from user space; receives the counts
 *
 * Return: 0; -EINVAL for a bad area or range, or @nr_blocks too small for
 * it; -EFAULT for a bad @blocks pointer; -ENOMEM; -EINTR when killed;
 * -EOPNOTSUPP where a pageblock is too large for the per-block counts.
 */
int pb_census(struct pagebulk_census *out)
{
	struct pagebulk_census_block __user *ublocks = u64_to_user_ptr(out->blocks);
	unsigned long pfn, nr_blocks;
	struct pb_census c = { .out = out };
	u64 started = ktime_get_ns();
	int ret;

	/* A pageblock's counts are u16s in struct pagebulk_census_block. */
	if (pageblock_nr_pages > U16_MAX)
		return -EOPNOTSUPP;
	ret = pb_census_range(out);
	if (ret)
		return ret;
	c.first_block_pfn = ALIGN_DOWN(out->start_pfn, pageblock_nr_pages);
	nr_blocks = (ALIGN(out->end_pfn, pageblock_nr_pages) - c.first_block_pfn) >>
		    pageblock_order;
	if (ublocks && out->nr_blocks < nr_blocks)
		return -EINVAL;
	c.blocks = kvcalloc(nr_blocks, sizeof(*c.blocks), GFP_KERNEL);
	if (!c.blocks)
		return -ENOMEM;

	for (pfn = out->start_pfn; pfn < out->end_pfn;) {
		if (!(pfn & (pageblock_nr_pages - 1))) {
			if (fatal_signal_pending(current)) {
				ret = -EINTR;
				goto out;
			}
			cond_resched();
		}
		pfn += pb_census_page(&c, pfn, out->end_pfn);
	}
	pb_census_watermarks(out, out->start_pfn, out->end_pfn);
	out->block_order = pageblock_order;
	out->nr_blocks = ublocks ? nr_blocks : 0;
	out->elapsed_ns = ktime_get_ns() - started;
	if (ublocks && copy_to_user(ublocks, c.blocks, nr_blocks * sizeof(*c.blocks)))
		ret = -EFAULT;
out:
	kvfree(c.blocks);
	return ret;
}
