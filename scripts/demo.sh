#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: install, fetch and patch 6.12, build the VM kernel, the module
# and the harness, then run the five experiments, each in a guest of its
# own, plot them and write the report. Results land in results/<timestamp>/.
# TRIALS, PIN_TRIALS, WARMUP and ORDER0_ITERATIONS scale it; the defaults
# finish from a fresh clone in about 30 minutes on 2 cores (README), before
# the dma-buf heaps (step 7: DMAHEAP_BOOTS boots, 2, of DMAHEAP_TRIALS
# trials, 5, under each of the light and the seed load; SEED_WARMUP, 90 s).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$PAGEBULK_ROOT"

"$PAGEBULK_ROOT/scripts/deps.sh"
"$PAGEBULK_ROOT/scripts/kernel.sh" build vm
ko=$("$PAGEBULK_ROOT/scripts/module.sh" vm)
bin=$("$PAGEBULK_ROOT/scripts/harness.sh")

run=$RESULTS_DIR/$(date +%Y%m%d-%H%M%S)
load=(--load-script "$PAGEBULK_ROOT/scripts/guest-load.sh" --warmup "${WARMUP:-20}")

# Each experiment boots its own guest: no experiment inherits another's
# fragmentation, pins or page cache.
log "1/7 baseline: today's methods on an idle guest"
"$PAGEBULK_ROOT/scripts/vm.sh" --out "$run/baseline" -- \
	"$bin" scenario baseline --module "$ko" --out /run/out --trials "${TRIALS:-5}"
# The seed's conditions (issue 14): the seed load on a slow scratch disk,
# one boot, the per-piece loops left out (about 50 s a call); make
# experiments runs the long version, 3 boots x 10 trials.
log "2/7 highorder: 4800 x order-4 under the seed load, alloc_pages_bulk modes vs CMA baselines"
"$PAGEBULK_ROOT/scripts/kernel.sh" source stock
"$PAGEBULK_ROOT/scripts/vm.sh" --slow-disk --scratch 4096 --out "$run/highorder" --timeout 2400 -- \
	"$bin" scenario highorder --module "$ko" --out /run/out --trials "${TRIALS:-5}" \
	--load-script "$PAGEBULK_ROOT/scripts/guest-load-seed.sh" --warmup "${SEED_WARMUP:-90}" \
	--refill-percent 60 --refill-timeout 30 --skip-method cma-chunk --skip-method cma-chunk-resume
python3 "$PAGEBULK_ROOT/scripts/plot-trials.py" "$run/highorder/highorder.json"
log "3/7 pins: K = 0, 1, 10, 100 pinned pages in the CMA area, under load"
"$PAGEBULK_ROOT/scripts/vm.sh" --out "$run/pins" --timeout 3000 -- \
	"$bin" scenario pins --module "$ko" --out /run/out --trials "${PIN_TRIALS:-3}" "${load[@]}"
python3 "$PAGEBULK_ROOT/scripts/plot-pins.py" "$run/pins"
# Instructions under QEMU -icount first (deterministic: two boots give the
# same medians), methods interleaved; then wall-clock TCG, labelled so.
log "4/7 order0: per-page cost of order-0 loops against the bulk calls (page_owner off)"
"$PAGEBULK_ROOT/scripts/vm.sh" --icount --out "$run/order0" --timeout 1800 -- \
	"$bin" scenario order0 --module "$ko" --out /run/out --iterations "${ORDER0_ITERATIONS:-200}" \
	--batches 1 2 4 8 16 32 64 128 256 512 1024 --interleave
python3 "$PAGEBULK_ROOT/scripts/plot-order0.py" "$run/order0"
"$PAGEBULK_ROOT/scripts/vm.sh" --out "$run/order0-tcg" --timeout 1800 -- \
	"$bin" scenario order0 --module "$ko" --out /run/out --iterations "${ORDER0_ITERATIONS:-200}" --interleave
# Gioh Kim's machine: 1 GiB, no CMA; page_owner on so pagetypeinfo shows
# mixed pageblocks; one method per boot, as Vlastimil Babka asked, in ABBA
# order. FRAG_BOOTS boots per method (1 here; make fragmentation runs 5).
log "5/7 fragmentation: a driver holds 400 MiB of unmovable pages with churn under load, one method per boot"
BOOTS=${FRAG_BOOTS:-1} JOBS=${FRAG_JOBS:-1} ROUNDS=${FRAG_ROUNDS:-30} BIN="$bin" KO="$ko" RUN="$run/fragmentation" \
	"$PAGEBULK_ROOT/scripts/fragmentation-boots.sh"
# Patch 15: vfree() on free_pages_bulk() against stock's per-page loop,
# by the kernel's own test_vmalloc, both kernels under QEMU icount.
log "6/7 vfree: test_vmalloc on the stock and the patched kernel, booted in turn"
"$PAGEBULK_ROOT/scripts/kernel.sh" build stock
"$PAGEBULK_ROOT/scripts/vfree-bench.sh" --out "$run/vfree" --boots "${VFREE_BOOTS:-2}"
# The dma-buf heaps as userspace gets them (issue 15): a 300 MiB buffer
# from the system, reserved (CMA) and chunk heaps, over DMAHEAP_BOOTS boots
# under the light load and under the seed load (natural pressure: kernel
# build, swap, dirty writers, O_DIRECT I/O), each load's boots pooled.
log "7/7 dmaheap: system, reserved and chunk heaps, ${DMAHEAP_BOOTS:-2} boots under each of two loads"
# The seed load builds the stock tree inside the guest.
"$PAGEBULK_ROOT/scripts/kernel.sh" source stock
for profile in light seed; do
	if [ $profile = light ]; then
		vm_opts=()
		load_opts=("${load[@]}")
	else
		vm_opts=(--slow-disk --scratch 4096)
		load_opts=(--load-script "$PAGEBULK_ROOT/scripts/guest-load-seed.sh" --warmup "${SEED_WARMUP:-90}"
			--refill-percent 60 --refill-timeout 60)
	fi
	boots=()
	for i in $(seq 1 "${DMAHEAP_BOOTS:-2}"); do
		if "$PAGEBULK_ROOT/scripts/vm.sh" "${vm_opts[@]}" --out "$run/dmaheap-$profile/boot-$i" --timeout 3600 -- \
			"$bin" scenario dmaheap --module "$ko" --out /run/out --trials "${DMAHEAP_TRIALS:-5}" \
			--order-seed "$i" "${load_opts[@]}"; then
			boots+=("$run/dmaheap-$profile/boot-$i")
		else
			log "dmaheap $profile boot $i failed; its document, if any, is left out of the pool"
		fi
	done
	mkdir -p "$run/dmaheap-$profile/merged"
	if [ ${#boots[@]} -ge 2 ]; then
		"$bin" merge "${boots[@]}" --out "$run/dmaheap-$profile/merged" > "$run/dmaheap-$profile/merged.txt"
		sed -n '/^== pooled/,$p' "$run/dmaheap-$profile/merged.txt"
	elif [ ${#boots[@]} -eq 1 ]; then
		cp "${boots[0]}/dmaheap.json" "$run/dmaheap-$profile/merged/"
	fi
done
"$bin" report "$run"
echo
echo "demo took $((SECONDS / 60)) min $((SECONDS % 60)) s"
echo "results: $run/{baseline,highorder,pins,order0,fragmentation,vfree,dmaheap-*} (JSON, output, console.log, dmesg, snapshots, plots)"
echo "report:  $run/report.html"
