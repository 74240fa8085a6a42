#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Per-function instruction profile from libprof.so outputs (tools/free-profile).

For every OUTDIR/<method>-<rep>/prof.txt: attribute each counted instruction
address to its function (System.map for the kernel; for the test module
the addresses its init printed plus the .ko's symbol sizes), divide by the
number of pages freed (windows x batch), and print per-method tables, the
repeat check and the free_pages_bulk - loop difference.
"""
import argparse, bisect, collections, glob, os, re, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument('--map', required=True)
ap.add_argument('--ko', required=True)
ap.add_argument('--batch', type=int, default=128)
ap.add_argument('--top', type=int, default=18)
ap.add_argument('outdir')
a = ap.parse_args()

syms = []
for line in open(a.map):
    addr, t, name = line.split()[:3]
    if t in 'tTwW':
        syms.append((int(addr, 16), name))
syms.sort()
saddr = [s[0] for s in syms]
etext = next(int(l.split()[0], 16) for l in open(a.map) if l.split()[2] == '_etext')

kosz = {}
for line in subprocess.run(['nm', '-S', a.ko], capture_output=True, text=True).stdout.splitlines():
    f = line.split()
    if len(f) == 4 and f[2] in 'tT':
        kosz[f[3]] = int(f[1], 16)

def load(d):
    dm = open(os.path.join(d, 'output')).read()
    m = re.search(r'pbprof_free ([0-9a-f]+) pbprof_init ([0-9a-f]+)', dm)
    if not m:
        sys.exit('%s: no pbprof line in output (did the module load?)' % d)
    short = re.search(r'short=(\d+)', dm)
    if not short or short.group(1) != '0':
        sys.exit('%s: some batches were allocated short: per-page figures would be wrong' % d)
    mod = [(int(m.group(1), 16), kosz['pbprof_free'], 'pbprof_free [module]'),
           (int(m.group(2), 16), kosz['pbprof_init'], 'pbprof_init [module]')]
    cyc = re.search(r'median (\d+) min', dm)
    wins, per = [], collections.Counter()
    for line in open(os.path.join(d, 'prof.txt')):
        if line[0] == 'W':
            wins.append(int(line.split()[1]))
        elif line[0] == 'I':
            _, ad, n = line.split()
            ad = int(ad, 16)
            name = None
            for base, size, nm in mod:
                if base <= ad < base + size:
                    name = nm
            if name is None:
                if saddr[0] <= ad < etext:
                    name = syms[bisect.bisect_right(saddr, ad) - 1][1]
                else:
                    name = 'other (%x)' % (ad >> 12 << 12)
            per[name] += int(n)
    if not wins:
        sys.exit('%s: no counting window in prof.txt' % d)
    wins.sort()
    return dict(wins=wins, per=per, median=wins[len(wins) // 2], cyc=int(cyc.group(1)) if cyc else None)

runs = {}
for d in sorted(glob.glob(os.path.join(a.outdir, '*-[0-9]'))):
    if os.path.exists(os.path.join(d, 'prof.txt')):
        runs[os.path.basename(d)] = load(d)

def perpage(r):
    pages = len(r['wins']) * a.batch
    return {k: v / pages for k, v in r['per'].items()}

print('# per-function instructions per page (all windows; mean = total / (windows x %d))' % a.batch)
methods = []
for name in ('loop', 'bulk', 'release'):
    reps = sorted(k for k in runs if k.startswith(name + '-'))
    if not reps:
        continue
    methods.append(name)
    r = runs[reps[0]]
    pp = perpage(r)
    tot = sum(pp.values())
    print('\n## %s (%s): %d windows; window median %d = %.2f/page; module get_cycles median %s = %.2f/page; mean %.2f/page'
          % (name, reps[0], len(r['wins']), r['median'], r['median'] / a.batch, r['cyc'],
             (r['cyc'] or 0) / a.batch, tot))
    hist = collections.Counter(r['wins'])
    print('   window counts (count x windows): ' + ', '.join('%d x%d' % (k, v) for k, v in sorted(hist.items(), key=lambda kv: -kv[1])[:6]))
    print('%-36s %10s %7s' % ('function', 'insn/page', 'share'))
    for k, v in sorted(pp.items(), key=lambda kv: -kv[1])[:a.top]:
        print('%-36s %10.2f %6.1f%%' % (k, v, 100 * v / tot))
    rest = sum(v for k, v in sorted(pp.items(), key=lambda kv: -kv[1])[a.top:])
    print('%-36s %10.2f' % ('(others)', rest))
    print('%-36s %10.2f' % ('total', tot))
    for rep in reps[1:]:
        r2 = runs[rep]
        pp2 = perpage(r2)
        same_w = r2['wins'] == r['wins']
        mode1 = collections.Counter(r['wins']).most_common(1)[0]
        mode2 = collections.Counter(r2['wins']).most_common(1)[0]
        keys = set(pp) | set(pp2)
        big = [k for k in keys if max(pp.get(k, 0), pp2.get(k, 0)) >= 1]
        dbig = max(abs(pp.get(k, 0) - pp2.get(k, 0)) for k in big)
        print('   repeat %s: window median %d (%s), commonest window %d x%d (first boot %d x%d); '
              'functions with >= 1 insn/page: largest difference %.4f insn/page; total %.2f (first %.2f); '
              'every window identical: %s'
              % (rep, r2['median'], 'same' if r2['median'] == r['median'] else 'DIFFERENT',
                 mode2[0], mode2[1], mode1[0], mode1[1], dbig, sum(pp2.values()), tot,
                 'yes' if same_w else 'no (interrupts land in other windows)'))

def diff(x, y):
    px, py = perpage(runs[x + '-1']), perpage(runs[y + '-1'])
    print('\n## %s minus %s, instructions per page, by function (|diff| >= 0.05)' % (x, y))
    print('%-36s %9s %9s %9s' % ('function', x, y, 'diff'))
    rows = [(k, px.get(k, 0), py.get(k, 0)) for k in set(px) | set(py)]
    rows.sort(key=lambda r: -(r[1] - r[2]))
    for k, vx, vy in rows:
        if abs(vx - vy) >= 0.05:
            print('%-36s %9.2f %9.2f %+9.2f' % (k, vx, vy, vx - vy))
    print('%-36s %9.2f %9.2f %+9.2f' % ('total', sum(px.values()), sum(py.values()), sum(px.values()) - sum(py.values())))

if 'bulk' in methods and 'loop' in methods:
    diff('bulk', 'loop')
if 'release' in methods and 'bulk' in methods:
    diff('release', 'bulk')
