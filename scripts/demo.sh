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
"$PAGEBULK_ROOT/scripts/vm.sh" --out "$run" -- \
	"$bin" scenario baseline --module "$ko" --out /run/out --trials "${TRIALS:-5}"
echo
echo "results: $run (baseline.json, output, console.log, dmesg, before/ and after/ snapshots)"
