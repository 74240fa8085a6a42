#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make series-check: does every patch build on its own? Applies the series
# one patch at a time to a pristine tree and, after each, compiles with W=1
# the objects of the .c files the patch touches (and of the series' .c
# files when it touches a header), and runs kernel-doc -Wall on the files
# it touches. A warning counts against a patch only when the same object
# or file did not already have it at the base. The module is built against
# the whole series by make test (scripts/module.sh); it needs a linked
# kernel, which one patch at a time does not give.
#
# Ends with one line per patch and 'N passed, N failed'.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

top=$BUILD_DIR/series-check
src=$top/src out=$top/out
ident=(-c user.name="pagebulk developers" -c user.email="pagebulk@example.org")
mapfile -t patches < <(ls "$PAGEBULK_ROOT"/kernel/patches/[0-9]*.patch | grep -v /0000-)

# A pristine git tree of the Debian source, made once.
if [ ! -f "$src/.pagebulk-base" ]; then
	"$PAGEBULK_ROOT/scripts/deps.sh"
	rm -rf "$src" "$top/unpack"
	mkdir -p "$top/unpack"
	log "unpacking the pristine source into $src"
	tar -C "$top/unpack" -xf "/usr/src/linux-source-$KERNEL_SERIES.tar.xz"
	mv "$top/unpack/linux-source-$KERNEL_SERIES" "$src"
	rmdir "$top/unpack"
	git -C "$src" init -q
	git -C "$src" add -f -A .
	git -C "$src" "${ident[@]}" commit -q -m base
	git -C "$src" tag base
	touch "$src/.pagebulk-base"
fi
git -C "$src" checkout -q -f base
git -C "$src" clean -fdxq -e .pagebulk-base

# The vm configuration, as scripts/kernel.sh makes it.
mkdir -p "$out"
make -s -C "$src" O="$out" tinyconfig >/dev/null
(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m -O "$out" .config \
	"$PAGEBULK_ROOT/kernel/config/vm.config" >/dev/null)
make -s -C "$src" O="$out" olddefconfig >/dev/null
log "preparing $out"
make -s -C "$src" O="$out" -j"$(nproc)" prepare >/dev/null 2>&1

# The .c files the series touches: compiled whenever a patch changes a header.
series_c=$(cat "${patches[@]}" | sed -n 's|^+++ b/\(.*\.c\)$|\1|p' | sort -u)

# Compile one object afresh with W=1; print its warnings without the
# line numbers, so that moved code keeps matching. Fails when it does not
# build.
compile() {
	local text status=0
	rm -f "$out/${1%.c}.o"
	text=$(make -s -C "$src" O="$out" W=1 "${1%.c}.o" 2>&1) || status=$?
	echo "$text" | grep -E 'warning:' | sed -E 's/:[0-9]+:[0-9]+:/:/' | sort || true
	return $status
}
docwarnings() {
	[ -f "$src/$1" ] || return 0
	"$src/scripts/kernel-doc" -none -Wall "$src/$1" 2>&1 | sed -E 's/:[0-9]+:/:/' | sort || true
}

declare -A base_warn base_doc
for f in $series_c; do base_warn[$f]=$(compile "$f" 2>/dev/null || true); done
for p in "${patches[@]}"; do
	for f in $(sed -n 's|^+++ b/\(.*\.[ch]\)$|\1|p' "$p"); do
		base_doc[$f]=$(docwarnings "$f")
	done
done

passed=0 failed=0
for p in "${patches[@]}"; do
	name=$(basename "$p" .patch)
	git -C "$src" "${ident[@]}" am -q "$p" || die "$name does not apply"
	touched=$(sed -n 's|^+++ b/\(.*\)$|\1|p' "$p")
	objects=$(echo "$touched" | grep '\.c$' || true)
	echo "$touched" | grep -q '\.h$' && objects="$objects $series_c"
	problems=""
	for f in $(echo $objects | tr ' ' '\n' | sort -u); do
		[ -f "$src/$f" ] || continue
		if ! now=$(compile "$f"); then
			problems="$problems $f:build-failed"
			continue
		fi
		new=$(comm -13 <(echo "${base_warn[$f]:-}") <(echo "$now") | grep . || true)
		[ -z "$new" ] || { problems="$problems $f:W=1"; echo "$new" | sed "s|^|  $name: |" >&2; }
	done
	for f in $(echo "$touched" | grep -E '\.[ch]$'); do
		new=$(comm -13 <(echo "${base_doc[$f]:-}") <(docwarnings "$f") | grep . || true)
		[ -z "$new" ] || { problems="$problems $f:kernel-doc"; echo "$new" | sed "s|^|  $name: |" >&2; }
	done
	if [ -z "$problems" ]; then
		echo "ok   $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name:$problems"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
