# SPDX-License-Identifier: GPL-2.0
# Shared settings for the pagebulk scripts; sourced, never run.

PAGEBULK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$PAGEBULK_ROOT/build}
RESULTS_DIR=${RESULTS_DIR:-$PAGEBULK_ROOT/results}

# The pinned Debian package version lives in kernel/source.mk only.
DEBIAN_KERNEL_VERSION=$(sed -n 's/^DEBIAN_KERNEL_VERSION *:= *//p' "$PAGEBULK_ROOT/kernel/source.mk")
# 6.12.117-1~deb12u1 -> 6.12.117 (upstream release) and 6.12 (source package series)
KERNEL_RELEASE=${DEBIAN_KERNEL_VERSION%%-*}
KERNEL_SERIES=$(echo "$KERNEL_RELEASE" | cut -d. -f1,2)
KERNEL_SRC=$BUILD_DIR/linux-$KERNEL_RELEASE
# The same source without the series, for the stock kernel variant.
KERNEL_STOCK_SRC=$BUILD_DIR/linux-$KERNEL_RELEASE-stock

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/pagebulk/ccache}
export CCACHE_BASEDIR=$BUILD_DIR
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}

# Bold on a terminal only: CI logs and files get plain text.
log() {
	if [ -t 2 ] && [ -z "${NO_COLOR:-}" ]; then printf '\033[1m==> %s\033[0m\n' "$*" >&2
	else printf '==> %s\n' "$*" >&2; fi
}
die() { printf 'pagebulk: %s\n' "$*" >&2; exit 1; }

# Kernel build output directory of a variant ("vm", "debug", ...).
kbuild_dir() { echo "$BUILD_DIR/kbuild-$1"; }

# One hash for the whole series, printed in every result.
series_hash() {
	cat "$PAGEBULK_ROOT"/kernel/patches/*.patch 2>/dev/null | sha256sum | cut -c1-12
}

# Does this host offer hardware virtualisation a 6.12 guest can use?
# /dev/kvm alone is not enough: a PVM backend exposes it without vmx/svm.
host_has_kvm() {
	grep -qwE 'vmx|svm' /proc/cpuinfo && [ -w /dev/kvm ]
}

# Boots side by side, at most POOL_JOBS at once, each in a process group
# of its own (the caller runs `set -m` and `pool_trap`), so that an
# interrupted run stops its guests instead of leaving them to the timeout:
#   pool_start NAME CMD...   wait for a free slot, run CMD in the background
#   pool_drain               wait for every boot still running
# A boot whose status is above POOL_OK_STATUS (0) counts in pool_failed.
declare -A pool_name=()
pool_failed=0
pool_trap() {
	trap 'pool_stop; exit 130' INT
	trap 'pool_stop; exit 143' TERM
}
pool_stop() {
	local p
	for p in "${!pool_name[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done
}
pool_reap() {
	local pid status=0
	# wait -n reaps one boot; the pid says which.
	wait -n -p pid "${!pool_name[@]}" || status=$?
	log "${pool_name[$pid]} ended with status $status after $((SECONDS / 60)) min"
	[ "$status" -le "${POOL_OK_STATUS:-0}" ] || pool_failed=$((pool_failed + 1))
	unset "pool_name[$pid]"
}
pool_start() {
	local name=$1
	shift
	[ ${#pool_name[@]} -lt "${POOL_JOBS:-1}" ] || pool_reap
	"$@" &
	pool_name[$!]=$name
	log "$name started"
}
pool_drain() {
	while [ ${#pool_name[@]} -gt 0 ]; do pool_reap; done
}
