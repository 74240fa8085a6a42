/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pagebulk test module interface: /sys/kernel/debug/pagebulk/control
 *
 * One header, compiled into the module and imported by the Swift harness.
 * Every request starts with abi_version; the module answers -EPROTO when it
 * differs from PAGEBULK_ABI_VERSION and -EINVAL when the size encoded in the
 * ioctl number differs from the module's struct. Fields are marked (in) or
 * (out); reserved fields must be zero.
 */
#ifndef _UAPI_PAGEBULK_H
#define _UAPI_PAGEBULK_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define PAGEBULK_ABI_VERSION	4

#define PAGEBULK_NAME_LEN	64
#define PAGEBULK_ZONE_NAME_LEN	16
#define PAGEBULK_MAX_CMA_AREAS	8
#define PAGEBULK_MAX_ZONES	16

/* No CMA area: pagebulk_alloc.cma_area for methods that take none. */
#define PAGEBULK_NO_CMA		(-1)

/*
 * How the pages are obtained. Each is freed the way it was obtained.
 * pagebulk_info.methods has bit (1 << method) set when this build of the
 * module (and the kernel it runs on) supports the method.
 */
enum pagebulk_method {
	/* count x alloc_pages(gfp, order), stops at the first failure */
	PAGEBULK_METHOD_ALLOC_PAGES = 0,
	/* in-tree order-0 bulk allocator, alloc_pages_bulk_array() */
	PAGEBULK_METHOD_BULK_ARRAY = 1,
	/* one cma_alloc() of count << order pages, split into pieces */
	PAGEBULK_METHOD_CMA_WHOLE = 2,
	/* count x cma_alloc(1 << order, align order), stops at the first failure */
	PAGEBULK_METHOD_CMA_PER_CHUNK = 3,
	/* alloc_contig_range() of count << order pages at the range start */
	PAGEBULK_METHOD_CONTIG_RANGE = 4,
	/* alloc_pages_bulk(): best-effort order-N pages out of the range */
	PAGEBULK_METHOD_RANGE_BULK = 5,
	/* cma_alloc_bulk() with the request's mode */
	PAGEBULK_METHOD_CMA_BULK = 6,
	/* cma_alloc_bulk() FAST, then NORMAL for what is still missing */
	PAGEBULK_METHOD_CMA_BULK_TWO_PASS = 7,
	/* alloc_pages_compact(): order-0 pages packed into few pageblocks */
	PAGEBULK_METHOD_COMPACT = 8,
	/* count x cma_alloc_resume(1 << order, align order): CMA_PER_CHUNK
	 * with each search starting where the previous one stopped
	 */
	PAGEBULK_METHOD_CMA_PER_CHUNK_RESUME = 9,
	PAGEBULK_NR_METHODS
};

/*
 * enum alloc_contig_mode for CONTIG_RANGE and RANGE_BULK. DEFAULT is the
 * method's plain entry point: alloc_contig_range() for CONTIG_RANGE (so the
 * unchanged call path can be compared with _mode(NORMAL)), NORMAL for
 * RANGE_BULK and CMA_BULK. Other methods take DEFAULT only.
 */
enum pagebulk_mode {
	PAGEBULK_MODE_DEFAULT = 0,
	PAGEBULK_MODE_NORMAL = 1,
	PAGEBULK_MODE_FAST = 2,
	PAGEBULK_MODE_HARD = 3,
	PAGEBULK_NR_MODES
};

/* gfp presets; __GFP_NOWARN is always added: failures are results here. */
enum pagebulk_gfp {
	PAGEBULK_GFP_KERNEL = 0,		/* GFP_KERNEL */
	PAGEBULK_GFP_HIGHUSER_MOVABLE = 1,	/* GFP_HIGHUSER_MOVABLE */
	PAGEBULK_GFP_RETRY_MAYFAIL = 2,		/* GFP_KERNEL | __GFP_RETRY_MAYFAIL */
	PAGEBULK_GFP_NORETRY = 3,		/* GFP_KERNEL | __GFP_NORETRY */
	PAGEBULK_GFP_ATOMIC = 4,		/* GFP_ATOMIC */
	PAGEBULK_NR_GFP
};

struct pagebulk_cma_area {
	char name[PAGEBULK_NAME_LEN];
	__u64 base_pfn;
	__u64 nr_pages;
};

