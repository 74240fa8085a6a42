// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk INFO: what this kernel and module offer, and the memory layout
 * (zones, CMA areas) that requests name ranges in.
 */
#include <linux/cma.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/string.h>
#include <linux/utsname.h>
#include <linux/vmstat.h>

#include "pagebulk.h"

static void pb_fill_zones(struct pagebulk_info *info)
{
	struct pagebulk_zone *z;
	struct zone *zone;
	int nid, i;

	/* for_each_populated_zone() needs next_zone(), which is not exported. */
	for_each_online_node(nid) {
		for (i = 0; i < MAX_NR_ZONES; i++) {
			zone = &NODE_DATA(nid)->node_zones[i];
			if (!populated_zone(zone))
				continue;
			if (info->nr_zones == PAGEBULK_MAX_ZONES)
				return;
			z = &info->zones[info->nr_zones++];
			z->node = nid;
			strscpy(z->name, zone->name, sizeof(z->name));
			z->start_pfn = zone->zone_start_pfn;
			z->end_pfn = zone_end_pfn(zone);
			z->managed_pages = zone_managed_pages(zone);
			z->free_pages = zone_page_state(zone, NR_FREE_PAGES);
		}
	}
}

#ifdef PAGEBULK_HAVE_CMA_EXPORTS
static int pb_cma_describe(struct cma *cma, void *data)
{
	struct pagebulk_info *info = data;
	struct pagebulk_cma_area *area;

	if (info->nr_cma_areas == PAGEBULK_MAX_CMA_AREAS)
		return 1;
	area = &info->cma[info->nr_cma_areas++];
	strscpy(area->name, cma_get_name(cma), sizeof(area->name));
	area->base_pfn = PHYS_PFN(cma_get_base(cma));
	area->nr_pages = cma_get_size(cma) >> PAGE_SHIFT;
	return 0;
}

struct pb_cma_lookup {
	int index;
	struct cma *found;
};

/* Areas are numbered in cma_for_each_area() order, as INFO lists them. */
static int pb_cma_find(struct cma *cma, void *data)
{
	struct pb_cma_lookup *l = data;

	if (l->index-- > 0)
		return 0;
	l->found = cma;
	return 1;
}

/**
 * pb_cma_area() - find a CMA area by its index in pagebulk_info.cma[]
 * @index:    index the user passed
 * @base_pfn: receives the area's first pfn
 * @nr_pages: receives its size in pages
 *
 * Return: the area, or NULL when there is no such index.
 */
struct cma *pb_cma_area(int index, unsigned long *base_pfn,
			unsigned long *nr_pages)
{
	struct pb_cma_lookup l = { .index = index };

	if (index < 0 || index >= PAGEBULK_MAX_CMA_AREAS)
		return NULL;
	cma_for_each_area(pb_cma_find, &l);
	if (!l.found)
		return NULL;
	*base_pfn = PHYS_PFN(cma_get_base(l.found));
	*nr_pages = cma_get_size(l.found) >> PAGE_SHIFT;
	return l.found;
}

static void pb_fill_cma(struct pagebulk_info *info)
{
	cma_for_each_area(pb_cma_describe, info);
}
#else
struct cma *pb_cma_area(int index, unsigned long *base_pfn,
			unsigned long *nr_pages)
{
	return NULL;
}

static void pb_fill_cma(struct pagebulk_info *info)
{
}
#endif

/**
 * pb_fill_info() - describe the module, the kernel and its memory
 * @info: zeroed; filled but for the held_* counters
 *
 * Return: 0.
 */
int pb_fill_info(struct pagebulk_info *info)
{
	info->abi_version = PAGEBULK_ABI_VERSION;
	info->page_shift = PAGE_SHIFT;
	info->block_order = pageblock_order;
	info->max_page_order = MAX_PAGE_ORDER;
	info->methods = pb_supported_methods();
	strscpy(info->release, init_utsname()->release, sizeof(info->release));
	pb_fill_zones(info);
	pb_fill_cma(info);
	return 0;
}
