#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make test: set up what make demo sets up, then run
#   1. swift test (parsers on captured /proc files, ABI layout),
#   2. the module's compile check against Debian's stock headers,
#   3. the series' KUnit suite at boot, then the in-guest smoke suite on
#      the patched kernel, the dmabuf-heaps selftest on its three heaps,
#      the reliability
#      suite (races, SIGKILL mid-call, unload), highorder --quick under
#      the light load and under the seed load (census and merge checked),
#      a short order0 benchmark, short fragmentation runs, the
#      dma-buf heap checks and dmaheap --quick under load, and the fuzz
#      mode (10 000 requests),
#   4. the load checks on the stock kernel (same source, no series),
#      NORMAL's outcomes and call sequence compared on both kernels, and
#      the kernel's mm selftests for compaction and hugetlb allocation on
#      both (scripts/selftests-mm.sh),
#   5. the KUnit, smoke and reliability suites and the fuzz mode on the
#      debug kernel variant,
# and end with one line 'N passed, N failed'.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$PAGEBULK_ROOT"

passed=0 failed=0
pass() { passed=$((passed + $1)); }
fail() { failed=$((failed + $1)); }
# Add a script's closing 'N passed, N failed' line (in FILE) to the tally,
# or count one failure when it wrote none.
#   tally FILE WHAT
tally() {
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" 2>/dev/null | tail -n 1)
	if [ -n "$line" ]; then
		pass "$(echo "$line" | cut -d' ' -f1)"
		fail "$(echo "$line" | cut -d' ' -f3)"
	else
		echo "$2: no result (build or boot failed)" >&2
		fail 1
	fi
}

"$PAGEBULK_ROOT/scripts/deps.sh" || die "installing packages failed"
"$PAGEBULK_ROOT/scripts/kernel.sh" build vm || die "kernel build failed"
ko=$("$PAGEBULK_ROOT/scripts/module.sh" vm) || die "module build failed"
bin=$("$PAGEBULK_ROOT/scripts/harness.sh") || die "harness build failed"

log "swift test"
xml=$BUILD_DIR/swift-test.xml
rm -f "$BUILD_DIR"/swift-test*.xml
swift test --xunit-output "$xml" 2>&1 | tail -n 25
# Swift Testing writes its own report next to the XCTest one.
report=$BUILD_DIR/swift-test-swift-testing.xml
if [ -f "$report" ]; then
	cases=$(grep -o '<testcase ' "$report" | wc -l)
	bad=$(grep -c '<failure' "$report" || true)
	pass $((cases - bad))
	fail "$bad"
else
	echo "swift test produced no report" >&2
	fail 1
fi

log "report page of a recorded run in headless Chromium"
if "$PAGEBULK_ROOT/scripts/report-check.sh" "$bin"; then pass 1; else fail 1; fi

log "module against Debian's stock linux-headers-$KERNEL_RELEASE+deb12-amd64"
if "$PAGEBULK_ROOT/scripts/module.sh" debian >/dev/null; then pass 1; else fail 1; fi

run=$RESULTS_DIR/test-$(date +%Y%m%d-%H%M%S)
# A check-list suite in one boot (smoke, reliability, load-checks): its
# checks count one by one, and the boot itself counts once (it must finish,
# with nothing in dmesg).
# SUITE_APPEND adds kernel parameters for one call.
#   suite VARIANT DIR TIMEOUT COMMAND...
suite() {
	local variant=$1 dir=$2 limit=$3 status line
	shift 3
	"$PAGEBULK_ROOT/scripts/vm.sh" --variant "$variant" --out "$dir" --append page_owner=on \
		--append "${SUITE_APPEND:-}" --timeout "$limit" -- "$@"
	status=$?
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$dir/output" 2>/dev/null | tail -n 1)
	if [ -n "$line" ]; then
		pass "$(echo "$line" | cut -d' ' -f1)"
		fail "$(echo "$line" | cut -d' ' -f3)"
	fi
	if [ $status -le 1 ] && [ -n "$line" ]; then pass 1; else
		echo "$variant guest run $dir failed (status $status)" >&2
		fail 1
	fi
}