struct pagebulk_zone {
	__u32 node;
	__u32 reserved;
	char name[PAGEBULK_ZONE_NAME_LEN];
	__u64 start_pfn;		/* zone->zone_start_pfn */
	__u64 end_pfn;			/* zone_end_pfn(), one past the span */
	__u64 managed_pages;
	__u64 free_pages;		/* NR_FREE_PAGES when INFO ran */
};

struct pagebulk_info {
	__u32 abi_version;		/* (in) caller's, (out) module's */
	__u32 page_shift;		/* (out) */
	__u32 block_order;		/* (out) pageblock_order */
	__u32 max_page_order;		/* (out) MAX_PAGE_ORDER */
	__u64 methods;			/* (out) bit per supported method */
	char release[PAGEBULK_NAME_LEN];	/* (out) utsname release */
	__u32 nr_cma_areas;		/* (out) entries used in cma[] */
	__u32 nr_zones;			/* (out) entries used in zones[] */
	__u64 held_handles;		/* (out) live handles, all open files */
	__u64 held_pages;		/* (out) base pages they hold */
	/*
	 * Since the module was loaded: ALLOCs that returned with a fatal
	 * signal pending (their yield is kept like any other, so the dying
	 * caller's close frees it), and what closes freed that FREE had not.
	 */
	__u64 killed_allocs;		/* (out) */
	__u64 killed_pages;		/* (out) base pages those obtained */
	__u64 closed_handles;		/* (out) handles freed by close */
	__u64 closed_pages;		/* (out) base pages those held */
	struct pagebulk_cma_area cma[PAGEBULK_MAX_CMA_AREAS];
	struct pagebulk_zone zones[PAGEBULK_MAX_ZONES];
};

/* System-wide /proc/vmstat event deltas across the allocation call. */
struct pagebulk_vm_delta {
	__u64 pgmigrate_success;
	__u64 pgmigrate_fail;
	__u64 compact_stall;
	__u64 compact_fail;
	__u64 compact_success;
	__u64 compact_isolated;
	__u64 cma_alloc_success;
	__u64 cma_alloc_fail;
	__u64 pgscan_direct;
	__u64 pgsteal_direct;
};

/*
 * Why the chunked methods skipped chunks (struct alloc_bulk_stats): one
 * reason per skipped chunk, then the pages busy chunks still had in use,
 * by the first state that applies. Zero for the other methods.
 */
struct pagebulk_skips {
	__u64 type;			/* a pageblock of another migratetype */
	__u64 isolation;		/* isolation refused */
	__u64 busy;			/* isolated, pages stayed in use */
	__u64 busy_pinned;		/* pages: folio_maybe_dma_pinned() */
	__u64 busy_writeback;
	__u64 busy_locked;
	__u64 busy_dirty;
	__u64 busy_lru;			/* other LRU pages: extra references */
	__u64 busy_off_lru;		/* isolated elsewhere, LRU batch, kernel */
};

struct pagebulk_alloc {
	__u32 abi_version;		/* (in) */
	__u32 method;			/* (in) enum pagebulk_method */
	__u32 order;			/* (in) order of each piece */
	__u32 gfp;			/* (in) enum pagebulk_gfp */
	__u32 mode;			/* (in) enum pagebulk_mode */
	__s32 cma_area;			/* (in) index into info.cma, or PAGEBULK_NO_CMA */
	__u64 count;			/* (in) pieces wanted */
	__u64 start_pfn;		/* (in) range methods: [start_pfn, end_pfn), */
	__u64 end_pfn;			/*      0/0 = the whole CMA area; for */
					/*      CONTIG_RANGE start_pfn must be */
					/*      aligned to 1 << order */
	__u64 handle;			/* (out) 0 when nothing was obtained */
	__u64 nr_obtained;		/* (out) pieces obtained */
	__u64 elapsed_ns;		/* (out) time in the allocator */
	__u64 chunks_tried;		/* (out) chunked methods only */
	__u64 chunks_isolated;		/* (out) */
	__u64 chunks_skipped;		/* (out) */
	__s32 error;			/* (out) allocator's error, 0 if none */
	__u32 deadline_ms;		/* (in) loops stop then, -ETIME; 0 = never */
	struct pagebulk_vm_delta vm;	/* (out) */
	struct pagebulk_skips skips;	/* (out) chunked methods only */
};

struct pagebulk_free {
	__u32 abi_version;		/* (in) */
	__u32 reserved;
	__u64 handle;			/* (in) */
	__u64 nr_freed;			/* (out) pieces freed */
	__u64 elapsed_ns;		/* (out) */
};

