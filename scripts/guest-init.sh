#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the pagebulk guest. The root is the host's, read-only over 9p;
# /run/out is the writable results share, /run/scratch the ext4 scratch
# disk. Runs the command scripts/vm.sh put in pbguest.cmd= (base64), stores
# its exit code in /run/out/rc and dmesg in /run/out/dmesg, then reboots,
# which ends QEMU (-no-reboot).
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs run /run
mkdir -p /run/out /run/scratch
mount -t 9p -o trans=virtio,version=9p2000.L,msize=524288 out /run/out
[ -b /dev/vda ] && mount -t ext4 /dev/vda /run/scratch

export HOME=/run PATH=/usr/sbin:/usr/bin:/sbin:/bin
cmd=$(sed -n 's/.*pbguest\.cmd=\([^ ]*\).*/\1/p' /proc/cmdline | base64 -d)
cd /run/out
echo "guest: command starts at $(cut -d' ' -f1 /proc/uptime) s uptime" > /dev/console
( sh -c "$cmd"; echo $? > /run/out/rc ) 2>&1 | tee /run/out/output
dmesg > /run/out/dmesg
[ -b /dev/vda ] && umount /run/scratch
sync
exec /bin/busybox reboot -f
