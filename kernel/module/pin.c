// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk pin injection: hold extra references on in-use movable pages of
 * a CMA area so that migrating them fails deterministically, as it does for
 * pages a driver keeps pinned for a long time (FOLL_LONGTERM pins are not
 * allowed on CMA pages, but short-term ones held long are).
 *
 * Placements and transient pins: see struct pagebulk_pin.
 *
 * Lock rules. A file's pins (struct pb_pins) are placed, dropped and
 * replaced under the file's lock (pb_file.lock in main.c), or by its
 * release, when nobody else can reach them. A transient pin's delayed work
 * (pb_pin_expire()) takes no lock at all: it drops its own pin with an
 * xchg() of pin->page, so that it and pb_unpin_all() drop each pin exactly
 * once whichever comes first, and it only touches its pin and the atomic
 * counters. pb_unpin_all() therefore may, and does, wait for the works
 * with cancel_delayed_work_sync() under the file's lock, before it frees
 * the array the works live in: no work runs or is pending once it
 * returns, so none can outlive the file or the module (whose text the
 * works run; the module cannot be removed while a file is open).
 */
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/prandom.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "pagebulk.h"

/* Pins held by every file, for PIN's held_all. */
static atomic_long_t pb_held_all_pins = ATOMIC_LONG_INIT(0);

/* Drop one pin, once: returns whether this call was the one that did. */
static bool pb_pin_drop(struct pb_pins *pins, struct pb_pin *pin)
{
	struct page *page = xchg(&pin->page, NULL);

	if (!page)
		return false;
	put_page(page);
	atomic_long_dec(&pins->held);
	atomic_long_dec(&pb_held_all_pins);
	return true;
}

/**
 * pb_unpin_all() - drop every pin of a file and cancel their timers
 * @pins: the file's pins
 *
 * Context: process context; the caller holds the file's lock or is its
 * release. Sleeps until every transient pin's work has finished.
 */
void pb_unpin_all(struct pb_pins *pins)
{
	unsigned long i;

	for (i = 0; i < pins->nr; i++) {
		cancel_delayed_work_sync(&pins->pin[i].work);
		pb_pin_drop(pins, &pins->pin[i]);
	}
	kvfree(pins->pin);
	pins->pin = NULL;
	pins->nr = 0;
	/* No work is left to count: the next PIN starts from 0. */
	atomic_long_set(&pins->expired, 0);
}

/**
 * pb_pin_report() - the file's and the module's pins now
 * @pins: the file's pins
 * @out:  receives nr_held, nr_expired and held_all
 */
void pb_pin_report(struct pb_pins *pins, struct pagebulk_pin *out)
{
	out->nr_held = atomic_long_read(&pins->held);
	out->nr_expired = atomic_long_read(&pins->expired);
	out->held_all = atomic_long_read(&pb_held_all_pins);
}

/**
 * pb_pins_held_all() - pins held by every file
 *
 * Return: the count; 0 when no file holds a pin.
 */
long pb_pins_held_all(void)
{
	return atomic_long_read(&pb_held_all_pins);
}

#ifdef PAGEBULK_HAVE_CMA_EXPORTS
/* Defaults of struct pagebulk_pin's 0 fields. */
#define PB_DEFAULT_WINDOW_ORDER		4
#define PB_DEFAULT_CLUSTER_BLOCKS	2
#define PB_PINS_PER_CLUSTER		10
/* The hold times draw from their own stream, so positions do not move. */
#define PB_HOLD_SEED_MIX	0x9e3779b97f4a7c15ULL

/* Where the pins of one PIN go: struct pagebulk_pin's placement. */
struct pb_place {
	enum pagebulk_pin_placement placement;
	unsigned long base;
	unsigned long nr_pages;
	unsigned long count;
	struct rnd_state rnd;
	unsigned long *centres;		/* CLUSTERED */
	unsigned long nr_centres;
	unsigned long spread;		/* CLUSTERED: pages either side */
};

/* Uniform in [0, n), n > 0, from 64 random bits. */
static unsigned long pb_rand_below(struct rnd_state *rnd, unsigned long n)
{
	u64 r = ((u64)prandom_u32_state(rnd) << 32) | prandom_u32_state(rnd);
	u64 rem;

	div64_u64_rem(r, n, &rem);
	return rem;
}

/* CLUSTERED: draw the cluster centres, first of all draws. */
static int pb_place_centres(struct pb_place *pl, u32 clusters)
{
	unsigned long i;

	pl->nr_centres = clusters ? clusters : max(1UL, pl->count / PB_PINS_PER_CLUSTER);
	if (pl->nr_centres > pl->count)
		return -EINVAL;
	pl->centres = kcalloc(pl->nr_centres, sizeof(*pl->centres), GFP_KERNEL);
	if (!pl->centres)
		return -ENOMEM;
	for (i = 0; i < pl->nr_centres; i++)
		pl->centres[i] = pl->base + pb_rand_below(&pl->rnd, pl->nr_pages);
	return 0;
}

