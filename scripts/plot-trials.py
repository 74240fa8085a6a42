#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Plot a scenario's trials (highorder.json, baseline.json) with gnuplot.

    scripts/plot-trials.py RESULT_JSON

Writes, next to RESULT_JSON, NAME-latency-cdf.png (the share of trials
done by a given latency, per method, log time axis) and NAME-yield.png
(pieces obtained in each trial, per method).
"""
import os
import sys

from plotlib import clock, gnuplot, label, load


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = sys.argv[1]
    doc = load(path)
    base = os.path.splitext(path)[0]
    by_label = {}
    for t in doc["trials"]:
        req, res = t["request"], t["result"]
        by_label.setdefault(label(req), []).append((t["trial"], res["obtained"], res["elapsedNs"] / 1e6))
    labels = sorted(by_label)
    dat = base + "-trials.dat"
    with open(dat, "w") as f:
        for name in labels:
            rows = sorted(by_label[name])
            f.write(f"# {name}: trial obtained ms share\n")
            times = sorted(ms for _, _, ms in rows)
            for i, (trial, obtained, _) in enumerate(rows):
                f.write(f"{trial + 1} {obtained} {times[i]} {(i + 1) / len(times)}\n")
            f.write("\n\n")
    time_base = clock(doc)
    name = doc["scenario"]
    cdf = ", ".join(f"'{dat}' index {i} using 3:4 with steps title '{l}'" for i, l in enumerate(labels))
    yld = ", ".join(f"'{dat}' index {i} using 1:2 with linespoints title '{l}'" for i, l in enumerate(labels))
    script = f"""
set terminal pngcairo size 900,560 noenhanced
set key outside right
set grid
set output '{base}-latency-cdf.png'
set logscale x
set xlabel 'latency, ms ({time_base}: compare within this plot only)'
set ylabel 'share of trials done'
set yrange [0:1.05]
set title '{name}: latency CDF per method'
plot {cdf}
set output '{base}-yield.png'
unset logscale x
set xlabel 'trial'
set ylabel 'pieces obtained'
set yrange [0:*]
set title '{name}: yield per trial of {doc["parameters"].get("count", "?")} x order-{doc["parameters"].get("order", "?")}'
plot {yld}
"""
    gnuplot(script)
    print(f"wrote {base}-latency-cdf.png {base}-yield.png")


if __name__ == "__main__":
    main()
