# SPDX-License-Identifier: GPL-2.0
# pagebulk: bulk and high-order page allocation on Linux 6.12.
# See README.md. Everything builds under build/, results go to results/.

.PHONY: all demo test shell deps kernel kernel-debug kernel-stock module harness unit checkpatch series-check debug-boots isolation-race selftests-mm selftests-dmabuf vfree-bench compare-stock clean

all: demo

demo:
	scripts/demo.sh

test:
	scripts/test.sh

deps:
	scripts/deps.sh

# A root shell in the patched guest, module loaded, pagebulk on PATH.
shell:
	scripts/shell.sh

kernel: deps
	scripts/kernel.sh build vm

kernel-debug: deps
	scripts/kernel.sh build debug

# The same source and config without the series: the baseline for compare.
kernel-stock: deps
	scripts/kernel.sh build stock

compare-stock:
	scripts/compare-stock.sh

# The highorder experiment under the seed load over BOOTS boots (3), JOBS
# guests at once (1), TRIALS per method and boot (10), merged into one
# report; on a CI matrix or a LAVA lab instead: docs/scale-out.md.
.PHONY: experiments
experiments:
	BOOTS=$(BOOTS) JOBS=$(JOBS) TRIALS=$(TRIALS) scripts/experiments.sh

# Where free_pages_bulk()'s instructions go, per kernel function, under
# QEMU icount with a TCG plugin (tools/free-profile, docs/order0.md).
.PHONY: free-profile
free-profile: module
	tools/free-profile/profile.sh

# The fragmentation scenario over BOOTS boots per method (5), ABBA order,
# JOBS guests at once (1), ROUNDS churn rounds (30); docs/fragmentation.md.
.PHONY: fragmentation
fragmentation:
	BOOTS=$(BOOTS) JOBS=$(JOBS) ROUNDS=$(ROUNDS) scripts/fragmentation-boots.sh

module: kernel
	scripts/module.sh vm

harness:
	scripts/harness.sh

unit:
	swift test

checkpatch:
	scripts/checkpatch.sh

# Every patch on its own: W=1 objects and kernel-doc, patch by patch.
series-check: deps
	scripts/series-check.sh

# Patch 1's bug on stock 6.12 (DEBUG_VM), and the same race clean with
# the series.
isolation-race: deps
	scripts/isolation-race.sh

# The kernel's mm selftests for compaction and hugetlb/gigantic
# allocation, on the stock and the patched kernel (also in make test).
selftests-mm: kernel kernel-stock
	scripts/selftests-mm.sh

# 20 boots of the debug kernel with a no-op command: no early-boot splat.
debug-boots: kernel-debug
	scripts/boot-loop.sh --variant debug --boots 20

clean:
	rm -rf build .build

# The kernel's dma-buf heap selftest on every heap of the patched guest
# (system, reserved, chunk).
selftests-dmabuf: deps
	scripts/kernel.sh build stock
	scripts/kernel.sh build vm
	scripts/selftests-dmabuf.sh

# vfree() on free_pages_bulk() against stock, by test_vmalloc under QEMU
# icount: BOOTS boots a kernel (2), RUNS runs a boot (3).
vfree-bench: deps
	scripts/kernel.sh build stock
	scripts/kernel.sh build vm
	scripts/vfree-bench.sh --boots $(or $(BOOTS),2) --runs $(or $(RUNS),3)
