#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch --strict on every patch of the series and on the module's
# files, and kernel-doc on the module; silent when clean.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[ -x "$KERNEL_SRC/scripts/checkpatch.pl" ] || "$PAGEBULK_ROOT/scripts/kernel.sh" source
cp=$KERNEL_SRC/scripts/checkpatch.pl
status=0
for p in "$PAGEBULK_ROOT"/kernel/patches/[0-9]*.patch; do
	case "$p" in */0000-cover-letter.patch) continue ;; esac
	perl "$cp" --strict --no-tree --terse "$p" | grep -v '^total:' || true
	perl "$cp" --strict --no-tree --terse --quiet "$p" >/dev/null || status=1
done
for f in "$PAGEBULK_ROOT"/kernel/module/*.[ch] "$PAGEBULK_ROOT"/kernel/module/uapi/*.h; do
	perl "$cp" --strict --no-tree --terse -f "$f" | grep -v '^total:' || true
	perl "$cp" --strict --no-tree --terse --quiet -f "$f" >/dev/null || status=1
done
"$KERNEL_SRC/scripts/kernel-doc" -none -Wall "$PAGEBULK_ROOT"/kernel/module/*.c 2>&1 | grep . && status=1
exit $status
