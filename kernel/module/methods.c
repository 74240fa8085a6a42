// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk allocation methods: the baselines a driver has today.
 *
 * Each method fills holding->pages[] with the heads of the pieces it got and
 * sets holding->nr; pb_holding_release() frees them the way they were
 * obtained. A method that gets fewer pieces than asked is not an error: the
 * yield is the result. Errors are for requests that could not run at all.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cma.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "pagebulk.h"

#if defined(PAGEBULK_HAVE_CMA_EXPORTS) || defined(PAGEBULK_HAVE_CONTIG_MODE) || \
	defined(PAGEBULK_HAVE_RANGE_BULK) || defined(PAGEBULK_HAVE_CMA_BULK) || \
	defined(PAGEBULK_HAVE_COMPACT) || defined(PAGEBULK_HAVE_FREE_BULK)
MODULE_IMPORT_NS(MM_PAGEBULK);
#endif

u64 pb_supported_methods(void)
{
	u64 methods = BIT_ULL(PAGEBULK_METHOD_ALLOC_PAGES) |
		      BIT_ULL(PAGEBULK_METHOD_BULK_ARRAY);

	if (IS_ENABLED(CONFIG_CONTIG_ALLOC))
		methods |= BIT_ULL(PAGEBULK_METHOD_CONTIG_RANGE);
#ifdef PAGEBULK_HAVE_RANGE_BULK
	methods |= BIT_ULL(PAGEBULK_METHOD_RANGE_BULK);
#endif
#ifdef PAGEBULK_HAVE_CMA_BULK
	methods |= BIT_ULL(PAGEBULK_METHOD_CMA_BULK) |
		   BIT_ULL(PAGEBULK_METHOD_CMA_BULK_TWO_PASS);
#endif
#ifdef PAGEBULK_HAVE_COMPACT
	methods |= BIT_ULL(PAGEBULK_METHOD_COMPACT);
#endif
#ifdef PAGEBULK_HAVE_CMA_RESUME
	methods |= BIT_ULL(PAGEBULK_METHOD_CMA_PER_CHUNK_RESUME);
#endif
#ifdef PAGEBULK_HAVE_CMA_EXPORTS
	methods |= BIT_ULL(PAGEBULK_METHOD_CMA_WHOLE) |
		   BIT_ULL(PAGEBULK_METHOD_CMA_PER_CHUNK);
#endif
	return methods;
}

/*
 * Long loops stay killable, give the CPU away as a driver's would, and end
 * at the request's deadline; *error says why they stopped.
 */
static bool pb_should_stop(const struct pb_request *req, int *error)
{
	cond_resched();
	if (fatal_signal_pending(current))
		*error = -EINTR;
	else if (req->deadline_ns && ktime_get_ns() > req->deadline_ns)
		*error = -ETIME;
	return *error != 0;
}

/* How a loop method gets one piece; NULL when it cannot. */
typedef struct page *(*pb_alloc_one_t)(const struct pb_request *req);

/* One piece at a time until the count, the first failure or the deadline. */
static int pb_piece_loop(const struct pb_request *req, struct pb_holding *h,
			 struct pb_outcome *out, pb_alloc_one_t alloc_one)
{
	struct page *page;

	while (h->nr < req->count) {
		if (pb_should_stop(req, &out->error))
			break;
		page = alloc_one(req);
		if (!page) {
			out->error = -ENOMEM;
			break;
		}
		h->pages[h->nr++] = page;
	}
	return 0;
}

static struct page *pb_one_alloc_pages(const struct pb_request *req)
{
	return alloc_pages(req->gfp, req->order);
}

/*
 * alloc_pages_bulk_array() only fills NULL slots and may stop early (pcp
 * lock contention, watermarks): call it again while it makes progress.
 */
static int pb_bulk_array(const struct pb_request *req, struct pb_holding *h,
			 struct pb_outcome *out)
{
	unsigned long filled = 0, prev;

