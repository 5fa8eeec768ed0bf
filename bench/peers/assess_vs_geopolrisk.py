#!/usr/bin/python3
"""critmin's GeoPolRisk against geopolrisk-py 2.0 on the same generated tables (issue 18, item 5).

Runs only when CRITMIN_PEERS names a folder holding geopolrisk-py's sources
($CRITMIN_PEERS/geopolrisk-py/src/geopolrisk, layout of shared/peers/README.md) and Debian's pandas,
tqdm and openpyxl are installed; otherwise it prints that it was skipped and exits 0.

What it does, in one run:
  1. `critmin-gen-trade` writes seeded raw tables (trade.csv: every ordered pair of 236 countries
     for each of K commodities, one year; production.csv; wgi.csv), the tables `critmin assess`
     reads.
  2. The same numbers are written into the three SQLite databases geopolrisk-py reads from its
     `lib` folder, in a scratch copy of the package (its sources are not changed):
       - baci.db: `baci_trade` (t, i = exporter, j = importer, k = HS code, v, q), BACI's country
         table and the WGI weights (2.5 - PS) / 5 (G2) in the `v_wgi_year_country` view its query
         joins. The country and WGI tables get primary keys: without them the database load's
         correlated sub-queries scan both tables once per trade row;
       - world_mining_data.db: its own file with, for the first K materials of its `HS Code Map`,
         the table replaced by the generated production of one commodity and the HS code by a
         code of that commodity (other materials are dropped from the map, so geopolrisk-py does
         no work for them); `Country_ISO` lists the 236 countries;
       - wgi.db: its own file (read at import, used only for company assessments).
  3. Interleaved REPS times: geopolrisk-py (a fresh Python process: import, which loads the
     databases, then `gprs_calc` for every economy x commodity, as a user calls it) and
     `critmin assess --method geopolrisk` (a fresh process: read, check, compute, write CSV) for
     the same cases. Economies are countries and, as a region, the G7.
  4. Prints medians, ratios and the largest relative difference of HHI, import risk (WTA),
     score, price and CF over all cases.

usage: bench/peers/assess_vs_geopolrisk.py [--commodities 20] [--economies JPN,USA,...]
                                           [--groups G7] [--reps 3] [--seed 1] [--work DIR]
"""
import argparse
import csv
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
YEAR = 2022

# Runs geopolrisk-py in its own process; prints its timings and writes its result rows.
DRIVER = r'''
import sys, time, os, json, warnings
warnings.simplefilter("ignore")
t0 = time.perf_counter()
from geopolrisk.assessment.database import databases   # loads the three databases
from geopolrisk.assessment.main import gprs_calc
t1 = time.perf_counter()
cases = json.load(open(sys.argv[1]))
out = databases.directory + "/output/" + databases.Output
if os.path.exists(out):
    os.remove(out)   # the same empty output database on every run
t2 = time.perf_counter()
res = gprs_calc(period=cases["years"], country=cases["economies"], rawmaterial=cases["materials"],
                region_dict=cases["regions"])
t3 = time.perf_counter()
n = len(cases["years"]) * len(cases["economies"]) * len(cases["materials"])
assert len(res) == n, f"gprs_calc returned {len(res)} rows for {n} cases (its loop stops at an error)"
with open(sys.argv[2], "w") as f:
    f.write("economy,material,year,hhi,wta,score,price,cf\n")
    for _, r in res.iterrows():
        f.write(f"{r['Country [Economic Entity]']},{r['Raw Material']},{int(r['Year'])},"
                f"{float(r['HHI'])!r},{float(r['Import Risk'])!r},{float(r['GeoPolRisk Score'])!r},"
                f"{float(r['Price'])!r},"
                f"{float(r['GeoPolRisk Characterization Factor [eq. Kg-Cu/Kg]'])!r}\n")
print(f"TIMES import_s={t1 - t0!r} gprs_calc_s={t3 - t2!r} cases={n}", flush=True)
'''


