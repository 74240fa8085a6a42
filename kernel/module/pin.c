// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk pin injection: hold extra references on in-use movable pages of
 * a CMA area so that migrating them fails deterministically, as it does for
 * pages a driver keeps pinned for a long time (FOLL_LONGTERM pins are not
 * allowed on CMA pages, but short-term ones held long are).
 */
#include <linux/mm.h>
#include <linux/slab.h>

#include "pagebulk.h"

/* Upper bound on pins per file: far more than the experiments use. */
#define PB_MAX_PINS	4096

/*
 * Find an in-use LRU page in [pfn, end) and take a reference on it. The
 * reference is taken first and the page checked under it, so a page being
 * freed meanwhile is simply passed over.
 */
static struct page *pb_pin_one(unsigned long pfn, unsigned long end)
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

/**
 * pb_pin_area() - pin @count pages spread evenly over a CMA area
 * @pins:  the file's pins; must hold none
 * @area:  CMA area index
 * @count: pins wanted
 * @out:   receives the number pinned and the pageblocks holding them
 *
 * Return: 0, -EINVAL for an unknown area or a bad count, -EBUSY when pins
 * are already held, -ENOMEM.
 */
int pb_pin_area(struct pb_pins *pins, int area, unsigned long count,
		struct pagebulk_pin *out)
{
	unsigned long base, nr_pages, stride, i, last_block = ULONG_MAX;

	if (!pb_cma_area(area, &base, &nr_pages) || count > PB_MAX_PINS ||
	    count > nr_pages)
		return -EINVAL;
	if (pins->nr)
		return -EBUSY;
	pins->pages = kvcalloc(count, sizeof(*pins->pages), GFP_KERNEL);
	if (!pins->pages)
		return -ENOMEM;

	/*
	 * One pin per equal segment, as near its centre as an in-use page is:
	 * with one pin in the middle, no window of more than half the area
	 * is clean, which is what sinks one large cma_alloc().
	 */
	stride = nr_pages / count;
	for (i = 0; i < count; i++) {
		unsigned long from = base + i * stride, mid = from + stride / 2;
		struct page *page = pb_pin_one(mid, from + stride);
		unsigned long block;

		if (!page)
			page = pb_pin_one(from, mid);

		if (!page)
			continue;
		pins->pages[pins->nr++] = page;
		block = page_to_pfn(page) >> pageblock_order;
		if (block != last_block)
			out->pinned_blocks++;
		last_block = block;
		cond_resched();
	}
	out->nr_pinned = pins->nr;
	return 0;
}

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
