// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk DMABUF_LAYOUT: the scatter-gather list a device is given for a
 * dma-buf, so that the dmaheap experiment reports each heap's buffers as a
 * device sees them (entries, their sizes, contiguous runs). A CPU mapping
 * cannot tell: the system and chunk heaps map with remap_pfn_range(), and
 * /proc/self/pagemap shows no frame for such a mapping.
 */
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>

#include "pagebulk.h"

#ifdef PAGEBULK_HAVE_DMA_BUF

MODULE_IMPORT_NS(DMA_BUF);

/*
 * The importer: a platform device of our own, with no driver, a 64-bit
 * mask and no segment limit, so that on x86 without an IOMMU dma-direct
 * maps every entry 1:1 and the addresses read back are physical. Not so
 * under swiotlb=force or with memory encryption (SEV, TDX): bounce buffers
 * then stand in for the pages, and large entries fail to map.
 */
static struct platform_device *pb_dma_pdev;

int pb_dmabuf_init(void)
{
	int ret;

	pb_dma_pdev = platform_device_register_simple(KBUILD_MODNAME "-dma",
						      PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(pb_dma_pdev))
		return PTR_ERR(pb_dma_pdev);
	ret = dma_set_mask_and_coherent(&pb_dma_pdev->dev, DMA_BIT_MASK(64));
	if (ret) {
		platform_device_unregister(pb_dma_pdev);
		return ret;
	}
	/* A platform device has dma_parms: this cannot fail. */
	dma_set_max_seg_size(&pb_dma_pdev->dev, UINT_MAX);
	return 0;
}

void pb_dmabuf_exit(void)
{
	platform_device_unregister(pb_dma_pdev);
}

/*
 * Entries by order (an entry shorter than a page counts as order 0), and
 * runs: an entry starting where the last one ended. Runs are summed in
 * bytes, so that sub-page entries add up.
 */
static void pb_dmabuf_walk(struct pagebulk_dmabuf_layout *out, struct sg_table *sgt)
{
	u64 run_bytes = 0, largest = 0;
	dma_addr_t run_end = 0;
	struct scatterlist *sg;
	int i;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		dma_addr_t addr = sg_dma_address(sg);
		u64 pages = sg_dma_len(sg) >> PAGE_SHIFT;
		unsigned int order = pages ? ilog2(pages) : 0;

		out->nr_entries++;
		out->entries_by_order[min(order, PAGEBULK_LAYOUT_ORDERS - 1)]++;
		if (!out->nr_runs || addr != run_end) {
			out->nr_runs++;
			run_bytes = 0;
		}
		run_bytes += sg_dma_len(sg);
		run_end = addr + sg_dma_len(sg);
		largest = max(largest, run_bytes);
	}
	out->largest_run_pages = DIV_ROUND_UP(largest, PAGE_SIZE);
}

/*
 * Attach, map, read, unmap, detach: what an importing driver does, with
 * the dma-buf's own reference held throughout, so the caller may close its
 * fd meanwhile.
 */
int pb_dmabuf_layout(struct pagebulk_dmabuf_layout *out)
{
	struct dma_buf_attachment *attach;
	struct dma_buf *dmabuf;
	struct sg_table *sgt;
	int ret = 0;

	dmabuf = dma_buf_get(out->fd);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	attach = dma_buf_attach(dmabuf, &pb_dma_pdev->dev);
	if (IS_ERR(attach)) {
		ret = PTR_ERR(attach);
		goto put;
	}
	sgt = dma_buf_map_attachment_unlocked(attach, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		ret = PTR_ERR(sgt);
		goto detach;
	}
	out->size = dmabuf->size;
	pb_dmabuf_walk(out, sgt);
	dma_buf_unmap_attachment_unlocked(attach, sgt, DMA_BIDIRECTIONAL);
detach:
	dma_buf_detach(dmabuf, attach);
put:
	dma_buf_put(dmabuf);
	return ret;
}

#else /* !PAGEBULK_HAVE_DMA_BUF: a kernel without dma-buf */

int pb_dmabuf_init(void)
{
	return 0;
}

void pb_dmabuf_exit(void)
{
}

int pb_dmabuf_layout(struct pagebulk_dmabuf_layout *out)
{
	return -EOPNOTSUPP;
}

#endif
