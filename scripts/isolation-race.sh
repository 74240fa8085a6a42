#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make isolation-race: the bug patch 1 fixes, shown on stock 6.12 and gone
# with the series. Threads call alloc_contig_range() (the module's
# contig-range method, NORMAL) on overlapping windows of one and two
# pageblocks of movable memory. On stock 6.12 a caller whose isolation
# fails undoes the whole range, un-isolating a pageblock another caller
# isolated; a DEBUG_VM kernel then stops at
#   kernel BUG at mm/page_isolation.c:338 (isolate_single_pageblock())
# The same run on the debug kernel with the series must be clean.
#
#   scripts/isolation-race.sh [SECONDS]     (default 120 per kernel)
#
# Ends with 'N passed, N failed': the stock kernel hit the BUG, the
# patched one finished clean.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seconds=${1:-120}
# 256 MiB to 272 MiB of the 1536 MiB guest: 8 pageblocks, so that the
# windows of four threads overlap often, of movable memory below the
# cma=500M area, which memblock places at the top.
start=65536 end=69632

"$PAGEBULK_ROOT/scripts/kernel.sh" build stock-debug
"$PAGEBULK_ROOT/scripts/kernel.sh" build debug
sko=$("$PAGEBULK_ROOT/scripts/module.sh" stock-debug)
dko=$("$PAGEBULK_ROOT/scripts/module.sh" debug)
bin=$("$PAGEBULK_ROOT/scripts/harness.sh")
run=$RESULTS_DIR/isolation-race-$(date +%Y%m%d-%H%M%S)

# Prints vm.sh's exit status; the guest's output goes to stderr. A kernel
# BUG kills the racing thread and leaves the others stuck: the guest then
# ends at the timeout (panic_on_oops=1 did not end it in the first runs;
# not looked into), which leaves time for a boot and the race.
race() {
	local variant=$1 ko=$2 status=0
	"$PAGEBULK_ROOT/scripts/vm.sh" --variant "$variant" --out "$run/$variant" \
		--append panic_on_oops=1 --timeout $((seconds + 240)) -- \
		"$bin" contig-race --module "$ko" --start $start --end $end \
		--threads 4 --seconds "$seconds" >&2 || status=$?
	echo "$status"
}

passed=0 failed=0
log "stock 6.12 (DEBUG_VM): $seconds s of racing contig-range calls"
status=$(race stock-debug "$sko")
if grep -q 'kernel BUG at .*mm/page_isolation.c' "$run/stock-debug/console.log"; then
	echo "stock: $(grep -m1 'kernel BUG at' "$run/stock-debug/console.log" | sed 's/^\[[^]]*\] //')"
	passed=$((passed + 1))
else
	echo "stock: no BUG in $seconds s (status $status); the race window is narrow, try longer" >&2
	failed=$((failed + 1))
fi

log "the series (DEBUG_VM): the same race"
status=$(race debug "$dko")
if [ "$status" = 0 ]; then
	echo "series: clean, $(grep -E '^[0-9]+ passed' "$run/debug/output" | tail -n 1)"
	passed=$((passed + 1))
else
	echo "series: status $status, see $run/debug" >&2
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