	do {
		prev = filled;
		if (pb_should_stop(req, &out->error))
			break;
		filled = alloc_pages_bulk_array(req->gfp, req->count, h->pages);
	} while (filled < req->count && filled > prev);

	if (filled < req->count && !out->error)
		out->error = -ENOMEM;
	h->nr = filled;
	return 0;
}

#ifdef PAGEBULK_HAVE_COMPACT
/*
 * One call, as a driver would make it; what it cannot pack into existing
 * pageblocks is the caller's to top up, so a short yield is the result.
 */
static int pb_compact(const struct pb_request *req, struct pb_holding *h,
		      struct pb_outcome *out)
{
	h->nr = alloc_pages_compact(req->gfp, req->count, h->pages);
	if (h->nr < req->count)
		out->error = -ENOMEM;
	return 0;
}
#endif

/* Pieces of one contiguous region: heads every 1 << order pages. */
static void pb_slice_region(struct pb_holding *h, struct page *first,
			    unsigned long count)
{
	unsigned long i;

	for (i = 0; i < count; i++)
		h->pages[i] = first + (i << h->order);
	h->nr = count;
}

#ifdef PAGEBULK_HAVE_CMA_EXPORTS
/*
 * Align one large request as the CMA dma-buf heap does: to its own size,
 * capped at CONFIG_CMA_ALIGNMENT's default order 8. cma_alloc() retries
 * at every aligned offset, so a small alignment over a pinned area means
 * thousands of failing attempts.
 */
#define PB_CMA_WHOLE_MAX_ALIGN	8

static int pb_cma_whole(const struct pb_request *req, struct pb_holding *h,
			struct pb_outcome *out)
{
	unsigned long nr_pages = req->count << req->order;
	unsigned int align = min_t(unsigned int, get_order(nr_pages << PAGE_SHIFT),
				   PB_CMA_WHOLE_MAX_ALIGN);
	struct page *first;

	first = cma_alloc(req->cma, nr_pages, max(align, req->order), true);
	if (!first) {
		out->error = -ENOMEM;
		return 0;
	}
	pb_slice_region(h, first, req->count);
	return 0;
}

static struct page *pb_one_cma(const struct pb_request *req)
{
	return cma_alloc(req->cma, 1UL << req->order, req->order, true);
}
#endif

#ifdef PAGEBULK_HAVE_CMA_RESUME
static struct page *pb_one_cma_resume(const struct pb_request *req)
{
	return cma_alloc_resume(req->cma, 1UL << req->order, req->order, true);
}
#endif

#ifdef CONFIG_CONTIG_ALLOC
/* Range methods isolate pageblocks of the type they hold. */
static int pb_range_migratetype(const struct pb_request *req)
{
#ifdef CONFIG_CMA
	if (req->cma)
		return MIGRATE_CMA;
#endif
	return MIGRATE_MOVABLE;
}

#if defined(PAGEBULK_HAVE_CONTIG_MODE) || defined(PAGEBULK_HAVE_RANGE_BULK) || \
	defined(PAGEBULK_HAVE_CMA_BULK)
static enum alloc_contig_mode pb_contig_mode(enum pagebulk_mode mode)
{
	switch (mode) {
	case PAGEBULK_MODE_FAST:
		return ALLOC_CONTIG_FAST;
	case PAGEBULK_MODE_HARD:
		return ALLOC_CONTIG_HARD;
	default:
		return ALLOC_CONTIG_NORMAL;
	}
}
#endif

/* DEFAULT is the unchanged alloc_contig_range(); any other mode needs it. */
static int pb_contig_call(const struct pb_request *req, int mt)
{
	if (req->mode == PAGEBULK_MODE_DEFAULT)
		return alloc_contig_range(req->start_pfn, req->end_pfn, mt, req->gfp);
#ifdef PAGEBULK_HAVE_CONTIG_MODE
	return alloc_contig_range_mode(req->start_pfn, req->end_pfn, mt, req->gfp,
				       pb_contig_mode(req->mode));
#else
	return -EOPNOTSUPP;
#endif
}

