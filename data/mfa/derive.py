#!/usr/bin/env python3
"""Derive the magnets-in-use tables of critmin's material flow model (data/mfa).

Reads only files in data/mfa/inputs/ (assumptions.csv: one row per scalar assumption;
anchors.csv: one row per dated figure, each with its source id and confidence) and writes

  products.csv  sales.csv

next to this script. eol.csv, yields.csv, recycling-capacity.csv and sources.csv are written by
hand. After writing, the script checks every table of data/mfa and the scenario
scenarios/mfa-japan-recycling.yaml (schema, sources, shares, ranges, completeness) and prints
cross-checks computed with a small re-implementation of the stock model (docs/mfa.md M1-M14).
It exits with status 1 if a check fails.

The estimation rules are numbered R-M1..R-M12 and described in data/mfa/README.md. Every
number written is either copied from an input (confidence as the input's) or computed by a rule
(confidence `estimated`, the rule in `derivation`). Estimates are not facts.

Python 3 standard library only; deterministic output.  Run:  python3 data/mfa/derive.py
"""

import csv
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "inputs")
SCENARIO = os.path.join(HERE, "..", "..", "scenarios", "mfa-japan-recycling.yaml")

Y0, Y1 = 1995, 2050
YEARS = list(range(Y0, Y1 + 1))
REGIONS = ["JPN", "CHN", "EUU", "USA", "ROW"]
NAMED = ["JPN", "CHN", "EUU", "USA"]
PRODUCTS = [
    "ev_traction_motor",
    "wind_generator",
    "hard_disk_drive",
    "consumer_electronics",
    "industrial_motor",
    "air_conditioner_compressor",
]
ELEMENTS = ["Nd", "Pr", "Dy", "Tb"]
ROUTES = ["reuse", "short_loop", "long_loop"]
CONFIDENCE = {"reported", "secondary", "estimated"}
EST = "critmin-mfa-estimates"

# --------------------------------------------------------------------------------------------
# Inputs


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r[h] for h in header])


class Assumptions:
    def __init__(self):
        self.rows = {}
        for r in read_csv(os.path.join(INPUTS, "assumptions.csv")):
            if r["name"] in self.rows:
                sys.exit(f"assumptions.csv: '{r['name']}' listed twice")
            self.rows[r["name"]] = r

    def __getitem__(self, name):
        return float(self.rows[name]["value"])

    def text(self, name):
        return self.rows[name]["value"]

    def src(self, name):
        return self.rows[name]["source"]


A = Assumptions()


class Anchor:
    def __init__(self, r):
        self.series, self.region, self.year = r["series"], r["region"], int(r["year"])
        self.value = float(r["value"])
        self.source, self.confidence, self.note = r["source"], r["confidence"], r["note"]


ANCHORS = [Anchor(r) for r in read_csv(os.path.join(INPUTS, "anchors.csv"))]


def anchors(series, region):
    out = {a.year: a for a in ANCHORS if a.series == series and a.region == region}
    if not out:
        sys.exit(f"anchors.csv: no rows for {series} {region}")
    return out


def fmt(x, digits=4):
    """Short deterministic number for derivation texts."""
    if x == 0:
        return "0"
    if abs(x) >= 1000:
        return f"{x:.0f}"
    return f"{x:.{digits}g}"


def interp(points, y, log=False):
    """Linear (or log-linear) interpolation in {year: value}; None outside the anchors.

    Returns (value, lower_year, upper_year)."""
    ys = sorted(points)
    if y in points:
        return points[y], y, y
    if y < ys[0] or y > ys[-1]:
        return None, None, None
    lo = max(k for k in ys if k < y)
    hi = min(k for k in ys if k > y)
    f = (y - lo) / (hi - lo)
    a, b = points[lo], points[hi]
    if log and a > 0 and b > 0:
        return math.exp(math.log(a) + f * (math.log(b) - math.log(a))), lo, hi
    return a + f * (b - a), lo, hi


def share_path(points, y):
    """Interpolated share, held flat before the first and after the last anchor."""
    ys = sorted(points)
    if y <= ys[0]:
        return points[ys[0]], f"held at its {ys[0]} anchor"
    if y >= ys[-1]:
        return points[ys[-1]], f"held at its {ys[-1]} anchor"
    v, lo, hi = interp(points, y)
    if lo == hi:
        return v, f"{y} anchor"
    return v, f"interpolated between {lo} and {hi}"


class Cell:
    def __init__(self, units, source, confidence, derivation):
        self.units, self.source, self.confidence, self.derivation = (
            units,
            source,
            confidence,
            derivation,
        )


# --------------------------------------------------------------------------------------------
# R-M1 products: magnet mass per unit, element fractions, lifetime


def element_split(ree_total, dy, tb):
    ndpr = ree_total - dy - tb
    pr = ndpr * A["pr_share_of_ndpr"]
    return ndpr - pr, pr


