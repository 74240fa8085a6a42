// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk: drive bulk page allocation methods from user space.
 *
 * /sys/kernel/debug/pagebulk/control takes the ioctls of uapi/pagebulk.h.
 * Every open file owns a table of handles; each handle holds the pages of
 * one ALLOC until FREE, or until the file is closed. Nothing outlives the
 * file: a crashed harness leaks no memory, and the module cannot be removed
 * while a file is open (the fops are owned by it).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmstat.h>
#include <linux/xarray.h>

#include "pagebulk.h"

/*
 * Live handles and the base pages they hold, across all open files, so that
 * INFO can show the harness that everything was given back; and, since
 * load, what killed callers obtained and what closes had to free.
 */
static atomic_long_t pb_held_handles = ATOMIC_LONG_INIT(0);
static atomic_long_t pb_held_pages = ATOMIC_LONG_INIT(0);
static atomic_long_t pb_killed_allocs = ATOMIC_LONG_INIT(0);
static atomic_long_t pb_killed_pages = ATOMIC_LONG_INIT(0);
static atomic_long_t pb_closed_handles = ATOMIC_LONG_INIT(0);
static atomic_long_t pb_closed_pages = ATOMIC_LONG_INIT(0);

static struct dentry *pb_dir;

/*
 * @lock serialises the calls that take a holding away (FREE) with those
 * that use one in place (VERIFY), and guards the pins; ALLOC only publishes
 * with xa_alloc().
 */
struct pb_file {
	struct xarray handles;		/* u32 id -> struct pb_holding */
	u32 next_handle;		/* xa_alloc_cyclic(): no reuse until 2^31 */
	struct mutex lock;
	struct pb_pins pins;		/* under @lock; see pin.c */
};

static unsigned long pb_holding_pages(const struct pb_holding *h)
{
	return h->nr << h->order;
}

static void pb_put_holding(struct pb_holding *h)
{
	atomic_long_dec(&pb_held_handles);
	atomic_long_sub(pb_holding_pages(h), &pb_held_pages);
	pb_holding_release(h);
	kfree(h);
}

static int pb_open(struct inode *inode, struct file *file)
{
	struct pb_file *pf;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	pf = kzalloc(sizeof(*pf), GFP_KERNEL);
	if (!pf)
		return -ENOMEM;
	xa_init_flags(&pf->handles, XA_FLAGS_ALLOC1);
	mutex_init(&pf->lock);
	file->private_data = pf;
	return nonseekable_open(inode, file);
}

static int pb_release(struct inode *inode, struct file *file)
{
	struct pb_file *pf = file->private_data;
	struct pb_holding *h;
	unsigned long id;

	xa_for_each(&pf->handles, id, h) {
		xa_erase(&pf->handles, id);
		atomic_long_inc(&pb_closed_handles);
		atomic_long_add(pb_holding_pages(h), &pb_closed_pages);
		pb_put_holding(h);
	}
	xa_destroy(&pf->handles);
	pb_unpin_all(&pf->pins);
	mutex_destroy(&pf->lock);
	kfree(pf);
	return 0;
}

static long pb_ioctl_info(void __user *arg)
{
	struct pagebulk_info *info;
	long ret;

	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	ret = pb_fill_info(info);
	info->held_handles = atomic_long_read(&pb_held_handles);
	info->held_pages = atomic_long_read(&pb_held_pages);
	info->killed_allocs = atomic_long_read(&pb_killed_allocs);
	info->killed_pages = atomic_long_read(&pb_killed_pages);
	info->closed_handles = atomic_long_read(&pb_closed_handles);
	info->closed_pages = atomic_long_read(&pb_closed_pages);
	if (!ret && copy_to_user(arg, info, sizeof(*info)))
		ret = -EFAULT;
	kfree(info);
	return ret;
}

static void pb_vm_snapshot(unsigned long *ev)
{
	all_vm_events(ev);
}

static u64 pb_delta(const unsigned long *before, const unsigned long *after,
		    enum vm_event_item item)
{
	return after[item] - before[item];
}

