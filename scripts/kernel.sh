#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's linux-source, apply kernel/patches/ in order, configure a
# variant from kernel/config/ fragments and build it with ccache.
#
#   scripts/kernel.sh source [VARIANT]  unpack + apply the series (stock:
#                                       unpack only; the seed load builds it)
#   scripts/kernel.sh build [VARIANT]   ...and build bzImage (default: vm)
#
# Variants: vm (the series, small config), debug (the series, vm + debug
# fragments), stock (the same Debian source and vm config without the
# series, in a tree of its own: the baseline for `pagebulk compare`) and
# stock-debug (stock with the debug fragments: reproduces 6.12 bugs the
# series fixes, see scripts/isolation-race.sh).
#
# Re-running after a patch changed reverts the previously applied series and
# applies the new one in place, so only the touched files are rebuilt.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# Unpack Debian's tarball into $1 unless it is there already.
fetch_source() {
	local dest=$1 tarball=/usr/src/linux-source-$KERNEL_SERIES.tar.xz
	local have
	have=$(dpkg-query -W -f '${Version}' "linux-source-$KERNEL_SERIES" 2>/dev/null || true)
	if [ "$have" != "$DEBIAN_KERNEL_VERSION" ]; then
		log "installing linux-source-$KERNEL_SERIES=$DEBIAN_KERNEL_VERSION"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			--allow-downgrades "linux-source-$KERNEL_SERIES=$DEBIAN_KERNEL_VERSION" >/dev/null
	fi
	[ -f "$tarball" ] || die "$tarball missing after installing linux-source-$KERNEL_SERIES"
	if [ ! -f "$dest/.pagebulk-unpacked" ]; then
		log "unpacking $tarball into $dest"
		rm -rf "$dest" "$BUILD_DIR/linux-source-$KERNEL_SERIES"
		mkdir -p "$BUILD_DIR"
		tar -C "$BUILD_DIR" -xf "$tarball"
		mv "$BUILD_DIR/linux-source-$KERNEL_SERIES" "$dest"
		grep -q "^SUBLEVEL = ${KERNEL_RELEASE##*.}\$" "$dest/Makefile" ||
			die "unpacked tree is not $KERNEL_RELEASE (see kernel/source.mk)"
		echo "$DEBIAN_KERNEL_VERSION" > "$dest/.pagebulk-unpacked"
	fi
}

# The series as it is in the repository: every patch but the cover letter.
series() {
	find "$PAGEBULK_ROOT/kernel/patches" -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '0000-*' | sort
}

# A patch's identity for "is it already applied": its text without the
# "From <sha>" line, which changes on every rebase of unchanged commits.
# What a patch changes in the tree: its diff, without the mail header and
# changelog, so that a reworded changelog does not re-apply (and rebuild)
# the series from that patch on.
patch_body() { sed -n '/^diff --git /,$p' "$1"; }