def products():
    ree, prs = A["ree_fraction_ndfeb"], A["pr_share_of_ndpr"]
    rows = []

    def row(pid, name, unit, kg, nd, pr, dy, tb, source, derivation):
        life = "lifetime_" + pid
        rows.append(
            {
                "product": pid,
                "name": name,
                "unit": unit,
                "magnet_kg_per_unit": f"{kg:g}",
                "nd": f"{nd:.6f}",
                "pr": f"{pr:.6f}",
                "dy": f"{dy:.6f}",
                "tb": f"{tb:.6f}",
                "lifetime": A.text(life),
                "source": source,
                "confidence": "estimated",
                "derivation": derivation
                + f"; lifetime {A.text(life)} ({A.src(life)}: {A.rows[life]['note']})",
            }
        )

    # EV traction motor
    dy = A["ev_dy_fraction"]
    tb = A["ev_tb_kg"] / A["ev_magnet_kg"]
    nd, pr = element_split(ree, dy, tb)
    row(
        "ev_traction_motor",
        "Traction motor of an electric car (BEV or PHEV)",
        "vehicle",
        A["ev_magnet_kg"],
        nd,
        pr,
        dy,
        tb,
        A.src("ev_magnet_kg"),
        f"R-M1: {A['ev_magnet_kg']:g} kg NdFeB per vehicle ({A.rows['ev_magnet_kg']['note']}); "
        f"REE {ree:g} of the magnet (heim-vanderwal-2023); Dy {dy:g} (heim-vanderwal-2023: typical "
        f"high-temperature grade); Tb {A['ev_tb_kg']:g} kg / {A['ev_magnet_kg']:g} kg = {tb:.4f} "
        f"(weak figure; critmin-ref-magnets); Nd+Pr = the rest of the REE split {1 - prs:.4f}/{prs:.4f} "
        f"as NdPr metal (critmin-estimates R8)",
    )
    # Wind generator: Dy from the JRC Dy/Nd ratio, no Tb
    k = A["wind_dy_per_nd"] * (1 - prs)
    ndpr = ree / (1 + k)
    nd, pr, dy = ndpr * (1 - prs), ndpr * prs, ndpr * k
    row(
        "wind_generator",
        "Permanent-magnet wind-turbine generator (per MW installed; R-M5)",
        "MW",
        A["wind_magnet_kg"],
        nd,
        pr,
        dy,
        0.0,
        A.src("wind_magnet_kg"),
        f"R-M1: {A['wind_magnet_kg']:g} kg NdFeB per MW, fleet average over all turbine types "
        f"(heim-vanderwal-2023); REE {ree:g}; Dy = {A['wind_dy_per_nd']:g} x Nd "
        f"(jrc-2011-critical-metals: 22 t Dy per 326 t Nd for EU wind in 2020; Heim and Vander Wal "
        f"give about 0.04 as an upper typical value); no Tb; Nd/Pr split as NdPr metal (critmin-estimates R8)",
    )
    row(
        "hard_disk_drive",
        "Hard-disk drive (voice-coil and spindle-motor magnets)",
        "drive",
        A["hdd_magnet_kg"],
        A["hdd_nd"],
        A["hdd_pr"],
        A["hdd_dy"],
        0.0,
        A.src("hdd_magnet_kg"),
        f"R-M1: {A['hdd_magnet_kg']:g} kg NdFeB per drive ({A.rows['hdd_magnet_kg']['note']}); "
        f"Nd {A['hdd_nd']:g}; Pr {A['hdd_pr']:g}; Dy {A['hdd_dy']:g} measured in HDD magnets "
        f"(ueberschaar-rotter-2015); no Tb",
    )
    dy = A["ce_dy_fraction"]
    nd, pr = element_split(ree, dy, 0.0)
    row(
        "consumer_electronics",
        "Consumer electronics other than hard drives (device-equivalent; R-M7)",
        "device",
        A["ce_magnet_kg"],
        nd,
        pr,
        dy,
        0.0,
        A.src("ce_magnet_kg"),
        f"R-M1: {A['ce_magnet_kg']:g} kg NdFeB per device-equivalent ({A.rows['ce_magnet_kg']['note']}); "
        f"REE {ree:g}; Dy {dy:g} ({A.rows['ce_dy_fraction']['note']}); no Tb",
    )
    dy = A["ind_dy_fraction"]
    nd, pr = element_split(ree, dy, 0.0)
    row(
        "industrial_motor",
        "Industrial permanent-magnet motor (motor-equivalent; R-M7)",
        "motor",
        A["ind_magnet_kg"],
        nd,
        pr,
        dy,
        0.0,
        A.src("ind_magnet_kg"),
        f"R-M1: {A['ind_magnet_kg']:g} kg NdFeB per motor-equivalent ({A.rows['ind_magnet_kg']['note']}); "
        f"REE {ree:g}; Dy {dy:g} ({A.rows['ind_dy_fraction']['note']}); no Tb",
    )
    dy = A["ac_dy_fraction"]
    nd, pr = element_split(ree, dy, 0.0)
    row(
        "air_conditioner_compressor",
        "Air-conditioner compressor with an NdFeB rotor (R-M8)",
        "unit",
        A["ac_magnet_kg"],
        nd,
        pr,
        dy,
        0.0,
        A.src("ac_magnet_kg"),
        f"R-M1: {A['ac_magnet_kg']:g} kg NdFeB per compressor ({A.rows['ac_magnet_kg']['note']}); "
        f"REE {ree:g}; Dy {dy:g} ({A.rows['ac_dy_fraction']['note']}); no Tb",
    )
    return rows


# --------------------------------------------------------------------------------------------
# R-M2, R-M3 electric cars