/*
 * Check what a handle holds: every piece must be aligned to its order,
 * distinct from every other piece and, when lo_pfn < hi_pfn, inside
 * [lo_pfn, hi_pfn). What happens to the contents depends on @flags:
 *   0       every page is written with a pattern of its pfn and read back;
 *   STAMP   every page is written with a pattern of its pfn and of a stamp
 *           unique to this call, and read back;
 *   CHECK   nothing is written: every page must still hold the pattern of
 *           the handle's last STAMP (-EINVAL if it has none).
 * STAMP at allocation and CHECK before FREE prove that nobody else wrote
 * the pages meanwhile: a page handed out twice shows as bad in one of them.
 */
#define PAGEBULK_VERIFY_STAMP	0x1u
#define PAGEBULK_VERIFY_CHECK	0x2u

struct pagebulk_verify {
	__u32 abi_version;		/* (in) */
	__u32 flags;			/* (in) 0, STAMP or CHECK */
	__u64 handle;			/* (in) */
	__u64 lo_pfn;			/* (in) */
	__u64 hi_pfn;			/* (in) */
	__u64 nr_pieces;		/* (out) */
	__u32 order;			/* (out) */
	__u32 method;			/* (out) */
	__u64 min_pfn;			/* (out) */
	__u64 max_pfn;			/* (out) one past the last page */
	__u64 nr_outside;		/* (out) pieces not inside [lo_pfn, hi_pfn) */
	__u64 nr_misaligned;		/* (out) */
	__u64 nr_overlapping;		/* (out) */
	__u64 nr_bad_pages;		/* (out) base pages that did not read back */
};

/*
 * Pin @count pages of a CMA area, as long-lived short-term pins would: the
 * chunks holding them cannot be cleared. Where the pins go (@placement):
 *   CENTRES    the centre of each of @count equal segments of the area;
 *   RANDOM     @count positions drawn uniformly from @seed;
 *   CLUSTERED  @clusters cluster centres drawn from @seed (0: @count / 10,
 *              at least 1), pin i near centre i % @clusters, drawn
 *              uniformly within @cluster_blocks pageblocks of it (0: 2).
 * At each position the module takes an extra reference on an in-use LRU
 * page of the position's pageblock (CENTRES: the first from the block's
 * start, as before; the others: the first from the position on, wrapping
 * in the block); where the pageblock has none, it takes the page at the
 * position out of the area with alloc_contig_range() and holds it, which
 * blocks migration the same way (nr_taken counts those). Two positions may
 * pin the same in-use page (two references).
 *
 * hold_min_ms/hold_max_ms 0/0: the pins are held until count 0 or close.
 * Otherwise each pin is transient: the module drops it itself after a
 * duration drawn from @seed in [hold_min_ms, hold_max_ms], counted from
 * the end of the PIN call, whatever else the file is doing. count 0 and
 * close drop the pins still held and cancel their timers.
 *
 * count 0 drops every pin of this file, unless @flags has QUERY: then
 * nothing changes and the (out) fields describe the pins held now. A PIN
 * of count > 0 gets -EBUSY while the file has pins from an earlier PIN,
 * transient ones that have all expired included: drop them first.
 *
 * @positions, when not 0, is a user pointer to @count entries that
 * receive, per position, the pfn aimed at and the pfn pinned there
 * (PAGEBULK_PIN_NONE when nothing could be pinned): same @seed, same
 * targets. @window_order (0: 4) sets the windows counted in @windows.
 */
enum pagebulk_pin_placement {
	PAGEBULK_PIN_CENTRES = 0,
	PAGEBULK_PIN_RANDOM = 1,
	PAGEBULK_PIN_CLUSTERED = 2,
	PAGEBULK_PIN_NR_PLACEMENTS
};

#define PAGEBULK_PIN_QUERY	0x1u
#define PAGEBULK_PIN_NONE	(~0ULL)
#define PAGEBULK_PIN_MAX_HOLD_MS	600000
/* Pins one PIN may place; more is -EINVAL before anything is written. */
#define PAGEBULK_PIN_MAX_COUNT		4096

struct pagebulk_pin_position {
	__u64 target_pfn;
	__u64 pfn;			/* PAGEBULK_PIN_NONE: not pinned */
};

