// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk order-0 cost benchmark: the per-page cost of allocating and
 * freeing batches of order-0 pages one at a time and in bulk, after Mel
 * Gorman's 2017 pagealloc table and Jesper Dangaard Brouer's
 * page_bench04_bulk.
 *
 * The caller runs one (alloc, free, batch) combination per call and gets
 * every sample back; medians, spread and the table are user space's job.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/timex.h>
#include <linux/uaccess.h>

#include "pagebulk.h"

/* Plain GFP_KERNEL: no __GFP_ACCOUNT, which would disable the bulk path. */
#define PB_ORDER0_GFP	GFP_KERNEL

struct pb_order0_run {
	const struct pagebulk_order0 *req;
	struct page **pages;
	u64 nr_short;
};

/* Fill @pages with @batch pages; returns how many it got. */
static unsigned long pb_order0_alloc(struct pb_order0_run *run)
{
	unsigned long batch = run->req->batch, got = 0, prev;

	if (run->req->alloc == PAGEBULK_ORDER0_ALLOC_SINGLE) {
		for (got = 0; got < batch; got++) {
			run->pages[got] = alloc_page(PB_ORDER0_GFP);
			if (!run->pages[got])
				break;
		}
		return got;
	}
	/* The bulk allocator may stop early (pcp trylock, watermarks). */
	do {
		prev = got;
		got = alloc_pages_bulk_array(PB_ORDER0_GFP, batch, run->pages);
		if (got < batch)
			run->nr_short++;
	} while (got < batch && got > prev);
	return got;
}

static void pb_order0_free(struct pb_order0_run *run, unsigned long nr)
{
	unsigned long i;

	switch (run->req->free) {
	case PAGEBULK_ORDER0_FREE_SINGLE:
		for (i = 0; i < nr; i++)
			__free_page(run->pages[i]);
		break;
#ifdef PAGEBULK_HAVE_FREE_BULK
	case PAGEBULK_ORDER0_FREE_BULK:
		free_pages_bulk(nr, run->pages);
		break;
#endif
	default:
		release_pages(run->pages, nr);
		break;
	}
}

/* Task switches so far: a sample that spans one is not kept. */
static unsigned long pb_switches(void)
{
	return current->nvcsw + current->nivcsw;
}

/*
 * One iteration: allocate a batch, free it, time both. Returns -ENOMEM
 * when not one page could be had, -EAGAIN when the task was switched out
 * (the pages are freed either way).
 */
static int pb_order0_iteration(struct pb_order0_run *run,
			       struct pagebulk_order0_sample *s)
{
	unsigned long switches, nr;
	u64 t0, t1, t2;
	cycles_t c0, c1, c2;

	memset(run->pages, 0, run->req->batch * sizeof(*run->pages));
	switches = pb_switches();
	t0 = ktime_get_ns();
	c0 = get_cycles();
	nr = pb_order0_alloc(run);
	c1 = get_cycles();
	t1 = ktime_get_ns();
	pb_order0_free(run, nr);
	c2 = get_cycles();
	t2 = ktime_get_ns();

	if (!nr)
		return -ENOMEM;
	if (nr < run->req->batch)
		run->nr_short++;
	if (pb_switches() != switches)
		return -EAGAIN;
	s->alloc_ns = t1 - t0;
	s->alloc_cycles = c1 - c0;
	s->free_ns = t2 - t1;
	s->free_cycles = c2 - c1;
	return 0;
}

static int pb_order0_check(const struct pagebulk_order0 *req)
{
	if (req->alloc >= PAGEBULK_ORDER0_NR_ALLOC ||
	    req->free >= PAGEBULK_ORDER0_NR_FREE)
		return -EINVAL;
	if (!req->batch || req->batch > PAGEBULK_ORDER0_MAX_BATCH)
		return -EINVAL;
	if (!req->iterations || req->iterations > PAGEBULK_ORDER0_MAX_ITERATIONS ||
	    req->warmup > PAGEBULK_ORDER0_MAX_ITERATIONS || !req->samples)
		return -EINVAL;
#ifndef PAGEBULK_HAVE_FREE_BULK
	if (req->free == PAGEBULK_ORDER0_FREE_BULK)
		return -EOPNOTSUPP;
#endif
	return 0;
}

/**
 * pb_order0_bench() - run one combination of the order-0 benchmark
 * @req: the request; its (out) fields are filled
 *
 * Samples go to the user buffer at @req->samples as they are taken.
 *
 * Return: 0, or -EINVAL for a bad request, -EOPNOTSUPP for a free method
 * this kernel lacks, -ENOMEM when no page could be allocated, -EINTR on a
 * fatal signal, -EFAULT for a bad buffer.
 */
int pb_order0_bench(struct pagebulk_order0 *req)
{
	struct pagebulk_order0_sample __user *out = u64_to_user_ptr(req->samples);
	struct pagebulk_order0_sample s;
	struct pb_order0_run run = { .req = req };
	unsigned long runs = 0, max_runs;
	int ret;

	req->nr_samples = 0;
	req->nr_preempted = 0;
	req->nr_short = 0;
	ret = pb_order0_check(req);
	if (ret)
		return ret;
	run.pages = kvcalloc(req->batch, sizeof(*run.pages), GFP_KERNEL);
	if (!run.pages)
		return -ENOMEM;

	max_runs = req->warmup + 2UL * req->iterations;
	while (req->nr_samples < req->iterations && runs++ < max_runs) {
		cond_resched();
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		ret = pb_order0_iteration(&run, &s);
		if (ret == -ENOMEM)
			break;
		if (runs <= req->warmup)
			continue;
		if (ret == -EAGAIN) {
			req->nr_preempted++;
			continue;
		}
		if (copy_to_user(out + req->nr_samples, &s, sizeof(s))) {
			ret = -EFAULT;
			break;
		}
		req->nr_samples++;
	}
	if (ret == -EAGAIN)
		ret = 0;
	req->nr_short = run.nr_short;
	kvfree(run.pages);
	return ret;
}
