#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the Swift harness for the guest: release, Swift runtime linked in,
# so it starts fast over 9p. Prints the binary's path.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cd "$PAGEBULK_ROOT"
swift build -c release --static-swift-stdlib --product pagebulk >&2 ||
	die "swift build of the harness failed"
echo "$PAGEBULK_ROOT/.build/release/pagebulk"