static int pb_contig_range(const struct pb_request *req, struct pb_holding *h,
			   struct pb_outcome *out)
{
	int mt = pb_range_migratetype(req);
	int ret;

	ret = pb_contig_call(req, mt);
	if (ret) {
		out->error = ret;
		/* The allocator rejected the gfp preset: that is bad input. */
		return ret == -EINVAL ? ret : 0;
	}
	pb_slice_region(h, pfn_to_page(req->start_pfn), req->count);
	return 0;
}

#ifdef PAGEBULK_HAVE_RANGE_BULK
/* Add one call's chunk counts and skip reasons to the outcome. */
static void pb_add_stats(struct pb_outcome *out, const struct alloc_bulk_stats *st)
{
	out->chunks_tried += st->chunks_tried;
	out->chunks_isolated += st->chunks_isolated;
	out->chunks_skipped += st->chunks_skipped;
	out->skips.type += st->skipped_type;
	out->skips.isolation += st->skipped_isolation;
	out->skips.busy += st->skipped_busy;
	out->skips.busy_pinned += st->busy_pinned;
	out->skips.busy_writeback += st->busy_writeback;
	out->skips.busy_locked += st->busy_locked;
	out->skips.busy_dirty += st->busy_dirty;
	out->skips.busy_lru += st->busy_lru;
	out->skips.busy_off_lru += st->busy_off_lru;
}

static int pb_range_bulk(const struct pb_request *req, struct pb_holding *h,
			 struct pb_outcome *out)
{
	struct alloc_bulk_stats stats;
	int got;

	got = alloc_pages_bulk_stats(req->start_pfn, req->end_pfn,
				     pb_range_migratetype(req), req->gfp,
				     pb_contig_mode(req->mode), req->order,
				     req->count, h->pages, &stats);
	if (got < 0)
		return got;
	h->nr = got;
	pb_add_stats(out, &stats);
	if (fatal_signal_pending(current))
		out->error = -EINTR;
	return 0;
}
#endif
#endif

#ifdef PAGEBULK_HAVE_CMA_BULK
/* One cma_alloc_bulk() call appending to the holding; adds its counts. */
static int pb_cma_bulk_pass(const struct pb_request *req, enum alloc_contig_mode mode,
			    struct pb_holding *h, struct pb_outcome *out)
{
	struct alloc_bulk_stats stats;
	size_t got = 0;
	int ret;

	ret = cma_alloc_bulk_stats(req->cma, 0, req->gfp, mode, req->order,
				   req->count - h->nr, h->pages + h->nr, &got, &stats);
	h->nr += got;
	pb_add_stats(out, &stats);
	out->error = ret;
	return ret == -EINVAL ? ret : 0;
}

static int pb_cma_bulk(const struct pb_request *req, struct pb_holding *h,
		       struct pb_outcome *out)
{
	return pb_cma_bulk_pass(req, pb_contig_mode(req->mode), h, out);
}

/* The cover letter's policy: fast first, then block for what is missing. */
static int pb_cma_bulk_two_pass(const struct pb_request *req,
				struct pb_holding *h, struct pb_outcome *out)
{
	int ret = pb_cma_bulk_pass(req, ALLOC_CONTIG_FAST, h, out);

	if (ret || h->nr == req->count || fatal_signal_pending(current))
		return ret;
	return pb_cma_bulk_pass(req, ALLOC_CONTIG_NORMAL, h, out);
}
#endif

/**
 * pb_method_alloc() - run one allocation request
 * @req: validated request
 * @h:   zeroed holding; receives the pieces
 * @out: per-call counters and the allocator's error
 *
 * Return: 0 when the method ran (whatever its yield), or a negative error
 * when it could not: then @h holds nothing.
 */
int pb_method_alloc(const struct pb_request *req, struct pb_holding *h,
		    struct pb_outcome *out)
{
	int ret = -EOPNOTSUPP;

