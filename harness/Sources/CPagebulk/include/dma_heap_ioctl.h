/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The dma-buf heap ioctl of <linux/dma-heap.h> (the host's linux-libc-dev),
 * as a function: _IOWR() is a function-like macro, which Swift does not
 * import. The struct, dma_heap_allocation_data, imports as it is.
 */
#ifndef PAGEBULK_DMA_HEAP_IOCTL_H
#define PAGEBULK_DMA_HEAP_IOCTL_H

#include <linux/dma-heap.h>

static inline unsigned long pagebulk_ioc_dma_heap_alloc(void) { return DMA_HEAP_IOCTL_ALLOC; }

#endif
