// SPDX-License-Identifier: GPL-2.0
/*
 * pagebulk call trace: with trace_calls=1 at load, every ALLOC logs which
 * of a few mm functions the calling task entered, in order, e.g.
 *
 *   pagebulk: calls of method 4: start_isolate_page_range
 *	__drain_all_pages lru_cache_disable test_pages_isolated
 *	undo_isolate_page_range
 *
 * so that the sequence one alloc_contig_range() call runs can be compared
 * between the stock and the patched kernel. lru_cache_enable() is an
 * inline and drain_all_pages() a one-line wrapper the compiler may inline,
 * so __drain_all_pages() stands for it. A function the kernel has no
 * symbol for (inlined everywhere) is left out, and the load says so.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>

#include "pagebulk.h"

static bool trace_calls;
module_param(trace_calls, bool, 0444);
MODULE_PARM_DESC(trace_calls, "Log the mm functions each ALLOC enters (kprobes)");

#ifdef CONFIG_KPROBES
static const char * const pb_traced[] = {
	"start_isolate_page_range",
	"__drain_all_pages",
	"lru_cache_disable",
	"test_pages_isolated",
	"undo_isolate_page_range",
	"zone_pcp_disable",
	"zone_pcp_enable",
};

#define PB_TRACE_MAX	64

static struct kprobe pb_probes[ARRAY_SIZE(pb_traced)];
static bool pb_probed[ARRAY_SIZE(pb_traced)];
static bool pb_probes_registered;

/*
 * One traced call at a time: pb_trace_lock is held from pb_trace_begin()
 * to pb_trace_end(). The probes only append entries made by that task,
 * which is the only writer, so the buffer needs no lock of its own.
 */
static DEFINE_MUTEX(pb_trace_lock);
static struct task_struct *pb_trace_task;
static u8 pb_trace_buf[PB_TRACE_MAX];
static unsigned int pb_trace_len;

static int pb_trace_pre(struct kprobe *p, struct pt_regs *regs)
{
	if (current == READ_ONCE(pb_trace_task) && pb_trace_len < PB_TRACE_MAX)
		pb_trace_buf[pb_trace_len++] = p - pb_probes;
	return 0;
}

/**
 * pb_trace_init() - register the probes when the module was loaded with
 * trace_calls=1
 *
 * Return: 0, or -ENOENT when not one function could be probed.
 */
int pb_trace_init(void)
{
	unsigned int i;

	if (!trace_calls)
		return 0;
	for (i = 0; i < ARRAY_SIZE(pb_traced); i++) {
		pb_probes[i].symbol_name = pb_traced[i];
		pb_probes[i].pre_handler = pb_trace_pre;
		pb_probed[i] = !register_kprobe(&pb_probes[i]);
		if (!pb_probed[i])
			pr_info("trace_calls: %s not probed\n", pb_traced[i]);
		pb_probes_registered |= pb_probed[i];
	}
	return pb_probes_registered ? 0 : -ENOENT;
}

void pb_trace_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pb_traced); i++)
		if (pb_probed[i])
			unregister_kprobe(&pb_probes[i]);
}

/**
 * pb_trace_begin() - start recording the calling task's probed calls
 *
 * Return: true when tracing; then pb_trace_end() must follow.
 */
bool pb_trace_begin(void)
{
	if (!pb_probes_registered)
		return false;
	mutex_lock(&pb_trace_lock);
	pb_trace_len = 0;
	WRITE_ONCE(pb_trace_task, current);
	return true;
}

/**
 * pb_trace_end() - stop recording and log what was recorded
 * @method: the PAGEBULK_METHOD_* traced, for the log line
 */
void pb_trace_end(unsigned int method)
{
	char line[512];
	unsigned int i;
	int n = 0;

	WRITE_ONCE(pb_trace_task, NULL);
	for (i = 0; i < pb_trace_len && n < sizeof(line); i++)
		n += scnprintf(line + n, sizeof(line) - n, " %s",
			       pb_traced[pb_trace_buf[i]]);
	pr_info("calls of method %u:%s%s\n", method, n ? line : " none",
		pb_trace_len == PB_TRACE_MAX ? " ..." : "");
	mutex_unlock(&pb_trace_lock);
}
#else
int pb_trace_init(void)
{
	if (trace_calls)
		pr_err("trace_calls: this kernel has no kprobes\n");
	return trace_calls ? -EOPNOTSUPP : 0;
}

void pb_trace_exit(void)
{
}

bool pb_trace_begin(void)
{
	return false;
}

void pb_trace_end(unsigned int method)
{
}
#endif
