#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Anonymous memory that holds the guest's free memory near the low watermark.

Part of the seed load (scripts/guest-load-seed.sh). A fixed-size hog leaves
free memory wherever the rest of the load happens to leave it (14 times the
low watermark, issue 14); this one regulates instead. Every PERIOD seconds
it reads /proc/zoneinfo: free = the sum of the zones' "pages free", low =
the sum of their "low" watermarks. It maps more anonymous memory, CHUNK MiB
at a time, while free is above TARGET x low, and unmaps chunks while free is
below low; between the two it holds what it has and keeps rewriting it, so
its pages stay in use (and kswapd has to swap them or reclaim the page
cache instead). It never holds more than CAP (MemTotal minus a reserve),
and stops growing while swap is almost full: the load must not OOM the
guest. Its oom_score_adj is 1000 all the same, so that if the kernel does
run out it is this process that goes, not the harness.

    guest-anon-regulator.py [--chunk-mib N] [--target X] [--reserve-mib N]
        [--swap-reserve-mib N] [--period S] [--report S] [--max-step-mib N]
        [--rewrite-mib N] [--print-knobs]

With --print-knobs it prints its knob line and exits (the seed load
records it). Otherwise it prints the knob line, then every REPORT seconds
"anon regulator: free=N low=N target=N held=N MiB ..." (pages, except
where MiB is said), to stdout: the seed load's log.
"""

import argparse
import mmap
import os
import signal
import sys
import time

PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1 << 20


def zone_free_and_low(text):
    """Sum of 'pages free' and of the 'low' watermarks over every zone."""
    free = low = boost = 0
    for line in text.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "pages" and words[1] == "free":
            free += int(words[2])
        elif len(words) == 2 and words[0] == "low":
            low += int(words[1])
        elif len(words) == 2 and words[0] == "boost":
            boost += int(words[1])
    return free, low, boost


def meminfo_kib(text, key):
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def read(path):
    with open(path) as f:
        return f.read()


class Knobs:
    def __init__(self, args, mem_total_kib):
        self.chunk = args.chunk_mib * MIB
        self.target = args.target
        self.reserve_mib = args.reserve_mib
        self.swap_reserve_mib = args.swap_reserve_mib
        self.period = args.period
        self.report = args.report
        self.max_step = max(1, args.max_step_mib // args.chunk_mib)
        self.rewrite = max(1, args.rewrite_mib // args.chunk_mib)
        self.mem_total_mib = mem_total_kib // 1024
        self.cap_mib = max(0, self.mem_total_mib - args.reserve_mib)
        self.cap_chunks = self.cap_mib // args.chunk_mib
        self.args = args

    def line(self):
        a = self.args
        return (f"load seed: anon regulator (guest-anon-regulator.py): {a.chunk_mib} MiB anonymous chunks, "
                f"grow while free > {a.target} x low, shrink while free < low (free and low: sums over "
                f"/proc/zoneinfo's zones), every {a.period} s, at most {a.max_step_mib} MiB a step, "
                f"{a.rewrite_mib} MiB rewritten a step; cap MemTotal - {a.reserve_mib} MiB = "
                f"{self.cap_mib} MiB; no growth while SwapFree < {a.swap_reserve_mib} MiB; "
                f"oom_score_adj 1000; a line every {a.report} s")


def parse(argv):
    p = argparse.ArgumentParser(description="hold free memory near the low watermark")
    p.add_argument("--chunk-mib", type=int, default=8)
    p.add_argument("--target", type=float, default=1.5)
    p.add_argument("--reserve-mib", type=int, default=256)
    p.add_argument("--swap-reserve-mib", type=int, default=128)
    p.add_argument("--period", type=float, default=0.5)
    p.add_argument("--report", type=float, default=10.0)
    p.add_argument("--max-step-mib", type=int, default=64)
    p.add_argument("--rewrite-mib", type=int, default=64)
    p.add_argument("--print-knobs", action="store_true")
    args = p.parse_args(argv)
    if args.chunk_mib < 1 or args.target < 1.0 or args.period <= 0 or args.report <= 0:
        p.error("--chunk-mib >= 1, --target >= 1.0, --period and --report > 0")
    return args


def main(argv):
    args = parse(argv)
    knobs = Knobs(args, meminfo_kib(read("/proc/meminfo"), "MemTotal"))
    print(knobs.line(), flush=True)
    if args.print_knobs:
        return 0
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000\n")
    except OSError as e:
        print(f"anon regulator: oom_score_adj not set: {e}", flush=True)
    # SIGTERM from the load's stop: leave at once, the kernel unmaps.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))

    pattern = os.urandom(knobs.chunk)  # incompressible, in case of zswap
    chunks = []
    turn = 0
    grown = shrunk = 0
    last_report = 0.0
    free_min = None
    free_max = 0
    while True:
        started = time.monotonic()
        free, low, boost = zone_free_and_low(read("/proc/zoneinfo"))
        target = int(low * knobs.target)
        chunk_pages = knobs.chunk // PAGE
        if free < low and chunks:
            # Give back the deficit and one chunk more, at once.
            n = min(len(chunks), (low - free) // chunk_pages + 1)
            for _ in range(n):
                chunks.pop().close()
            shrunk += n
        elif free > target and len(chunks) < knobs.cap_chunks:
            swap_free_mib = meminfo_kib(read("/proc/meminfo"), "SwapFree") // 1024
            if swap_free_mib >= args.swap_reserve_mib:
                n = min(knobs.max_step, (free - target) // chunk_pages, knobs.cap_chunks - len(chunks))
                for _ in range(n):
                    m = mmap.mmap(-1, knobs.chunk, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
                    m[:] = pattern
                    chunks.append(m)
                grown += max(n, 0)
        # Keep the rest in use: rewrite a few chunks each step, in turn.
        for _ in range(min(knobs.rewrite, len(chunks))):
            turn %= len(chunks)
            chunks[turn][:] = pattern
            turn += 1
        free_min = free if free_min is None else min(free_min, free)
        free_max = max(free_max, free)
        now = time.monotonic()
        if now - last_report >= args.report:
            mem = read("/proc/meminfo")
            print(f"anon regulator: free={free} low={low} target={target} boost={boost} "
                  f"held={len(chunks) * knobs.chunk // MIB} MiB "
                  f"swapfree={meminfo_kib(mem, 'SwapFree') // 1024} MiB "
                  f"free since last line {free_min}-{free_max}, chunks +{grown} -{shrunk}", flush=True)
            last_report = now
            free_min, free_max, grown, shrunk = None, 0, 0, 0
        left = args.period - (time.monotonic() - started)
        if left > 0:
            time.sleep(left)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
