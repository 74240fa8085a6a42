// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk pin injection: hold extra references on in-use movable pages of
 * a CMA area so that migrating them fails deterministically, as it does for
 * pages a driver keeps pinned for a long time (FOLL_LONGTERM pins are not
 * allowed on CMA pages, but short-term ones held long are).
 */
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "pagebulk.h"

#ifdef PAGEBULK_HAVE_CMA_EXPORTS
/* Upper bound on pins per file: far more than the experiments use. */
#define PB_MAX_PINS	4096

/*
 * Find an in-use LRU page in [pfn, end) and take a reference on it. The
 * reference is taken first and the page checked under it, so a page being
 * freed meanwhile is simply passed over.
 */
static struct page *pb_pin_in_use(unsigned long pfn, unsigned long end)
{
	for (; pfn < end; pfn++) {
		struct page *page = pfn_to_online_page(pfn);

		if (!page || !get_page_unless_zero(page))
			continue;
		if (PageLRU(page) && !PageCompound(page))
			return page;
		put_page(page);
	}
	return NULL;
}

/* Attempts at taking a page of a pageblock before giving that pin up. */
#define PB_TAKE_TRIES	16

/*
 * Take a page of the pageblock out of the CMA area and hold it: the one at
 * @pfn, or, when that one is busy, one at a few other offsets of the block.
 */
static struct page *pb_take_page(unsigned long pfn)
{
	unsigned long start = ALIGN_DOWN(pfn, pageblock_nr_pages);
	unsigned long step = pageblock_nr_pages / PB_TAKE_TRIES;
	unsigned int i;

	for (i = 0; i < PB_TAKE_TRIES; i++) {
		unsigned long p = start + (pfn - start + i * step) % pageblock_nr_pages;

		if (!alloc_contig_range(p, p + 1, MIGRATE_CMA, GFP_KERNEL | __GFP_NOWARN))
			return pfn_to_page(p);
	}
	return NULL;
}

/**
 * pb_pin_area() - pin @count pages spread evenly over a CMA area
 * @pins:  the file's pins; must hold none
 * @area:  CMA area index
 * @count: pins wanted
 * @out:   receives the number pinned, taken, and the pageblocks holding them
 *
 * Both kinds of pin are released with put_page(): it drops the extra
 * reference of an in-use page and frees a taken one.
 *
 * Return: 0, -EINVAL for an unknown area or a bad count, -EBUSY when pins
 * are already held, -ENOMEM, -EINTR on a fatal signal (the pins taken so
 * far stay with the file and go when it is closed).
 */
int pb_pin_area(struct pb_pins *pins, int area, unsigned long count,
		struct pagebulk_pin *out)
{
	unsigned long base, nr_pages, stride, i, last_block = ULONG_MAX;

	if (!pb_cma_area(area, &base, &nr_pages) || !count ||
	    count > PB_MAX_PINS || count > nr_pages)
		return -EINVAL;
	if (pins->nr)
		return -EBUSY;
	pins->pages = kvcalloc(count, sizeof(*pins->pages), GFP_KERNEL);
	if (!pins->pages)
		return -ENOMEM;

	stride = nr_pages / count;
	for (i = 0; i < count; i++) {
		unsigned long pos = base + i * stride + stride / 2;
		unsigned long block_start = ALIGN_DOWN(pos, pageblock_nr_pages);
		struct page *page;
		unsigned long block;

		if (fatal_signal_pending(current))
			break;
		page = pb_pin_in_use(block_start, block_start + pageblock_nr_pages);
		if (!page) {
			page = pb_take_page(pos);
			if (!page)
				continue;
			out->nr_taken++;
		}
		pins->pages[pins->nr++] = page;
		block = page_to_pfn(page) >> pageblock_order;
		if (block != last_block)
			out->pinned_blocks++;
		last_block = block;
		cond_resched();
	}
	out->nr_pinned = pins->nr;
	/* Nothing pinned: keep no array, or the next PIN would leak it. */
	if (!pins->nr) {
		kvfree(pins->pages);
		pins->pages = NULL;
	}
	return fatal_signal_pending(current) ? -EINTR : 0;
}
#else
int pb_pin_area(struct pb_pins *pins, int area, unsigned long count,
		struct pagebulk_pin *out)
{
	return -EOPNOTSUPP;
}
#endif

/**
 * pb_unpin_all() - drop every pin of a file
 * @pins: the file's pins
 */
void pb_unpin_all(struct pb_pins *pins)
{
	unsigned long i;

	for (i = 0; i < pins->nr; i++)
		put_page(pins->pages[i]);
	kvfree(pins->pages);
	pins->pages = NULL;
	pins->nr = 0;
}
