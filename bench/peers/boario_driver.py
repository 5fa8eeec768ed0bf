"""Runs BoARIO (ARIOPsiModel) on one folder written by mrio_vs_boario.py and times its loop only.

usage: /usr/bin/python3 boario_driver.py MRIO_DIR SCENARIO.json [OUT_CSV]
Needs BoARIO and pymrio importable (mrio_vs_boario.py sets PYTHONPATH from $CRITMIN_PEERS).
Prints one line: BOARIO industries=N steps=S loop_s=... ms_per_step=... blas=LIB
With OUT_CSV, writes BoARIO's production_realised table there after the timed loop.
This file only calls BoARIO's public API; none of BoARIO's code is copied here.
"""
import json
import logging
import os
import sys
import time
import warnings

import pandas as pd
import pymrio

warnings.simplefilter("ignore")
logging.getLogger("boario").setLevel(logging.WARNING)
from boario import event  # noqa: E402
from boario.extended_models import ARIOPsiModel  # noqa: E402
from boario.simulation import Simulation  # noqa: E402


def blas_in_use():
    """The BLAS shared library numpy actually loaded (from this process's memory map)."""
    libs = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "blas" in os.path.basename(path).lower():
                libs.add(path)
    return ";".join(sorted(libs)) or "unknown"


def main():
    folder, scen_path = sys.argv[1], sys.argv[2]
    out_csv = sys.argv[3] if len(sys.argv) > 3 else None
    scen = json.load(open(scen_path))
    mp, ev, steps = scen["model_parameters"], scen["event"], scen["simulation"]["n_temporal_units_to_sim"]

    rd = dict(header=[0, 1], index_col=[0, 1], float_precision="round_trip")
    Z = pd.read_csv(f"{folder}/Z.csv", **rd)
    Y = pd.read_csv(f"{folder}/Y.csv", **rd)
    x = pd.read_csv(f"{folder}/x.csv", index_col=[0, 1], float_precision="round_trip")
    idx = pd.MultiIndex.from_tuples(list(Z.index), names=["region", "sector"])
    Z.index = idx
    Z.columns = pd.MultiIndex.from_tuples(list(Z.columns), names=["region", "sector"])
    Y.index = idx
    Y.columns = pd.MultiIndex.from_tuples(list(Y.columns), names=["region", "category"])
    x.index = idx
    x.columns = ["indout"]
    io = pymrio.IOSystem(Z=Z, Y=Y, name="synthetic")
    io.x = x
    io.A = pymrio.calc_A(Z, x)

    model = ARIOPsiModel(io, **mp)
    tmp = os.environ.get("TMPDIR", "/tmp")
    sim = Simulation(model, n_temporal_units_to_sim=steps, boario_output_dir=f"{tmp}/boario_out")
    sim.add_event(event.from_scalar_regions_sectors(
        impact=ev["impact_total"], event_type="recovery", recovery_tau=ev["recovery_tau"],
        recovery_function=ev["recovery_function"], affected_regions=ev["affected_regions"],
        affected_sectors=ev["affected_sectors"], impact_regional_distrib="equal",
        impact_sectoral_distrib="equal", occurrence=ev["occurrence"], duration=ev["duration"],
        event_monetary_factor=ev["event_monetary_factor"]))
    t0 = time.perf_counter()
    sim.loop()
    t1 = time.perf_counter()
    done = sim.n_temporal_units_simulated
    print(f"BOARIO industries={model.n_industries} steps={done} crashed={sim.has_crashed} "
          f"loop_s={t1 - t0:.4f} ms_per_step={1e3 * (t1 - t0) / max(done, 1):.4f} "
          f"blas={blas_in_use()}", flush=True)
    if out_csv:
        sim.production_realised.to_csv(out_csv)


if __name__ == "__main__":
    main()