# The series' KUnit suite runs while the kernel boots (kunit.enable=1);
# the harness reads its KTAP lines from the kernel log, and each case
# counts. The CMA cases use the default area that vm.sh's cma= sets up.
log "KUnit: page_alloc_bulk at boot (results in $run/kunit)"
SUITE_APPEND=kunit.enable=1 suite vm "$run/kunit" 900 "$bin" kunit --suite page_alloc_bulk

log "make shell, driven in a tmux pane (results in $run/shell)"
if "$PAGEBULK_ROOT/scripts/shell-check.sh" "$run/shell"; then pass 1; else fail 1; fi

log "in-guest smoke suite (results in $run)"
suite vm "$run/smoke" 1200 "$bin" smoke --module "$ko" --out /run/out

# The kernel's own dma-buf heap test on the three heaps of the patched
# guest; its stock-tree build needs the stock source, unpacked here.
log "dmabuf-heaps selftest on system, reserved and chunk (results in $run/selftests-dmabuf)"
"$PAGEBULK_ROOT/scripts/kernel.sh" source stock &&
	"$PAGEBULK_ROOT/scripts/selftests-dmabuf.sh" --out "$run/selftests-dmabuf"
tally "$run/selftests-dmabuf/summary" "dmabuf-heaps selftest"

log "in-guest reliability: races, SIGKILL mid-call, unload with allocations held"
suite vm "$run/reliability" 1200 "$bin" reliability --module "$ko" \
	--race-seconds "${RACE_SECONDS:-60}" --kill-trials 8 --out /run/out

# The same source and config without the series: the module built against
# the series must be refused with a clear message, the stock build must run.
log "stock kernel (no series): load checks (results in $run/stock)"
if "$PAGEBULK_ROOT/scripts/kernel.sh" build stock && sko=$("$PAGEBULK_ROOT/scripts/module.sh" stock); then
	suite stock "$run/stock" 600 "$bin" load-checks --series-module "$ko" --stock-module "$sko"

	# NORMAL is 6.12's alloc_contig_range(): the same outcomes for the
	# kernel's own users (a gigantic hugetlb page, CMA debugfs alloc/free)
	# and the same sequence of calls in one NORMAL call, on both kernels.
	log "NORMAL unchanged: hugetlb, CMA debugfs and the call sequence on both kernels"
	normal_ok=1
	for v in vm stock; do
		if [ "$v" = vm ]; then k=$ko; else k=$sko; fi
		"$PAGEBULK_ROOT/scripts/vm.sh" --variant "$v" --memory 3072 --out "$run/normal-$v" \
			--timeout 600 -- "$PAGEBULK_ROOT/scripts/guest-trace.sh" "$bin" "$k" || normal_ok=0
	done
	if [ $normal_ok = 1 ] && cmp -s "$run/normal-vm/output" "$run/normal-stock/output"; then
		sed 's/^/  both kernels: /' "$run/normal-vm/output"
		pass 1
	else
		echo "NORMAL differs between the kernels (or a boot failed):" >&2
		diff "$run/normal-stock/output" "$run/normal-vm/output" >&2 || true
		fail 1
	fi

	# The kernel's own mm selftests for compaction and hugetlb allocation,
	# thuge-gen's 1 GiB pages from alloc_contig_pages() among them, built
	# from the stock tree: each must end the same on both kernels and not
	# fail with the series. Each test and each of the two 8 GiB boots
	# counts once (about 6.5 minutes in all).
	log "mm selftests (compaction, hugetlb, 1 GiB pages) on both kernels (results in $run/selftests-mm)"
	"$PAGEBULK_ROOT/scripts/selftests-mm.sh" --out "$run/selftests-mm"
	tally "$run/selftests-mm/summary" "mm selftests"
else
	echo "stock kernel or module build failed" >&2
	fail 1