static void pb_fill_vm_delta(struct pagebulk_vm_delta *d,
			     const unsigned long *before,
			     const unsigned long *after)
{
#ifdef CONFIG_MIGRATION
	d->pgmigrate_success = pb_delta(before, after, PGMIGRATE_SUCCESS);
	d->pgmigrate_fail = pb_delta(before, after, PGMIGRATE_FAIL);
#endif
#ifdef CONFIG_COMPACTION
	d->compact_stall = pb_delta(before, after, COMPACTSTALL);
	d->compact_fail = pb_delta(before, after, COMPACTFAIL);
	d->compact_success = pb_delta(before, after, COMPACTSUCCESS);
	d->compact_isolated = pb_delta(before, after, COMPACTISOLATED);
#endif
#ifdef CONFIG_CMA
	d->cma_alloc_success = pb_delta(before, after, CMA_ALLOC_SUCCESS);
	d->cma_alloc_fail = pb_delta(before, after, CMA_ALLOC_FAIL);
#endif
	d->pgscan_direct = pb_delta(before, after, PGSCAN_DIRECT);
	d->pgsteal_direct = pb_delta(before, after, PGSTEAL_DIRECT);
}

/* Run the method and account its pieces; the caller publishes the handle. */
static int pb_do_alloc(const struct pb_request *req, struct pb_holding *h,
		       struct pagebulk_alloc *a)
{
	unsigned long *before, *after;
	struct pb_outcome out = {};
	bool tracing;
	u64 t0;
	int ret;

	before = kcalloc(2 * NR_VM_EVENT_ITEMS, sizeof(*before), GFP_KERNEL);
	if (!before)
		return -ENOMEM;
	after = before + NR_VM_EVENT_ITEMS;

	pb_vm_snapshot(before);
	tracing = pb_trace_begin();
	t0 = ktime_get_ns();
	ret = pb_method_alloc(req, h, &out);
	a->elapsed_ns = ktime_get_ns() - t0;
	if (tracing)
		pb_trace_end(req->method);
	pb_vm_snapshot(after);
	pb_fill_vm_delta(&a->vm, before, after);
	kfree(before);

	/*
	 * The caller is dying: keep what the method got all the same. It is
	 * published like any yield and freed when the file is closed on exit.
	 */
	if (!ret && fatal_signal_pending(current)) {
		atomic_long_inc(&pb_killed_allocs);
		atomic_long_add(pb_holding_pages(h), &pb_killed_pages);
	}

	a->nr_obtained = h->nr;
	a->chunks_tried = out.chunks_tried;
	a->chunks_isolated = out.chunks_isolated;
	a->chunks_skipped = out.chunks_skipped;
	a->skips = out.skips;
	a->error = out.error;
	return ret;
}

static long pb_ioctl_alloc(struct pb_file *pf, void __user *arg)
{
	struct pagebulk_alloc a;
	struct pb_request req;
	struct pb_holding *h;
	u32 id;
	int ret;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.abi_version != PAGEBULK_ABI_VERSION)
		return -EPROTO;
	ret = pb_parse_alloc(&a, &req);
	if (ret)
		return ret;

	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	ret = pb_do_alloc(&req, h, &a);
	if (ret)
		goto out_free;

	a.handle = 0;
	if (h->nr) {
		/*
		 * Count before publishing: once h is in the xarray, a FREE of
		 * the new id on another thread may free it.
		 */
		unsigned long pages = pb_holding_pages(h);

		atomic_long_inc(&pb_held_handles);
		atomic_long_add(pages, &pb_held_pages);
		ret = xa_alloc_cyclic(&pf->handles, &id, h, xa_limit_31b,
				      &pf->next_handle, GFP_KERNEL);
		if (ret < 0) {
			atomic_long_dec(&pb_held_handles);
			atomic_long_sub(pages, &pb_held_pages);
			goto out_release;
		}
		a.handle = id;
	} else {
		pb_holding_release(h);
		kfree(h);
	}
	if (copy_to_user(arg, &a, sizeof(a))) {
		/* The caller cannot learn the handle: give the pages back. */
		mutex_lock(&pf->lock);
		h = a.handle ? xa_erase(&pf->handles, a.handle) : NULL;
		mutex_unlock(&pf->lock);
		if (h)
			pb_put_holding(h);
		return -EFAULT;
	}
	return 0;

