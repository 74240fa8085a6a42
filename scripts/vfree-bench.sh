#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make vfree-bench: vfree() on free_pages_bulk() (patch 15) against stock
# 6.12's per-page loop, measured by the kernel's own test_vmalloc module
# on both kernels under QEMU -icount (guest time is an instruction count,
# so the figures do not move with the host's load), RUNS runs each, the
# kernels booted in turn (stock, vm, stock, vm, ...; BOOTS boots each).
#
#   scripts/vfree-bench.sh [--out DIR] [--boots N] [--runs N] [--loops N]
#
# Prints, per test and size, the median of the runs on each kernel with
# their range, and patched/stock; raw lines in DIR/<variant>-<boot>/output.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

out=$RESULTS_DIR/vfree-bench-$(date +%Y%m%d-%H%M%S) boots=2 runs=3 loops=5000
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift 2 ;;
	--boots) boots=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--loops) loops=$2; shift 2 ;;
	*) die "vfree-bench.sh: unknown option $1" ;;
	esac
done
for v in stock vm; do
	ko=$(kbuild_dir $v)/lib/test_vmalloc.ko
	[ -f "$ko" ] || die "no $ko: build the $v kernel (CONFIG_TEST_VMALLOC=m, kernel/config/vm.config)"
done

mkdir -p "$out"
for b in $(seq 1 "$boots"); do
	for v in stock vm; do
		log "test_vmalloc on the $v kernel, boot $b of $boots ($runs runs, $loops loops)"
		"$PAGEBULK_ROOT/scripts/vm.sh" --variant "$v" --icount --out "$out/$v-$b" --timeout 3600 \
			-- "$PAGEBULK_ROOT/scripts/guest-vfree-bench.sh" "$(kbuild_dir $v)/lib/test_vmalloc.ko" \
			"$runs" "$loops" >/dev/null || die "the $v guest failed: $out/$v-$b"
	done
done

# One row per test and size: median (min-max) of every run on each kernel.
for v in stock vm; do
	cat "$out/$v"-*/output | awk -v v="$v" '$1 == "vfree-bench" { print v, $3, $4, $5, $6, $7 }'
done | awk '
	function median(list, n,   a, i, j, t) {
		n = split(list, a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		lo = a[1]; hi = a[n]
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{
		key = $2 " " $3
		if (!(key in seen)) { seen[key] = 1; order[++rows] = key }
		t[$1, key] = t[$1, key] " " $6
		n[$1, key]++
		bad[key] += $5
	}
	END {
		printf "%-32s %6s %4s %22s %22s %8s\n", "test", "pages", "n", "stock usec (min-max)",
			"patched usec (min-max)", "patched/stock"
		for (r = 1; r <= rows; r++) {
			key = order[r]; split(key, k, " ")
			s = median(t["stock", key]); slo = lo; shi = hi
			p = median(t["vm", key]); plo = lo; phi = hi
			printf "%-32s %6s %4d %9s (%s-%s) %9s (%s-%s) %8.3f%s\n", k[1], k[2], n["vm", key],
				s, slo, shi, p, plo, phi, (s > 0 ? p / s : 0), bad[key] ? "  FAILED runs" : ""
		}
	}' | tee "$out/summary"
echo "(QEMU -icount: 1 usec is 1000 guest instructions; median of $((boots * runs)) runs a kernel)" |
	tee -a "$out/summary"
