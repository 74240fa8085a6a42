#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Plot the two boots of the fragmentation scenario with gnuplot.

    scripts/plot-fragmentation.py ALLOC_PAGES_DIR COMPACT_DIR OUT_PNG

Free blocks per order (buddyinfo, all zones summed) after the run, the
alloc_page boot and the alloc_pages_compact boot side by side, and the
Unmovable free blocks per order from pagetypeinfo.
"""
import os
import sys

from plotlib import gnuplot, load


def load_run(run_dir):
    name = [f for f in os.listdir(run_dir) if f.startswith("fragmentation-") and f.endswith(".json")]
    if len(name) != 1:
        sys.exit(f"{run_dir}: expected one fragmentation-*.json")
    return load(os.path.join(run_dir, name[0]))


def orders(snapshot):
    total = [0] * 11
    for zone in snapshot["buddyinfo"]["zones"]:
        for i, n in enumerate(zone["freeBlocks"][:11]):
            total[i] += n
    unmovable = [0] * 11
    for row in (snapshot.get("pagetypeinfo") or {}).get("freeCounts", []):
        if row["migratetype"] == "Unmovable":
            for i, c in enumerate(row["counts"][:11]):
                unmovable[i] += c["value"]
    return total, unmovable


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    a, b, out = load_run(sys.argv[1]), load_run(sys.argv[2]), sys.argv[3]
    ta, ua = orders(a["after"])
    tb, ub = orders(b["after"])
    dat = out + ".dat"
    with open(dat, "w") as f:
        f.write("order all_alloc_page all_compact unmovable_alloc_page unmovable_compact\n")
        for o in range(11):
            f.write(f"{o} {ta[o]} {tb[o]} {ua[o]} {ub[o]}\n")
    script = f"""
set terminal pngcairo size 1000,520 noenhanced
set output '{out}'
set multiplot layout 1,2
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set yrange [0.5:*]
set xlabel 'order'
set grid ytics
set key top right
set title 'free blocks per order after the run (buddyinfo)'
plot '{dat}' using 2:xtic(1) title 'alloc_page', '' using 3 title 'alloc_pages_compact'
set title 'Unmovable free blocks per order (pagetypeinfo)'
plot '{dat}' using 4:xtic(1) title 'alloc_page', '' using 5 title 'alloc_pages_compact'
unset multiplot
"""
    gnuplot(script)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