def ev_world():
    pts = {y: a.value for y, a in anchors("ev_sales", "WLD").items()}
    src = anchors("ev_sales", "WLD")
    first = int(A["ev_first_year"])
    out = {}
    for y in YEARS:
        if y < first:
            out[y] = (0.0, "none before 2010")
        elif y < 2012:
            v = pts[2012] * A["ev_backcast_factor"] ** (2012 - y)
            out[y] = (v, f"back-cast 2012 x {A['ev_backcast_factor']:g}^{2012 - y}")
        elif y in pts:
            out[y] = (pts[y], f"{src[y].source}")
        elif y < 2035:
            hist = y <= 2024
            v, lo, hi = interp(pts, y, log=hist)
            kind = "log-linear" if hist else "linear"
            out[y] = (v, f"{kind} between {lo} and {hi}")
        else:
            v = pts[2035] * (1 + A["ev_growth_after_2035"]) ** (y - 2035)
            out[y] = (v, f"2035 x {1 + A['ev_growth_after_2035']:g}^{y - 2035}")
    return out


def ev_sales():
    W = ev_world()
    eu_ratio = A["eu_share_of_europe_ev"]
    share_pts = {r: {} for r in NAMED}
    share_why = {r: {} for r in NAMED}
    value_anchor = {r: {} for r in NAMED}
    for r in NAMED:
        for a in ANCHORS:
            if a.region != r:
                continue
            if a.series == "ev_share":
                share_pts[r][a.year] = a.value
                share_why[r][a.year] = f"{a.source}: {a.note}"
            elif a.series == "ev_sales":
                share_pts[r][a.year] = a.value / W[a.year][0]
                value_anchor[r][a.year] = a
    for y, a in anchors("ev_sales_europe", "EUR").items():
        share_pts["EUU"][y] = a.value * eu_ratio / W[y][0]
        share_why["EUU"][y] = f"IEA Europe {fmt(a.value)} ({a.source}) x EU share {eu_ratio:g} (acea-2025)"
    last_hist = 2024
    # R-M3: after 2024 every region's electric share of its light-vehicle market rises by the same
    # number of percentage points as the world's; regional markets keep their 2024 shares.
    L0, lg = A["lv_market_2024"], A["lv_market_growth"]
    lv = {r: A["lv_share_2024_" + r] for r in NAMED}
    lv["ROW"] = 1 - sum(lv.values())
    s24 = {r: share_path(share_pts[r], last_hist)[0] for r in NAMED}
    s24["ROW"] = 1 - sum(s24.values())
    P24 = W[last_hist][0] / L0
    pen24 = {r: s24[r] * P24 / lv[r] for r in REGIONS}
    cells = {}
    wsrc = anchors("ev_sales", "WLD")
    for y in YEARS:
        w, wnote = W[y]
        if w == 0:
            for r in REGIONS:
                cells[(r, y)] = Cell(0.0, EST, "estimated", "R-M2 back-cast: no BEV/PHEV car sales before 2010")
            continue
        shares, notes = {}, {}
        if y <= last_hist:
            for r in NAMED:
                s, how = share_path(share_pts[r], y)
                if y in share_why[r]:
                    how += "; " + share_why[r][y]
                shares[r], notes[r] = s, f"share {s:.4f} ({how})"
            shares["ROW"] = 1 - sum(shares[r] for r in NAMED)
            notes["ROW"] = f"share {shares['ROW']:.4f} = 1 less JPN, CHN, EUU and USA"
        else:
            L = L0 * (1 + lg) ** (y - last_hist)
            dp = w / L - P24
            for r in REGIONS:
                pen = pen24[r] + dp
                if not 0 <= pen <= 1:
                    sys.exit(f"R-M3: electric share {pen} out of range for {r} {y}")
                shares[r] = pen * lv[r] * L / w
                notes[r] = (
                    f"{r} light-vehicle market {fmt(lv[r] * L)} ({lv[r]:.3f} of {fmt(L)}) x electric share {pen:.4f} "
                    f"(2024: {pen24[r]:.4f} + {dp:.4f}, the world's rise since 2024)"
                )
        world_txt = f"world {fmt(w)} ({wnote})"
        proj = y > last_hist
        for r in REGIONS:
            units = w * shares[r]
            a = value_anchor.get(r, {}).get(y)
            if a is not None:
                if a.confidence != "estimated":
                    cells[(r, y)] = Cell(a.value, a.source, a.confidence, f"as published: {a.note}")
                else:
                    cells[(r, y)] = Cell(a.value, a.source, a.confidence, f"R-M2: {a.note}")
                continue
            lower = [k for k in wsrc if k <= y]
            src = wsrc[max(lower)].source if lower else EST
            if proj:
                txt = f"R-M3 projection: {world_txt}; {notes[r]}"
            else:
                txt = f"R-M2: {world_txt} x {notes[r]}"
            cells[(r, y)] = Cell(units, src, "estimated", txt)
    return cells


# --------------------------------------------------------------------------------------------
# R-M4, R-M5 wind


def wind_world():
    pts = {y: a.value for y, a in anchors("wind_installed", "WLD").items()}
    src = anchors("wind_installed", "WLD")
    g = A["wind_backcast_growth"]
    out = {}
    for y in YEARS:
        if y < 2010:
            out[y] = (pts[2010] / (1 + g) ** (2010 - y), f"back-cast 2010 / {1 + g:g}^{2010 - y}", EST)
        elif y in pts:
            out[y] = (pts[y], src[y].source, src[y].source)
        elif y < 2030:
            v, lo, hi = interp(pts, y)
            out[y] = (v, f"linear between {lo} and {hi}", src[lo].source)
        else:
            out[y] = (pts[2030], "held at the 2030 level", src[2030].source)
    return out


