#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Plot an order0.json (pagebulk scenario order0) with gnuplot.

    scripts/plot-order0.py RESULT_DIR

Writes RESULT_DIR/order0-cost.png: per-page cost in cycles (mean of the
samples) against batch size, log-log, one line per call, as Mel Gorman's
2017 table has them.
"""
import os
import sys

from plotlib import clock, gnuplot, load

SERIES = [
    ("alloc", "single", "single", "alloc_page() loop"),
    ("alloc", "bulk", "bulk", "alloc_pages_bulk_array()"),
    ("free", "single", "single", "__free_page() loop"),
    ("free", "bulk", "bulk", "free_pages_bulk()"),
    ("free", "bulk", "release", "release_pages()"),
]


def per_page(run, half):
    samples = run["samples"]
    key = half + "Cycles"
    return sum(s[key] for s in samples) / len(samples) / run["batch"] if samples else None


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    run_dir = sys.argv[1]
    doc = load(os.path.join(run_dir, "order0.json"))
    dat = os.path.join(run_dir, "order0.dat")
    with open(dat, "w") as f:
        for half, alloc, free, label in SERIES:
            f.write(f"# {label}\n")
            for run in sorted(doc["runs"], key=lambda r: r["batch"]):
                if run["alloc"] == alloc and run["free"] == free:
                    cost = per_page(run, half)
                    if cost is not None:
                        f.write(f"{run['batch']} {cost}\n")
            f.write("\n\n")
    time_base = clock(doc)
    plots = ", ".join(f"'{dat}' index {i} using 1:2 with linespoints title '{label}'"
                      for i, (_, _, _, label) in enumerate(SERIES))
    script = f"""
set terminal pngcairo size 900,560 noenhanced
set logscale xy
set xlabel 'batch size (pages)'
set ylabel 'cycles per page ({time_base})'
set key outside right
set grid
set output '{run_dir}/order0-cost.png'
set title 'order-0 allocation and free cost per page, 6.12 + pagebulk ({time_base})'
plot {plots}
"""
    gnuplot(script)
    print(f"wrote {run_dir}/order0-cost.png")


if __name__ == "__main__":
    main()
