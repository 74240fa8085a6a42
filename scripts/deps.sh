#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages pagebulk needs; a fresh machine has none.
# Quiet when everything is already there.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

packages=(
	# kernel build
	flex bison bc cpio libelf-dev libssl-dev ccache xz-utils rsync patch
	"linux-source-$KERNEL_SERIES=$DEBIAN_KERNEL_VERSION"
	# the stock-headers compile check of the module
	"linux-headers-$KERNEL_RELEASE+deb12-amd64=$DEBIAN_KERNEL_VERSION"
	# the VM: qemu (qboot.rom comes with qemu-system-data), busybox for
	# the guest's reboot, e2fsprogs for the scratch disk
	qemu-system-x86 busybox-static e2fsprogs
	# the harness: libkmod for module insertion, gnuplot for plots
	libkmod-dev pkg-config kmod gnuplot-nox
	# the seed load (scripts/guest-load-seed.sh): O_DIRECT I/O with
	# libaio (its anonymous pressure is guest-anon-regulator.py, python3)
	fio
	# make shell's check drives the guest console in a tmux pane
	tmux
	# make test loads a rendered report.html in headless Chromium
	# (scripts/report-check.sh)
	chromium
)

missing=()
for p in "${packages[@]}"; do
	name=${p%%=*}
	want=${p#*=}
	[ "$want" = "$p" ] && want=
	have=$(dpkg-query -W -f '${Status} ${Version}' "$name" 2>/dev/null || true)
	case "$have" in
	"install ok installed $want"*) ;;
	*) missing+=("$p") ;;
	esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

log "installing ${#missing[@]} Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends --allow-downgrades "${missing[@]}" >/dev/null