def wind_intensity(y):
    pts = {yy: a.value for yy, a in anchors("wind_intensity", "WLD").items()}
    v, how = share_path(pts, y)
    return v


def wind_sales():
    W = wind_world()
    share_pts = {r: {} for r in NAMED}
    value_anchor = {r: {} for r in NAMED}
    for a in ANCHORS:
        if a.region not in NAMED:
            continue
        if a.series == "wind_share":
            share_pts[a.region][a.year] = a.value
        elif a.series == "wind_installed":
            share_pts[a.region][a.year] = a.value / W[a.year][0]
            value_anchor[a.region][a.year] = a
    cells = {}
    for y in YEARS:
        w, wnote, wsrc = W[y]
        m = wind_intensity(y)
        shares, notes = {}, {}
        for r in NAMED:
            s, how = share_path(share_pts[r], y)
            shares[r], notes[r] = s, f"share {s:.4f} ({how})"
        shares["ROW"] = 1 - sum(shares[r] for r in NAMED)
        notes["ROW"] = f"share {shares['ROW']:.4f} = 1 less JPN, CHN, EUU and USA"
        if y > 2024:
            rule = "R-M4 projection"
        elif y < 2010:
            rule = "R-M4 back-cast"
        else:
            rule = "R-M4"
        for r in REGIONS:
            a = value_anchor.get(r, {}).get(y)
            if a is not None and m == 1.0:
                cells[(r, y)] = Cell(a.value, a.source, a.confidence, f"as published: {a.note} (installed capacity, MW)")
                continue
            units = w * shares[r] * m
            mw = w * shares[r]
            if a is not None:
                base = f"{fmt(a.value)} MW installed ({a.source})"
                src = a.source
            else:
                base = f"world {fmt(w)} MW ({wnote}) x {notes[r]} = {fmt(mw)} MW installed"
                src = wsrc
            txt = f"{rule}: {base}"
            if m != 1.0:
                txt += f"; x magnet-intensity index {m:.3f} (R-M5: MW at the 2024 fleet-average 0.5 t/MW)"
            cells[(r, y)] = Cell(units, src, "estimated", txt)
    return cells


# --------------------------------------------------------------------------------------------
# R-M6 hard-disk drives


def hdd_world():
    pts = {y: a.value for y, a in anchors("hdd_shipments", "WLD").items()}
    g = A["hdd_backcast_growth"]
    out = {}
    for y in YEARS:
        if y < 2010:
            out[y] = (pts[2010] / (1 + g) ** (2010 - y), f"back-cast 2010 / {1 + g:g}^{2010 - y}")
        elif y in pts:
            out[y] = (pts[y], "approximate reference figure")
        elif y < 2023:
            v, lo, hi = interp(pts, y, log=True)
            out[y] = (v, f"log-linear between {lo} and {hi}")
        else:
            out[y] = (pts[2023], "projection: held at the 2023 level")
    return out


def constant_share_sales(world, prefix, rule, world_src):
    shares = {r: A[f"{prefix}_share_{r}"] for r in NAMED}
    shares["ROW"] = 1 - sum(shares.values())
    cells = {}
    for y in YEARS:
        w, wnote = world[y]
        for r in REGIONS:
            src = A.src(f"{prefix}_share_{r}") if r != "ROW" else world_src
            if r == "ROW" or src == EST:
                src = world_src
            how = "1 less the named regions" if r == "ROW" else "held constant"
            cells[(r, y)] = Cell(
                w * shares[r],
                src,
                "estimated",
                f"{rule}: world {fmt(w)} ({wnote}) x share {shares[r]:.4f} ({how})",
            )
    return cells


def hdd_sales():
    return constant_share_sales(hdd_world(), "hdd", "R-M6", "critmin-ref-stocks")


# --------------------------------------------------------------------------------------------
# R-M7 consumer electronics and industrial motors (top-down from world magnet output)


def sector_world(t2024, kg, back, fwd, label):
    out = {}
    for y in YEARS:
        if y <= 2024:
            t = t2024 / (1 + back) ** (2024 - y)
            how = f"{label} {fmt(t2024)} t in 2024" + (f" / {1 + back:g}^{2024 - y}" if y < 2024 else "")
        else:
            t = t2024 * (1 + fwd) ** (y - 2024)
            how = f"projection: {label} {fmt(t2024)} t in 2024 x {1 + fwd:g}^{y - 2024}"
        out[y] = (t * 1000.0 / kg, f"{how} = {fmt(t)} t NdFeB / {kg:g} kg")
    return out


def ce_and_industrial():
    world_t = A["world_ndfeb_2024"]
    hdd_t = hdd_world()[2024][0] * A["hdd_magnet_kg"] / 1000.0
    ce_t = A["ce_share_of_ndfeb"] * world_t - hdd_t
    ev_t = ev_world()[2024][0] * A["ev_magnet_kg"] / 1000.0
    wind_t = wind_world()[2024][0] * wind_intensity(2024) * A["wind_magnet_kg"] / 1000.0
    ind_t = A["industrial_share_of_remainder"] * (world_t - ev_t - wind_t - A["ce_share_of_ndfeb"] * world_t)
    ce = sector_world(ce_t, A["ce_magnet_kg"], A["ce_backcast_growth"], A["ce_growth"], "0.30 x world NdFeB less hard drives:")
    ind = sector_world(
        ind_t,
        A["ind_magnet_kg"],
        A["ind_backcast_growth"],
        A["ind_growth"],
        f"half of (world {fmt(world_t)} less EV {fmt(ev_t)} less wind {fmt(wind_t)} less consumer electronics {fmt(A['ce_share_of_ndfeb'] * world_t)}):",
    )
    return (
        constant_share_sales(ce, "ce", "R-M7", "heim-vanderwal-2023"),
        constant_share_sales(ind, "ind", "R-M7", "critmin-estimates"),
    )


