#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In the guest: one free method of pbprof.ko (see profile.sh).
#   guest.sh KO METHOD ITERS
ko=$1 method=$2 iters=$3
insmod "$ko" method="$method" iters="$iters" batch=128 warmup=20
echo "insmod exit $? (EAGAIN expected: all the work is in init)"
dmesg | grep 'pbprof:'
exit 0
