#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Plot the boots of the fragmentation scenario with gnuplot.

    scripts/plot-fragmentation.py OUT_PNG RUN_DIR...

Each RUN_DIR holds one boot's fragmentation-METHOD.json. Left: the
unmovable-block ratio (pageblocks holding unmovable pages per block the
driver's pages need) after the fill and after every churn round, one line
per boot, coloured by method: does it level off? Right: free blocks per
order after the run (buddyinfo, all zones), the first boot of each method.
Boots recorded before the churn samples existed draw only the right panel.
"""
import os
import sys

from plotlib import gnuplot, load

COLOURS = {"alloc-pages": "#1f77b4", "bulk-array": "#2ca02c", "compact": "#d62728"}


def load_run(run_dir):
    name = [f for f in os.listdir(run_dir) if f.startswith("fragmentation-") and f.endswith(".json")]
    if len(name) != 1:
        sys.exit(f"{run_dir}: expected one fragmentation-*.json")
    return load(os.path.join(run_dir, name[0]))


def ratios(doc):
    """(round, ratio) per churn sample, as ChurnSample.unmovableBlockRatio."""
    out = []
    for s in doc.get("samples", []):
        tally = s["tally"]
        per = tally["pagesPerBlock"]
        minimum = -(-s["heldPages"] // per) if per else 0
        if minimum:
            out.append((s["round"], tally["unmovableBlocks"] / minimum))
    return out


def free_blocks(snapshot):
    total = [0] * 11
    for zone in snapshot["buddyinfo"]["zones"]:
        for i, n in enumerate(zone["freeBlocks"][:11]):
            total[i] += n
    return total


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, dirs = sys.argv[1], sys.argv[2:]
    runs = [load_run(d) for d in dirs]
    methods = []
    for r in runs:
        if r["driver"]["method"] not in methods:
            methods.append(r["driver"]["method"])
    # One data file, a block per boot (gnuplot's index), two blank lines apart.
    plots = []
    dat = out + ".rounds.dat"
    with open(dat, "w") as f:
        for i, r in enumerate(runs):
            series = ratios(r)
            if not series:
                continue
            f.writelines(f"{rnd} {ratio}\n" for rnd, ratio in series)
            f.write("\n\n")
            method = r["driver"]["method"]
            first = runs.index(next(x for x in runs if x["driver"]["method"] == method)) == i
            title = f"title '{method}'" if first else "notitle"
            plots.append(f"'{dat}' index {len(plots)} using 1:2 with linespoints "
                         f"lc rgb '{COLOURS.get(method, '#000000')}' {title}")
    bars = out + ".orders.dat"
    firsts = [next(r for r in runs if r["driver"]["method"] == m) for m in methods]
    with open(bars, "w") as f:
        f.write("order " + " ".join(methods) + "\n")
        columns = [free_blocks(r["after"]) for r in firsts]
        for o in range(11):
            f.write(f"{o} " + " ".join(str(c[o]) for c in columns) + "\n")
    histogram = ", ".join(
        f"'{bars}' using {i + 2}{':xtic(1)' if i == 0 else ''} lc rgb '{COLOURS.get(m, '#000000')}' title '{m}'"
        for i, m in enumerate(methods))
    left = ""
    if plots:
        left = f"""
set title 'pageblocks with unmovable pages / minimum the driver needs'
set xlabel 'churn round (0 = fill)'
set ylabel 'ratio'
set grid
plot {", ".join(plots)}
"""
    script = f"""
set terminal pngcairo size 1100,480 noenhanced
set output '{out}'
set multiplot layout 1,{2 if plots else 1}
set key top right
{left}
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set yrange [0.5:*]
set xlabel 'order'
set ylabel 'free blocks'
set grid ytics
set title 'free blocks per order after the run (first boot of each)'
plot {histogram}
unset multiplot
"""
    gnuplot(script)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