# --------------------------------------------------------------------------------------------
# R-M8 air-conditioner compressors with NdFeB rotors


def ac_sales():
    wpts = {y: a.value for y, a in anchors("ac_demand", "WLD").items()}
    reg = {
        "CHN": ({y: a.value for y, a in anchors("ac_demand", "CHN").items()}, "JRAIA/JARN China"),
        "JPN": ({y: a.value for y, a in anchors("ac_demand", "JPN").items()}, "JRAIA/JARN Japan"),
        "EUU": (
            {y: a.value * A["eu_share_of_jraia_europe"] for y, a in anchors("ac_demand", "EUR").items()},
            f"JRAIA Europe x {A['eu_share_of_jraia_europe']:g}",
        ),
        "USA": (
            dict(
                [(y, a.value * A["usa_share_of_jraia_north_america"]) for y, a in anchors("ac_demand", "NAM").items()]
                + [(y, a.value) for y, a in anchors("ac_demand", "USA").items()]
            ),
            f"JRAIA North America x {A['usa_share_of_jraia_north_america']:g} (2010: JARN USA)",
        ),
    }
    back = A["ac_backcast_growth"]

    def demand(r, y):
        if r == "ROW":
            if y < 2010:
                v2010, _ = demand("ROW", 2010)
                return v2010 / (1 + back) ** (2010 - y), f"ROW 2010 / {1 + back:g}^{2010 - y}"
            if y > 2021:
                v2021, _ = demand("ROW", 2021)
                g = A["ac_growth_ROW"]
                return v2021 * (1 + g) ** (y - 2021), f"ROW 2021 x {1 + g:g}^{y - 2021}"
            w, lo, hi = interp(wpts, y)
            rest = w - sum(demand(n, y)[0] for n in NAMED)
            return rest, f"world {fmt(w)} (JRAIA/JARN{'' if lo == hi else ', interpolated'}) less the named regions"
        pts, label = reg[r]
        if y < 2010:
            if r == "JPN":
                return pts[2010], f"{label} held at 2010"
            return pts[2010] / (1 + back) ** (2010 - y), f"{label} 2010 / {1 + back:g}^{2010 - y}"
        if y > 2021:
            g = A["ac_growth_" + r]
            return pts[2021] * (1 + g) ** (y - 2021), f"{label} 2021 x {1 + g:g}^{y - 2021}"
        v, lo, hi = interp(pts, y)
        return v, label + ("" if lo == hi else f" interpolated {lo}-{hi}")

    def ndfeb_share(r, y):
        if r == "JPN":
            pts = {yy: a.value for yy, a in anchors("ac_ndfeb_share", "JPN").items()}
            s, how = share_path(pts, y)
            return s, f"NdFeB share {s:.3f} ({how})"
        pts = {yy: a.value for yy, a in anchors("ac_inverter_share", r).items()}
        s, how = share_path(pts, y)
        f = A["ac_ndfeb_factor"]
        return s * f, f"inverter share {s:.3f} ({how}) x NdFeB factor {f:g}"

    cells = {}
    for y in YEARS:
        for r in REGIONS:
            d, dn = demand(r, y)
            s, sn = ndfeb_share(r, y)
            rule = "R-M8 projection" if y > 2021 else ("R-M8 back-cast" if y < 2010 else "R-M8")
            src = "jraia-2022" if y >= 2010 else EST
            cells[(r, y)] = Cell(d * s, src, "estimated", f"{rule}: AC demand {fmt(d)} ({dn}) x {sn}")
    return cells


# --------------------------------------------------------------------------------------------
# Writing


def sales_rows(cells_by_product, units_by_product):
    rows = []
    for p in PRODUCTS:
        cells = cells_by_product[p]
        for r in REGIONS:
            for y in YEARS:
                c = cells[(r, y)]
                if c.units < 0:
                    sys.exit(f"negative sales for {p} {r} {y}: {c.units}")
                if units_by_product[p] == "MW":
                    u = f"{round(c.units, 1):.1f}"
                else:
                    u = f"{round(c.units):.0f}"
                rows.append(
                    {
                        "product": p,
                        "region": r,
                        "year": str(y),
                        "units": u,
                        "source": c.source,
                        "confidence": c.confidence,
                        "derivation": c.derivation,
                    }
                )
    return rows


# --------------------------------------------------------------------------------------------
# Checks


SALES_HDR = ["product", "region", "year", "units", "source", "confidence", "derivation"]
HEADERS = {
    "products.csv": ["product", "name", "unit", "magnet_kg_per_unit", "nd", "pr", "dy", "tb", "lifetime", "source", "confidence", "derivation"],
    "sales.csv": SALES_HDR,
    "eol.csv": ["product", "region", "collection_rate", "reuse", "short_loop", "long_loop", "source", "confidence", "derivation"],
    "yields.csv": ["route", "element", "yield", "source", "confidence", "derivation"],
    "recycling-capacity.csv": ["region", "year", "capacity_t_ree", "source", "confidence", "derivation"],
    "sources.csv": ["id", "title", "publisher", "year", "url", "vintage"],
}
NUMERIC = {
    "products.csv": ["magnet_kg_per_unit", "nd", "pr", "dy", "tb"],
    "sales.csv": ["year", "units"],
    "eol.csv": ["collection_rate", "reuse", "short_loop", "long_loop"],
    "yields.csv": ["yield"],
    "recycling-capacity.csv": ["year", "capacity_t_ree"],
}
LIFETIME = re.compile(r"^(fixed:[0-9.]+|(normal|lognormal|foldednormal|weibull):[0-9.]+:[0-9.]+)$")


