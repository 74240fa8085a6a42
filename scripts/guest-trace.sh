#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# In the guest: what the kernel's own users of alloc_contig_range() get,
# and which mm functions one NORMAL call enters, so that scripts/test.sh
# can compare the stock and the patched kernel line by line:
#
#   hugetlb: 1 of 1 gigantic pages, 0 after freeing
#   cma debugfs: used 512 after alloc, 0 after free
#   calls: start_isolate_page_range __drain_all_pages ...
#
# The gigantic page goes through alloc_contig_pages() (boot with enough
# memory for a free 1 GiB range: vm.sh --memory 3072); the CMA debugfs
# alloc/free through cma_alloc() on the "reserved" area; the call trace is
# the test module's (trace_calls=1, kprobes) around one contig-range call
# on a free 2 MiB block of movable memory, the first one from 1 GiB up
# that it takes whole.
#
#   guest-trace.sh PAGEBULK_BINARY MODULE
set -eu
bin=$1 ko=$2

huge=/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages
if [ -w "$huge" ]; then
	echo 1 > "$huge"
	got=$(cat "$huge")
	echo 0 > "$huge"
	echo "hugetlb: $got of 1 gigantic pages, $(cat "$huge") after freeing"
else
	echo "hugetlb: no 1 GiB page size"
fi

cma=/sys/kernel/debug/cma/reserved
echo 512 > "$cma/alloc"
used=$(cat "$cma/used")
echo 512 > "$cma/free"
echo "cma debugfs: used $used after alloc, $(cat "$cma/used") after free"

/sbin/insmod "$ko" trace_calls=1
dmesg | grep 'pagebulk: trace_calls' || true
pfn=262144
while [ $pfn -lt 524288 ]; do
	if "$bin" alloc --method contig-range --order 9 --count 1 \
		--start $pfn --end $((pfn + 512)) | grep -q ': 1/1 x order-9'; then
		dmesg | grep 'pagebulk: calls of' | tail -n 1 | sed 's/.*: calls of method [0-9]*:/calls:/'
		/sbin/rmmod pagebulk
		exit 0
	fi
	pfn=$((pfn + 512))
done
echo "calls: no free movable pageblock between 1 and 2 GiB"
/sbin/rmmod pagebulk
exit 1