struct pagebulk_pin {
	__u32 abi_version;		/* (in) */
	__s32 cma_area;			/* (in) */
	__u64 count;			/* (in) pins wanted; 0 drops all */
	__u32 placement;		/* (in) enum pagebulk_pin_placement */
	__u32 flags;			/* (in) 0 or QUERY */
	__u64 seed;			/* (in) RANDOM, CLUSTERED, hold times */
	__u32 clusters;			/* (in) CLUSTERED: 0 = count / 10 */
	__u32 cluster_blocks;		/* (in) CLUSTERED: 0 = 2 */
	__u32 hold_min_ms;		/* (in) 0/0: held until dropped */
	__u32 hold_max_ms;		/* (in) at most PAGEBULK_PIN_MAX_HOLD_MS */
	__u64 positions;		/* (in) user pointer, or 0 */
	__u32 window_order;		/* (in) 0 = 4; at most pageblock_order */
	__u32 reserved;			/* (in) must be 0 */
	__u64 nr_pinned;		/* (out) pins placed (QUERY, count 0: held now) */
	__u64 nr_taken;			/* (out) of which pages taken, not in use */
	__u64 pinned_blocks;		/* (out) distinct pageblocks holding one */
	__u64 pinned_windows;		/* (out) distinct windows holding one */
	__u64 nr_held;			/* (out) this file's pins held now */
	__u64 nr_expired;		/* (out) of this file's pins, those the
					 * module dropped (0 again after count 0)
					 */
	__u64 held_all;			/* (out) pins held now by every file */
};

/*
 * Order-0 cost benchmark (mmtests pagealloc, page_bench04_bulk): each
 * iteration allocates @batch order-0 GFP_KERNEL pages with @alloc and frees
 * them with @free, timing both halves. @warmup iterations run first and are
 * not kept. An iteration in which the task was switched out is run again
 * (at most @iterations times in all; nr_preempted counts them), so that a
 * sample is the allocator's cost and not the scheduler's.
 */
enum pagebulk_order0_alloc {
	PAGEBULK_ORDER0_ALLOC_SINGLE = 0,	/* alloc_page() loop */
	PAGEBULK_ORDER0_ALLOC_BULK = 1,		/* alloc_pages_bulk_array() */
	PAGEBULK_ORDER0_NR_ALLOC
};

enum pagebulk_order0_free {
	PAGEBULK_ORDER0_FREE_SINGLE = 0,	/* __free_page() loop */
	PAGEBULK_ORDER0_FREE_BULK = 1,		/* free_pages_bulk() */
	PAGEBULK_ORDER0_FREE_RELEASE = 2,	/* release_pages() */
	PAGEBULK_ORDER0_NR_FREE
};

#define PAGEBULK_ORDER0_MAX_BATCH	65536
#define PAGEBULK_ORDER0_MAX_ITERATIONS	100000

struct pagebulk_order0_sample {
	__u64 alloc_ns;
	__u64 alloc_cycles;
	__u64 free_ns;
	__u64 free_cycles;
};

struct pagebulk_order0 {
	__u32 abi_version;		/* (in) */
	__u32 alloc;			/* (in) enum pagebulk_order0_alloc */
	__u32 free;			/* (in) enum pagebulk_order0_free */
	__u32 batch;			/* (in) pages per iteration */
	__u32 iterations;		/* (in) samples wanted */
	__u32 warmup;			/* (in) iterations run first, not kept */
	__u64 samples;			/* (in) user pointer to @iterations samples */
	__u32 nr_samples;		/* (out) samples written */
	__u32 nr_preempted;		/* (out) iterations run again */
	__u64 nr_short;			/* (out) allocator calls that came back short */
};

/*
 * What the pages of a pfn range are at one moment: the CMA area @cma_area,
 * or [start_pfn, end_pfn) when it is PAGEBULK_NO_CMA. The walk takes no
 * locks and no references, as compaction's scanners read pages, so a
 * count can be off by the pages that changed state while it ran: it is a
 * picture of the range taken just before a call, not a promise.
 *
 * Each page is counted once by what it is (free_by_order, free_other,
 * lru_anon, lru_file, slab, reserved, other, offline); the LRU ones again
 * by their state (unevictable, dirty, writeback, locked, mapped, pinned),
 * and those overlap. @blocks, when not 0, receives one entry per pageblock
 * from the one holding start_pfn: @nr_blocks must cover them all. A range
 * holds at most 2^24 pages (64 GiB).
 */
#define PAGEBULK_CENSUS_ORDERS		16

struct pagebulk_census_block {
	__u16 free;			/* free_by_order and free_other */
	__u16 movable;			/* on an LRU, not maybe-pinned */
	__u16 pinned;			/* on an LRU, folio_maybe_dma_pinned() */
	__u16 unmovable;		/* slab, reserved, other, offline */
};

