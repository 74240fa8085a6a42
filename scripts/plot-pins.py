#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Plot a pins.json (pagebulk scenario pins) with gnuplot.

    scripts/plot-pins.py RESULT_DIR

Reads RESULT_DIR/pins.json and writes pins-yield.png (pieces obtained per
trial against K, one line per method: the median) and pins-latency.png
(median latency against K, log scale, labelled QEMU TCG, with the 95%
bootstrap interval the harness wrote into the document's summary as
whiskers; documents from before schema 2 have none). Only the centres
sweep over K is plotted: the random, clustered and transient groups
(trials with a "pinGroup") are tables in the scenario's output.
"""
import os
import statistics
import sys

from plotlib import clock, gnuplot, label, load


def series(doc):
    """{label: {K: (median yield, median ms)}} from the raw trials."""
    out = {}
    for t in doc["trials"]:
        if t.get("pinGroup") is not None:
            continue
        # schema 2 types K; schema 1 wrote it as a "pins=K" group
        k = t["pins"] if "pins" in t else int(t["group"].split("=")[1])
        req, res = t["request"], t["result"]
        out.setdefault(label(req), {}).setdefault(k, []).append((res["obtained"], res["elapsedNs"] / 1e6))
    return {label: {k: (statistics.median(y for y, _ in v), statistics.median(ms for _, ms in v))
                    for k, v in ks.items()}
            for label, ks in out.items()}


def intervals(doc):
    """{(label, K): (low ms, high ms)} from the harness's summary, which
    computed them (statistics live in one place: PagebulkReport)."""
    out = {}
    for s in doc.get("summary", []):
        i = (s.get("latencyNs") or {}).get("medianInterval")
        if i is not None and s.get("pins") is not None and s.get("pinGroup") is None:
            out[(s["label"], s["pins"])] = (i["lower"] / 1e6, i["upper"] / 1e6)
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    run = sys.argv[1]
    doc = load(os.path.join(run, "pins.json"))
    data = series(doc)
    whiskers = intervals(doc)
    labels = sorted(data)
    dat = os.path.join(run, "pins.dat")
    with open(dat, "w") as f:
        for i, label in enumerate(labels):
            f.write(f"# {label}\n")
            for k in sorted(data[label]):
                y, ms = data[label][k]
                low, high = whiskers.get((label, k), (ms, ms))
                # K = 0 sits at 0.5 on the log axis.
                f.write(f"{max(k, 0.5)} {y} {ms} {low} {high}\n")
            f.write("\n\n")
    time_base = clock(doc)
    count = doc["parameters"].get("count", "?")
    plots = ", ".join(f"'{dat}' index {i} using 1:{{col}} with {{style}} title '{label}'"
                      for i, label in enumerate(labels))
    script = f"""
set terminal pngcairo size 900,560 noenhanced
set logscale x
set xlabel 'pinned pages K (0 drawn at 0.5)'
set key outside right
set grid
set output '{run}/pins-yield.png'
set title 'pieces obtained (median of trials) of {count} x order-{doc["parameters"].get("order", "?")}'
plot {plots.format(col=2, style="linespoints")}
set output '{run}/pins-latency.png'
set logscale y
set ylabel 'median latency, ms ({time_base})'
set title 'latency against pinned pages ({time_base} time; whiskers: 95% interval)'
plot {plots.format(col="3:4:5", style="yerrorlines")}
"""
    gnuplot(script)
    print(f"wrote {run}/pins-yield.png {run}/pins-latency.png")


if __name__ == "__main__":
    main()
