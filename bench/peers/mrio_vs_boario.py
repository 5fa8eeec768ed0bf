#!/usr/bin/python3
"""critmin against BoARIO 0.6.3 on the same seeded synthetic MRIOs (issue 18, item 5).

Runs only when CRITMIN_PEERS names a folder holding BoARIO and pymrio (layout of
shared/peers/README.md: $CRITMIN_PEERS/shim, $CRITMIN_PEERS/BoARIO, $CRITMIN_PEERS/pymrio);
otherwise it prints that it was skipped and exits 0. Needs only /usr/bin/python3 itself; BoARIO's
runs need Debian's numpy and pandas (python3-numpy, python3-pandas).

For each size it writes a dense random MRIO (Z.csv, Y.csv, x.csv in the layout of
tests/data/reference/mrio-test) and a BoARIO scenario (ARIOPsiModel, a recovery event in the first
region's manufactoring and mining), then, interleaved and REPS times:
  - BoARIO: its Simulation.loop() only, timed inside Python (bench/peers/boario_driver.py);
  - critmin simulate --mrio DIR --compat boario --boario-scenario SCEN.json (BoARIO's numerics,
    CSR step) and critmin simulate --mrio DIR --mrio-kernel dense (native mode, dense path, float
    flows), each with 2 threads and with 1 thread (OMP_NUM_THREADS and --threads): the time per step is the wall time of the full
    run minus that of a run of SETUP_STEPS steps (reading the CSV files, set-up), divided by the
    difference in steps, so both sides time the stepping only.
It prints medians and the largest relative difference of production between the two runs.

usage: bench/peers/mrio_vs_boario.py [--sizes 10x20,20x25,25x40] [--steps 365] [--reps 3]
                                     [--critmin-steps N]
                                     [--seed 18] [--critmin build/bin/critmin] [--work DIR]
Environment: CRITMIN_PEERS (required to run), CRITMIN_PEERS_BLAS=reference to leave numpy on
Debian's default BLAS (otherwise OpenBLAS from libopenblas0-pthread is used when installed).
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
SETUP_STEPS = 6  # past the event's occurrence (step 5), so both runs build the same state


def generate(R, S, seed, out):
    """A dense random MRIO with a domestic bias, every Z entry nonzero (BoARIO keeps them all)."""
    os.makedirs(out, exist_ok=True)
    rng = random.Random(seed)
    regions = [f"reg{i + 1:02d}" for i in range(R)]
    # Sorted names: pymrio and BoARIO order industries by region then sector name.
    sectors = ["construction", "manufactoring", "mining"] + [f"s{j:03d}" for j in range(S - 3)]
    cats = ["fd0", "fd1"]
    N = R * S
    rows = [(r, s) for r in regions for s in sectors]
    Z = [[rng.random() * 10.0 * (5 * R if i // S == j // S else 1) for j in range(N)]
         for i in range(N)]
    Y = [[rng.random() * 50.0 * R * S / len(cats) for _ in range(R * len(cats))] for _ in range(N)]
    x = [sum(Z[i]) + sum(Y[i]) for i in range(N)]

    def write(path, M, cols):
        with open(path, "w") as f:
            f.write("region,sector," + ",".join(c[0] for c in cols) + "\n")
            f.write(",," + ",".join(c[1] for c in cols) + "\n")
            for (r, s), row in zip(rows, M):
                f.write(f"{r},{s}," + ",".join(repr(v) for v in row) + "\n")

    write(f"{out}/Z.csv", Z, rows)
    write(f"{out}/Y.csv", Y, [(r, c) for r in regions for c in cats])
    with open(f"{out}/x.csv", "w") as f:
        f.write("region,sector,indout\n")
        for (r, s), v in zip(rows, x):
            f.write(f"{r},{s},{v!r}\n")

    # Event: a quarter of the smaller productive capital (4 x value added) of the first region's
    # manufactoring and mining destroyed, split equally, recovered linearly over 180 days.
    colsum = [sum(Z[i][j] for i in range(N)) for j in range(N)]
    capital = [4 * max(x[j] - colsum[j], 0.0) for j in range(N)]
    i_man, i_min = rows.index((regions[0], "manufactoring")), rows.index((regions[0], "mining"))
    per = round(0.25 * min(capital[i_man], capital[i_min]), 3)
    return {
        "model_class": "ARIOPsiModel",
        "model_parameters": {
            "order_type": "alt", "alpha_base": 1.0, "alpha_max": 1.25, "alpha_tau": 365,
            "rebuild_tau": 60, "main_inv_dur": 90, "monetary_factor": 1000000,
            "temporal_units_by_step": 1, "iotable_year_to_temporal_unit_factor": 365,
            "psi_param": 0.8, "inventory_restoration_tau": 60},
        "simulation": {"n_temporal_units_to_sim": 0},
        "event": {
            "event_type": "recovery", "impact_total": 2 * per,
            "impact_per_industry": {f"{regions[0]}|manufactoring": per,
                                    f"{regions[0]}|mining": per},
            "affected_regions": [regions[0]], "affected_sectors": ["manufactoring", "mining"],
            "recovery_tau": 180, "recovery_function": "linear", "occurrence": 5, "duration": 1,
            "event_monetary_factor": 1000000},
    }


def write_scenario(scen, steps, path):
    s = json.loads(json.dumps(scen))
    s["simulation"]["n_temporal_units_to_sim"] = steps
    with open(path, "w") as f:
        json.dump(s, f, indent=1)


def read_boario_csv(path):
    """pandas' MultiIndex CSV: region row, sector row, index-name row, then step,values..."""
    with open(path) as f:
        regions = f.readline().rstrip("\n").split(",")[1:]
        sectors = f.readline().rstrip("\n").split(",")[1:]
        f.readline()
        rows = [[float(v) for v in line.rstrip("\n").split(",")[1:]] for line in f if line.strip()]
    return [f"{r}|{s}" for r, s in zip(regions, sectors)], rows


