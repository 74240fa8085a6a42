#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make selftests-mm: the kernel's own mm selftests that exercise
# compaction, migration and contiguous/hugetlb allocation (the list is in
# scripts/guest-selftests-mm.sh), built on the host from the stock 6.12
# tree and run in the guest on the stock and on the patched kernel, with
# the same memory and command. The series must not change what they see.
#
#   scripts/selftests-mm.sh [--out DIR] [NAME...]   (default: all tests,
#                                                   results/selftests-mm-DATE)
#
# One line per test with its outcome on both kernels, then
# 'N passed, N failed': a test passes when its line (outcome and kselftest
# subtest counts) is the same on both kernels and it did not fail on the
# patched one; each boot counts once too (it must finish, with no splat).
# A test skipped on both kernels passes and is shown as skipped.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

out=$RESULTS_DIR/selftests-mm-$(date +%Y%m%d-%H%M%S)
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift 2 ;;
	-*) die "selftests-mm.sh: unknown option $1" ;;
	*) break ;;
	esac
done
guest=$PAGEBULK_ROOT/scripts/guest-selftests-mm.sh
read -ra all <<< "$("$guest" --list)"
names=("${@:-${all[@]}}")
for t in "${names[@]}"; do
	[[ " ${all[*]} " == *" $t "* ]] || die "selftests-mm.sh: $t is not one of: ${all[*]}"
done

src=$KERNEL_STOCK_SRC/tools/testing/selftests/mm
[ -d "$src" ] || die "no stock tree at $KERNEL_STOCK_SRC: run scripts/kernel.sh build stock"
for v in stock vm; do
	[ -f "$(kbuild_dir $v)/arch/x86/boot/bzImage" ] || die "no $v kernel: run scripts/kernel.sh build $v"
done

# The uapi headers of the stock tree, in a build directory of their own
# (the kernel build directories have none, and the source stays pristine).
hdr=$BUILD_DIR/selftests-headers
if [ ! -f "$hdr/usr/include/linux/mman.h" ]; then
	log "uapi headers of $KERNEL_STOCK_SRC into $hdr"
	make -s -C "$KERNEL_STOCK_SRC" O="$hdr" headers >/dev/null
fi

# Only the selected programs, with the flags mm/Makefile and lib.mk give
# them, by hand: their make would write local_config.{h,mk} into the
# source tree. None of ours uses liburing, which that file is about.
bin=$BUILD_DIR/selftests-mm
mkdir -p "$bin"
top=$KERNEL_STOCK_SRC
cflags=(-Wall -O2 -I "$top" -isystem "$hdr/usr/include" -isystem "$top/tools/include/uapi"
	-U_FORTIFY_SOURCE -no-pie -D_GNU_SOURCE=)
for t in "${names[@]}"; do
	[ -f "$src/$t.c" ] || die "no selftest $t.c in $src"
	stale=0
	for f in "$src/$t.c" "$src"/vm_util.[ch] "$src"/thp_settings.[ch] "$src/../kselftest.h"; do
		[ "$bin/$t" -nt "$f" ] || stale=1
	done
	[ $stale = 0 ] && continue
	log "building $t"
	(cd "$src" && gcc "${cflags[@]}" "$t.c" vm_util.c thp_settings.c -lrt -lpthread -lm -o "$bin/$t") ||
		die "building selftest $t failed"
done

# The same guest for both: 8 GiB, for four 1 GiB pages (see the guest
# script); vm.sh's default cma=500M.
mkdir -p "$out"
passed=0 failed=0
for v in stock vm; do
	log "mm selftests on the $v kernel: ${names[*]} (results in $out/$v)"
	status=0
	"$PAGEBULK_ROOT/scripts/vm.sh" --variant "$v" --memory 8192 --out "$out/$v" --timeout 1500 \
		-- "$guest" "$bin" "${names[@]}" >/dev/null || status=$?
	if [ $status -eq 0 ]; then passed=$((passed + 1)); else
		echo "$v guest run $out/$v failed (status $status)" >&2
		failed=$((failed + 1))
	fi
done

# The line of NAME in a run's output without 'selftest NAME: ', or
# 'missing' when the test never reported.
outcome() {
	local line
	line=$(grep -a "^selftest $2: " "$out/$1/output" 2>/dev/null | tail -n 1)
	if [ -n "$line" ]; then echo "${line#selftest "$2": }"; else echo missing; fi
}

# The comparison also goes to DIR/summary, which scripts/test.sh counts.
{
	grep -ah '^setup: ' "$out/stock/output" 2>/dev/null | sed 's/^/stock: /' || true
	grep -ah '^setup: ' "$out/vm/output" 2>/dev/null | sed 's/^/patched: /' || true
	for t in "${names[@]}"; do
		s=$(outcome stock "$t") p=$(outcome vm "$t")
		if [ "$s" = "$p" ] && [ "${p%% *}" != fail ] && [ "$p" != missing ]; then
			echo "selftest $t: $p on both kernels"
			passed=$((passed + 1))
		else
			echo "selftest $t: DIFFERS or FAILED: stock $s; patched $p"
			failed=$((failed + 1))
		fi
	done
	echo "$passed passed, $failed failed"
} | tee "$out/summary"
grep -qE '^[0-9]+ passed, 0 failed$' "$out/summary"
