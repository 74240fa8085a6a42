#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Work on the series as git commits, export it as kernel/patches/.
#
#   scripts/series.sh devtree   build/dev: the pristine Debian tree as a git
#                               repository with kernel/patches/ applied by git am
#   scripts/series.sh export    git format-patch of build/dev's commits into
#                               kernel/patches/, cover letter filled from
#                               kernel/cover-letter.txt (subject line, blank, body)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

dev=$BUILD_DIR/dev
ident=(-c user.name="pagebulk developers" -c user.email="pagebulk@example.org")

case "${1:-}" in
devtree)
	[ ! -e "$dev" ] || die "$dev exists; remove it first"
	tarball=/usr/src/linux-source-$KERNEL_SERIES.tar.xz
	[ -f "$tarball" ] || "$PAGEBULK_ROOT/scripts/deps.sh"
	mkdir -p "$dev.tmp"
	tar -C "$dev.tmp" -xf "$tarball"
	mv "$dev.tmp/linux-source-$KERNEL_SERIES" "$dev"
	rmdir "$dev.tmp"
	cd "$dev"
	git init -q
	# Debian's top-level .gitignore ignores everything ("/*"): force.
	git add -f -A .
	git "${ident[@]}" commit -q -m "Linux $KERNEL_RELEASE (Debian linux-source-$KERNEL_SERIES $DEBIAN_KERNEL_VERSION)"
	git tag pagebulk-base
	for p in $(ls "$PAGEBULK_ROOT"/kernel/patches/[0-9]*.patch | grep -v /0000-); do
		git "${ident[@]}" am -q "$p"
	done
	log "$dev: $(git rev-list --count pagebulk-base..HEAD) patches on pagebulk-base"
	;;
export)
	cd "$dev"
	base=$(git rev-parse pagebulk-base)
	rm -f "$PAGEBULK_ROOT"/kernel/patches/*.patch
	git "${ident[@]}" format-patch -q --no-signature --cover-letter --base="$base" \
		-o "$PAGEBULK_ROOT/kernel/patches" "$base..HEAD"
	cover=$PAGEBULK_ROOT/kernel/patches/0000-cover-letter.patch
	python3 - "$cover" "$PAGEBULK_ROOT/kernel/cover-letter.txt" "$PAGEBULK_ROOT"/kernel/patches/*.patch <<'PY'
import sys
cover, text, patches = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3:]
subject, _, body = text.partition("\n\n")
s = open(cover).read()
s = s.replace("*** SUBJECT HERE ***", subject.strip()).replace("*** BLURB HERE ***", body.strip())
open(cover, "w").write(s)
# Blank context lines as empty lines (GNU diff --suppress-blank-empty), which
# patch(1) and git apply/am accept: the files then carry no trailing white
# space, so checkpatch is clean on them even when it reads a git-tracked
# .patch as a source file (it does with a relative path inside this repo).
for p in patches:
    out, hunk = [], False
    for line in open(p).read().split("\n"):
        if line.startswith("@@"):
            hunk = True
        elif line.startswith("diff --git"):
            hunk = False
        out.append("" if hunk and line == " " else line)
    open(p, "w").write("\n".join(out))
PY
	ls "$PAGEBULK_ROOT/kernel/patches"
	;;
*) die "usage: $0 devtree | export" ;;
esac
