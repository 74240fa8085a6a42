#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make shell, inside the guest: insert the test module, put pagebulk on
# PATH and give the serial console a root shell with job control. The
# guest shuts down when the shell exits.
#
#   guest-shell.sh MODULE.ko BINDIR [ROWS COLUMNS]
set -u
insmod "$1" || exit 1
# A serial line has no size of its own: take the host terminal's, so that
# the shell's line editing wraps where the terminal does.
[ $# -ge 4 ] && stty -F /dev/ttyS0 rows "$3" cols "$4"
export PATH="$2:$PATH" PS1='pagebulk-guest# ' HOME=/run
cat > /dev/ttyS0 <<MSG
pagebulk: module loaded, pagebulk on PATH (try: pagebulk info, pagebulk census --cma reserved,
  cat /proc/buddyinfo); /run/out is build/shell on the host; exit or Ctrl-A X leaves.
MSG
# The command's own stdout is a pipe to the output file: the shell takes
# the serial line as its controlling terminal instead.
setsid -c bash --norc --noprofile -i < /dev/ttyS0 > /dev/ttyS0 2>&1
status=$?
rmmod pagebulk 2>/dev/null
exit $status
