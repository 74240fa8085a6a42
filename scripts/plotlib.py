# SPDX-License-Identifier: GPL-2.0
"""What the plot-*.py scripts share: reading a result, naming a method and
the clock its latencies are in, and running gnuplot."""
import json
import subprocess


def load(path):
    with open(path) as f:
        return json.load(f)


def clock(doc):
    """The time base of a result's latencies, as the harness labels it."""
    return "KVM" if doc["context"].get("accel") == "kvm" else "QEMU TCG"


def label(request):
    """A request's method with its mode, as AllocRequest.label in Swift."""
    return request["method"] + ("" if request["mode"] == "default" else "/" + request["mode"])


def gnuplot(script):
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