out_release:
	pb_holding_release(h);
out_free:
	kfree(h);
	return ret;
}

/* Look a user-supplied handle up; bad or foreign ones are -ENOENT. */
static struct pb_holding *pb_lookup(struct pb_file *pf, u64 handle)
{
	if (!handle || handle > U32_MAX)
		return NULL;
	return xa_load(&pf->handles, handle);
}

static long pb_ioctl_free(struct pb_file *pf, void __user *arg)
{
	struct pagebulk_free f;
	struct pb_holding *h;
	u64 t0;

	if (copy_from_user(&f, arg, sizeof(f)))
		return -EFAULT;
	if (f.abi_version != PAGEBULK_ABI_VERSION)
		return -EPROTO;
	if (f.reserved)
		return -EINVAL;

	mutex_lock(&pf->lock);
	h = pb_lookup(pf, f.handle);
	if (h)
		xa_erase(&pf->handles, f.handle);
	mutex_unlock(&pf->lock);
	if (!h)
		return -ENOENT;

	f.nr_freed = h->nr;
	t0 = ktime_get_ns();
	pb_put_holding(h);
	f.elapsed_ns = ktime_get_ns() - t0;
	return copy_to_user(arg, &f, sizeof(f)) ? -EFAULT : 0;
}

static long pb_ioctl_verify(struct pb_file *pf, void __user *arg)
{
	struct pagebulk_verify v;
	struct pb_holding *h;
	int ret = -ENOENT;

	if (copy_from_user(&v, arg, sizeof(v)))
		return -EFAULT;
	if (v.abi_version != PAGEBULK_ABI_VERSION)
		return -EPROTO;
	if (mutex_lock_killable(&pf->lock))
		return -EINTR;
	h = pb_lookup(pf, v.handle);
	if (h)
		ret = pb_verify(h, &v);
	mutex_unlock(&pf->lock);
	if (ret)
		return ret;
	return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
}

/* Only the (in) fields come from the user; every (out) field starts at 0. */
static void pb_pin_clear_out(struct pagebulk_pin *p)
{
	p->nr_pinned = 0;
	p->nr_taken = 0;
	p->pinned_blocks = 0;
	p->pinned_windows = 0;
	p->nr_held = 0;
	p->nr_expired = 0;
	p->held_all = 0;
}

static long pb_ioctl_pin(struct pb_file *pf, void __user *arg)
{
	struct pagebulk_pin p;
	int ret = 0;

	if (copy_from_user(&p, arg, sizeof(p)))
		return -EFAULT;
	if (p.abi_version != PAGEBULK_ABI_VERSION)
		return -EPROTO;
	if (p.flags & ~PAGEBULK_PIN_QUERY || (p.flags && p.count))
		return -EINVAL;

	pb_pin_clear_out(&p);
	if (mutex_lock_killable(&pf->lock))
		return -EINTR;
	if (p.count)
		ret = pb_pin_area(&pf->pins, &p);
	else if (!p.flags)
		pb_unpin_all(&pf->pins);
	if (!p.count)
		p.nr_pinned = atomic_long_read(&pf->pins.held);
	pb_pin_report(&pf->pins, &p);
	mutex_unlock(&pf->lock);
	if (ret)
		return ret;
	return copy_to_user(arg, &p, sizeof(p)) ? -EFAULT : 0;
}

static long pb_ioctl_order0(void __user *arg)
{
	struct pagebulk_order0 o;
	int ret;

	if (copy_from_user(&o, arg, sizeof(o)))
		return -EFAULT;
	if (o.abi_version != PAGEBULK_ABI_VERSION)
		return -EPROTO;
	ret = pb_order0_bench(&o);
	if (ret)
		return ret;
	return copy_to_user(arg, &o, sizeof(o)) ? -EFAULT : 0;
}

