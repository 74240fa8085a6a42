#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: the kernel's own mm selftests (6.12's tools/testing/
# selftests/mm, built on the host by scripts/selftests-mm.sh) that exercise
# compaction, migration and contiguous/hugetlb allocation, each with the
# arguments and the setup run_vmtests.sh gives it. One line per test:
#
#   selftest NAME: pass|fail|skip [(subtests: pass P, fail F, skip S)]
#
# pass is exit 0, skip is kselftest's 4, anything else (a timeout too) is
# fail; the subtests are the test's own '# Totals:' line, where it prints
# one, so that a size thuge-gen skipped inside a passing run shows. Each
# test's output goes to /run/out/selftests-mm.log.
#
#   guest-selftests-mm.sh BINDIR [NAME...]   (no NAME: all of them)
#   guest-selftests-mm.sh --list             (the names, for the host)
set -uo pipefail

tests=(thuge-gen hugepage-mmap hugepage-shm map_hugetlb hugepage-vmemmap hugetlb-madvise
	hugetlb_dio hugetlb_madv_vs_map compaction_test transhuge-stress)
if [ "${1:-}" = --list ]; then
	echo "${tests[*]}"
	exit 0
fi
bin=$1
shift
want=" $* "
log=/run/out/selftests-mm.log
: > "$log"

vm=/proc/sys/vm
huge2m=/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
huge1g=/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages
note() { echo "## $*" >> "$log"; }
selected() { [ "$want" = "  " ] || [[ $want == *" $1 "* ]]; }

# The host's /tmp is read-only here; hugetlb_dio wants an O_TMPFILE with
# O_DIRECT in /tmp, so put the ext4 scratch disk there. The binaries are
# copied to /run first: a checkout under the host's /tmp (a CI clone, say)
# would be hidden by that mount.
mkdir -p /run/selftests-mm
cp "$bin"/* /run/selftests-mm/
bin=/run/selftests-mm
mount --bind /run/scratch /tmp

# run CATEGORY TIMEOUT ./NAME ARGS...: one test, as run_vmtests.sh's
# run_test() does it. Before a hugetlb test it drops caches and compacts,
# for a higher success rate (its 2-second sleeps around them are left out:
# both writes are synchronous). FORCE_FAIL set: the setup fell short.
run() {
	local category=$1 limit=$2 name=${3#./} rc outcome started totals
	shift 2
	selected "$name" || return 0
	if [ "$category" = hugetlb ]; then
		echo 3 > $vm/drop_caches
		echo 1 > $vm/compact_memory
	fi
	note "$name: $* (HugePages_Free $(awk '/HugePages_Free/ {print $2}' /proc/meminfo)," \
		"MemFree $(awk '/MemFree/ {print $2}' /proc/meminfo) kB)"
	started=$(date +%s)
	(cd "$bin" && timeout "$limit" "$@") > /run/test.out 2>&1
	rc=$?
	cat /run/test.out >> "$log"
	case $rc in
	0) outcome=pass ;;
	4) outcome=skip ;;
	*) outcome=fail ;;
	esac
	[ -n "${FORCE_FAIL:-}" ] && outcome=fail
	note "$name: $outcome (exit $rc$([ $rc = 124 ] && echo ", timed out after $limit s"))" \
		"in $(( $(date +%s) - started )) s${FORCE_FAIL:+; $FORCE_FAIL}"
	totals=$(sed -n 's/^# Totals: pass:\([0-9]*\) fail:\([0-9]*\) .* skip:\([0-9]*\) .*/pass \1, fail \2, skip \3/p' \
		/run/test.out | tail -n 1)
	echo "selftest $name: $outcome${totals:+ (subtests: $totals)}"
}

# thuge-gen tests each huge page size with 4 free pages of it, and on
# x86-64 refuses to run without the 1 GiB size. The 1 GiB pages come from
# alloc_contig_pages() here, first in the run: an 8 GiB guest has exactly
# four 1 GiB ranges free of the kernel's own memory, [1,2), [5,6), [6,7)
# and [7,8) GiB (the others: the kernel, the swiotlb, the PCI hole, CMA,
# early slab, memblock's top). With fewer, thuge-gen skips that size and
# still passes: count that as a failure.
if selected thuge-gen; then
	echo 4 > $huge2m
	echo 3 > $vm/drop_caches
	echo 1 > $vm/compact_memory
	echo 4 > $huge1g
	got=$(cat $huge1g)
	echo "setup: $got of 4 1 GiB pages, $(cat $huge2m) of 4 2 MiB pages"
	FORCE_FAIL=$([ "$got" = 4 ] || echo "only $got of 4 1 GiB pages") \
		run hugetlb 300 ./thuge-gen
	echo 0 > $huge1g
fi

# 256 MiB of 2 MiB pages: run_vmtests.sh's minimum for the hugetlb tests.
echo 3 > $vm/drop_caches
echo 128 > $huge2m
echo "setup: $(cat $huge2m) of 128 2 MiB pages"

run hugetlb 300 ./hugepage-mmap
shmmax=$(cat /proc/sys/kernel/shmmax) shmall=$(cat /proc/sys/kernel/shmall)
echo 268435456 > /proc/sys/kernel/shmmax
echo 4194304 > /proc/sys/kernel/shmall
run hugetlb 300 ./hugepage-shm
echo "$shmmax" > /proc/sys/kernel/shmmax
echo "$shmall" > /proc/sys/kernel/shmall
run hugetlb 300 ./map_hugetlb
run hugetlb 300 ./hugepage-vmemmap
run hugetlb 300 ./hugetlb-madvise
run hugetlb 300 ./hugetlb_dio
# It needs one and only one huge page.
echo 1 > $huge2m
run hugetlb 300 ./hugetlb_madv_vs_map
# run_vmtests.sh gives the pool back before compaction_test.
echo 0 > $huge2m

run compaction 300 ./compaction_test
run thp 300 ./transhuge-stress -d 20
exit 0
