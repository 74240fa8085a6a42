#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make experiments: the highorder experiment under the seed load, repeated
# over BOOTS independent boots, JOBS guests at once, then the boots'
# documents merged into one and its report. Boots share nothing (each has
# its own guest, scratch disk and order seed), so they may run side by side
# on a bigger host, or as jobs of a CI matrix or a LAVA lab
# (docs/scale-out.md).
#
#   BOOTS   boots (3)
#   JOBS    guests at once (1); each is a 2-vCPU guest with 1.5 GiB
#   TRIALS  trials per method and boot (10)
#   WARMUP  seconds of seed load before the first trial (90)
#   REFILL_TIMEOUT  seconds each call waits at most for 60 % of the area
#           to be in use again (60)
#   SEED    order seed: boot i shuffles with SEED+i (random, printed)
#   EXTRA   more scenario options, e.g. EXTRA=--quick to try the plumbing
#   RUN     the results directory (results/experiments-<timestamp>)
#   BIN, KO a built harness and module: skip the builds (a CI job that
#           downloaded them)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$PAGEBULK_ROOT"

boots=${BOOTS:-3} jobs=${JOBS:-1}
[[ $boots =~ ^[1-9][0-9]*$ ]] || die "BOOTS is a count of boots, not '$boots'"
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "JOBS is a count of guests, not '$jobs'"
seed=${SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
[[ $seed =~ ^[0-9]+$ ]] || die "SEED is a number, not '$seed'"
read -r -a extra <<< "${EXTRA:-}"

if [ -n "${BIN:-}" ] && [ -n "${KO:-}" ]; then
	# The guest sees the host's root, not this directory: absolute paths.
	bin=$(realpath "$BIN") ko=$(realpath "$KO")
else
	"$PAGEBULK_ROOT/scripts/deps.sh"
	"$PAGEBULK_ROOT/scripts/kernel.sh" build vm
	# The seed load builds the stock tree inside the guest.
	"$PAGEBULK_ROOT/scripts/kernel.sh" source stock
	ko=$("$PAGEBULK_ROOT/scripts/module.sh" vm)
	bin=$("$PAGEBULK_ROOT/scripts/harness.sh")
fi
[ -f "$KERNEL_STOCK_SRC/Makefile" ] || die "no $KERNEL_STOCK_SRC for the seed load: run scripts/kernel.sh source stock"
run=${RUN:-$RESULTS_DIR/experiments-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$run"
run=$(cd "$run" && pwd)
# The guests run the harness over 9p: a copy, so that a rebuild during
# the run cannot change the binary under them.
cp "$bin" "$run/pagebulk"
bin=$run/pagebulk

# One boot: the command a CI matrix job or a LAVA test definition runs too.
boot() {
	local i=$1
	"$PAGEBULK_ROOT/scripts/vm.sh" --slow-disk --scratch 4096 --out "$run/boot-$i" --timeout 5400 -- \
		"$bin" scenario highorder --module "$ko" --out /run/out \
		--load-script "$PAGEBULK_ROOT/scripts/guest-load-seed.sh" --warmup "${WARMUP:-90}" \
		--trials "${TRIALS:-10}" --refill-percent 60 --refill-timeout "${REFILL_TIMEOUT:-60}" --order-seed $((seed + i)) \
		"${extra[@]}" > "$run/boot-$i.log" 2>&1
}

log "highorder under the seed load: $boots boots, $jobs at once, order seeds $((seed + 1))..$((seed + boots)) (in $run)"
# vm.sh: 1 is the harness's "a check failed"; anything above is a boot
# that did not finish (timeout, crash, kernel splat).
POOL_OK_STATUS=1
POOL_JOBS=$jobs
set -m
pool_trap
for i in $(seq 1 "$boots"); do
	pool_start "boot $i (log: $run/boot-$i.log)" boot "$i"
done
pool_drain

docs=()
for i in $(seq 1 "$boots"); do
	if [ -f "$run/boot-$i/highorder.json" ]; then docs+=("$run/boot-$i"); fi
done
[ ${#docs[@]} -gt 0 ] || die "no boot wrote highorder.json (logs: $run/boot-*.log)"
if [ ${#docs[@]} -ge 2 ]; then
	mkdir -p "$run/merged"
	"$bin" merge "${docs[@]}" --out "$run/merged" > "$run/merged.txt"
else
	# One boot pools with nothing: its document is the result.
	mkdir -p "$run/merged"
	cp "${docs[0]}/highorder.json" "$run/merged/"
fi
# The merged document's plots, when gnuplot is there; the page draws its
# own interval charts either way.
python3 "$PAGEBULK_ROOT/scripts/plot-trials.py" "$run/merged"/highorder*.json >/dev/null ||
	log "no gnuplot plots (the report still has its charts)"
"$bin" report "$run/merged"
echo
echo "experiments took $((SECONDS / 60)) min $((SECONDS % 60)) s: ${#docs[@]} of $boots boots merged"
echo "report: $run/merged/report.html"
[ "$pool_failed" -eq 0 ] || die "$pool_failed boots did not finish"