apply_series() {
	local applied=$KERNEL_SRC/.pagebulk-applied
	mkdir -p "$applied"
	local -a old new
	mapfile -t old < <(ls "$applied" | sort)
	mapfile -t new < <(series)
	# Keep the longest unchanged prefix applied: untouched files keep their
	# mtimes and are not rebuilt.
	local keep=0
	while [ $keep -lt ${#old[@]} ] && [ $keep -lt ${#new[@]} ] &&
	      [ "${old[$keep]}" = "$(basename "${new[$keep]}")" ] &&
	      cmp -s <(patch_body "$applied/${old[$keep]}") <(patch_body "${new[$keep]}"); do
		keep=$((keep + 1))
	done
	local i p
	for ((i = ${#old[@]} - 1; i >= keep; i--)); do
		p=${old[$i]}
		log "reverting $p"
		patch -d "$KERNEL_SRC" -p1 -R -s --batch < "$applied/$p" ||
			die "could not revert $p: remove $KERNEL_SRC and retry"
		rm "$applied/$p"
	done
	for ((i = keep; i < ${#new[@]}; i++)); do
		p=${new[$i]}
		log "applying $(basename "$p")"
		# Not git apply: inside this repository's work tree it would
		# silently skip every path outside build/.
		patch -d "$KERNEL_SRC" -p1 -s --batch --forward --dry-run < "$p" >&2 ||
			die "patch $(basename "$p") does not apply to Debian $DEBIAN_KERNEL_VERSION"
		patch -d "$KERNEL_SRC" -p1 -s --batch --forward < "$p"
		cp "$p" "$applied/"
	done
}

# Fragments per variant, in merge order.
fragments() {
	local c=$PAGEBULK_ROOT/kernel/config
	case "$1" in
	vm) echo "$c/vm.config $c/series.config" ;;
	debug) echo "$c/vm.config $c/series.config $c/debug.config" ;;
	stock) echo "$c/vm.config" ;;
	stock-debug) echo "$c/vm.config $c/debug.config" ;;
	*) die "unknown kernel variant '$1' (vm, debug, stock, stock-debug)" ;;
	esac
}

# The source tree a variant builds from.
source_tree() {
	case "$1" in stock*) echo "$KERNEL_STOCK_SRC" ;; *) echo "$KERNEL_SRC" ;; esac
}

configure() {
	local variant=$1 src out frags stamp
	src=$(source_tree "$variant")
	out=$(kbuild_dir "$variant")
	frags=$(fragments "$variant")
	stamp=$(cat $frags | sha256sum | cut -c1-16)
	mkdir -p "$out"
	[ -f "$out/.config" ] && [ "$(cat "$out/.pagebulk-config" 2>/dev/null)" = "$stamp" ] && return 0
	log "configuring $variant: tinyconfig + $(echo $frags | xargs -n1 basename | xargs)"
	make -s -C "$src" O="$out" tinyconfig >/dev/null
	# shellcheck disable=SC2086
	(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out" .config $frags >/dev/null)
	make -s -C "$src" O="$out" olddefconfig >/dev/null
	local line missing=0
	while read -r line; do
		case "$line" in CONFIG_*=n) want="# ${line%=n} is not set" ;; CONFIG_*) want=$line ;; *) continue ;; esac
		grep -qxF "$want" "$out/.config" || { echo "  not in .config: $line" >&2; missing=1; }
	done < <(cat $frags)
	[ $missing -eq 0 ] || die "config fragment lines did not survive olddefconfig"
	echo "$stamp" > "$out/.pagebulk-config"
}

# A progress line every 20 s while make runs: objects compiled so far
# against the count of the last complete build of this variant, or on a
# first build about what a cold build makes here (1300-1440 objects).
build_progress() {
	local out=$1 pid=$2 start=$3 total n line
	total=$(cat "$out/.pagebulk-objects" 2>/dev/null ||
		case "$(basename "$out")" in kbuild-debug) echo 1350 ;; *) echo 1400 ;; esac)
	while kill -0 "$pid" 2>/dev/null; do
		sleep 20
		n=$(find "$out" -name '*.o' -newer "$out/.pagebulk-build-start" 2>/dev/null | wc -l)
		line="  $(basename "$out"): $n of ~$total objects compiled, $(( $(date +%s) - start )) s"
		if [ -t 2 ]; then printf '\r%s ' "$line" >&2; else echo "$line" >&2; fi
	done
}

build() {
	local variant=$1 src out start pid progress status=0
	src=$(source_tree "$variant")
	out=$(kbuild_dir "$variant")
	start=$(date +%s)
	log "building $variant kernel in $out (ccache: $CCACHE_DIR)"
	touch "$out/.pagebulk-build-start"
	make -C "$src" O="$out" CC="ccache gcc" -j"$(nproc)" bzImage modules \
		> "$out/build.log" 2>&1 &
	pid=$!
	build_progress "$out" "$pid" "$start" &
	progress=$!
	wait "$pid" || status=$?
	kill "$progress" 2>/dev/null || true
	wait "$progress" 2>/dev/null || true
	if [ -t 2 ]; then echo >&2; fi
	[ $status -eq 0 ] || { tail -40 "$out/build.log" >&2; die "kernel build failed ($out/build.log)"; }
	find "$out" -name '*.o' | wc -l > "$out/.pagebulk-objects"
	make -s -C "$src" O="$out" kernelrelease > "$out/kernelrelease"
	log "built $(cat "$out/kernelrelease") in $(( $(date +%s) - start )) s: $out/arch/x86/boot/bzImage"
}

cmd=${1:-build}
variant=${2:-vm}
case "$cmd" in
source)
	fetch_source "$(source_tree "$variant")"
	case "$variant" in stock*) ;; *) apply_series ;; esac
	;;
build)
	fetch_source "$(source_tree "$variant")"
	case "$variant" in stock*) ;; *) apply_series ;; esac
	configure "$variant"
	build "$variant"
	;;
*) die "usage: $0 source | build [vm|debug|stock|stock-debug]" ;;
esac
