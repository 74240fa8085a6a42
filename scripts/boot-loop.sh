#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel variant N times with a no-op command and count the boots
# whose log holds a splat (vm.sh's list), to catch early-boot reports that
# come once in a few boots.
#
#   scripts/boot-loop.sh [--variant debug] [--boots 20] [--cpu MODEL] [--jobs 2]
#
# --cpu overrides vm.sh's TCG CPU model for every boot (e.g. max,la57=on to
# reproduce the 5-level paging splat). Ends with 'N passed, N failed', one
# boot each; results in results/boot-loop-DATE/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

variant=debug boots=20 cpu="" jobs=2
while [ $# -gt 0 ]; do
	case "$1" in
	--variant) variant=$2; shift 2 ;;
	--boots) boots=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	*) die "boot-loop.sh: unknown option $1" ;;
	esac
done
[[ $boots =~ ^[1-9][0-9]*$ ]] || die "boot-loop.sh: --boots takes a positive count"
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "boot-loop.sh: --jobs takes a positive count"

out=$RESULTS_DIR/boot-loop-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
log "$boots boots of the $variant kernel, $jobs at a time${cpu:+, -cpu $cpu} (results in $out)"

boot() {
	local dir=$out/boot-$1 status=0
	PAGEBULK_TCG_CPU=$cpu "$PAGEBULK_ROOT/scripts/vm.sh" --variant "$variant" --out "$dir" \
		--append page_owner=on --timeout 600 -- true >/dev/null 2>"$dir.err" || status=$?
	echo "$status" > "$dir.status"
}

i=0
while [ $i -lt "$boots" ]; do
	for ((j = 0; j < jobs && i < boots; j++, i++)); do
		boot "$i" &
	done
	wait
done

passed=0 failed=0
for ((i = 0; i < boots; i++)); do
	status=$(cat "$out/boot-$i.status")
	if [ "$status" = 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "boot $i: status $status" >&2
		grep -E -m3 'BUG:|WARNING:|KASAN' "$out/boot-$i/console.log" "$out/boot-$i/dmesg" 2>/dev/null >&2 || true
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