def parse_scenario(path, problems):
    """Reads the flow-style YAML scenario this project uses (see README)."""
    sc = {"collection_rate": [], "capacity": [], "sources": [], "horizon": None, "name": None}
    section = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            s = line.split("#", 1)[0].rstrip()
            if not s.strip():
                continue
            m = re.match(r"^(\w+):\s*(.*)$", s)
            if m:
                key, val = m.group(1), m.group(2).strip()
                section = key
                if key == "horizon":
                    sc["horizon"] = int(val)
                elif key == "name":
                    sc["name"] = val
                elif key == "sources":
                    sc["sources"] = [x.strip() for x in val.strip("[]").split(",") if x.strip()]
                continue
            m = re.match(r"^\s+-\s*\{(.*)\}\s*$", s)
            if m and section in ("collection_rate", "capacity"):
                d = {}
                for kv in m.group(1).split(","):
                    k, v = kv.split(":", 1)
                    d[k.strip()] = v.strip()
                d["_line"] = n
                sc[section].append(d)
                continue
            if section == "description":
                continue
            problems.append(f"{path}:{n}: line not understood by the checker: {line.rstrip()}")
    return sc


def survival(spec, n):
    kind, *par = spec.split(":")
    par = [float(x) for x in par]
    out = []
    for a in range(n):
        if kind == "fixed":
            out.append(1.0 if a < par[0] else 0.0)
        elif kind == "normal":
            mu, sd = par
            out.append(1 - 0.5 * (1 + math.erf((a - mu) / sd / math.sqrt(2))))
        elif kind == "weibull":
            k, lam = par
            out.append(math.exp(-((a / lam) ** k)))
        else:
            raise ValueError(f"the checker does not model '{kind}' lifetimes")
    return out


def dsm(inflow, spec):
    """Inflow-driven stock model, docs/mfa.md M6-M8: returns (stock, outflow)."""
    n = len(inflow)
    S = survival(spec, n)
    stock, out = [0.0] * n, [0.0] * n
    for t in range(n):
        for c in range(t + 1):
            prev = 1.0 if c == t else S[t - c - 1]
            out[t] += inflow[c] * (prev - S[t - c])
            stock[t] += inflow[c] * S[t - c]
    return stock, out


