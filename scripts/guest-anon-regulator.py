#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Anonymous memory that holds the guest's free memory near the low watermark.

Part of the seed load (scripts/guest-load-seed.sh). A fixed-size hog leaves
free memory wherever the rest of the load happens to leave it (14 times the
low watermark, issue 14); this one regulates instead. Every PERIOD seconds
it reads /proc/zoneinfo: free = the sum of the zones' "pages free", low =
the sum of their "low" watermarks. It maps more anonymous memory, CHUNK MiB
at a time, while free is above TARGET x low, and unmaps its newest chunks
while free is below low. While free is above the target it also replaces
its oldest chunks with new ones (RECYCLE MiB a step): its memory stays in
use, and what kswapd swapped out of it is dropped rather than read back,
so the swap keeps room and the regulator can take back at once what an
allocation frees. It takes new pages only while free memory pays for
them, so it never waits for reclaim itself, and it asks for base pages
(MADV_NOHUGEPAGE), which reclaim can take one by one.

Bounds, so that the load cannot OOM the guest: the part of it in RAM stays
under CAP (MemTotal minus a reserve); it does not grow while swap is on and
less than 1.5 times SWAP_RESERVE is free, and gives back its oldest chunks
while less than SWAP_RESERVE is free. Its oom_score_adj is 1000 all the same, so that if
the kernel does run out it is this process that goes, not the harness.

    guest-anon-regulator.py [--chunk-mib N] [--target X] [--reserve-mib N]
        [--swap-reserve-mib N] [--period S] [--report S] [--max-step-mib N]
        [--recycle-mib N] [--print-knobs]

With --print-knobs it prints its knob line and exits (the seed load
records it). Otherwise it prints the knob line, then every REPORT seconds
"anon regulator: free=N low=N target=N held=N MiB ..." (pages, except
where MiB is said), to stdout: the seed load's log.
"""

import collections
import mmap
import os
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


def status_kib(text, key):
    """A /proc/self/status field in KiB (VmSwap: ...)."""
    return meminfo_kib(text, key)


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
        self.recycle = max(1, args.recycle_mib // args.chunk_mib)
        self.mem_total_mib = mem_total_kib // 1024
        self.cap_mib = max(0, self.mem_total_mib - args.reserve_mib)
        self.args = args

    def line(self):
        a = self.args
        return (f"load seed: anon regulator (guest-anon-regulator.py): {a.chunk_mib} MiB anonymous chunks, "
                f"grow while free > {a.target} x low, shrink while free < low (free and low: sums over "
                f"/proc/zoneinfo's zones), every {a.period} s, at most {a.max_step_mib} MiB a step, "
                f"oldest {a.recycle_mib} MiB replaced a step while free > target; no huge pages; "
                f"in RAM at most MemTotal - {a.reserve_mib} MiB = {self.cap_mib} MiB; no growth while swap is on "
                f"and SwapFree < {a.swap_reserve_mib * 3 // 2} MiB, oldest chunks given back while below "
                f"{a.swap_reserve_mib} MiB; "
                f"oom_score_adj 1000; a line every {a.report} s")


DEFAULTS = {"chunk-mib": 8, "target": 1.5, "reserve-mib": 256, "swap-reserve-mib": 128, "period": 0.5,
            "report": 10.0, "max-step-mib": 64, "recycle-mib": 8}


class Args:
    """The options, parsed by hand: argparse (and the regular expressions
    it compiles at import) takes seconds of a TCG guest's CPU to start."""

    def __init__(self, argv):
        values = dict(DEFAULTS)
        self.print_knobs = False
        i = 0
        while i < len(argv):
            name = argv[i][2:] if argv[i].startswith("--") else None
            if name == "print-knobs":
                self.print_knobs = True
                i += 1
                continue
            if name not in values or i + 1 >= len(argv):
                raise SystemExit(f"guest-anon-regulator.py: bad option {argv[i]!r}\n{__doc__}")
            values[name] = type(DEFAULTS[name])(argv[i + 1])
            i += 2
        self.chunk_mib = values["chunk-mib"]
        self.target = values["target"]
        self.reserve_mib = values["reserve-mib"]
        self.swap_reserve_mib = values["swap-reserve-mib"]
        self.period = values["period"]
        self.report = values["report"]
        self.max_step_mib = values["max-step-mib"]
        self.recycle_mib = values["recycle-mib"]
        if self.chunk_mib < 1 or self.target < 1.0 or self.period <= 0 or self.report <= 0:
            raise SystemExit("guest-anon-regulator.py: --chunk-mib >= 1, --target >= 1.0, --period and --report > 0")


