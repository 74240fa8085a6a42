#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make fragmentation: the fragmentation scenario (a driver holding unmovable
# order-0 pages with churn, under load) over BOOTS boots per method, one
# method per boot as Vlastimil Babka asked, in ABBA order (A B C, C B A,
# A B C, ...) so that a drift of the host over the run favours no method;
# JOBS guests at once. Then fragmentation-report compares the boots (each
# method's medians, compact against the others with a bootstrap interval
# and a permutation test) and plot-fragmentation.py draws the churn.
#
#   BOOTS    boots per method (5)
#   JOBS     guests at once (1); each is a 2-vCPU guest with 1 GiB
#   METHODS  driver methods ("alloc-pages compact bulk-array")
#   ROUNDS   churn rounds per boot (30)
#   LOAD     the guest workload script (scripts/guest-load.sh), or none
#   ICOUNT   1: QEMU -icount, one vCPU, so the driver's times are
#            instruction counts (the cost comparison; use LOAD=none and
#            PAGE_OWNER=0, whose stack saving would be counted too)
#   PAGE_OWNER  0: boot without page_owner=on (no mixed-block table)
#   EXTRA    more scenario options, e.g. "--hold-mib 64 --rounds 2"
#   RUN      the results directory (results/fragmentation-<timestamp>)
#   BIN, KO  a built harness and module: skip the builds
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$PAGEBULK_ROOT"

boots=${BOOTS:-5} jobs=${JOBS:-1} rounds=${ROUNDS:-30}
[[ $boots =~ ^[1-9][0-9]*$ ]] || die "BOOTS is a count of boots, not '$boots'"
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "JOBS is a count of guests, not '$jobs'"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "ROUNDS is a count of churn rounds, not '$rounds'"
read -r -a methods <<< "${METHODS:-alloc-pages compact bulk-array}"
read -r -a extra <<< "${EXTRA:-}"
load=(--load-script "${LOAD:-$PAGEBULK_ROOT/scripts/guest-load.sh}" --warmup 30)
[ "${LOAD:-}" != none ] || load=()
vm=(--memory 1024 --cma 0)
[ "${ICOUNT:-0}" = 0 ] || vm+=(--icount)
[ "${PAGE_OWNER:-1}" = 0 ] || vm+=(--append page_owner=on)

if [ -n "${BIN:-}" ] && [ -n "${KO:-}" ]; then
	bin=$(realpath "$BIN") ko=$(realpath "$KO")
else
	"$PAGEBULK_ROOT/scripts/deps.sh"
	"$PAGEBULK_ROOT/scripts/kernel.sh" build vm
	ko=$("$PAGEBULK_ROOT/scripts/module.sh" vm)
	bin=$("$PAGEBULK_ROOT/scripts/harness.sh")
fi
run=${RUN:-$RESULTS_DIR/fragmentation-$(date +%Y%m%d-%H%M%S)}
# The report takes every boot in the directory: never mix two runs.
[ ! -e "$run/order.txt" ] || die "$run holds an earlier run: give RUN a new directory"
mkdir -p "$run"
run=$(cd "$run" && pwd)
# The guests run the harness over 9p: a copy, so that a rebuild during
# the run cannot change the binary under them.
[ "$bin" = "$run/pagebulk" ] || cp "$bin" "$run/pagebulk"
bin=$run/pagebulk

# The boots in ABBA order: forward on even passes, backward on odd ones.
order=()
for pass in $(seq 0 $((boots - 1))); do
	if [ $((pass % 2)) -eq 0 ]; then
		for m in "${methods[@]}"; do order+=("$m"); done
	else
		for ((k = ${#methods[@]} - 1; k >= 0; k--)); do order+=("${methods[k]}"); done
	fi
done

# One boot: Gioh Kim's machine (1 GiB, no CMA), page_owner on so that
# pagetypeinfo counts mixed pageblocks, the light load of highorder.
boot() {
	local name=$1 method=$2
	"$PAGEBULK_ROOT/scripts/vm.sh" --out "$run/$name" "${vm[@]}" --timeout 3600 -- \
		"$bin" scenario fragmentation --method "$method" --module "$ko" --out /run/out \
		"${load[@]}" --rounds "$rounds" "${extra[@]}" > "$run/$name.log" 2>&1
}

# vm.sh: 1 is the harness's "a check failed" (its document is written);
# anything above is a boot that did not finish.
POOL_OK_STATUS=1
log "fragmentation: ${#order[@]} boots (${methods[*]} x $boots, ABBA), $jobs at once (in $run)"
printf '%s\n' "${order[@]}" > "$run/order.txt"
POOL_JOBS=$jobs
set -m
pool_trap
i=0
for m in "${order[@]}"; do
	i=$((i + 1))
	name=$(printf 'boot-%02d-%s' "$i" "$m")
	pool_start "$name" boot "$name" "$m"
done
pool_drain

docs=() dirs=()
for d in "$run"/boot-*/; do
	for f in "$d"fragmentation-*.json; do
		[ -f "$f" ] && docs+=("$f") && dirs+=("${d%/}")
	done
done
[ ${#docs[@]} -gt 0 ] || die "no boot wrote fragmentation-*.json (logs: $run/boot-*.log)"
"$bin" fragmentation-report "${docs[@]}" | tee "$run/fragmentation-report.txt"
python3 "$PAGEBULK_ROOT/scripts/plot-fragmentation.py" "$run/fragmentation.png" "${dirs[@]}" >/dev/null ||
	log "no plot (gnuplot missing?)"
echo "fragmentation took $((SECONDS / 60)) min: ${#docs[@]} of ${#order[@]} boots reported (in $run)"
[ "$pool_failed" -eq 0 ] || die "$pool_failed boots did not finish (logs: $run/boot-*.log)"
