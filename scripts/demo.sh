#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: install, fetch and patch 6.12, build the VM kernel, the module
# and the harness, boot the seed's machine (1536 MiB, cma=500M) and run the
# baseline experiment. Results land in results/<timestamp>/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$PAGEBULK_ROOT"

"$PAGEBULK_ROOT/scripts/deps.sh"
"$PAGEBULK_ROOT/scripts/kernel.sh" build vm
ko=$("$PAGEBULK_ROOT/scripts/module.sh" vm)
bin=$("$PAGEBULK_ROOT/scripts/harness.sh")

run=$RESULTS_DIR/$(date +%Y%m%d-%H%M%S)
load=(--load-script "$PAGEBULK_ROOT/scripts/guest-load.sh" --warmup "${WARMUP:-30}")

# Each experiment boots its own guest: no experiment inherits another's
# fragmentation, pins or page cache.
log "1/3 baseline: today's methods on an idle guest"
"$PAGEBULK_ROOT/scripts/vm.sh" --out "$run/baseline" -- \
	"$bin" scenario baseline --module "$ko" --out /run/out --trials "${TRIALS:-5}"
log "2/3 highorder: 4800 x order-4 under load, alloc_pages_bulk modes vs CMA baselines"
"$PAGEBULK_ROOT/scripts/vm.sh" --out "$run/highorder" --timeout 2400 -- \
	"$bin" scenario highorder --module "$ko" --out /run/out --trials "${TRIALS:-10}" "${load[@]}"
log "3/3 pins: K = 0, 1, 10, 100 pinned pages in the CMA area, under load"
"$PAGEBULK_ROOT/scripts/vm.sh" --out "$run/pins" --timeout 3000 -- \
	"$bin" scenario pins --module "$ko" --out /run/out --trials "${PIN_TRIALS:-3}" "${load[@]}"
python3 "$PAGEBULK_ROOT/scripts/plot-pins.py" "$run/pins"
echo
echo "results: $run/{baseline,highorder,pins} (JSON, output, console.log, dmesg, before/after snapshots)"
