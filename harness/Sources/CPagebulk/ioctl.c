// SPDX-License-Identifier: GPL-2.0
/* Everything lives in the headers; SwiftPM wants one source per C target. */
#include "pagebulk_ioctl.h"
#include "dma_heap_ioctl.h"
