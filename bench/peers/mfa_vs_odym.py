#!/usr/bin/python3
"""critmin's dynamic stock model against ODYM's on the same seeded inflows (issue 18, item 5).

Runs only when CRITMIN_PEERS names a folder holding ODYM (layout of shared/peers/README.md:
$CRITMIN_PEERS/ODYM/src/odym) and the Python package is built (`make python`, build/python);
otherwise it prints that it was skipped and exits 0. Needs Debian's numpy and pandas.

For each horizon T it draws a seeded yearly inflow and, interleaved and REPS times, times in one
Python process per tool:
  - ODYM: DynamicStockModel, inflow-driven, normal lifetime (survival table, cohort stock,
    outflow, totals), on a fresh model each time;
  - critmin: critmin.mfa_stock(inflow, lifetime="normal:MEAN:SD") through the Python package
    (the same library as `critmin mfa stock`; the call's conversion to and from pandas included).
Both sides are timed inside Python around the model call only (no process start, no import).
It prints medians, the ratio and the largest relative difference of stock and outflow.

usage: bench/peers/mfa_vs_odym.py [--years 100,200,400,1000] [--reps 5] [--mean 12] [--sd 4]
                                  [--seed 8] [--work DIR]
"""
import argparse
import os
import random
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# One driver for both tools: reads the inflow CSV, times REPS model runs, writes the last result.
DRIVER = r'''
import sys, time
tool, path, mean, sd, reps, out = sys.argv[1:7]
mean, sd, reps = float(mean), float(sd), int(reps)
rows = [l.split(",") for l in open(path).read().splitlines()[1:] if l.strip()]
years = [int(r[0]) for r in rows]
inflow = [float(r[1]) for r in rows]
import numpy as np
import pandas as pd
times = []
if tool == "odym":
    import odym.dynamic_stock_model as dsm
    T = len(years)
    for _ in range(reps):
        a = time.perf_counter()
        m = dsm.DynamicStockModel(t=np.arange(T), i=np.array(inflow),
                                  lt={"Type": "Normal", "Mean": np.full(T, mean),
                                      "StdDev": np.full(T, sd)})
        m.compute_s_c_inflow_driven()
        m.compute_o_c_from_s_c()
        stock = m.compute_stock_total()
        outflow = m.compute_outflow_total()
        times.append(time.perf_counter() - a)
else:
    import critmin
    series = pd.Series(inflow, index=years)
    for _ in range(reps):
        a = time.perf_counter()
        r = critmin.mfa_stock(series, lifetime=f"normal:{mean!r}:{sd!r}")
        times.append(time.perf_counter() - a)
    stock, outflow = r["stock"].to_numpy(), r["outflow"].to_numpy()
with open(out, "w") as f:
    f.write("year,stock,outflow\n")
    for y, s, o in zip(years, stock, outflow):
        f.write(f"{y},{float(s)!r},{float(o)!r}\n")
print(f"TIMES {' '.join(repr(t) for t in times)}")
'''


def read(path):
    rows = [l.split(",") for l in open(path).read().splitlines()[1:] if l.strip()]
    return [(float(r[1]), float(r[2])) for r in rows]


def max_rel_diff(a_path, b_path):
    a, b = read(a_path), read(b_path)
    if len(a) != len(b):
        raise SystemExit(f"{len(a)} years against {len(b)}")
    scale = max(max(abs(v) for row in a for v in row), 1e-300)
    return max(abs(x - y) for ra, rb in zip(a, b) for x, y in zip(ra, rb)) / scale


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", default="100,200,400,1000")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--mean", type=float, default=12.0)
    ap.add_argument("--sd", type=float, default=4.0)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--work", default=os.path.join(ROOT, "build", "bench-data", "odym"))
    a = ap.parse_args()
    peers = os.environ.get("CRITMIN_PEERS", "")
    odym = os.path.join(peers, "ODYM", "src")
    package = os.path.join(ROOT, "build", "python")
    if not peers or not os.path.isdir(os.path.join(odym, "odym")):
        print("bench/peers/mfa_vs_odym.py: skipped (set CRITMIN_PEERS to a folder with ODYM/src/odym; "
              "see shared/peers/README.md)")
        return 0
    if not os.path.isdir(os.path.join(package, "critmin")):
        print("bench/peers/mfa_vs_odym.py: skipped (build the Python package first: make python)")
        return 0
    os.makedirs(a.work, exist_ok=True)
    driver = os.path.join(a.work, "driver.py")
    with open(driver, "w") as f:
        f.write(DRIVER)
    env = {"odym": dict(os.environ, PYTHONPATH=odym), "critmin": dict(os.environ, PYTHONPATH=package)}
    results = []
    for T in (int(v) for v in a.years.split(",")):
        rng = random.Random(a.seed * 1000003 + T)
        path = os.path.join(a.work, f"inflow-{T}.csv")
        with open(path, "w") as f:
            f.write("year,inflow\n")
            level = 100.0
            for k in range(T):
                level = max(level * (1.0 + rng.gauss(0.02, 0.08)), 1.0)
                f.write(f"{2000 + k},{level!r}\n")
        med, outs = {}, {}
        for tool in ("odym", "critmin"):
            outs[tool] = os.path.join(a.work, f"{tool}-{T}.csv")
            run = subprocess.run(["/usr/bin/python3", driver, tool, path, str(a.mean), str(a.sd),
                                  str(a.reps), outs[tool]], env=env[tool], check=True,
                                 capture_output=True, text=True)
            line = [l for l in run.stdout.splitlines() if l.startswith("TIMES ")][-1]
            med[tool] = 1e3 * statistics.median(float(v) for v in line.split()[1:])
        results.append((T, med, max_rel_diff(outs["odym"], outs["critmin"])))
    print(f"critmin (Python package) vs ODYM, inflow-driven model, normal lifetime "
          f"(mean {a.mean}, sd {a.sd}), median of {a.reps} runs, seed {a.seed}")
    print("| years | ODYM ms | critmin ms | ODYM / critmin | max rel. diff. of stock and outflow |")
    print("|---|---|---|---|---|")
    for T, med, rel in results:
        print(f"| {T} | {med['odym']:.3g} | {med['critmin']:.3g} | {med['odym'] / med['critmin']:.3g}x "
              f"| {rel:.2g} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
