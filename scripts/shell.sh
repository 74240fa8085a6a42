#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make shell: boot the patched kernel with the test module loaded and
# pagebulk on PATH, and give this terminal a root shell in the guest.
# Leave with `exit` (or Ctrl-A X, which stops the guest at once). KVM is
# used where the CPU has it and a probe boot worked (see vm.sh), else TCG.
#
#   scripts/shell.sh [vm.sh options, e.g. --memory 3072 --cma 1G]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$PAGEBULK_ROOT/scripts/deps.sh" || die "installing packages failed"
"$PAGEBULK_ROOT/scripts/kernel.sh" build vm >&2 || die "kernel build failed"
ko=$("$PAGEBULK_ROOT/scripts/module.sh" vm) || die "module build failed"
bin=$("$PAGEBULK_ROOT/scripts/harness.sh") || die "harness build failed"
# shellcheck disable=SC2046 # rows and columns, two words on purpose
exec "$PAGEBULK_ROOT/scripts/vm.sh" --interactive --out "$BUILD_DIR/shell" --timeout 86400 "$@" -- \
	"$PAGEBULK_ROOT/scripts/guest-shell.sh" "$ko" "$(dirname "$bin")" $(stty size 2>/dev/null || echo 24 80)
