#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The seed's conditions, made the way a phone makes them: a real kernel
# build, swap, buffered writers with a large dirty limit, O_DIRECT I/O
# whose user buffers are pinned while each request is in flight, and
# anonymous memory that keeps free memory near the low watermark. Nothing
# here takes a pin or an allocation on purpose. Best with vm.sh's
# --slow-disk (writeback at a flash card's pace) and --scratch 4096.
#
#   guest-load-seed.sh start [JOBS]   start the load (JOBS make jobs, 2)
#   guest-load-seed.sh stop           stop it, swapoff, remove its files
#
# Every knob goes to the first lines of stdout and to $KNOBS; what the
# jobs print (a failing kernel build, say) to $LOG. Each job runs in a
# session of its own, so stop kills exactly what start started.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pids=/run/pagebulk-load.pids
saved=/run/pagebulk-load.sysctl
LOG=/run/pagebulk-load.log
scratch=${PAGEBULK_SCRATCH:-/run/scratch}
src=${PAGEBULK_LOAD_SRC:-$here/../build/linux-6.12.117-stock}
KNOBS=${PAGEBULK_LOAD_KNOBS:-/run/out/load-knobs.txt}

# Anonymous pressure: a regulator (guest-anon-regulator.py) maps anonymous
# memory in 8 MiB chunks so that free memory stays between the zones' low
# watermark and 1.5 times it, whatever the build, the page cache, fio and
# the calls under test take, and replaces its oldest 8 MiB each half
# second while free memory allows, so that it stays in use; swap takes the
# excess. It replaces
# stress-ng --vm over a fixed 45 % of RAM, which left free memory at 13-14
# times the low watermark (issue 14); stress-ng is no longer used. Its
# part in RAM stays under MemTotal - 256 MiB, it takes new pages only
# while free memory is above its target, stops growing while less than
# 192 MiB of swap is free and shrinks below 128 MiB, so that it cannot OOM
# the guest.
anon_chunk_mib=8 anon_target=1.5 anon_reserve_mib=256 anon_swap_reserve_mib=128
anon_period=0.5 anon_report=10 anon_step_mib=64 anon_recycle_mib=8
swap_mib=512 writer_mib=192 fio_mib=256
dirty_ratio=40 dirty_background_ratio=10
# A copy of the load's log (the regulator's lines among it) when it stops,
# beside the results.
KEEP_LOG=${PAGEBULK_LOAD_LOG_KEEP:-/run/out/load.log}

kernel_build_loop() {
	# tinyconfig keeps one pass in reach of a TCG guest; the loop
	# cleans and builds again so that the load never ends on its own.
	make -s -C "$src" O="$scratch/kbuild" tinyconfig >/dev/null ||
		{ echo "load seed: tinyconfig failed" >&2; exit 1; }
	while :; do
		make -s -C "$src" O="$scratch/kbuild" -j"$1" vmlinux >/dev/null ||
			{ echo "load seed: kernel build failed" >&2; sleep 5; }
		make -s -C "$src" O="$scratch/kbuild" clean >/dev/null || true
	done
}

buffered_writer_loop() {
	# Two files rewritten in turn: with dirty_ratio 40 the dirty and
	# writeback pages pile up faster than the slow disk drains them.
	i=0
	while :; do
		dd if=/dev/zero of="$scratch/load-data-$((i % 2))" bs=1M count="$writer_mib" 2>/dev/null
		i=$((i + 1))
	done
}

direct_io() {
	# libaio at queue depth 32: up to 32 requests in flight, each with its
	# user buffer pinned (FOLL_PIN) until the disk completes it.
	exec fio --name=odirect --thread --filename="$scratch/load-fio.dat" --size="${fio_mib}M" \
		--direct=1 --ioengine=libaio --iodepth=32 --rw=randrw --bs=128k \
		--time_based --runtime=86400 --output=/dev/null
}

# -I -S: no site packages, no environment; python3 starts in a fraction
# of the time in a TCG guest.
regulator() {
	python3 -I -S "$here/guest-anon-regulator.py" --chunk-mib $anon_chunk_mib --target $anon_target \
		--reserve-mib $anon_reserve_mib --swap-reserve-mib $anon_swap_reserve_mib --period $anon_period \
		--report $anon_report --max-step-mib $anon_step_mib --recycle-mib $anon_recycle_mib "$@"
}