def main(argv):
    args = Args(argv)
    knobs = Knobs(args, meminfo_kib(read("/proc/meminfo"), "MemTotal"))
    print(knobs.line(), flush=True)
    if args.print_knobs:
        return 0
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000\n")
    except OSError as e:
        print(f"anon regulator: oom_score_adj not set: {e}", flush=True)
    # SIGTERM from the load's stop ends it (the default action); the
    # kernel unmaps what it held.

    # Not zeros, so no page can be shared or skipped; the kernel has no zswap.
    pattern = bytes(range(1, 256)) * (knobs.chunk // 255) + bytes(knobs.chunk % 255)
    chunk_pages = knobs.chunk // PAGE
    swap_reserve_kib = args.swap_reserve_mib * 1024

    def new_chunk():
        m = mmap.mmap(-1, knobs.chunk, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
        # Base pages: reclaim can then take a chunk page by page.
        if hasattr(mmap, "MADV_NOHUGEPAGE"):
            m.madvise(mmap.MADV_NOHUGEPAGE)
        m[:] = pattern
        return m

    chunks = collections.deque()  # oldest first
    grown = shrunk = 0
    last_report = 0.0
    free_min = None
    free_max = 0
    while True:
        started = time.monotonic()
        free, low, boost = zone_free_and_low(read("/proc/zoneinfo"))
        mem = read("/proc/meminfo")
        swap_total = meminfo_kib(mem, "SwapTotal")
        swap_free = meminfo_kib(mem, "SwapFree")
        swapped_mib = status_kib(read("/proc/self/status"), "VmSwap") // 1024
        held_mib = len(chunks) * args.chunk_mib
        target = int(low * knobs.target)
        if free < low and chunks:
            # Give back the deficit and one chunk more, at once: the
            # newest chunks, the ones most likely in RAM.
            n = min(len(chunks), (low - free) // chunk_pages + 1)
            for _ in range(n):
                chunks.pop().close()
            shrunk += n
        elif swap_total and swap_free < swap_reserve_kib and chunks:
            # Swap almost full: the oldest chunk, the most swapped out.
            chunks.popleft().close()
            shrunk += 1
        elif free > target:
            # Only what free memory pays for: a new page taken here never
            # waits for reclaim, which at the slow disk's pace could not
            # keep up (an earlier version, replacing 16 MiB a step whatever
            # free was, got itself OOM-killed).
            if not swap_total or swap_free >= swap_reserve_kib * 3 // 2:
                room = (knobs.cap_mib - (held_mib - swapped_mib)) // args.chunk_mib
                n = min(knobs.max_step, (free - target) // chunk_pages, room)
                for _ in range(max(n, 0)):
                    chunks.append(new_chunk())
                grown += max(n, 0)
            # Keep it in use: the oldest chunks replaced by new ones.
            for _ in range(min(knobs.recycle, len(chunks))):
                chunks.popleft().close()
                chunks.append(new_chunk())
        free_min = free if free_min is None else min(free_min, free)
        free_max = max(free_max, free)
        now = time.monotonic()
        if now - last_report >= args.report:
            print(f"anon regulator: free={free} low={low} target={target} boost={boost} "
                  f"held={len(chunks) * args.chunk_mib} MiB swapped={swapped_mib} MiB "
                  f"swapfree={swap_free // 1024} MiB "
                  f"free since last line {free_min}-{free_max}, chunks +{grown} -{shrunk}", flush=True)
            last_report = now
            free_min, free_max, grown, shrunk = None, 0, 0, 0
        left = args.period - (time.monotonic() - started)
        if left > 0:
            time.sleep(left)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