def read_critmin_csv(path):
    with open(path) as f:
        labels = f.readline().rstrip("\n").split(",")[1:]
        rows = [[float(v) for v in line.rstrip("\n").split(",")[1:]] for line in f if line.strip()]
    return labels, rows


def max_rel_diff(boario_csv, critmin_csv):
    bl, b = read_boario_csv(boario_csv)
    cl, c = read_critmin_csv(critmin_csv)
    if bl != cl:
        raise SystemExit(f"industries differ between {boario_csv} and {critmin_csv}")
    if len(b) != len(c):
        raise SystemExit(f"{len(b)} BoARIO steps against {len(c)} critmin steps")
    worst = 0.0
    for rb, rc in zip(b, c):
        for vb, vc in zip(rb, rc):
            worst = max(worst, abs(vb - vc) / max(abs(vb), 1e-300))
    return worst


def timed(cmd, env):
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10x20,20x25,25x40", help="regions x sectors, comma-separated")
    ap.add_argument("--steps", type=int, default=365)
    ap.add_argument("--critmin-steps", type=int, default=0,
                    help="steps of critmin's timed runs (default --steps); more steps resolve "
                         "per-step times of well under a millisecond against the noise of reading "
                         "the CSV files")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--critmin", default=os.path.join(HERE, "..", "..", "build", "bin", "critmin"))
    ap.add_argument("--work", default=None, help="scratch folder (default: $TMPDIR/critmin-peers)")
    a = ap.parse_args()

    peers = os.environ.get("CRITMIN_PEERS", "")
    if not peers:
        print("bench/peers/mrio_vs_boario.py: skipped, CRITMIN_PEERS is not set "
              "(set it to a folder with BoARIO and pymrio, see docs/benchmarks.md)")
        return 0
    peers = os.path.abspath(peers)
    for sub in ("shim", "BoARIO", "pymrio"):
        if not os.path.isdir(os.path.join(peers, sub)):
            raise SystemExit(f"CRITMIN_PEERS={peers} has no {sub}/ folder")
    critmin = os.path.abspath(a.critmin)
    if not os.access(critmin, os.X_OK):
        raise SystemExit(f"{critmin} not found: build critmin first (make build)")
    work = os.path.abspath(a.work or os.path.join(os.environ.get("TMPDIR", "/tmp"), "critmin-peers"))
    for sub in ("tmp", "home"):
        os.makedirs(os.path.join(work, sub), exist_ok=True)

    benv = dict(os.environ, PYTHONPATH=":".join(os.path.join(peers, s) for s in ("shim", "BoARIO", "pymrio")),
                TMPDIR=os.path.join(work, "tmp"), HOME=os.path.join(work, "home"))
    if os.environ.get("CRITMIN_PEERS_BLAS") != "reference" and os.path.isdir(OPENBLAS):
        benv["LD_LIBRARY_PATH"] = OPENBLAS + (":" + os.environ["LD_LIBRARY_PATH"]
                                              if os.environ.get("LD_LIBRARY_PATH") else "")
    cenv = {t: dict(os.environ, OMP_NUM_THREADS=str(t)) for t in (2, 1)}

    results, blas = [], "unknown"
    for size in a.sizes.split(","):
        R, S = (int(v) for v in size.lower().split("x"))
        d = os.path.join(work, f"mrio-{R}x{S}-seed{a.seed}")
        scen = generate(R, S, a.seed, d)
        full, setup = os.path.join(d, f"scenario_{a.steps}.json"), os.path.join(d, "scenario_setup.json")
        write_scenario(scen, a.steps, full)
        write_scenario(scen, SETUP_STEPS, setup)
        csteps = a.critmin_steps or a.steps
        timing = full
        if csteps != a.steps:
            timing = os.path.join(d, f"scenario_{csteps}.json")
            write_scenario(scen, csteps, timing)
        bcsv, cdir = os.path.join(d, "boario_production.csv"), d + "-critmin"

        ndir = d + "-critmin-native"

        def critmin_cmd(scenario, threads, extra=(), mode="compat"):
            kind = (["--compat", "boario"] if mode == "compat" else ["--mrio-kernel", "dense"])
            return [critmin, "simulate", "--mrio", d, *kind, "--boario-scenario",
                    scenario, "--threads", str(threads), "--no-progress", "--format", "json", *extra]

        # Correctness first (untimed critmin runs writing their series).
        subprocess.run(critmin_cmd(full, 2, ["--csv", cdir]), env=cenv[2], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(critmin_cmd(full, 2, ["--csv", ndir], "dense"), env=cenv[2], check=True,
                       stdout=subprocess.DEVNULL)
        times = {"boario": [], 2: [], 1: [], "d2": [], "d1": []}
        for rep in range(a.reps):
            out = subprocess.run(
                ["/usr/bin/python3", os.path.join(HERE, "boario_driver.py"), d, full]
                + ([bcsv] if rep == 0 else []), env=benv, check=True, capture_output=True, text=True)
            line = [l for l in out.stdout.splitlines() if l.startswith("BOARIO ")][-1]
            fields = dict(f.split("=", 1) for f in line.split()[1:])
            if fields["crashed"] != "False" or int(fields["steps"]) != a.steps:
                raise SystemExit(f"BoARIO run did not finish: {line}")
            times["boario"].append(float(fields["ms_per_step"]))
            blas = fields["blas"]
            for mode, key in (("compat", ""), ("dense", "d")):
                for t in (2, 1):
                    t_full = timed(critmin_cmd(timing, t, mode=mode), cenv[t])
                    t_setup = timed(critmin_cmd(setup, t, mode=mode), cenv[t])
                    times[f"{key}{t}" if key else t].append(
                        1e3 * (t_full - t_setup) / (csteps - SETUP_STEPS))
        rel = max_rel_diff(bcsv, os.path.join(cdir, "production_realised.csv"))
        rel_native = max_rel_diff(bcsv, os.path.join(ndir, "production_realised.csv"))
        med = {k: statistics.median(v) for k, v in times.items()}
        results.append((R * S, R, S, med, rel, rel_native))
        print(f"  {R * S} industries: BoARIO {times['boario']} ms/step, critmin compat 2 threads "
              f"{[round(v, 4) for v in times[2]]}, 1 thread {[round(v, 4) for v in times[1]]}, "
              f"dense 2 threads {[round(v, 4) for v in times['d2']]}, "
              f"1 thread {[round(v, 4) for v in times['d1']]}", file=sys.stderr, flush=True)

    print(f"critmin vs BoARIO, {a.steps} steps (critmin timed over {a.critmin_steps or a.steps}), "
          f"recovery event, median of {a.reps} interleaved runs, "
          f"seed {a.seed}; BoARIO BLAS: {blas}")
    print("| industries (regions x sectors) | BoARIO ms/step | critmin dense (native) ms/step, "
          "2 / 1 threads | BoARIO / dense, 2 / 1 threads | critmin --compat boario ms/step, "
          "2 / 1 threads | BoARIO / compat, 2 / 1 threads | max rel. diff. of production, "
          "compat / dense |")
    print("|---|---|---|---|---|---|---|")
    for n, R, S, med, rel, rel_native in results:
        print(f"| {n} ({R} x {S}) | {med['boario']:.3g} | {med['d2']:.3g} / {med['d1']:.3g} | "
              f"{med['boario'] / med['d2']:.3g}x / {med['boario'] / med['d1']:.3g}x | "
              f"{med[2]:.3g} / {med[1]:.3g} | "
              f"{med['boario'] / med[2]:.3g}x / {med['boario'] / med[1]:.3g}x | "
              f"{rel:.2g} / {rel_native:.2g} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