fi

log "in-guest highorder --quick under load (results in $run/highorder)"
if "$PAGEBULK_ROOT/scripts/vm.sh" --out "$run/highorder" --timeout 1200 -- \
	"$bin" scenario highorder --quick --module "$ko" --out /run/out \
	--load-script "$PAGEBULK_ROOT/scripts/guest-load.sh" --warmup 10; then
	pass 1
else
	echo "highorder --quick failed" >&2
	fail 1
fi

# The seed load (issue 14), short: the census before every call and after
# every short all-or-nothing call, the load's knobs in the document, the
# regulator's log, and pagebulk merge of the document with a copy of it.
# The boot counts once, the checks one by one (check-seed-highorder.py);
# nothing depends on how the calls came out. About 3 minutes (times.md).
log "in-guest highorder --quick under the seed load, and merge (results in $run/highorder-seed)"
seed_started=$(date +%s)
if "$PAGEBULK_ROOT/scripts/vm.sh" --slow-disk --scratch 4096 --out "$run/highorder-seed" --timeout 600 -- \
	"$bin" scenario highorder --quick --module "$ko" --out /run/out \
	--load-script "$PAGEBULK_ROOT/scripts/guest-load-seed.sh" --warmup 20; then
	pass 1
else
	echo "highorder --quick under the seed load failed" >&2
	fail 1
fi
mkdir -p "$run/highorder-seed-merged"
cp "$run/highorder-seed/highorder.json" "$run/highorder-seed-merged/copy.json" 2>/dev/null
"$bin" merge "$run/highorder-seed/highorder.json" "$run/highorder-seed-merged/copy.json" \
	--out "$run/highorder-seed-merged" > "$run/highorder-seed-merged/output" 2>&1
python3 "$PAGEBULK_ROOT/scripts/check-seed-highorder.py" "$run/highorder-seed" \
	"$run/highorder-seed-merged/highorder-merged.json" | tee "$run/highorder-seed-merged/checks"
tally "$run/highorder-seed-merged/checks" "highorder under the seed load"
echo "seed-load highorder pass: $(($(date +%s) - seed_started)) s"

# The dma-buf heaps (issue 15): the chunk heap's edge cases, each check
# counted as the smoke suite's are. A kernel without the chunk heap prints
# a SKIP line and no tally, so suite() counts the boot as failed: the VM
# kernel must have the heap.
log "in-guest dma-buf heap checks (results in $run/heap-checks)"
suite vm "$run/heap-checks" 900 "$bin" heap-checks --module "$ko" --out /run/out
if grep -q '^SKIP heap-checks' "$run/heap-checks/output" 2>/dev/null; then
	echo "heap-checks skipped: the VM kernel has no /dev/dma_heap/chunk (counted as a failed boot)" >&2
fi

# Two trials of 64 MiB from every heap under the light load; the chunk
# heap's rows must be there (a heap the kernel lacks is left out, not failed).
log "in-guest dmaheap --quick under load (results in $run/dmaheap)"
if "$PAGEBULK_ROOT/scripts/vm.sh" --out "$run/dmaheap" --timeout 900 -- \
	"$bin" scenario dmaheap --quick --module "$ko" --out /run/out \
	--load-script "$PAGEBULK_ROOT/scripts/guest-load.sh" --warmup 10 &&
	grep -q '^chunk (FAST only) ' "$run/dmaheap/output"; then
	pass 1
else
	echo "dmaheap --quick failed" >&2
	fail 1
fi

# Under -icount the module's counter counts instructions: the pipeline
# check of the deterministic cost mode (issue 16), methods interleaved.
log "in-guest order0 benchmark, short, QEMU icount (page_owner off; results in $run/order0)"
if "$PAGEBULK_ROOT/scripts/vm.sh" --icount --out "$run/order0" --timeout 900 -- \
	"$bin" scenario order0 --module "$ko" --out /run/out --batches 1 8 128 --iterations 20 --interleave &&
	grep -q 'instructions (QEMU icount) per page' "$run/order0/output"; then
	pass 1