record_knobs() {
	{
		echo "load seed: make -j$1 vmlinux (tinyconfig) of $src, O= on the scratch disk, looping"
		echo "load seed: swap file ${swap_mib} MiB on the scratch disk"
		echo "load seed: vm.dirty_ratio=$dirty_ratio vm.dirty_background_ratio=$dirty_background_ratio, dd writers 2 x ${writer_mib} MiB"
		echo "load seed: fio O_DIRECT libaio iodepth 32, randrw 128k, ${fio_mib} MiB file"
		regulator --print-knobs
		echo "load seed: disk: ${PAGEBULK_DISK:-unknown}"
	} | tee "$KNOBS"
}

start_one() {
	setsid nice -n 10 "$0" "$@" >> "$LOG" 2>&1 < /dev/null &
	echo $! >> "$pids"
}

# Stop the sessions start_one() began, by session id: make, fio and dd
# start children of their own (fio's in another process group), but none
# in another session.
# Wait until they are gone (their memory counts as in use until then).
stop_jobs() {
	local p n=0
	for p in $(cat "$pids"); do
		pkill -TERM -s "$p" 2>/dev/null || true
	done
	while [ $n -lt 300 ]; do
		alive=0
		for p in $(cat "$pids"); do
			pgrep -s "$p" >/dev/null 2>&1 && alive=1
		done
		[ $alive = 0 ] && return 0
		sleep 0.1
		n=$((n + 1))
	done
	for p in $(cat "$pids"); do
		pkill -KILL -s "$p" 2>/dev/null || true
	done
}

case "${1:-}" in
start)
	jobs=${2:-2}
	command -v fio >/dev/null && command -v python3 >/dev/null ||
		{ echo "guest-load-seed.sh: fio and python3 are needed (scripts/deps.sh)" >&2; exit 1; }
	record_knobs "$jobs"
	sysctl -n vm.dirty_ratio vm.dirty_background_ratio > "$saved"
	sysctl -q -w vm.dirty_ratio=$dirty_ratio vm.dirty_background_ratio=$dirty_background_ratio
	: > "$pids"
	# The regulator first: it takes the half minute the swap file needs
	# to reach the slow disk to bring free memory down.
	start_one run-anon
	if ! { dd if=/dev/zero of="$scratch/load-swap" bs=1M count=$swap_mib 2>/dev/null &&
		chmod 600 "$scratch/load-swap" && mkswap -q "$scratch/load-swap" >/dev/null &&
		swapon "$scratch/load-swap"; }; then
		echo "guest-load-seed.sh: no swap file; stopping the regulator" >&2
		"$0" stop || true
		exit 1
	fi
	start_one run-build "$jobs"
	start_one run-write
	start_one run-fio
	;;
run-build) kernel_build_loop "$2" ;;
run-write) buffered_writer_loop ;;
run-fio) direct_io ;;
run-anon) regulator ;;
stop)
	[ -f "$pids" ] || exit 0
	stop_jobs
	[ -d "$(dirname "$KEEP_LOG")" ] && cp "$LOG" "$KEEP_LOG" 2>/dev/null || true
	rm -rf "$pids" "$scratch"/load-data-* "$scratch/load-fio.dat" "$scratch/kbuild"
	if [ -f "$saved" ]; then
		set -- $(cat "$saved")
		sysctl -q -w vm.dirty_ratio="$1" vm.dirty_background_ratio="$2"
		rm -f "$saved"
	fi
	# Last, and loudly: a swap file still in use cannot be removed, and
	# the next start would fail on it.
	if [ -f "$scratch/load-swap" ]; then
		swapoff "$scratch/load-swap" ||
			{ echo "guest-load-seed.sh: swapoff failed; $scratch/load-swap stays" >&2; exit 1; }
		rm -f "$scratch/load-swap"
	fi
	# What the load cached (its files are gone, their slab is not): the
	# scenario checks that free memory came back.
	sync
	echo 3 > /proc/sys/vm/drop_caches
	;;
*)
	echo "usage: $0 start [JOBS] | stop" >&2
	exit 2
	;;
esac
