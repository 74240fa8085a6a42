#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own dma-buf heap selftest (6.12's tools/testing/selftests/
# dmabuf-heaps/dmabuf-heap.c: alloc, mmap, sync, zeroing, old and new
# struct sizes, invalid arguments, on every heap in /dev/dma_heap), built
# on the host against the stock tree's uapi headers and run in one guest.
#
#   scripts/selftests-dmabuf.sh [--variant vm] [--out DIR] [HEAP...]
#
# HEAP... (default: system reserved chunk) must each be in /dev/dma_heap
# and pass. Prints one line per heap with its TAP counts, then
# 'N passed, N failed': each TAP result counts (a SKIP neither passes nor
# fails, and is shown), each missing heap fails once, and the boot counts
# once (it must finish with nothing in dmesg). Without VGEM in the kernel
# the import check skips: see docs/dmaheap.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

variant=vm out=$RESULTS_DIR/selftests-dmabuf-$(date +%Y%m%d-%H%M%S)
while [ $# -gt 0 ]; do
	case "$1" in
	--variant) variant=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	-*) die "selftests-dmabuf.sh: unknown option $1" ;;
	*) break ;;
	esac
done
heaps=("${@:-system reserved chunk}")
read -ra heaps <<< "${heaps[*]}"

src=$KERNEL_STOCK_SRC/tools/testing/selftests/dmabuf-heaps
[ -d "$src" ] || die "no stock tree at $KERNEL_STOCK_SRC: run scripts/kernel.sh build stock"
[ -f "$(kbuild_dir "$variant")/arch/x86/boot/bzImage" ] ||
	die "no $variant kernel: run scripts/kernel.sh build $variant"

# uapi headers as scripts/selftests-mm.sh makes them; the flags are the
# selftest Makefile's.
hdr=$BUILD_DIR/selftests-headers
if [ ! -f "$hdr/usr/include/linux/dma-heap.h" ]; then
	log "uapi headers of $KERNEL_STOCK_SRC into $hdr"
	make -s -C "$KERNEL_STOCK_SRC" O="$hdr" headers >/dev/null
fi
bin=$BUILD_DIR/selftests-dmabuf/dmabuf-heap
mkdir -p "$(dirname "$bin")"
if [ ! "$bin" -nt "$src/dmabuf-heap.c" ]; then
	log "building dmabuf-heap"
	gcc -static -O3 -Wl,-no-as-needed -Wall -isystem "$hdr/usr/include" \
		"$src/dmabuf-heap.c" -o "$bin" || die "building the dmabuf-heaps selftest failed"
fi

mkdir -p "$out"
log "dmabuf-heaps selftest on the $variant kernel (results in $out)"
status=0
"$PAGEBULK_ROOT/scripts/vm.sh" --variant "$variant" --out "$out/guest" --timeout 900 \
	-- "$bin" >/dev/null || status=$?

# Tally the TAP lines by the heap the selftest says it is testing. vm.sh
# exits with the selftest's status (1 when a check failed, counted above)
# or above 1 when the boot itself failed or dmesg had a splat.
touch "$out/guest/output"
awk -v want="${heaps[*]}" -v boot="$status" '
	/^# Testing heap: / { heap = $4; seen[heap] = 1; next }
	/^ok [0-9]+ # SKIP/ { skip[heap]++; next }
	/^ok [0-9]+/ { ok[heap]++; next }
	/^not ok [0-9]+/ { bad[heap]++; next }
	END {
		n = split(want, w, " ")
		for (h in seen)
			printf "dmabuf-heaps selftest, heap %s: %d ok, %d not ok, %d skipped\n",
				h, ok[h], bad[h], skip[h]
		for (h in seen) { passed += ok[h]; failed += bad[h] }
		for (i = 1; i <= n; i++) if (!(w[i] in seen)) {
			printf "heap %s is not in /dev/dma_heap\n", w[i]
			failed++
		}
		if (boot <= 1) passed++; else {
			printf "the guest run failed (status %d)\n", boot
			failed++
		}
		printf "%d passed, %d failed\n", passed, failed
	}' "$out/guest/output" | tee "$out/summary"