else
	echo "order0 scenario failed" >&2
	fail 1
fi

log "in-guest fragmentation driver, short, every method, then the boots report (1 GiB, page_owner on; results in $run/fragmentation-*)"
frag_docs=() frag_dirs=()
for m in alloc-pages compact bulk-array; do
	if "$PAGEBULK_ROOT/scripts/vm.sh" --out "$run/fragmentation-$m" --memory 1024 --cma 0 \
		--append page_owner=on --timeout 900 -- \
		"$bin" scenario fragmentation --method "$m" --module "$ko" --out /run/out \
		--hold-mib 64 --rounds 2 --order9-attempts 4 --order3-attempts 16 --highalloc-delay-ms 0; then
		pass 1
		frag_docs+=("$run/fragmentation-$m/fragmentation-$m.json") frag_dirs+=("$run/fragmentation-$m")
	else
		echo "fragmentation --method $m failed" >&2
		fail 1
	fi
done
# The pipeline, not the outcome: every boot has its ratio and in-load
# probes, and compact is compared with the other two.
if [ ${#frag_docs[@]} -eq 3 ] &&
	"$bin" fragmentation-report "${frag_docs[@]}" > "$run/fragmentation-report.txt" &&
	[ "$(grep -cE '^fragmentation-[a-z-]+ +[a-z-]+ +[0-9]+ +[0-9]+ +[0-9]+ +[0-9.]+ .* [0-9]+/4 .* [0-9]+/16 ' \
		"$run/fragmentation-report.txt")" -eq 3 ] &&
	grep -q '^compact - alloc-pages' "$run/fragmentation-report.txt" &&
	grep -q '^compact - bulk-array' "$run/fragmentation-report.txt" &&
	python3 "$PAGEBULK_ROOT/scripts/plot-fragmentation.py" "$run/fragmentation.png" "${frag_dirs[@]}" >/dev/null; then
	pass 1
else
	echo "fragmentation report or plot failed (see $run/fragmentation-report.txt)" >&2
	fail 1
fi

log "in-guest fuzz, ${FUZZ_REQUESTS:-10000} requests (results in $run/fuzz)"
if "$PAGEBULK_ROOT/scripts/vm.sh" --out "$run/fuzz" --append page_owner=on --timeout 1800 -- \
	"$bin" fuzz --module "$ko" --requests "${FUZZ_REQUESTS:-10000}" --out /run/out; then
	pass 1
else
	echo "fuzz failed" >&2
	fail 1
fi

# The debug variant: KASAN, DEBUG_VM, lockdep, page poisoning, page_owner
# and allocation profiling. Any splat in its log fails the boot (vm.sh).
if [ "${PAGEBULK_DEBUG_KERNEL:-1}" = 1 ]; then
	log "debug kernel: smoke suite and fuzz (results in $run/debug)"
	if "$PAGEBULK_ROOT/scripts/kernel.sh" build debug && dko=$("$PAGEBULK_ROOT/scripts/module.sh" debug); then
		SUITE_APPEND=kunit.enable=1 suite debug "$run/debug-kunit" 1800 "$bin" kunit \
			--suite page_alloc_bulk
		suite debug "$run/debug-smoke" 2400 "$bin" smoke --module "$dko" --out /run/out
		suite debug "$run/debug-reliability" 2400 "$bin" reliability --module "$dko" \
			--race-seconds 30 --kill-trials 4 --out /run/out
		if "$PAGEBULK_ROOT/scripts/vm.sh" --variant debug --out "$run/debug-fuzz" --append page_owner=on \
			--timeout 2400 -- "$bin" fuzz --module "$dko" --requests "${DEBUG_FUZZ_REQUESTS:-400}" \
			--out /run/out; then
			pass 1
		else
			echo "fuzz on the debug kernel failed" >&2
			fail 1
		fi
	else
		echo "debug kernel or module build failed" >&2
		fail 1
	fi
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
