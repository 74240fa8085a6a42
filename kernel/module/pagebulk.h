/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pagebulk test module: internal interfaces between the control file,
 * the allocation methods and the checks.
 */
#ifndef _PAGEBULK_H
#define _PAGEBULK_H

#include <linux/mm_types.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include "uapi/pagebulk.h"

struct cma;

/*
 * What one successful ALLOC holds until FREE or close. pages[] has one entry
 * per piece: the head of 1 << order base pages. CMA_WHOLE and CONTIG_RANGE
 * pieces are slices of one contiguous region that is released as a whole.
 */
struct pb_holding {
	enum pagebulk_method method;
	unsigned int order;
	unsigned long nr;
	struct page **pages;
	struct cma *cma;
	u64 stamp;			/* last VERIFY STAMP, 0 if none */
};

/* A validated ALLOC request, as the methods see it. */
struct pb_request {
	enum pagebulk_method method;
	unsigned int order;
	gfp_t gfp;
	enum pagebulk_mode mode;
	unsigned long count;
	struct cma *cma;		/* NULL unless the request named an area */
	unsigned long start_pfn;	/* range methods: [start_pfn, end_pfn) */
	unsigned long end_pfn;
	u64 deadline_ns;		/* ktime_get_ns() limit for loops, or 0 */
};

/* Filled by a method for the caller; pieces land in holding->pages. */
struct pb_outcome {
	u64 chunks_tried;
	u64 chunks_isolated;
	u64 chunks_skipped;
	struct pagebulk_skips skips;
	int error;
};

int pb_parse_alloc(const struct pagebulk_alloc *a, struct pb_request *req);

u64 pb_supported_methods(void);
int pb_method_alloc(const struct pb_request *req, struct pb_holding *h,
		    struct pb_outcome *out);
void pb_holding_release(struct pb_holding *h);

int pb_fill_info(struct pagebulk_info *info);
struct cma *pb_cma_area(int index, unsigned long *base_pfn,
			unsigned long *nr_pages);

int pb_verify(struct pb_holding *h, struct pagebulk_verify *v);

/*
 * One pin: a reference on an in-use page, or a page taken out of the area.
 * @page is NULL once the pin is dropped (xchg(), see pin.c's lock rules).
 */
struct pb_pins;
struct pb_pin {
	struct page *page;
	unsigned long pfn;		/* where it was placed */
	struct pb_pins *pins;		/* the owner, for the work */
	struct delayed_work work;	/* transient pins: drops it */
};

/* Pins held by one open file; see struct pagebulk_pin. */
struct pb_pins {
	struct pb_pin *pin;		/* NULL when the file holds no pins */
	unsigned long nr;		/* entries of @pin */
	atomic_long_t held;		/* of those, not yet dropped */
	atomic_long_t expired;		/* dropped by their own timer, since the PIN */
};

int pb_pin_area(struct pb_pins *pins, struct pagebulk_pin *req);
void pb_unpin_all(struct pb_pins *pins);
void pb_pin_report(struct pb_pins *pins, struct pagebulk_pin *out);
long pb_pins_held_all(void);

int pb_order0_bench(struct pagebulk_order0 *req);

int pb_census(struct pagebulk_census *out);

/* dmabuf.c: the device the layout of a dma-buf is mapped for */
int pb_dmabuf_init(void);
void pb_dmabuf_exit(void);
int pb_dmabuf_layout(struct pagebulk_dmabuf_layout *out);

/* trace.c: the mm calls of each ALLOC, with trace_calls=1 (kprobes) */
int pb_trace_init(void);
void pb_trace_exit(void);
bool pb_trace_begin(void);
void pb_trace_end(unsigned int method);

#endif /* _PAGEBULK_H */