	h->method = req->method;
	h->order = req->order;
	h->cma = req->cma;
	h->pages = kvcalloc(req->count, sizeof(*h->pages), GFP_KERNEL);
	if (!h->pages)
		return -ENOMEM;

	switch (req->method) {
	case PAGEBULK_METHOD_ALLOC_PAGES:
		ret = pb_piece_loop(req, h, out, pb_one_alloc_pages);
		break;
	case PAGEBULK_METHOD_BULK_ARRAY:
		ret = pb_bulk_array(req, h, out);
		break;
#ifdef PAGEBULK_HAVE_COMPACT
	case PAGEBULK_METHOD_COMPACT:
		ret = pb_compact(req, h, out);
		break;
#endif
#ifdef PAGEBULK_HAVE_CMA_EXPORTS
	case PAGEBULK_METHOD_CMA_WHOLE:
		ret = pb_cma_whole(req, h, out);
		break;
	case PAGEBULK_METHOD_CMA_PER_CHUNK:
		ret = pb_piece_loop(req, h, out, pb_one_cma);
		break;
#endif
#ifdef PAGEBULK_HAVE_CMA_RESUME
	case PAGEBULK_METHOD_CMA_PER_CHUNK_RESUME:
		ret = pb_piece_loop(req, h, out, pb_one_cma_resume);
		break;
#endif
#ifdef CONFIG_CONTIG_ALLOC
	case PAGEBULK_METHOD_CONTIG_RANGE:
		ret = pb_contig_range(req, h, out);
		break;
#endif
#ifdef PAGEBULK_HAVE_RANGE_BULK
	case PAGEBULK_METHOD_RANGE_BULK:
		ret = pb_range_bulk(req, h, out);
		break;
#endif
#ifdef PAGEBULK_HAVE_CMA_BULK
	case PAGEBULK_METHOD_CMA_BULK:
		ret = pb_cma_bulk(req, h, out);
		break;
	case PAGEBULK_METHOD_CMA_BULK_TWO_PASS:
		ret = pb_cma_bulk_two_pass(req, h, out);
		break;
#endif
	default:
		break;
	}
	if (ret) {
		pb_holding_release(h);
		return ret;
	}
	return 0;
}

/**
 * pb_holding_release() - free what a holding holds, the way it was obtained
 * @h: holding; its page array is freed too, @h itself is not
 */
void pb_holding_release(struct pb_holding *h)
{
	unsigned long i;

	if (!h->nr)
		goto out;

	switch (h->method) {
	case PAGEBULK_METHOD_ALLOC_PAGES:
	case PAGEBULK_METHOD_BULK_ARRAY:
	case PAGEBULK_METHOD_COMPACT:
	case PAGEBULK_METHOD_RANGE_BULK:
		for (i = 0; i < h->nr; i++)
			__free_pages(h->pages[i], h->order);
		break;
#ifdef PAGEBULK_HAVE_CMA_EXPORTS
	case PAGEBULK_METHOD_CMA_WHOLE:
		cma_release(h->cma, h->pages[0], h->nr << h->order);
		break;
	case PAGEBULK_METHOD_CMA_PER_CHUNK:
	case PAGEBULK_METHOD_CMA_PER_CHUNK_RESUME:
	case PAGEBULK_METHOD_CMA_BULK:
	case PAGEBULK_METHOD_CMA_BULK_TWO_PASS:
		for (i = 0; i < h->nr; i++)
			cma_release(h->cma, h->pages[i], 1UL << h->order);
		break;
#endif
#ifdef CONFIG_CONTIG_ALLOC
	case PAGEBULK_METHOD_CONTIG_RANGE:
		free_contig_range(page_to_pfn(h->pages[0]), h->nr << h->order);
		break;
#endif
	default:
		WARN_ONCE(1, "pagebulk: holding of unknown method %d\n", h->method);
		break;
	}
out:
	kvfree(h->pages);
	h->pages = NULL;
	h->nr = 0;
}
