#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make free-profile: where free_pages_bulk()'s instructions go, per kernel
# function, against the __free_page() loop and release_pages() (issue 16).
#
# A QEMU TCG plugin (plugin/libprof.c) counts the guest instructions run
# between two marker instructions, per instruction address; a test module
# (module/pbprof.c) runs ITERS x (alloc 128 pages with
# alloc_pages_bulk_array(), free them with one method) in its init, with
# only the free call between the markers. One boot per method and repeat,
# under -icount with one vCPU, so that the counts repeat to the
# instruction; analyse.py maps the addresses to functions with System.map.
#
#   ITERS  measured batches per boot (2000)
#   OUT    results directory (results/free-profile-<timestamp>)
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
here=$PAGEBULK_ROOT/tools/free-profile
kdir=$(kbuild_dir vm)
[ -f "$kdir/Module.symvers" ] || die "no built kernel in $kdir: run scripts/kernel.sh build vm"
out=${OUT:-$RESULTS_DIR/free-profile-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The plugin needs glib's headers; QEMU's plugin header is in plugin/.
dpkg -s libglib2.0-dev >/dev/null 2>&1 || apt-get install -y -q libglib2.0-dev >/dev/null
mkdir -p "$out/build/module"
gcc -O2 -Wall -shared -fPIC -I "$here/plugin" $(pkg-config --cflags glib-2.0) "$here/plugin/libprof.c" \
	-o "$out/build/libprof.so" $(pkg-config --libs glib-2.0)
cp "$here/module/pbprof.c" "$here/module/Kbuild" "$out/build/module/"
make -s -C "$kdir" M="$out/build/module" W=1 modules > "$out/build/module.log" 2>&1 ||
	{ cat "$out/build/module.log" >&2; die "pbprof.ko did not build"; }

methods=(loop bulk release)	# pbprof's method=0, 1, 2
for rep in 1 2; do
	for m in 0 1 2; do
		dir=$out/${methods[$m]}-$rep
		log "free-profile: ${methods[$m]}, boot $rep"
		"$PAGEBULK_ROOT/scripts/vm.sh" --icount --append nokaslr --scratch 64 --timeout 1200 \
			--plugin "$out/build/libprof.so,out=$dir/prof.txt" --out "$dir" -- \
			sh "$here/guest.sh" "$out/build/module/pbprof.ko" "$m" "${ITERS:-2000}" > "$dir.log" 2>&1
	done
done
python3 "$here/analyse.py" --map "$kdir/System.map" --ko "$out/build/module/pbprof.ko" --batch 128 "$out" |
	tee "$out/analysis.txt"
