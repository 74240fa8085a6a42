#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make test's check of make shell, driven the way a person uses it: in a
# tmux pane, wait for the guest's prompt, run a command, read its answer,
# exit, and see the guest go down with the shell's status.
#
#   scripts/shell-check.sh DIR    (DIR gets the pane's text)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

dir=${1:?usage: shell-check.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
session=pagebulk-shell-check-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT

# Wait until the pane shows PATTERN, at most SECONDS (tmux drops
# trailing blanks, so a prompt is matched without its space).
wait_for() {
	local pattern=$1 seconds=$2 i
	for ((i = 0; i < seconds; i++)); do
		if tmux capture-pane -p -S - -t "$session" 2>/dev/null | grep -q -- "$pattern"; then
			return 0
		fi
		sleep 1
	done
	tmux capture-pane -p -S - -t "$session" > "$dir/pane.txt" 2>/dev/null || true
	die "shell check: no '$pattern' after $seconds s (pane in $dir/pane.txt)"
}

rm -f "$dir/status"
tmux new-session -d -s "$session" -x 160 -y 50 \
	"'$PAGEBULK_ROOT/scripts/shell.sh'; echo \$? > '$dir/status'; sleep 600"
wait_for 'pagebulk-guest#' 600
tmux send-keys -t "$session" 'pagebulk info | grep -c "pageblock order: 9"' Enter
wait_for '^1$' 120
tmux send-keys -t "$session" 'exit' Enter
for ((i = 0; i < 120; i++)); do
	[ -f "$dir/status" ] && break
	sleep 1
done
tmux capture-pane -p -S - -t "$session" > "$dir/pane.txt"
[ -f "$dir/status" ] || die "shell check: the guest did not go down after exit"
[ "$(cat "$dir/status")" = 0 ] || die "shell check: make shell exited with $(cat "$dir/status")"
echo "make shell: prompt, pagebulk info, exit: ok (pane in $dir/pane.txt)"