def check(scenario_path):
    problems = []
    tables = {}
    for name, hdr in HEADERS.items():
        path = os.path.join(HERE, name)
        with open(path, newline="", encoding="utf-8") as f:
            raw = f.read()
        rows = list(csv.reader(raw.splitlines()))
        if rows[0] != hdr:
            problems.append(f"{name}: header {rows[0]} is not {hdr}")
        recs = []
        for i, r in enumerate(rows[1:], 2):
            if len(r) != len(hdr):
                problems.append(f"{name}:{i}: {len(r)} fields, expected {len(hdr)}")
                continue
            recs.append(dict(zip(hdr, r), _line=i))
        tables[name] = recs
    ids = [s["id"] for s in tables["sources.csv"]]
    if len(ids) != len(set(ids)):
        problems.append("sources.csv: duplicate ids")
    for s in tables["sources.csv"]:
        for k in ("id", "title", "publisher", "year", "url", "vintage"):
            if not s[k].strip():
                problems.append(f"sources.csv:{s['_line']}: empty {k}")
    used = set()
    for name, recs in tables.items():
        if name == "sources.csv":
            continue
        for r in recs:
            where = f"{name}:{r['_line']}"
            used.add(r["source"])
            if r["source"] not in ids:
                problems.append(f"{where}: source '{r['source']}' not in sources.csv")
            if r["confidence"] not in CONFIDENCE:
                problems.append(f"{where}: confidence '{r['confidence']}'")
            if r["confidence"] == "estimated" and not r["derivation"].strip():
                problems.append(f"{where}: estimated without derivation")
            for col in NUMERIC.get(name, []):
                try:
                    v = float(r[col])
                except ValueError:
                    problems.append(f"{where}: {col} '{r[col]}' is not a number")
                    continue
                if v < 0 or math.isnan(v):
                    problems.append(f"{where}: {col} {v} is negative")
    # products
    prod = {}
    for r in tables["products.csv"]:
        if r["product"] in prod:
            problems.append(f"products.csv: {r['product']} twice")
        prod[r["product"]] = r
        fr = [float(r[e]) for e in ("nd", "pr", "dy", "tb")]
        if any(x > 1 for x in fr) or sum(fr) > 1:
            problems.append(f"products.csv:{r['_line']}: element fractions out of range")
        if not LIFETIME.match(r["lifetime"]):
            problems.append(f"products.csv:{r['_line']}: lifetime '{r['lifetime']}'")
    if sorted(prod) != sorted(PRODUCTS):
        problems.append(f"products.csv: products {sorted(prod)}")
    # sales: every product x region x year exactly once
    seen = {}
    for r in tables["sales.csv"]:
        key = (r["product"], r["region"], int(r["year"]))
        if key in seen:
            problems.append(f"sales.csv:{r['_line']}: duplicate {key}")
        seen[key] = float(r["units"])
    for p in PRODUCTS:
        for g in REGIONS:
            for y in YEARS:
                if (p, g, y) not in seen:
                    problems.append(f"sales.csv: missing {p} {g} {y}")
    if len(seen) != len(PRODUCTS) * len(REGIONS) * len(YEARS):
        problems.append(f"sales.csv: {len(seen)} keys, expected {len(PRODUCTS) * len(REGIONS) * len(YEARS)}")
    # eol
    eol = {}
    for r in tables["eol.csv"]:
        key = (r["product"], r["region"])
        if key in eol:
            problems.append(f"eol.csv:{r['_line']}: duplicate {key}")
        v = [float(r[c]) for c in ("collection_rate", "reuse", "short_loop", "long_loop")]
        if any(x > 1 for x in v):
            problems.append(f"eol.csv:{r['_line']}: a fraction above 1")
        if abs(sum(v[1:]) - 1) > 1e-9:
            problems.append(f"eol.csv:{r['_line']}: route shares add up to {sum(v[1:])}")
        eol[key] = v
    for p in PRODUCTS:
        for g in REGIONS:
            if (p, g) not in eol:
                problems.append(f"eol.csv: missing {p} {g}")
    # yields
    yl = {}
    for r in tables["yields.csv"]:
        key = (r["route"], r["element"])
        if key in yl or r["route"] not in ROUTES or r["element"] not in ELEMENTS:
            problems.append(f"yields.csv:{r['_line']}: bad or duplicate {key}")
        if float(r["yield"]) > 1:
            problems.append(f"yields.csv:{r['_line']}: yield above 1")
        yl[key] = float(r["yield"])
    if len(yl) != 12:
        problems.append("yields.csv: expected 3 routes x 4 elements")
    # capacity
    cap = {g: {} for g in REGIONS}
    for r in tables["recycling-capacity.csv"]:
        if r["region"] not in REGIONS:
            problems.append(f"recycling-capacity.csv:{r['_line']}: region {r['region']}")
            continue
        y = int(r["year"])
        if y in cap[r["region"]]:
            problems.append(f"recycling-capacity.csv:{r['_line']}: duplicate {r['region']} {y}")
        cap[r["region"]][y] = float(r["capacity_t_ree"])
    # scenario
    sc = parse_scenario(scenario_path, problems)
    for item in sc["collection_rate"]:
        if item["region"] not in REGIONS or item["product"] not in PRODUCTS:
            problems.append(f"scenario line {item['_line']}: unknown region or product")
        if not 0 <= float(item["to"]) <= 1 or int(item["year"]) <= int(item["from"]):
            problems.append(f"scenario line {item['_line']}: bad ramp")
    pairs = [(i["region"], i["product"]) for i in sc["collection_rate"]]
    if len(pairs) != len(set(pairs)):
        problems.append("scenario: more than one ramp for a region and product (the engine restarts each ramp from eol.csv)")
    for item in sc["capacity"]:
        if item["region"] not in REGIONS or float(item["capacity_t_ree"]) < 0:
            problems.append(f"scenario line {item['_line']}: bad capacity")
    for s in sc["sources"]:
        used.add(s)
        if s not in ids:
            problems.append(f"scenario: source '{s}' not in sources.csv")
    for a in ANCHORS:
        used.add(a.source)
    for r in A.rows.values():
        used.add(r["source"])
    for recs in tables.values():
        for r in recs:
            for i in ids:
                if i in r.get("derivation", ""):
                    used.add(i)
    for i in ids:
        if i not in used:
            for f in ("README.md",):
                p = os.path.join(HERE, f)
                if os.path.exists(p) and i in open(p, encoding="utf-8").read():
                    used.add(i)
    unused = sorted(set(ids) - used)
    return problems, unused, tables, prod, seen, eol, yl, cap, sc


def project(prod, sales, eol, yl, cap, sc=None):
    """Re-implementation of M11-M14 (docs/mfa.md) for cross-checks. Returns dicts by region."""
    n = len(YEARS)
    res = {g: {"inflow": [0.0] * n, "stock": [0.0] * n, "eol": [0.0] * n, "rec": [0.0] * n, "el": {e: [0.0] * n for e in ELEMENTS}} for g in REGIONS}
    world_eol_magnet = [0.0] * n
    by_product = {p: {"inflow": [0.0] * n, "eol": [0.0] * n} for p in PRODUCTS}
    for p in PRODUCTS:
        pr = prod[p]
        kg = float(pr["magnet_kg_per_unit"])
        fr = {e: float(pr[e.lower()]) for e in ELEMENTS}
        for g in REGIONS:
            inflow = [sales[(p, g, y)] * kg / 1000.0 for y in YEARS]
            stock, out = dsm(inflow, pr["lifetime"])
            base = eol[(p, g)][0]
            routes = eol[(p, g)][1:]
            for t, y in enumerate(YEARS):
                rate = base
                if sc:
                    for ramp in sc["collection_rate"]:
                        if ramp["region"] == g and ramp["product"] == p and y > int(ramp["from"]):
                            fy, ty, to = int(ramp["from"]), int(ramp["year"]), float(ramp["to"])
                            rate = to if y >= ty else base + (y - fy) / (ty - fy) * (to - base)
                world_eol_magnet[t] += out[t]
                by_product[p]["inflow"][t] += inflow[t]
                by_product[p]["eol"][t] += out[t]
                for e in ELEMENTS:
                    rr = sum(routes[k] * yl[(ROUTES[k], e)] for k in range(3))
                    res[g]["inflow"][t] += inflow[t] * fr[e]
                    res[g]["stock"][t] += stock[t] * fr[e]
                    res[g]["eol"][t] += out[t] * fr[e]
                    res[g]["el"][e][t] += out[t] * fr[e] * rate * rr
    for g in REGIONS:
        for t, y in enumerate(YEARS):
            total = sum(res[g]["el"][e][t] for e in ELEMENTS)
            steps = [yy for yy in cap[g] if yy <= y]
            c = cap[g][max(steps)] if steps else 0.0
            if sc:
                c += sum(float(i["capacity_t_ree"]) for i in sc["capacity"] if i["region"] == g and y >= int(i["year"]))
            res[g]["rec"][t] = min(total, c)
            res[g]["recoverable"] = res[g].get("recoverable", [0.0] * n)
            res[g]["recoverable"][t] = total
    return res, world_eol_magnet, by_product


