// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libprof: a QEMU 7.2 TCG plugin (plugin API version 1) that counts the
 * guest instructions executed between two marker instructions, per guest
 * instruction address, for one vCPU (run with -smp 1, thread=single).
 *
 *   xchg %cx,%cx (66 87 c9)  start counting (the start marker itself counts)
 *   xchg %dx,%dx (66 87 d2)  stop counting  (not counted)
 *
 * Ordinary blocks get one exec callback that adds one to the block's
 * execution count when counting is on; a block that holds a marker gets
 * per-instruction callbacks instead, so the count is exact to the
 * instruction. At exit the plugin writes to the file given by out=FILE:
 *   W <n>          the instruction count of every window (start..stop), in order
 *   I <vaddr> <n>  instructions executed at that address inside windows
 * (per-address totals are summed over retranslations of the same code).
 *
 * Build: gcc -O2 -shared -fPIC -I. $(pkg-config --cflags glib-2.0) libprof.c -o libprof.so
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct tbinfo {
	uint64_t execs;		/* executions while counting (whole-TB mode) */
	size_t n;
	uint64_t *vaddr;	/* n instruction addresses */
	uint64_t *icount;	/* per-insn counts (marker TBs only), else NULL */
};

static bool counting;
static uint64_t window;		/* instructions in the current window */
static GArray *windows;		/* uint64_t per finished window */
static GPtrArray *tbs;
static char *outfile;
static uint64_t nstart, nstop;

enum { M_NONE, M_START, M_STOP };

static int marker(const struct qemu_plugin_insn *insn)
{
	const uint8_t *d = qemu_plugin_insn_data(insn);

	if (qemu_plugin_insn_size(insn) != 3 || d[0] != 0x66 || d[1] != 0x87)
		return M_NONE;
	if (d[2] == 0xc9)
		return M_START;
	if (d[2] == 0xd2)
		return M_STOP;
	return M_NONE;
}

static void tb_exec(unsigned int vcpu, void *ud)
{
	struct tbinfo *t = ud;

	if (counting) {
		t->execs++;
		window += t->n;
	}
}

static void insn_count(unsigned int vcpu, void *ud)
{
	uint64_t *c = ud;

	if (counting) {
		(*c)++;
		window++;
	}
}

static void on_start(unsigned int vcpu, void *ud)
{
	nstart++;
	counting = true;
	window = 0;
}

static void on_stop(unsigned int vcpu, void *ud)
{
	nstop++;
	if (counting)
		g_array_append_val(windows, window);
	counting = false;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	struct tbinfo *t = g_new0(struct tbinfo, 1);
	bool has_marker = false;
	size_t i;

	t->n = qemu_plugin_tb_n_insns(tb);
	t->vaddr = g_new(uint64_t, t->n);
	for (i = 0; i < t->n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		t->vaddr[i] = qemu_plugin_insn_vaddr(insn);
		if (marker(insn) != M_NONE)
			has_marker = true;
	}
	g_ptr_array_add(tbs, t);
	if (!has_marker) {
		qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS, t);
		return;
	}
	t->icount = g_new0(uint64_t, t->n);
	for (i = 0; i < t->n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		switch (marker(insn)) {
		case M_START:	/* turn on, then count the marker itself */
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_start, QEMU_PLUGIN_CB_NO_REGS, NULL);
			break;
		case M_STOP:	/* turn off first: the stop marker is not counted */
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_stop, QEMU_PLUGIN_CB_NO_REGS, NULL);
			break;
		}
		qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_count, QEMU_PLUGIN_CB_NO_REGS, &t->icount[i]);
	}
}

static void at_exit(qemu_plugin_id_t id, void *p)
{
	GHashTable *h = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
	GHashTableIter it;
	gpointer k, v;
	FILE *f;
	guint i;
	size_t j;

	for (i = 0; i < tbs->len; i++) {
		struct tbinfo *t = g_ptr_array_index(tbs, i);

		for (j = 0; j < t->n; j++) {
			uint64_t c = t->icount ? t->icount[j] : t->execs;
			uint64_t *cur;

			if (!c)
				continue;
			cur = g_hash_table_lookup(h, &t->vaddr[j]);
			if (!cur) {
				uint64_t *key = g_new(uint64_t, 1);

				*key = t->vaddr[j];
				cur = g_new0(uint64_t, 1);
				g_hash_table_insert(h, key, cur);
			}
			*cur += c;
		}
	}
	f = fopen(outfile, "w");
	if (!f) {
		perror(outfile);
		return;
	}
	fprintf(f, "# libprof: %" PRIu64 " starts, %" PRIu64 " stops, %u windows, %u translations\n",
		nstart, nstop, windows->len, tbs->len);
	for (i = 0; i < windows->len; i++)
		fprintf(f, "W %" PRIu64 "\n", g_array_index(windows, uint64_t, i));
	g_hash_table_iter_init(&it, h);
	while (g_hash_table_iter_next(&it, &k, &v))
		fprintf(f, "I %016" PRIx64 " %" PRIu64 "\n", *(uint64_t *)k, *(uint64_t *)v);
	fclose(f);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (g_str_has_prefix(argv[i], "out="))
			outfile = g_strdup(argv[i] + 4);
	}
	if (!outfile) {
		fprintf(stderr, "libprof: out=FILE is required\n");
		return -1;
	}
	windows = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	tbs = g_ptr_array_new();
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
