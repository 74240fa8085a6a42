/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The ioctl request numbers of pagebulk.h as functions: _IOWR() is a
 * function-like macro, which Swift does not import.
 */
#ifndef PAGEBULK_IOCTL_H
#define PAGEBULK_IOCTL_H

#include "pagebulk.h"

static inline unsigned long pagebulk_ioc_info(void) { return PAGEBULK_IOC_INFO; }
static inline unsigned long pagebulk_ioc_alloc(void) { return PAGEBULK_IOC_ALLOC; }
static inline unsigned long pagebulk_ioc_free(void) { return PAGEBULK_IOC_FREE; }
static inline unsigned long pagebulk_ioc_verify(void) { return PAGEBULK_IOC_VERIFY; }
static inline unsigned long pagebulk_ioc_pin(void) { return PAGEBULK_IOC_PIN; }
static inline unsigned long pagebulk_ioc_order0(void) { return PAGEBULK_IOC_ORDER0; }
static inline unsigned long pagebulk_ioc_census(void) { return PAGEBULK_IOC_CENSUS; }
static inline unsigned long pagebulk_ioc_dmabuf_layout(void) { return PAGEBULK_IOC_DMABUF_LAYOUT; }

/* The size field of a request number, as the kernel's _IOC_SIZE() reads it. */
static inline unsigned int pagebulk_ioc_size(unsigned long request)
{
	return _IOC_SIZE(request);
}

#endif