static long pb_ioctl_census(void __user *arg)
{
	struct pagebulk_census in, c = {};
	int ret;

	if (copy_from_user(&in, arg, sizeof(in)))
		return -EFAULT;
	if (in.abi_version != PAGEBULK_ABI_VERSION)
		return -EPROTO;
	/* Only the (in) fields come from the user; every count starts at 0. */
	c.abi_version = in.abi_version;
	c.cma_area = in.cma_area;
	c.start_pfn = in.start_pfn;
	c.end_pfn = in.end_pfn;
	c.blocks = in.blocks;
	c.nr_blocks = in.nr_blocks;
	ret = pb_census(&c);
	if (ret)
		return ret;
	return copy_to_user(arg, &c, sizeof(c)) ? -EFAULT : 0;
}

static long pb_ioctl_dmabuf_layout(void __user *arg)
{
	struct pagebulk_dmabuf_layout in, l = {};
	int ret;

	if (copy_from_user(&in, arg, sizeof(in)))
		return -EFAULT;
	if (in.abi_version != PAGEBULK_ABI_VERSION)
		return -EPROTO;
	l.abi_version = in.abi_version;
	l.fd = in.fd;
	ret = pb_dmabuf_layout(&l);
	if (ret)
		return ret;
	return copy_to_user(arg, &l, sizeof(l)) ? -EFAULT : 0;
}

/*
 * Same type and number but another size means the caller was built against
 * another version of uapi/pagebulk.h: say so instead of -ENOTTY.
 */
static long pb_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct pb_file *pf = file->private_data;
	void __user *uarg = (void __user *)arg;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (_IOC_TYPE(cmd) != PAGEBULK_IOC_MAGIC)
		return -ENOTTY;

	switch (_IOC_NR(cmd)) {
	case _IOC_NR(PAGEBULK_IOC_INFO):
		return cmd == PAGEBULK_IOC_INFO ? pb_ioctl_info(uarg) : -EINVAL;
	case _IOC_NR(PAGEBULK_IOC_ALLOC):
		return cmd == PAGEBULK_IOC_ALLOC ? pb_ioctl_alloc(pf, uarg) : -EINVAL;
	case _IOC_NR(PAGEBULK_IOC_FREE):
		return cmd == PAGEBULK_IOC_FREE ? pb_ioctl_free(pf, uarg) : -EINVAL;
	case _IOC_NR(PAGEBULK_IOC_VERIFY):
		return cmd == PAGEBULK_IOC_VERIFY ? pb_ioctl_verify(pf, uarg) : -EINVAL;
	case _IOC_NR(PAGEBULK_IOC_PIN):
		return cmd == PAGEBULK_IOC_PIN ? pb_ioctl_pin(pf, uarg) : -EINVAL;
	case _IOC_NR(PAGEBULK_IOC_ORDER0):
		return cmd == PAGEBULK_IOC_ORDER0 ? pb_ioctl_order0(uarg) : -EINVAL;
	case _IOC_NR(PAGEBULK_IOC_CENSUS):
		return cmd == PAGEBULK_IOC_CENSUS ? pb_ioctl_census(uarg) : -EINVAL;
	case _IOC_NR(PAGEBULK_IOC_DMABUF_LAYOUT):
		return cmd == PAGEBULK_IOC_DMABUF_LAYOUT ? pb_ioctl_dmabuf_layout(uarg) : -EINVAL;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations pb_fops = {
	.owner = THIS_MODULE,
	.open = pb_open,
	.release = pb_release,
	.unlocked_ioctl = pb_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static int __init pagebulk_init(void)
{
	int ret = pb_trace_init();

	if (ret)
		return ret;
	ret = pb_dmabuf_init();
	if (ret) {
		pb_trace_exit();
		return ret;
	}
	pb_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(pb_dir)) {
		pb_dmabuf_exit();
		pb_trace_exit();
		return PTR_ERR(pb_dir);
	}
	debugfs_create_file_unsafe("control", 0600, pb_dir, NULL, &pb_fops);
	pr_info("ready, methods %#llx\n", pb_supported_methods());
	return 0;
}

static void __exit pagebulk_exit(void)
{
	debugfs_remove_recursive(pb_dir);
	/* Every file is closed, so every pin is dropped and no work pending. */
	WARN_ON(pb_pins_held_all());
	pb_dmabuf_exit();
	pb_trace_exit();
}

module_init(pagebulk_init);
module_exit(pagebulk_exit);

MODULE_DESCRIPTION("Bulk page allocation test module");
MODULE_LICENSE("GPL");
