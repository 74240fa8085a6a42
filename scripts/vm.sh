#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a pagebulk kernel in QEMU with the host root read-only over 9p and
# run one command in it as PID 1's child. PAGEBULK_TCG_CPU overrides the
# CPU model under TCG (max,la57=off).
#
#   scripts/vm.sh [options] -- COMMAND [ARGS...]
#     --variant NAME   kernel variant built by scripts/kernel.sh (vm)
#     --memory MIB     guest memory (1536, the seed's machine)
#     --cma SIZE       cma= boot parameter (500M, the seed's area)
#     --append ARGS    more kernel parameters
#     --out DIR        results share, mounted at /run/out (required)
#     --timeout SEC    wall-clock limit for the whole boot (900)
#     --scratch MIB    size of the ext4 scratch disk (2048)
#     --slow-disk      the scratch disk as slow flash: no host cache,
#                      throttled to 16 MiB/s and 500 IOPS (the seed load)
#     --icount         TCG with -icount shift=0,sleep=off: guest time counts
#                      executed instructions (1 ns each), so cost figures
#                      do not depend on the host's load; one vCPU
#     --plugin SPEC    load a QEMU TCG plugin: -plugin SPEC (tools/free-profile)
#     --interactive    the guest's console is this terminal (make shell):
#                      Ctrl-A X stops the guest, Ctrl-A C is QEMU's monitor
#
# The command's output goes to the terminal and DIR/output; the console to
# DIR/console.log; dmesg to DIR/dmesg. Exit status: the command's; 124 on
# timeout; 125 when the guest died before finishing (crash, panic); 126
# when dmesg holds a kernel splat (BUG, WARNING, KASAN, lockdep, ...).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

variant=vm memory=1536 cma=500M append="" out="" limit=900 scratch_mib=2048 slow_disk=0 interactive=0 icount=0 plugin=""
while [ $# -gt 0 ]; do
	case "$1" in
	--variant) variant=$2; shift 2 ;;
	--memory) memory=$2; shift 2 ;;
	--cma) cma=$2; shift 2 ;;
	--append) append="$append $2"; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--timeout) limit=$2; shift 2 ;;
	--scratch) scratch_mib=$2; shift 2 ;;
	--slow-disk) slow_disk=1; shift ;;
	--interactive) interactive=1; shift ;;
	--icount) icount=1; shift ;;
	--plugin) plugin=$2; shift 2 ;;
	--) shift; break ;;
	*) die "vm.sh: unknown option $1" ;;
	esac
done
[ -n "$out" ] || die "vm.sh: --out DIR is required"
[ $# -gt 0 ] || die "vm.sh: no command"

kernel=$(kbuild_dir "$variant")/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no kernel at $kernel: run scripts/kernel.sh build $variant"
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/rc" "$out/output" "$out/dmesg"

# A fresh scratch disk each boot, so runs do not inherit each other's files.
scratch=$BUILD_DIR/scratch-$$.img
trap 'rm -f "$scratch"' EXIT
truncate -s "${scratch_mib}M" "$scratch"
mkfs.ext4 -q -F "$scratch"

# KVM only where the CPU has vmx/svm and a probe boot worked; else TCG,
# single-threaded (MTTCG is far slower on a busy 2-core host).
accel_file=$BUILD_DIR/accel
if [ ! -f "$accel_file" ]; then
	echo tcg > "$accel_file"
	if host_has_kvm; then
		log "probing KVM"
		probe=$(mktemp -d)
		if PAGEBULK_ACCEL_PROBE=kvm timeout 120 "$0" --variant "$variant" --out "$probe" --timeout 100 -- true \
			>/dev/null 2>&1; then
			echo kvm > "$accel_file"
		fi
		rm -rf "$probe"
	fi
fi
accel=${PAGEBULK_ACCEL_PROBE:-$(cat "$accel_file")}
# Under TCG, "max" without LA57: with 5-level paging, identify_cpu()
# clears boot_cpu_data's capabilities while it re-reads CPUID, and until
# alternatives are patched pgtable_l5_enabled() reads that copy. An
# interrupt in that window sees a 4-level KASAN_SHADOW_START, and KASAN's
# range check reports the 5-level direct map (0xff11...) as a
# wild-memory-access (scripts/boot-loop.sh --cpu max,la57=on shows it).
tcg_cpu=${PAGEBULK_TCG_CPU:-max,la57=off}
case "$accel" in
kvm) accel_opts=(-accel kvm -cpu host) ;;
*) accel_opts=(-accel tcg,thread=single -cpu "$tcg_cpu") ;;
esac
cpus=2
if [ $icount = 1 ]; then
	# Instruction counting is TCG's; and with one vCPU no other CPU's
	# instructions advance the clock of the one being measured.
	accel=tcg-icount cpus=1
	accel_opts=(-accel tcg,thread=single -cpu "$tcg_cpu" -icount shift=0,sleep=off)