/* The pfn pin @i aims at. */
static unsigned long pb_place_target(struct pb_place *pl, unsigned long i)
{
	unsigned long stride, c, lo, hi;

	switch (pl->placement) {
	case PAGEBULK_PIN_RANDOM:
		return pl->base + pb_rand_below(&pl->rnd, pl->nr_pages);
	case PAGEBULK_PIN_CLUSTERED:
		c = pl->centres[i % pl->nr_centres];
		lo = c - min(c - pl->base, pl->spread);
		hi = min(c + pl->spread, pl->base + pl->nr_pages);
		return lo + pb_rand_below(&pl->rnd, hi - lo);
	default:
		stride = pl->nr_pages / pl->count;
		return pl->base + i * stride + stride / 2;
	}
}

/*
 * Find an in-use LRU page in @pfn's pageblock and take a reference on it:
 * from the block's start (@from_start), or from @pfn on, wrapping. The
 * reference is taken first and the page checked under it, so a page being
 * freed meanwhile is simply passed over.
 */
static struct page *pb_pin_in_use(unsigned long pfn, bool from_start)
{
	unsigned long start = ALIGN_DOWN(pfn, pageblock_nr_pages);
	unsigned long off = from_start ? 0 : pfn - start;
	unsigned long i;

	for (i = 0; i < pageblock_nr_pages; i++) {
		unsigned long p = start + (off + i) % pageblock_nr_pages;
		struct page *page = pfn_to_online_page(p);

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

static int pb_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Distinct values of @sorted[0..n) >> @shift. */
static u64 pb_distinct(const u64 *sorted, unsigned long n, unsigned int shift)
{
	unsigned long i;
	u64 count = 0;

	for (i = 0; i < n; i++)
		if (!i || sorted[i] >> shift != sorted[i - 1] >> shift)
			count++;
	return count;
}

/* pinned_blocks and pinned_windows of the pins just placed. */
static int pb_pin_count_spread(struct pb_pins *pins, unsigned int window_order,
			       struct pagebulk_pin *out)
{
	unsigned long i;
	u64 *pfns;

	if (!pins->nr)
		return 0;
	pfns = kvmalloc_array(pins->nr, sizeof(*pfns), GFP_KERNEL);
	if (!pfns)
		return -ENOMEM;
	for (i = 0; i < pins->nr; i++)
		pfns[i] = pins->pin[i].pfn;
	sort(pfns, pins->nr, sizeof(*pfns), pb_cmp_u64, NULL);
	out->pinned_blocks = pb_distinct(pfns, pins->nr, pageblock_order);
	out->pinned_windows = pb_distinct(pfns, pins->nr, window_order);
	kvfree(pfns);
	return 0;
}

/* Start the timers of transient pins; each hold from now. */
static void pb_pin_arm(struct pb_pins *pins, const struct pagebulk_pin *req)
{
	struct rnd_state rnd;
	unsigned long i;

	if (!req->hold_max_ms)
		return;
	prandom_seed_state(&rnd, req->seed ^ PB_HOLD_SEED_MIX);
	for (i = 0; i < pins->nr; i++) {
		unsigned long ms = req->hold_min_ms +
			pb_rand_below(&rnd, req->hold_max_ms - req->hold_min_ms + 1);

		queue_delayed_work(system_unbound_wq, &pins->pin[i].work,
				   msecs_to_jiffies(ms));
	}
}

/* Reject what the module cannot do before touching anything. */
static int pb_pin_check(const struct pagebulk_pin *req, unsigned long nr_pages)
{
	if (!req->count || req->count > PAGEBULK_PIN_MAX_COUNT || req->count > nr_pages)
		return -EINVAL;
	if (req->placement >= PAGEBULK_PIN_NR_PLACEMENTS || req->reserved ||
	    req->flags & ~PAGEBULK_PIN_QUERY)
		return -EINVAL;
	if (req->hold_min_ms > req->hold_max_ms ||
	    req->hold_max_ms > PAGEBULK_PIN_MAX_HOLD_MS)
		return -EINVAL;
	if (req->window_order > pageblock_order)
		return -EINVAL;
	return 0;
}

/* A transient pin's hold is over; runs on system_unbound_wq, no locks. */
static void pb_pin_expire(struct work_struct *work)
{
	struct pb_pin *pin = container_of(to_delayed_work(work), struct pb_pin, work);
	struct pb_pins *pins = pin->pins;

	if (pb_pin_drop(pins, pin))
		atomic_long_inc(&pins->expired);
}

/* Place one pin at @target; false when nothing could be pinned there. */
static bool pb_pin_one(struct pb_pins *pins, unsigned long target, bool from_start,
		       struct pagebulk_pin *out)
{
	struct pb_pin *pin = &pins->pin[pins->nr];
	struct page *page;

	page = pb_pin_in_use(target, from_start);
	if (!page) {
		page = pb_take_page(target);
		if (!page)
			return false;
		out->nr_taken++;
	}
	pin->page = page;
	pin->pfn = page_to_pfn(page);
	pin->pins = pins;
	INIT_DELAYED_WORK(&pin->work, pb_pin_expire);
	pins->nr++;
	atomic_long_inc(&pins->held);
	atomic_long_inc(&pb_held_all_pins);
	return true;
}

/* Place every pin; @pos, when not NULL, receives target and pinned pfn. */
static void pb_pin_place(struct pb_pins *pins, struct pb_place *pl,
			 struct pagebulk_pin_position *pos, struct pagebulk_pin *out)
{
	bool from_start = pl->placement == PAGEBULK_PIN_CENTRES;
	unsigned long i;

	for (i = 0; i < pl->count; i++) {
		unsigned long target = pb_place_target(pl, i);
		bool placed;

		if (fatal_signal_pending(current))
			break;
		placed = pb_pin_one(pins, target, from_start, out);
		if (pos) {
			pos[i].target_pfn = target;
			pos[i].pfn = placed ? pins->pin[pins->nr - 1].pfn : PAGEBULK_PIN_NONE;
		}
		cond_resched();
	}
}

/**
 * pb_pin_area() - pin pages of a CMA area as struct pagebulk_pin says
 * @pins: the file's pins; the caller holds the file's lock
 * @req:  the request, checked here; its (out) fields are filled
 *
 * Both kinds of pin are released with put_page(): it drops the extra
 * reference of an in-use page and frees a taken one. Transient pins'
 * timers start when every pin is placed.
 *
 * Return: 0, -EINVAL for a bad request, -EBUSY when pins are already held,
 * -ENOMEM, -EFAULT when @req->positions cannot be written (nothing is
 * then held), -EINTR on a fatal signal (the pins taken so far stay with the
 * file and go when it is closed).
 */
int pb_pin_area(struct pb_pins *pins, struct pagebulk_pin *req)
{
	struct pagebulk_pin_position *pos = NULL;
	struct pb_place pl = {};
	int ret;

	if (!pb_cma_area(req->cma_area, &pl.base, &pl.nr_pages))
		return -EINVAL;
	ret = pb_pin_check(req, pl.nr_pages);
	if (ret)
		return ret;
	if (pins->pin)
		return -EBUSY;

	pl.placement = req->placement;
	pl.count = req->count;
	pl.spread = (req->cluster_blocks ? req->cluster_blocks :
		     PB_DEFAULT_CLUSTER_BLOCKS) * pageblock_nr_pages;
	prandom_seed_state(&pl.rnd, req->seed);
	if (pl.placement == PAGEBULK_PIN_CLUSTERED) {
		ret = pb_place_centres(&pl, req->clusters);
		if (ret)
			return ret;
	}
	ret = -ENOMEM;
	pins->pin = kvcalloc(pl.count, sizeof(*pins->pin), GFP_KERNEL);
	if (!pins->pin)
		goto out;
	if (req->positions) {
		pos = kvcalloc(pl.count, sizeof(*pos), GFP_KERNEL);
		if (!pos)
			goto out_unpin;
	}

	pb_pin_place(pins, &pl, pos, req);
	req->nr_pinned = pins->nr;
	ret = pb_pin_count_spread(pins, req->window_order ? req->window_order :
				  PB_DEFAULT_WINDOW_ORDER, req);
	if (ret)
		goto out_unpin;
	if (pos && copy_to_user(u64_to_user_ptr(req->positions), pos,
				pl.count * sizeof(*pos))) {
		ret = -EFAULT;
		goto out_unpin;
	}
	/* Nothing pinned: keep no array, or the next PIN would be EBUSY. */
	if (!pins->nr)
		pb_unpin_all(pins);
	pb_pin_arm(pins, req);
	ret = fatal_signal_pending(current) ? -EINTR : 0;
	goto out;

out_unpin:
	pb_unpin_all(pins);
out:
	kvfree(pos);
	kfree(pl.centres);
	return ret;
}
#else
int pb_pin_area(struct pb_pins *pins, struct pagebulk_pin *req)
{
	return -EOPNOTSUPP;
}
#endif