def read_countries():
    with open(os.path.join(ROOT, "data", "reference", "countries.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    # Kosovo has no ISO numeric code; geopolrisk-py needs one, any unused number does.
    return [(r["iso3"], int(r["numeric"]) if r["numeric"] else 9000 + i, r["name"])
            for i, r in enumerate(rows)]


def write_geopolrisk_lib(peer_pkg, work, tables, countries, k):
    """A scratch copy of the geopolrisk package whose lib/ holds the generated numbers."""
    pkg_root = os.path.join(work, "gpr-src")
    pkg = os.path.join(pkg_root, "geopolrisk")
    if os.path.isdir(pkg_root):
        shutil.rmtree(pkg_root)
    shutil.copytree(peer_pkg, pkg, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    lib = os.path.join(pkg, "lib")
    shutil.copy2(os.path.join(peer_pkg, "lib", "wgi.db"), lib)
    numeric = {iso3: num for iso3, num, _ in countries}
    name = {iso3: nm for iso3, _, nm in countries}

    # world_mining_data.db: every table its loader reads must exist, so start from its own file.
    wmd = os.path.join(lib, "world_mining_data.db")
    shutil.copy2(os.path.join(peer_pkg, "lib", "world_mining_data.db"), wmd)
    c = sqlite3.connect(wmd)
    rows = c.execute('SELECT "Sheet_name", "Reference ID" FROM "HS Code Map" '
                     'WHERE "HS Code" != \'Not Available\' AND "Symbol" IS NOT NULL').fetchall()
    if len(rows) < k:
        raise SystemExit(f"geopolrisk-py's map has {len(rows)} materials with an HS code; "
                         f"asked for {k} commodities")
    chosen = rows[:k]
    commodity_of = {}   # geopolrisk-py reference id -> generated commodity
    hs_of = {}          # generated commodity -> HS code written into baci_trade
    production = {}
    with open(os.path.join(tables, "production.csv"), newline="") as f:
        for r in csv.DictReader(f):
            production.setdefault(r["commodity"], []).append((r["country"], r["quantity"]))
    c.execute('DELETE FROM "HS Code Map" WHERE "Reference ID" NOT IN (%s)'
              % ",".join("?" * k), [rid for _, rid in chosen])
    for idx, (sheet, rid) in enumerate(chosen):
        com = f"c{idx:03d}"
        hs = f"{990000 + idx}"
        commodity_of[rid], hs_of[com] = com, hs
        c.execute('UPDATE "HS Code Map" SET "HS Code" = ?, "HS Code - Complementary" = NULL '
                  'WHERE "Reference ID" = ?', (hs, rid))
        c.execute(f'DROP TABLE "{sheet}"')
        c.execute(f'CREATE TABLE "{sheet}" ("Country" TEXT, "Country_Code" TEXT, '
                  '"Country_ISO" TEXT, "2018" INTEGER, "2019" INTEGER, "2020" INTEGER, '
                  '"2021" INTEGER, "2022" INTEGER, "unit" TEXT, "data_source" TEXT)')
        c.executemany(f'INSERT INTO "{sheet}" VALUES (?, ?, ?, 0, 0, 0, 0, ?, \'metr. t\', '
                      '\'critmin-gen-trade\')',
                      [(name[iso], str(numeric[iso]), iso, int(q)) for iso, q in production[com]])
    c.execute("DELETE FROM Country_ISO")
    c.executemany("INSERT INTO Country_ISO VALUES (?, ?)", [(num, nm) for _, num, nm in countries])
    c.commit()
    c.close()

    # baci.db in BACI's schema, as geopolrisk-py's loader queries it.
    baci = os.path.join(lib, "baci.db")
    c = sqlite3.connect(baci)
    c.execute("CREATE TABLE baci_trade (t INTEGER, i INTEGER, j INTEGER, k TEXT, v TEXT, q TEXT)")
    c.execute("CREATE TABLE country_codes_V202401b (country_code INTEGER PRIMARY KEY, "
              "country_name TEXT, country_iso2 TEXT, country_iso3 TEXT)")
    c.execute("CREATE TABLE wgi_long (Year INTEGER, country_code INTEGER, wgi REAL, "
              "PRIMARY KEY (Year, country_code))")
    c.execute("CREATE VIEW v_wgi_year_country AS SELECT Year, country_code, wgi FROM wgi_long")
    c.executemany("INSERT INTO country_codes_V202401b VALUES (?, ?, NULL, ?)",
                  [(num, nm, iso) for iso, num, nm in countries])
    with open(os.path.join(tables, "wgi.csv"), newline="") as f:
        # G2: the weight geopolrisk-py reads ready-made from its database.
        c.executemany("INSERT INTO wgi_long VALUES (?, ?, ?)",
                      [(int(r["year"]), numeric[r["iso3"]],
                        min(1.0, max(0.0, (2.5 - float(r["political_stability"])) / 5.0)))
                       for r in csv.DictReader(f)])

    def trade_rows():
        with open(os.path.join(tables, "trade.csv"), newline="") as f:
            for r in csv.DictReader(f):
                hs = hs_of.get(r["commodity"])
                if hs is not None:
                    yield (int(r["year"]), numeric[r["exporter"]], numeric[r["importer"]], hs,
                           r["value"], r["quantity"])

    c.executemany("INSERT INTO baci_trade VALUES (?, ?, ?, ?, ?, ?)", trade_rows())
    c.commit()
    c.close()
    return pkg_root, commodity_of


def read_rows(path, key_fields, fields):
    with open(path, newline="") as f:
        return {tuple(r[k] for k in key_fields): {k: r[k] for k in fields}
                for r in csv.DictReader(f)}


def rel(a, b):
    a, b = float(a), float(b)
    return abs(a - b) / max(abs(a), abs(b), 1e-300) if a != b else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--commodities", type=int, default=20)
    ap.add_argument("--economies", default="JPN,USA,DEU,FRA,GBR,ITA,CAN,CHN,IND,KOR")
    ap.add_argument("--groups", default="G7")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default=os.path.join(ROOT, "build", "bench-data", "geopolrisk"))
    a = ap.parse_args()
    peers = os.environ.get("CRITMIN_PEERS", "")
    peer_pkg = os.path.join(peers, "geopolrisk-py", "src", "geopolrisk")
    if not peers or not os.path.isdir(os.path.join(peer_pkg, "assessment")):
        print("bench/peers/assess_vs_geopolrisk.py: skipped (set CRITMIN_PEERS to a folder with "
              "geopolrisk-py/src/geopolrisk; see shared/peers/README.md)")
        return 0
    try:
        subprocess.run(["/usr/bin/python3", "-c", "import pandas, tqdm, openpyxl"], check=True,
                       capture_output=True)
    except subprocess.CalledProcessError:
        print("bench/peers/assess_vs_geopolrisk.py: skipped (geopolrisk-py needs Debian's "
              "python3-pandas, python3-tqdm and python3-openpyxl)")
        return 0
    critmin = os.path.join(ROOT, "build", "bin", "critmin")
    gen = os.path.join(ROOT, "build", "bin", "critmin-gen-trade")
    for exe in (critmin, gen):
        if not os.access(exe, os.X_OK):
            print(f"bench/peers/assess_vs_geopolrisk.py: skipped ({exe} is not built: make build)")
            return 0

    countries = read_countries()
    n = min(len(countries), 236)   # as critmin-gen-trade picks them
    countries = countries[:n]
    k = a.commodities
    os.makedirs(a.work, exist_ok=True)
    tables = os.path.join(a.work, f"tables-{k}-{a.seed}")
    if not os.path.isfile(os.path.join(tables, "trade.csv")):
        subprocess.run([gen, tables, str(k * n * (n - 1)), str(a.seed)], check=True,
                       stdout=subprocess.DEVNULL)
    t = time.perf_counter()
    pkg_root, commodity_of = write_geopolrisk_lib(peer_pkg, a.work, tables, countries, k)
    print(f"geopolrisk-py's databases written from {tables} in {time.perf_counter() - t:.1f} s")

    economies = [e for e in a.economies.split(",") if e]
    groups = [g for g in a.groups.split(",") if g]
    numeric = {iso3: num for iso3, num, _ in countries}
    name = {iso3: nm for iso3, _, nm in countries}
    members = {}
    with open(os.path.join(ROOT, "data", "reference", "groups.csv"), newline="") as f:
        for r in csv.DictReader(f):
            members.setdefault(r["group"], []).append(r["iso3"])
    cases = {"years": [YEAR], "materials": list(commodity_of),
             "economies": [numeric[e] for e in economies] + groups,
             "regions": {g: [name[m] for m in members[g]] for g in groups}}
    import json
    case_file = os.path.join(a.work, "cases.json")
    with open(case_file, "w") as f:
        json.dump(cases, f)
    driver = os.path.join(a.work, "driver.py")
    with open(driver, "w") as f:
        f.write(DRIVER)
    home = os.path.join(a.work, "home")
    if os.path.isdir(home):
        shutil.rmtree(home)
    os.makedirs(home)
    env = dict(os.environ, HOME=home, PYTHONPATH=pkg_root, TMPDIR=home)
    gpr_out = os.path.join(a.work, "geopolrisk-py.csv")
    cm_out = os.path.join(a.work, "critmin.csv")
    cm_cmd = [critmin, "assess", "--method", "geopolrisk",
              "--production", os.path.join(tables, "production.csv"),
              "--trade", os.path.join(tables, "trade.csv"),
              "--wgi", os.path.join(tables, "wgi.csv"),
              "--year", str(YEAR), "--format", "csv", "-o", cm_out]
    for e in economies + groups:
        cm_cmd += ["--economy", e]
    for com in commodity_of.values():
        cm_cmd += ["--commodity", com]
    walls = {"gpr": [], "gpr_import": [], "gpr_calc": [], "critmin": []}
    n_cases = 0
    for _ in range(a.reps):
        t = time.perf_counter()
        run = subprocess.run(["/usr/bin/python3", driver, case_file, gpr_out], env=env,
                             capture_output=True, text=True)
        wall = time.perf_counter() - t
        if run.returncode != 0:
            sys.stderr.write(run.stderr[-4000:])
            raise SystemExit("geopolrisk-py failed")
        line = [l for l in run.stdout.splitlines() if l.startswith("TIMES ")][-1]
        fields = dict(kv.split("=") for kv in line.split()[1:])
        walls["gpr"].append(wall)
        walls["gpr_import"].append(float(fields["import_s"]))
        walls["gpr_calc"].append(float(fields["gprs_calc_s"]))
        n_cases = int(fields["cases"])
        t = time.perf_counter()
        subprocess.run(cm_cmd, check=True, stdout=subprocess.DEVNULL)
        walls["critmin"].append(time.perf_counter() - t)

    # Agreement, case by case.
    name_to_iso = {nm: iso for iso, _, nm in countries}
    gpr = read_rows(gpr_out, ("economy", "material"), ("hhi", "wta", "score", "price", "cf"))
    cm = {}
    with open(cm_out, newline="") as f:
        for r in csv.DictReader(f):
            if r.get("view") == "geopolrisk":
                cm[(r["economy"], r["commodity"])] = r
    worst = {q: 0.0 for q in ("hhi", "wta", "score", "price", "cf")}
    for (econ, material), g in gpr.items():
        key = (name_to_iso.get(econ, econ), commodity_of[material])
        if key not in cm:
            raise SystemExit(f"critmin has no row for {key}")
        c = cm[key]
        pairs = {"hhi": (g["hhi"], float(c["hhi"]) / 1e4), "wta": (g["wta"], c["wta"]),
                 "score": (g["score"], c["score"]), "price": (g["price"], c["price"]),
                 "cf": (g["cf"], c["cf"])}
        for q, (x, y) in pairs.items():
            worst[q] = max(worst[q], rel(x, y))
    med = {q: statistics.median(v) for q, v in walls.items()}
    trade_rows = k * n * (n - 1)
    print(f"critmin vs geopolrisk-py 2.0, GeoPolRisk on the same generated tables: {trade_rows:,} "
          f"trade rows ({n} countries x {k} commodities, {YEAR}), {n_cases} cases "
          f"= {len(economies) + len(groups)} economies ({', '.join(economies + groups)}; groups as "
          f"regions) x {k} commodities; "
          f"medians of {a.reps} interleaved runs, seed {a.seed}")
    print("| measure | geopolrisk-py s | critmin s | geopolrisk-py / critmin |")
    print("|---|---|---|---|")
    print(f"| whole run (process start to results written) | {med['gpr']:.3g} | {med['critmin']:.3g} "
          f"| {med['gpr'] / med['critmin']:.3g}x |")
    print(f"| geopolrisk-py's import (loads its databases) | {med['gpr_import']:.3g} | | |")
    print(f"| geopolrisk-py's gprs_calc alone vs critmin's whole run | {med['gpr_calc']:.3g} | "
          f"{med['critmin']:.3g} | {med['gpr_calc'] / med['critmin']:.3g}x |")
    print("largest relative difference over all cases: "
          + ", ".join(f"{q} {v:.2g}" for q, v in worst.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
