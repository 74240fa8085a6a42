#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch --strict on every patch of the series and on the module's
# files, and kernel-doc on the module; silent when clean.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[ -x "$KERNEL_SRC/scripts/checkpatch.pl" ] || "$PAGEBULK_ROOT/scripts/kernel.sh" source
cp=$KERNEL_SRC/scripts/checkpatch.pl
# Debian's tarball has no git history, so a Fixes: tag's commit id cannot
# be looked up; and MAINTAINERS already covers every new file under mm/.
ignore=UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES
status=0
for p in "$PAGEBULK_ROOT"/kernel/patches/[0-9]*.patch; do
	case "$p" in */0000-cover-letter.patch) continue ;; esac
	perl "$cp" --strict --no-tree --terse --ignore "$ignore" "$p" | grep -v '^total:' || true
	perl "$cp" --strict --no-tree --terse --quiet --ignore "$ignore" "$p" >/dev/null || status=1
done
for f in "$PAGEBULK_ROOT"/kernel/module/*.[ch] "$PAGEBULK_ROOT"/kernel/module/uapi/*.h; do
	perl "$cp" --strict --no-tree --terse -f "$f" | grep -v '^total:' || true
	perl "$cp" --strict --no-tree --terse --quiet -f "$f" >/dev/null || status=1
done
"$KERNEL_SRC/scripts/kernel-doc" -none -Wall "$PAGEBULK_ROOT"/kernel/module/*.c 2>&1 | grep . && status=1
exit $status
