// SPDX-License-Identifier: GPL-2.0
/*
 * pbprof: N x (alloc a batch of order-0 pages with alloc_pages_bulk_array(),
 * free it with ONE chosen method), the free call bracketed by two marker
 * instructions that the QEMU TCG plugin libprof.so recognises:
 *   xchg %cx,%cx (66 87 c9)  start counting
 *   xchg %dx,%dx (66 87 d2)  stop counting
 * Both are architectural no-ops. Everything runs in module init, then init
 * returns -EAGAIN so that the module does not stay loaded.
 *
 * method=0  __free_page() loop (as kernel/module/order0.c FREE_SINGLE)
 * method=1  free_pages_bulk() (patch 8, MM_PAGEBULK namespace)
 * method=2  release_pages()
 */
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/swap.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/timex.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Instruction profile of order-0 bulk frees under a QEMU plugin");
MODULE_IMPORT_NS(MM_PAGEBULK);

static int method;
module_param(method, int, 0444);
static unsigned int batch = 128;
module_param(batch, uint, 0444);
static unsigned int iters = 2000;
module_param(iters, uint, 0444);
static unsigned int warmup = 20;
module_param(warmup, uint, 0444);
/* 1: call ktime_get_ns() inside the timed window, where the harness's
 * order0.c has it (t1 = ktime_get_ns() between c1 and the free) */
static int ktime;
module_param(ktime, int, 0444);
/* 1: before each batch, outside the window, allocate 16 pages with
 * alloc_page() and free them: rmqueue_pcplist() halves pcp->free_count on
 * every allocation (the bulk allocator does not), so the frees that follow
 * find free_count unsaturated, as in the harness's interleaved run, where
 * alloc_page() loops run between the bulk calls */
static int fc_reset;
module_param(fc_reset, int, 0444);

#define PB_START() asm volatile("xchg %%cx,%%cx" ::: "memory")
#define PB_STOP()  asm volatile("xchg %%dx,%%dx" ::: "memory")

static noinline void pbprof_free(struct page **pages, unsigned long nr)
{
	unsigned long i;

	switch (method) {
	case 0:
		for (i = 0; i < nr; i++)
			__free_page(pages[i]);
		break;
	case 1:
		free_pages_bulk(nr, pages);
		break;
	default:
		release_pages(pages, nr);
		break;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static int __init pbprof_init(void)
{
	struct page **pages;
	u64 *cyc;
	unsigned long got, prev, short_allocs = 0;
	unsigned int it, n = 0;
	unsigned long pb_changes = 0, pb_pages = 0;
	u64 ktime_ns = 0;
	u64 sum = 0;

	if (!batch || !iters || method < 0 || method > 2)
		return -EINVAL;
	pages = kcalloc(batch, sizeof(*pages), GFP_KERNEL);
	cyc = kcalloc(iters, sizeof(*cyc), GFP_KERNEL);
	if (!pages || !cyc) {
		kfree(pages);
		kfree(cyc);
		return -ENOMEM;
	}
	for (it = 0; it < warmup + iters; it++) {
		cycles_t c1, c2;

		if (fc_reset) {
			struct page *p[16];
			int k;

			for (k = 0; k < 16; k++)
				p[k] = alloc_page(GFP_KERNEL);
			for (k = 0; k < 16; k++)
				if (p[k])
					__free_page(p[k]);
		}
		memset(pages, 0, batch * sizeof(*pages));
		got = 0;
		do {
			prev = got;
			got = alloc_pages_bulk_array(GFP_KERNEL, batch, pages);
		} while (got < batch && got > prev);
		if (got < batch)
			short_allocs++;
		/* Outside the window: how often does the pageblock change from
		 * one array entry to the next (what a one-entry migratetype
		 * cache in free_unref_folios()'s second pass would miss)? */
		if (it >= warmup) {
			unsigned long i, last = ULONG_MAX;

			for (i = 0; i < got; i++) {
				unsigned long pb = page_to_pfn(pages[i]) >> pageblock_order;

				if (pb != last)
					pb_changes++;
				last = pb;
			}
			pb_pages += got;
		}
		if (it >= warmup)
			PB_START();
		c1 = get_cycles();
		if (ktime)
			ktime_ns += ktime_get_ns();
		pbprof_free(pages, got);
		c2 = get_cycles();
		if (it >= warmup) {
			PB_STOP();
			cyc[n++] = c2 - c1;
			sum += c2 - c1;
		}
		cond_resched();
	}
	sort(cyc, n, sizeof(*cyc), cmp_u64, NULL);
	pr_info("pbprof: pageblock changes along the array: %lu in %lu pages (%lu per 1000 pages)\n",
		pb_changes, pb_pages, pb_pages ? pb_changes * 1000 / pb_pages : 0);
	pr_info("pbprof: text pbprof_free %px pbprof_init %px\n", pbprof_free, pbprof_init);
	pr_info("pbprof: method=%d ktime=%d (%llu) fc_reset=%d batch=%u iters=%u warmup=%u short=%lu free cycles: median %llu min %llu max %llu sum %llu; median per page x100 %llu\n",
		method, ktime, ktime_ns & 1, fc_reset, batch, n, warmup, short_allocs, cyc[n / 2], cyc[0],
		cyc[n - 1], sum, div_u64(cyc[n / 2] * 100, batch));
	kfree(pages);
	kfree(cyc);
	return -EAGAIN;
}
module_init(pbprof_init);