def report(tables, prod, sales, eol, yl, cap, sc):
    i24, i23 = YEARS.index(2024), YEARS.index(2023)
    res, w_eol, byp = project(prod, sales, eol, yl, cap)
    print("\nCross-checks (a re-implementation of docs/mfa.md M6-M14; tonnes)")
    tot = sum(byp[p]["inflow"][i24] for p in PRODUCTS)
    print(f"  NdFeB entering use in 2024: {tot:,.0f} t in the six products "
          f"({tot / A['world_ndfeb_2024']:.1%} of world output {A['world_ndfeb_2024']:,.0f} t, rare-earths R11)")
    for p in PRODUCTS:
        print(f"    {p:28s} {byp[p]['inflow'][i24]:>10,.0f} t  ({byp[p]['inflow'][i24] / A['world_ndfeb_2024']:.1%})")
    dy = sum(byp[p]["inflow"][i24] * float(prod[p]["dy"]) for p in PRODUCTS) / tot
    tb = sum(byp[p]["inflow"][i24] * float(prod[p]["tb"]) for p in PRODUCTS) / tot
    print(f"  inflow-weighted Dy {dy:.4f} and Tb {tb:.4f} in 2024 magnets "
          f"(rare-earths dataset, supply-derived fleet average: Dy 0.0116, Tb 0.0022)")
    print(f"  NdFeB reaching end of life in 2023: {w_eol[i23]:,.0f} t "
          f"(Adamas via rawmaterials.net: about 21,000 t in products discarded in 2023)")
    for y in (2024, 2030, 2035, 2040, 2050):
        t = YEARS.index(y)
        print(f"    {y}: EOL NdFeB {w_eol[t]:>10,.0f} t; by product: "
              + ", ".join(f"{p.split('_')[0]} {byp[p]['eol'][t]:,.0f}" for p in PRODUCTS))
    print("\n  Rare earths (Nd+Pr+Dy+Tb) by region: stock / end of life / recovered, base case")
    for g in REGIONS:
        cells = []
        for y in (2024, 2035, 2050):
            t = YEARS.index(y)
            cells.append(f"{y}: {res[g]['stock'][t]:>9,.0f} / {res[g]['eol'][t]:>7,.0f} / {res[g]['rec'][t]:>6,.0f}")
        print(f"    {g}  " + "   ".join(cells))
    sres, _, _ = project(prod, sales, eol, yl, cap, sc)
    print(f"\n  Scenario {sc['name']}: JPN rare earths recoverable / recovered (capacity-limited), t")
    for y in (2025, 2030, 2035, 2040, 2045, 2050):
        t = YEARS.index(y)
        els = ", ".join(f"{e} {sres['JPN']['el'][e][t]:,.0f}" for e in ELEMENTS)
        print(f"    {y}: {sres['JPN']['recoverable'][t]:>7,.0f} / {sres['JPN']['rec'][t]:>7,.0f}  ({els}; "
              f"base {res['JPN']['rec'][t]:,.0f}; JPN magnet REE demand {sres['JPN']['inflow'][t]:,.0f})")


def main():
    prods = products()
    write_csv("products.csv", HEADERS["products.csv"], prods)
    units = {r["product"]: r["unit"] for r in prods}
    ce, ind = ce_and_industrial()
    cells = {
        "ev_traction_motor": ev_sales(),
        "wind_generator": wind_sales(),
        "hard_disk_drive": hdd_sales(),
        "consumer_electronics": ce,
        "industrial_motor": ind,
        "air_conditioner_compressor": ac_sales(),
    }
    write_csv("sales.csv", SALES_HDR, sales_rows(cells, units))
    problems, unused, tables, prod, sales, eol, yl, cap, sc = check(SCENARIO)
    print(f"wrote products.csv ({len(prods)} rows) and sales.csv ({len(tables['sales.csv'])} rows)")
    if unused:
        print("sources listed but named nowhere (rows, inputs, derivations, README):", ", ".join(unused))
    if problems:
        print(f"{len(problems)} problem(s):")
        for p in problems[:50]:
            print("  " + p)
        sys.exit(1)
    print("checks passed: headers; sources; confidence and derivation; shares sum to 1; fractions 0-1; "
          "every product x region x year 1995-2050 once; no negative numbers; scenario")
    report(tables, prod, sales, eol, yl, cap, sc)


if __name__ == "__main__":
    main()
