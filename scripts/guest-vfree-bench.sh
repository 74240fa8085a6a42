#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: lib/test_vmalloc.c, the kernel's own vmalloc()/vfree()
# benchmark, RUNS times over (5000 loops by default): the whole suite, then fix_size_alloc_test
# (vmalloc() and vfree() of N pages in a loop) for several N, where vfree()
# frees N pages per call. test_vmalloc prints each test's average time
# per repeat (ktime, microseconds; under QEMU -icount that is guest time
# counted in instructions). One line per test and run:
#
#   vfree-bench RUN TEST PAGES PASSED FAILED USEC
#
#   guest-vfree-bench.sh TEST_VMALLOC_KO [RUNS [LOOPS]]
set -uo pipefail

ko=$1 runs=${2:-3} loops=${3:-5000}

# insmod always fails: test_vmalloc runs at init and returns -EAGAIN.
run_once() {
	local run=$1 pages=$2
	shift 2
	dmesg -C
	insmod "$ko" nr_threads=1 test_repeat_count=1 "$@" 2>/dev/null
	dmesg | sed -n 's/.*Summary: \([a-z0-9_]*\) passed: \([0-9]*\) failed: \([0-9]*\) .* avg: \([0-9]*\) usec.*/\1 \2 \3 \4/p' |
		while read -r test passed failed usec; do
			echo "vfree-bench $run $test $pages $passed $failed $usec"
		done
}

for run in $(seq 1 "$runs"); do
	# The suite as its authors run it, fewer loops: TCG is slow.
	run_once "$run" suite test_loop_count="$loops" sequential_test_order=1
	for pages in 1 16 64 256 1024; do
		run_once "$run" "$pages" run_test_mask=1 nr_pages="$pages" \
			test_loop_count=$(( loops * 4 / pages > 50 ? loops * 4 / pages : 50 ))
	done
done
