#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Background load inside the guest, in the spirit of the seed's "kernel
# build under memory pressure": parallel compiles, buffered writes to the
# ext4 scratch disk (dirty and writeback page cache, the pages the seed
# blamed), and anonymous memory that is touched and dropped in a loop.
#
#   guest-load.sh start [JOBS]   start JOBS compilers (2), one writer, one churner
#   guest-load.sh stop           stop them all and wait
#
# Pids go to /run/pagebulk-load.pids. Everything runs at nice 10 so the
# allocator under test is not starved of CPU by the load itself.
set -eu
pids=/run/pagebulk-load.pids
scratch=${PAGEBULK_SCRATCH:-/run/scratch}

compile_loop() {
	src=$scratch/load-$1.c
	# A translation unit big enough for a few seconds of gcc -O2 in TCG.
	i=0
	: > "$src"
	while [ $i -lt 400 ]; do
		echo "int f$i(int *a, int n) { int s = 0; for (int k = 0; k < n; k++) s += a[k] * $i ^ (s >> 3); return s; }" >> "$src"
		i=$((i + 1))
	done
	while :; do
		gcc -O2 -c "$src" -o "$scratch/load-$1.o" 2>/dev/null || sleep 1
	done
}

write_loop() {
	# Three 256 MiB files rewritten in turn: most of the page cache stays,
	# dirty or under writeback, and free memory stays near the watermarks,
	# so movable allocations spill into the CMA area.
	i=0
	while :; do
		dd if=/dev/zero of="$scratch/load-data-$((i % 3))" bs=1M count=256 2>/dev/null
		i=$((i + 1))
	done
}

churn_loop() {
	# Touch 192 MiB of anonymous memory, drop it, again.
	exec python3 -c '
import time
while True:
    b = bytearray(192 << 20)
    for i in range(0, len(b), 4096):
        b[i] = 1
    del b
    time.sleep(0.2)
'
}

case "${1:-}" in
start)
	jobs=${2:-2}
	: > "$pids"
	j=0
	while [ $j -lt "$jobs" ]; do
		( nice -n 10 "$0" run-compile "$j" ) &
		echo $! >> "$pids"
		j=$((j + 1))
	done
	( nice -n 10 "$0" run-write ) &
	echo $! >> "$pids"
	( nice -n 10 "$0" run-churn ) &
	echo $! >> "$pids"
	;;
run-compile) compile_loop "$2" ;;
run-write) write_loop ;;
run-churn) churn_loop ;;
stop)
	[ -f "$pids" ] || exit 0
	for p in $(cat "$pids"); do
		pkill -P "$p" 2>/dev/null || true
		kill "$p" 2>/dev/null || true
	done
	pkill -f 'load-[0-9]*\.c' 2>/dev/null || true
	pkill -f 'bytearray' 2>/dev/null || true
	pkill -x dd 2>/dev/null || true
	# Wait until they are gone: their memory counts as in use until then.
	n=0
	while [ $n -lt 100 ] && pgrep -f 'guest-load.sh run-|load-[0-9]*\.c|bytearray' >/dev/null; do
		sleep 0.1
		n=$((n + 1))
	done
	rm -f "$pids" "$scratch"/load-*
	sync
	;;
*)
	echo "usage: $0 start [JOBS] | stop" >&2
	exit 2
	;;
esac
