#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make test's checks of a short highorder run under the seed load (issue 14).

    check-seed-highorder.py RUN_DIR MERGED_JSON

RUN_DIR is the guest's results directory (highorder.json, load.log);
MERGED_JSON what `pagebulk merge` made of highorder.json and a copy of it.
Checks that the census was collected for every trial (before each call, and
after each all-or-nothing call that came back short), that the load's
knobs are in the document and its regulator wrote its lines, and that the
merge pooled both copies, census and knobs included. Nothing here depends
on how the calls came out (which varies with timing). Prints one line per
check and ends with 'N passed, N failed'.
"""

import json
import os
import sys

ALL_OR_NOTHING = {"cma-whole", "contig-range"}


def main(run_dir, merged_path):
    results = []

    def check(what, ok):
        results.append(bool(ok))
        print(("ok    " if ok else "FAIL  ") + what)

    def load(path):
        try:
            with open(path) as f:
                return json.load(f)
        except (OSError, ValueError) as e:
            print(f"      {path}: {e}")
            return None

    doc = load(os.path.join(run_dir, "highorder.json"))
    check("highorder.json is there and reads", doc is not None)
    trials = (doc or {}).get("trials", [])
    check(f"the document has trials ({len(trials)})", len(trials) > 0)

    def census_ok(c):
        return (isinstance(c, dict) and c.get("endPFN", 0) > c.get("startPFN", 0) and c.get("zoneLow", 0) > 0
                and len(c.get("blocks", [])) > 0)

    check("every trial has a census of the range just before its call",
          trials and all(census_ok(t.get("census")) for t in trials))
    short = [t for t in trials if t["request"]["method"] in ALL_OR_NOTHING
             and t["result"]["obtained"] < t["request"]["count"]]
    check(f"every short all-or-nothing call has a census just after it ({len(short)} short)",
          all(census_ok(t.get("failureCensus")) for t in short))
    check("no other trial has one",
          all("failureCensus" not in t for t in trials if t not in short))

    workload = ((doc or {}).get("parameters") or {}).get("workload") or {}
    knobs = workload.get("knobs") or []
    check("the workload is the seed profile", workload.get("profile") == "seed")
    check(f"the load's knobs are in the document ({len(knobs)} lines), the regulator's among them",
          len(knobs) >= 6 and any("anon regulator" in k for k in knobs))
    try:
        with open(os.path.join(run_dir, "load.log")) as f:
            lines = [line for line in f if line.startswith("anon regulator: free=")]
    except OSError:
        lines = []
    check(f"the regulator logged free memory against the low watermark ({len(lines)} lines in load.log)",
          len(lines) > 0)

    merged = load(merged_path)
    check("pagebulk merge wrote the pooled document", merged is not None)
    pooled = (merged or {}).get("trials", [])
    check(f"the merge pooled both copies' trials ({len(pooled)} of {2 * len(trials)})",
          trials and len(pooled) == 2 * len(trials))
    check("and their censuses, before and after",
          sum(1 for t in pooled if census_ok(t.get("census"))) == 2 * len(trials)
          and sum(1 for t in pooled if "failureCensus" in t) == 2 * len(short))
    check("and the load's knobs",
          ((merged or {}).get("parameters") or {}).get("workload", {}).get("knobs") == knobs)

    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: check-seed-highorder.py RUN_DIR MERGED_JSON", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
