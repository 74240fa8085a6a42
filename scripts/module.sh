#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test module out of tree, in a copy, so that builds for several
# kernels do not share objects and the source stays clean.
#
#   scripts/module.sh [VARIANT]   against build/kbuild-VARIANT: vm (default),
#                                 debug, or stock (the kernel without the
#                                 series: stock methods only)
#   scripts/module.sh debian      against Debian's linux-headers-*-amd64
#
# Prints the path of pagebulk.ko.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

target=${1:-vm}
if [ "$target" = debian ]; then
	kdir=/usr/src/linux-headers-$KERNEL_RELEASE+deb12-amd64
	[ -d "$kdir" ] || die "no $kdir: run scripts/deps.sh"
else
	kdir=$(kbuild_dir "$target")
	[ -f "$kdir/Module.symvers" ] || die "no built kernel in $kdir: run scripts/kernel.sh build $target"
fi

dir=$BUILD_DIR/module-$target
mkdir -p "$dir"
rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' \
	"$PAGEBULK_ROOT/kernel/module/" "$dir/src/"
make -s -C "$kdir" M="$dir/src" W=1 modules > "$dir/build.log" 2>&1 ||
	{ cat "$dir/build.log" >&2; die "module build against $kdir failed"; }
if grep -E 'warning:' "$dir/build.log" >&2; then
	die "module build against $kdir has warnings"
fi
echo "$dir/src/pagebulk.ko"