fi

# cache=unsafe lets writeback end as soon as QEMU has the data; the slow
# disk goes to the host's disk directly and at a flash card's pace, so
# that dirty and writeback pages live long in the guest.
if [ $slow_disk = 1 ]; then
	disk_opts=cache=none,aio=threads,throttling.bps-total=16777216,throttling.iops-total=500
	disk_desc="scratch ${scratch_mib} MiB, cache=none, 16 MiB/s, 500 IOPS"
else
	disk_opts=cache=unsafe
	disk_desc="scratch ${scratch_mib} MiB, cache=unsafe"
fi

# What the guest cannot know by itself, for the result documents.
config_hash=$(sha256sum "$(kbuild_dir "$variant")/.config" | cut -c1-12)
env_line="export PAGEBULK_DEBIAN_VERSION=$DEBIAN_KERNEL_VERSION PAGEBULK_SERIES=$(series_hash)"
env_line="$env_line PAGEBULK_CONFIG=$config_hash PAGEBULK_ACCEL=$accel PAGEBULK_MEMORY_MIB=$memory"
env_line="$env_line PAGEBULK_DISK='$disk_desc'"
cmd="$env_line; cd /run/out; exec $(printf '%q ' "$@")"
b64=$(printf '%s' "$cmd" | base64 -w0)
[ ${#b64} -lt 1500 ] || die "vm.sh: command too long for the kernel command line"

log "booting $variant kernel ($accel, ${memory} MiB, cma=$cma): $*"
status=0
started=$(date +%s%N)
qemu=(qemu-system-x86_64
	-bios /usr/share/qemu/qboot.rom "${accel_opts[@]}" -m "$memory" -smp "$cpus"
	-nodefaults -nographic -no-reboot -net none
	-kernel "$kernel"
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=root,mount_tag=/dev/root
	-fsdev local,id=out,path="$out",security_model=none
	-device virtio-9p-pci,fsdev=out,mount_tag=out
	-drive file="$scratch",format=raw,if=virtio,$disk_opts
	-append "root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=524288 ro \
console=ttyS0 quiet panic=-1 init=$PAGEBULK_ROOT/scripts/guest-init.sh cma=$cma $append pbguest.cmd=$b64")
[ -z "$plugin" ] || qemu+=(-plugin "$plugin")
if [ $interactive = 1 ]; then
	# The terminal is the serial line both ways; mon: multiplexes QEMU's
	# monitor on it, which is what makes Ctrl-A X work.
	timeout --foreground "$limit" "${qemu[@]}" -serial mon:stdio || status=$?
	touch "$out/console.log"
else
	timeout --foreground "$limit" "${qemu[@]}" -serial stdio < /dev/null > "$out/console.log" 2>&1 &
	pid=$!
	# Show the guest's output as it comes, without holding the console log open.
	tail -q -n +1 -F "$out/output" 2>/dev/null &
	tailer=$!
	wait $pid || status=$?
	sleep 0.2
	kill $tailer 2>/dev/null || true
fi
if [ $interactive = 0 ]; then
	log "guest run took $(( ($(date +%s%N) - started) / 1000000 )) ms; $(grep -a -o 'command starts at [0-9.]* s uptime' "$out/console.log" || echo 'command never started')"
fi

if [ $status -eq 124 ]; then
	echo "pagebulk: guest timed out after ${limit}s; console: $out/console.log" >&2
	tail -20 "$out/console.log" >&2
	exit 124
fi
if [ ! -f "$out/rc" ]; then
	echo "pagebulk: guest died before the command finished; console: $out/console.log" >&2
	tail -30 "$out/console.log" >&2
	exit 125
fi
splat='BUG:|WARNING:|Oops|Kernel panic|KASAN|UBSAN|general protection fault|possible circular locking|possible recursive locking|inconsistent lock state|page type is [0-9]+, passed migratetype'
if grep -Eq "$splat" "$out/dmesg" "$out/console.log"; then
	echo "pagebulk: kernel splat in the guest's log:" >&2
	grep -Eh -A12 "$splat" "$out/dmesg" "$out/console.log" | head -60 >&2
	exit 126
fi
exit "$(cat "$out/rc")"
