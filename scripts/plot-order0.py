#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Plot an order0.json (pagebulk scenario order0) with gnuplot.

    scripts/plot-order0.py RESULT_DIR

Writes RESULT_DIR/order0-cost.png: per-page cost against batch size,
log-log, one line per call: the median of the samples, with error bars
over its 95% bootstrap interval. The unit is the harness's: instructions
under QEMU -icount, cycles otherwise. RESULT_DIR/order0.dat holds the
figures: per series, lines of "batch median lower upper".

The intervals are the report's (Order0MedianTable in the harness), drawn
the same way draw for draw: each run resampled on its own, whole
iterations, 1000 resamples from SplitMix64 seeded with the harness's seed
xor the run's key, Swift's next(upperBound:), type-7 percentiles. With
numpy the draws are vectorised; without it (or with PAGEBULK_PLOT_NO_NUMPY
set) pure Python takes about a second per run of 1000 iterations, under a
minute for make demo's 45 runs; the icount runs' 30 take no time either
way.
"""
import os
import sys

from plotlib import clock, gnuplot, load

try:  # optional: the same draws, vectorised (a demo run's 45 x 1000 in seconds)
    import numpy
except ImportError:
    numpy = None
if os.environ.get("PAGEBULK_PLOT_NO_NUMPY"):
    numpy = None

SERIES = [
    ("alloc", "single", "single", "alloc_page() loop"),
    ("alloc", "bulk", "bulk", "alloc_pages_bulk_array()"),
    ("free", "single", "single", "__free_page() loop"),
    ("free", "bulk", "bulk", "free_pages_bulk()"),
    ("free", "bulk", "release", "release_pages()"),
]

# BootstrapInterval.defaultSeed and its resamples; Order0Alloc and
# Order0Free in case order, as Order0MedianTable.key numbers them.
SEED = 0x5EEDB007
RESAMPLES = 1000
ALLOC = ["single", "bulk"]
FREE = ["single", "bulk", "release"]
MASK = (1 << 64) - 1


class SplitMix64:
    """PagebulkKit's SplitMix64, as the bootstrap uses it."""

    def __init__(self, seed):
        self.state = seed & MASK

    def below(self, n, count):
        """count draws of Swift's next(upperBound: n): SplitMix64's next()
        and Lemire's multiply, rejecting a low product under 2^64 mod n
        (inlined: this loop is the script's time)."""
        reject = ((1 << 64) - n) % n
        state, out = self.state, []
        while len(out) < count:
            state = (state + 0x9E3779B97F4A7C15) & MASK
            z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            m = (z ^ (z >> 31)) * n
            if m & MASK >= reject:
                out.append(m >> 64)
        self.state = state
        return out


def quantile(values, p):
    """Quantiles.value(at:): type 7, linear between order statistics."""
    s = sorted(values)
    h = (len(s) - 1) * min(1.0, max(0.0, p))
    lo = int(h // 1)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (h - lo) * (s[hi] - s[lo])


def resampled_medians(columns, stream):
    """ResampledMedians: each column's median and its replicates."""
    n = len(columns[0])
    rng = SplitMix64(stream)
    replicates = [[] for _ in columns]
    for _ in range(RESAMPLES):
        rows = rng.below(n, n)
        for c, column in enumerate(columns):
            drawn = sorted(column[i] for i in rows)
            replicates[c].append((drawn[(n - 1) // 2] + drawn[n // 2]) / 2)
    return [quantile(c, 0.5) for c in columns], replicates


def resampled_medians_numpy(columns, stream):
    """resampled_medians() with numpy: SplitMix64's k-th output depends on
    k alone, so every draw is computed at once; the 128-bit product of
    Lemire's method from 32-bit halves. None where a draw would have been
    rejected (odds n / 2^64): the loop then draws them one by one."""
    n = len(columns[0])
    k = numpy.arange(1, RESAMPLES * n + 1, dtype=numpy.uint64)
    z = numpy.uint64(stream) + k * numpy.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> numpy.uint64(30))) * numpy.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> numpy.uint64(27))) * numpy.uint64(0x94D049BB133111EB)
    z ^= z >> numpy.uint64(31)
    un = numpy.uint64(n)
    if (z * un < numpy.uint64(((1 << 64) - n) % n)).any():
        return None
    lo, hi = z & numpy.uint64(0xFFFFFFFF), z >> numpy.uint64(32)
    rows = ((hi * un + ((lo * un) >> numpy.uint64(32))) >> numpy.uint64(32)).astype(numpy.intp)
    rows = rows.reshape(RESAMPLES, n)
    replicates = []
    for column in columns:
        drawn = numpy.sort(numpy.asarray(column, dtype=numpy.float64)[rows], axis=1)
        replicates.append(((drawn[:, (n - 1) // 2] + drawn[:, n // 2]) / 2).tolist())
    return [quantile(c, 0.5) for c in columns], replicates


def per_page(run):
    """{"alloc": (median, lower, upper), "free": ...} per page, or None."""
    samples, batch = run["samples"], run["batch"]
    if not samples or batch <= 0:
        return None
    key = batch << 16 | ALLOC.index(run["alloc"]) << 8 | FREE.index(run["free"])
    columns = [[float(s["allocCycles"]) for s in samples], [float(s["freeCycles"]) for s in samples]]
    fast = resampled_medians_numpy(columns, SEED ^ key) if numpy is not None else None
    medians, replicates = fast or resampled_medians(columns, SEED ^ key)
    out = {}
    for half, median, reps in zip(("alloc", "free"), medians, replicates):
        reps = [r / batch for r in reps]
        out[half] = (median / batch, quantile(reps, 0.025), quantile(reps, 0.975))
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    run_dir = sys.argv[1]
    doc = load(os.path.join(run_dir, "order0.json"))
    costs = {}
    for run in doc["runs"]:
        key = (run["alloc"], run["free"], run["batch"])
        if key not in costs:  # the report takes a combination's first run too
            costs[key] = per_page(run)
    dat = os.path.join(run_dir, "order0.dat")
    with open(dat, "w") as f:
        for half, alloc, free, label in SERIES:
            f.write(f"# {label}: batch, median per page, 95% bootstrap interval\n")
            for (a, fr, batch), cost in sorted(costs.items(), key=lambda kv: kv[0][2]):
                if a == alloc and fr == free and cost is not None:
                    f.write("{} {!r} {!r} {!r}\n".format(batch, *cost[half]))
            f.write("\n\n")
    time_base = clock(doc)
    icount = doc["context"].get("accel") == "tcg-icount"
    unit = "instructions (QEMU icount)" if icount else f"cycles ({time_base})"
    plots = ", ".join(f"'{dat}' index {i} using 1:2:3:4 with yerrorlines title '{label}'"
                      for i, (_, _, _, label) in enumerate(SERIES))
    script = f"""
set terminal pngcairo size 900,560 noenhanced
set logscale xy
set xlabel 'batch size (pages)'
set ylabel '{unit} per page, median'
set key outside right
set grid
set bars small
set output '{run_dir}/order0-cost.png'
set title 'order-0 cost per page, 6.12 + pagebulk (median, 95% bootstrap interval)'
plot {plots}
"""
    gnuplot(script)
    print(f"wrote {run_dir}/order0-cost.png")


if __name__ == "__main__":
    main()