struct pagebulk_census {
	__u32 abi_version;		/* (in) */
	__s32 cma_area;			/* (in) an area, or PAGEBULK_NO_CMA */
	__u64 start_pfn;		/* (in, or out for an area) */
	__u64 end_pfn;			/* (in, or out for an area) */
	__u64 blocks;			/* (in) user pointer, or 0 */
	__u32 nr_blocks;		/* (in) entries at @blocks; (out) written */
	__u32 block_order;		/* (out) pageblock_order */
	/* (out) base pages in free buddies, by the order of their buddy */
	__u64 free_by_order[PAGEBULK_CENSUS_ORDERS];
	__u64 free_other;		/* (out) count 0, no buddy: per-cpu lists */
	__u64 lru_anon;			/* (out) */
	__u64 lru_file;			/* (out) */
	__u64 slab;			/* (out) */
	__u64 reserved;			/* (out) PageReserved */
	__u64 other;			/* (out) in use, none of the above: kernel
					 * pages, LRU pages isolated for migration
					 * or in per-cpu LRU batches, hugetlb,
					 * non-LRU movable (zsmalloc, balloon)
					 */
	__u64 offline;			/* (out) holes and offline sections */
	__u64 unevictable;		/* (out) LRU pages by state, overlapping */
	__u64 dirty;			/* (out) */
	__u64 writeback;		/* (out) */
	__u64 locked;			/* (out) */
	__u64 mapped;			/* (out) */
	__u64 pinned;			/* (out) folio_maybe_dma_pinned() */
	__u64 zone_free;		/* (out) NR_FREE_PAGES of the zone of the
					 * range's first online pageblock
					 */
	__u64 zone_min;			/* (out) its min, low and high watermarks */
	__u64 zone_low;			/* (out) */
	__u64 zone_high;		/* (out) */
	__u64 nr_free;			/* (out) global NR_FREE_PAGES */
	__u64 nr_free_cma;		/* (out) global NR_FREE_CMA_PAGES */
	__u64 elapsed_ns;		/* (out) the walk's duration */
};

/*
 * DMABUF_LAYOUT: the scatter-gather list a device is given for the dma-buf
 * @fd, as the exporter's map_dma_buf() returns it for a device with a 64-bit
 * DMA mask and no IOMMU (addresses are physical): its entries, by the order
 * of their length in pages (an entry of n pages counts in ilog2(n)), and its
 * physically contiguous runs of entries. -EOPNOTSUPP from a module built
 * without dma-buf support, -EBADF or -EINVAL when @fd is no dma-buf.
 */
#define PAGEBULK_LAYOUT_ORDERS		32

struct pagebulk_dmabuf_layout {
	__u32 abi_version;		/* (in) */
	__s32 fd;			/* (in) a dma-buf file descriptor */
	__u64 size;			/* (out) the dma-buf's size, bytes */
	__u64 nr_entries;		/* (out) sg entries after dma mapping */
	__u64 nr_runs;			/* (out) physically contiguous runs */
	__u64 largest_run_pages;	/* (out) */
	__u64 entries_by_order[PAGEBULK_LAYOUT_ORDERS];	/* (out) */
};

#define PAGEBULK_IOC_MAGIC	0xb5
#define PAGEBULK_IOC_INFO	_IOWR(PAGEBULK_IOC_MAGIC, 1, struct pagebulk_info)
#define PAGEBULK_IOC_ALLOC	_IOWR(PAGEBULK_IOC_MAGIC, 2, struct pagebulk_alloc)
#define PAGEBULK_IOC_FREE	_IOWR(PAGEBULK_IOC_MAGIC, 3, struct pagebulk_free)
#define PAGEBULK_IOC_VERIFY	_IOWR(PAGEBULK_IOC_MAGIC, 4, struct pagebulk_verify)
#define PAGEBULK_IOC_PIN	_IOWR(PAGEBULK_IOC_MAGIC, 5, struct pagebulk_pin)
#define PAGEBULK_IOC_ORDER0	_IOWR(PAGEBULK_IOC_MAGIC, 6, struct pagebulk_order0)
#define PAGEBULK_IOC_CENSUS	_IOWR(PAGEBULK_IOC_MAGIC, 7, struct pagebulk_census)
#define PAGEBULK_IOC_DMABUF_LAYOUT	_IOWR(PAGEBULK_IOC_MAGIC, 8, struct pagebulk_dmabuf_layout)

#endif /* _UAPI_PAGEBULK_H */
