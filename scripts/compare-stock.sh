#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make compare-stock: the same experiment on the patched kernel and on the
# stock kernel variant (same Debian source and config, no series), then
# `pagebulk compare` of the two. Methods the stock kernel lacks are listed as
# rows only one run has; what both have shows whether the series changed
# today's paths.
# Results land in results/compare-<timestamp>/{patched,stock}/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$PAGEBULK_ROOT"

"$PAGEBULK_ROOT/scripts/deps.sh"
"$PAGEBULK_ROOT/scripts/kernel.sh" build vm
"$PAGEBULK_ROOT/scripts/kernel.sh" build stock
bin=$("$PAGEBULK_ROOT/scripts/harness.sh")

run=$RESULTS_DIR/compare-$(date +%Y%m%d-%H%M%S)
for variant in vm stock; do
	ko=$("$PAGEBULK_ROOT/scripts/module.sh" "$variant")
	dir=$run/$([ "$variant" = vm ] && echo patched || echo stock)
	log "baseline on the $variant kernel, ${TRIALS:-5} trials (results in $dir)"
	"$PAGEBULK_ROOT/scripts/vm.sh" --variant "$variant" --out "$dir" -- \
		"$bin" scenario baseline --module "$ko" --out /run/out --trials "${TRIALS:-5}"
done
"$bin" compare "$run/patched" "$run/stock" | tee "$run/compare.txt"
echo "compare: $run/compare.txt"
