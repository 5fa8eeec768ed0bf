#!/usr/bin/env python3
"""Derive the estimated tables of critmin's embedded rare-earth dataset.

Reads only files in data/rare-earths/inputs/ (copies of the project's reference figures and
assumptions.csv, every figure with its source id) and writes these tables next to this script:

  deposits.csv  processes.csv  recipes.csv  element_content.csv  governance.csv
  producers.csv production.csv world_production.csv flows.csv demand.csv projects.csv

countries.csv, commodities.csv, stockpiles.csv and dataset.yaml are written by hand.
The rules are numbered R1..R14 below and described in plain words in docs/data-sources.md.
Every number written here is either copied from an input (confidence as the input's) or
computed by one of the rules (confidence `estimated`, with the rule in `derivation`).
Estimates are not facts.

Python 3 standard library only. Output is deterministic: running the script twice gives
byte-identical files.  Run:  python3 data/rare-earths/derive.py
"""

import csv
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "inputs")
YEAR = 2024  # base year of the chain below the mine

# --------------------------------------------------------------------------------------------
# Small helpers


def read_csv(name):
    with open(os.path.join(INPUTS, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header])


def sig(x, digits=6):
    """Round to `digits` significant digits (used for recipe coefficients)."""
    if x == 0:
        return 0.0
    return round(x, digits - 1 - int(math.floor(math.log10(abs(x)))))


def sig_floor(x, digits=6):
    """Round down to `digits` significant digits (input coefficients that must not overdraw)."""
    if x == 0:
        return 0.0
    d = digits - 1 - int(math.floor(math.log10(abs(x))))
    return math.floor(x * 10**d) / 10**d


def _dec(x):
    """Decimals kept for a quantity: 3 (1 kg when the unit is t), more for small numbers so that
    every quantity keeps at least 6 significant digits."""
    if x == 0:
        return 3
    return max(3, 5 - int(math.floor(math.log10(abs(x)))))


def q3(x):
    """Quantities: round to 3 decimals (at least 6 significant digits)."""
    return round(x + 0.0, _dec(x))


def floor3(x):
    """Flows: round down (3 decimals, at least 6 significant digits) so that a supplier never
    ships more than it made."""
    if x <= 0:
        return 0.0
    d = _dec(x)
    return math.floor(x * 10**d) / 10**d


def fmt(x):
    if isinstance(x, str):
        return x
    if isinstance(x, int):
        return str(x)
    if x == 0:
        return "0"
    s = "%.*f" % (_dec(x), x)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def fmtc(x):
    """Coefficients: 6 significant digits, no exponent."""
    if x == 0:
        return "0"
    d = max(0, 6 - 1 - int(math.floor(math.log10(abs(x)))))
    s = "%.*f" % (d, x)
    return s.rstrip("0").rstrip(".") if "." in s else s


P = {}   # parameter name -> value
for row in read_csv("assumptions.csv"):
    P[row["name"]] = float(row["value"])
# Figures taken from the copied reference tables (their source is named in each row there)
MAGNET_ITEMS = {
    "magnet_ree_demand_world_2023": "magnet_ree_demand_2023",            # IEA GCMO 2024
    "ev_motor_share_of_magnet_ree_demand_2023": "ev_share_magnet_ree_2023",  # IEA GCMO 2024
    "ree_mass_fraction_of_ndfeb": "ree_mass_fraction_ndfeb",             # Heim and Vander Wal 2023
    "dy_mass_fraction_of_ndfeb": "dy_mass_fraction_ndfeb_typical",       # Heim and Vander Wal 2023
    "consumer_electronics_share_of_ndfeb_demand": "consumer_electronics_share_ndfeb",
    "ndfeb_per_mw_wind_fleet_average": "ndfeb_per_mw_wind_fleet",        # Heim and Vander Wal 2023
}
for row in read_csv("magnet-applications.csv"):
    if row["item"] in MAGNET_ITEMS:
        P[MAGNET_ITEMS[row["item"]]] = float(row["value"])
for row in read_csv("stocks-and-sales-approx.csv"):
    if row["series"] == "ev_sales_world" and row["year"] in ("2023", "2024"):
        P["ev_sales_" + row["year"]] = float(row["value"])              # IEA GEVO 2024/2025
    if row["series"] == "wind_new_installations_world" and row["year"] == "2024":
        P["wind_2024_world"] = float(row["value"]) * 1000                # GW -> MW, GWEC 2025
STAGE_SHARES = read_csv("ree-stage-shares.csv")
for row in STAGE_SHARES:
    if (row["stage"], row["year"], row["country_iso3"]) == ("sintered_ndfeb_magnets", "2024", "CHN"):
        P["magnet_share_chn_2024"] = float(row["share"])                  # IEA 2025

# --------------------------------------------------------------------------------------------
# R1. Deposit compositions (deposits.csv): the approximate fractions of the reference table,
# `other_heavy` split equally over Ho, Er, Tm, Yb, Lu (placeholder), renormalised to sum to 1.

DEPOSIT_IDS = {
    ("bastnaesite_carbonatite", "Bayan Obo"): "bastnaesite_carbonatite_bayan_obo",
    ("bastnaesite_carbonatite", "Mountain Pass"): "bastnaesite_carbonatite_mountain_pass",
    ("monazite_laterite", "Mount Weld"): "monazite_laterite",
    ("ion_adsorption_clay_high_y", "Longnan type (southern China; Myanmar Kachin)"): "ion_adsorption_clay_high_y",
    ("ion_adsorption_clay_medium_y", "Xunwu type (southern China)"): "ion_adsorption_clay_medium_y",
}
ELEMENTS = ["La", "Ce", "Pr", "Nd", "Sm", "Eu", "Gd", "Tb", "Dy", "Y"]
OTHER_HEAVY = ["Ho", "Er", "Tm", "Yb", "Lu"]

deposits = {}       # deposit id -> {element: fraction}
deposit_meta = {}   # deposit id -> (example, raw sum)
for row in read_csv("deposit-compositions-approx.csv"):
    did = DEPOSIT_IDS[(row["deposit_type"], row["example"])]
    raw = {e: float(row[e]) for e in ELEMENTS}
    oh = float(row["other_heavy"])
    for e in OTHER_HEAVY:
        raw[e] = oh / len(OTHER_HEAVY)
    total = sum(raw.values())
    deposits[did] = {e: v / total for e, v in raw.items()}
    deposit_meta[did] = (row["example"], total)

deposit_rows = []
for did in sorted(deposits):
    example, total = deposit_meta[did]
    for e in ELEMENTS + OTHER_HEAVY:
        split = e in OTHER_HEAVY
        deriv = "approximate typical value of the reference compilation"
        if split:
            deriv = "other_heavy of the reference compilation split equally over Ho Er Tm Yb Lu (placeholder; no sourced split)"
        deriv += "; renormalised from a raw sum of %s to 1" % fmt(round(total, 4))
        deposit_rows.append({
            "deposit_type": did, "element": e, "fraction": fmtc(sig(deposits[did][e])),
            "example": example, "source": "critmin-ref-deposits", "confidence": "estimated",
            "derivation": deriv,
        })

# --------------------------------------------------------------------------------------------
# R2. Separation recipes: 1 t REO of ree_concentrate -> oxides in the feed's proportions.
# ndpr = Pr+Nd, la_ce = La+Ce, dy, tb, other_reo = 1 - the rest (so the process conserves mass).

SEP_PROCESS = {did: "sep_" + did for did in deposits}
sep_coef = {}       # deposit id -> {commodity: coefficient}
pr_share = {}       # deposit id -> Pr fraction of the NdPr oxide
for did, c in deposits.items():
    k = {
        "ndpr_oxide": sig(c["Pr"] + c["Nd"]),
        "dy_oxide": sig(c["Dy"]),
        "tb_oxide": sig(c["Tb"]),
        "la_ce_oxide": sig(c["La"] + c["Ce"]),
    }
    k["other_reo"] = round(1.0 - sum(k.values()), 6)
    sep_coef[did] = k
    pr_share[did] = c["Pr"] / (c["Pr"] + c["Nd"])

# --------------------------------------------------------------------------------------------
# Mining (production.csv, producers.csv). R3: USGS country figures as reported; China split into
# light (bastnaesite, Bayan Obo type) and ion-adsorption clay by the ion-adsorbed share of the first
# 2024 quota batch. No producer for 'Other' (counted only through the world total).

usgs = read_csv("usgs-mcs2025-rare-earths.csv")
ion_share = P["china_quota_batch1_2024_ion_adsorption"] / P["china_quota_batch1_2024_total"]

# iso3 -> (producer id, name, kind, deposit type, operator, note on the deposit type)
MINES = {
    "USA": ("USA.mine.mountain_pass", "Mountain Pass mine", "facility",
            "bastnaesite_carbonatite_mountain_pass", "MP Materials",
            "Mountain Pass is the only US rare-earth mine; USGS USA figure attributed to it (MP reported 45455 t REO in concentrate for 2024)"),
    "AUS": ("AUS.mine.mount_weld", "Mount Weld mine", "facility", "monazite_laterite",
            "Lynas Rare Earths",
            "Mount Weld is taken as Australia's only producing rare-earth mine in 2023-2024; USGS AUS figure attributed to it"),
    "MMR": ("MMR.mine.ree", "Myanmar rare-earth mining (Kachin)", "country",
            "ion_adsorption_clay_high_y", "", "deposit type per the reference compilation (Myanmar Kachin)"),
    "THA": ("THA.mine.ree", "Thailand rare-earth mining", "country", "ion_adsorption_clay_medium_y",
            "", "proxy deposit type (estimated): composition of Thai output not sourced"),
    "NGA": ("NGA.mine.ree", "Nigeria rare-earth mining", "country", "monazite_laterite", "",
            "proxy deposit type (estimated): monazite-bearing output represented by the Mount Weld composition"),
    "MDG": ("MDG.mine.ree", "Madagascar rare-earth mining", "country", "monazite_laterite", "",
            "proxy deposit type (estimated): monazite-bearing output represented by the Mount Weld composition"),
    "MYS": ("MYS.mine.ree", "Malaysia rare-earth mining", "country", "monazite_laterite", "",
            "proxy deposit type (estimated): monazite-bearing output represented by the Mount Weld composition"),
    "BRA": ("BRA.mine.ree", "Brazil rare-earth mining", "country", "monazite_laterite", "",
            "proxy deposit type (estimated): represented by the Mount Weld composition"),
    "IND": ("IND.mine.ree", "India rare-earth mining (beach-sand monazite)", "country", "monazite_laterite", "",
            "proxy deposit type (estimated): monazite represented by the Mount Weld composition"),
    "RUS": ("RUS.mine.ree", "Russia rare-earth mining (loparite)", "country", "monazite_laterite", "",
            "proxy deposit type (estimated): loparite (a light-RE mineral) represented by the Mount Weld composition"),
    "VNM": ("VNM.mine.ree", "Vietnam rare-earth mining", "country", "bastnaesite_carbonatite_bayan_obo", "",
            "proxy deposit type (estimated): light-RE output represented by the Bayan Obo composition"),
}
CHN_LIGHT = ("CHN.mine.light_ree", "China light rare-earth mining (Bayan Obo type bastnaesite)",
             "bastnaesite_carbonatite_bayan_obo", "China Northern Rare Earth Group; China Rare Earth Group")
CHN_ION = ("CHN.mine.ion_adsorption", "China ion-adsorption clay mining (southern China)",
           "ion_adsorption_clay_medium_y", "China Rare Earth Group")

producers = []   # rows of producers.csv
production = []  # rows of production.csv
mine_out = {}    # (producer, year) -> t REO


def add_producer(pid, name, kind, country, commodity, process="", status="operating",
                 operator="", deposit_type="", capacity="", source="critmin-estimates",
                 confidence="estimated", derivation=""):
    producers.append({
        "id": pid, "name": name, "kind": kind, "country": country, "commodity": commodity,
        "process": process, "capacity": capacity, "status": status, "operator": operator,
        "deposit_type": deposit_type, "source": source, "confidence": confidence,
        "derivation": derivation})


def add_prod(pid, commodity, year, qty, source, confidence, derivation=""):
    production.append({
        "producer": pid, "commodity": commodity, "year": year, "quantity": fmt(q3(qty)),
        "source": source, "confidence": confidence, "derivation": derivation})
    return q3(qty)


world_rows = []
for row in usgs:
    iso = row["iso3"]
    v = {2023: float(row["mine_2023_t_reo"] or 0), 2024: float(row["mine_2024e_t_reo"] or 0)}
    if iso == "WLD":
        for y in (2023, 2024):
            world_rows.append({"commodity": "ree_concentrate", "year": y, "quantity": fmt(v[y]),
                               "source": "usgs-mcs-2025", "confidence": "reported",
                               "derivation": ""})
        continue
    if not iso or (v[2023] == 0 and v[2024] == 0):
        continue  # 'Other' and zero producers
    if iso == "CHN":
        for (pid, name, dep, op), share, label in (
                (CHN_LIGHT, 1 - ion_share, "light"), (CHN_ION, ion_share, "ion-adsorption")):
            add_producer(pid, name, "country", "CHN", "ree_concentrate", operator=op,
                         deposit_type=dep, source="fastmarkets-2024-quota",
                         confidence="secondary",
                         derivation="quota holders per the first 2024 quota batch")
            for y in (2023, 2024):
                q = add_prod(pid, "ree_concentrate", y, v[y] * share, "usgs-mcs-2025", "estimated",
                             "R3: USGS China total %s t REO (production quota; undocumented output excluded) x %s share %.5f; ion-adsorption share = ion-adsorbed part of the first 2024 quota batch (%s of %s t; Fastmarkets 2024-02-06)%s"
                             % (fmt(v[y]), label, share,
                                fmt(P["china_quota_batch1_2024_ion_adsorption"]),
                                fmt(P["china_quota_batch1_2024_total"]),
                                "; the 2024 split is also applied to 2023" if y == 2023 else ""))
                mine_out[(pid, y)] = q
        continue
    pid, name, kind, dep, op, note = MINES[iso]
    add_producer(pid, name, kind, iso, "ree_concentrate", operator=op, deposit_type=dep,
                 source="usgs-mcs-2025", confidence="estimated" if "proxy" in note else "reported",
                 derivation=note)
    for y in (2023, 2024):
        if v[y] > 0:
            mine_out[(pid, y)] = add_prod(pid, "ree_concentrate", y, v[y], "usgs-mcs-2025",
                                          "reported", "")

# --------------------------------------------------------------------------------------------
# Separation (R4-R6). Feed routing of 2024 mine output:
#  R4: output 'estimated from China import data' by USGS (MMR NGA THA MDG MYS VNM) goes to China;
#      Brazil's small output also to China (no domestic separation in 2024).
#  R5: Mountain Pass: the feed that yields MP's reported 1294 t NdPr oxide is separated at Mountain
#      Pass; the rest is shipped to China (Shenghe offtake).  Mount Weld -> Lynas Malaysia.
#  R6: India and Russia separate their own output.  China runs one separation producer per feed
#      type; each producer's outputs follow its process (joint production).

flows = []


def add_flow(sup, cus, com, qty, basis, source, confidence, derivation):
    if qty <= 0:
        return 0.0
    flows.append({"supplier": sup, "customer": cus, "commodity": com, "year": YEAR,
                  "quantity": fmt(qty), "basis": basis, "source": source,
                  "confidence": confidence, "derivation": derivation})
    return qty


SEP = {
    # id: (name, kind, country, deposit type, operator)
    "CHN.sep.bastnaesite_bayan_obo": ("China separation of Bayan Obo type feed", "country", "CHN", "bastnaesite_carbonatite_bayan_obo", ""),
    "CHN.sep.bastnaesite_mountain_pass": ("China separation of Mountain Pass concentrate", "country", "CHN", "bastnaesite_carbonatite_mountain_pass", ""),
    "CHN.sep.monazite": ("China separation of imported monazite-type feed", "country", "CHN", "monazite_laterite", ""),
    "CHN.sep.ion_adsorption_high_y": ("China separation of high-Y ion-adsorption feed (Myanmar)", "country", "CHN", "ion_adsorption_clay_high_y", ""),
    "CHN.sep.ion_adsorption_medium_y": ("China separation of medium-Y ion-adsorption feed", "country", "CHN", "ion_adsorption_clay_medium_y", ""),
    "USA.sep.mountain_pass": ("Mountain Pass separation plant", "facility", "USA", "bastnaesite_carbonatite_mountain_pass", "MP Materials"),
    "MYS.sep.lynas_malaysia": ("Lynas Malaysia (Gebeng, Kuantan)", "facility", "MYS", "monazite_laterite", "Lynas Rare Earths"),
    "IND.sep.ree": ("India rare-earth separation", "country", "IND", "monazite_laterite", ""),
    "RUS.sep.ree": ("Russia rare-earth processing", "country", "RUS", "monazite_laterite", ""),
}
ROUTE = {  # mine producer -> separation producer (whole 2024 output unless stated)
    "CHN.mine.light_ree": "CHN.sep.bastnaesite_bayan_obo",
    "CHN.mine.ion_adsorption": "CHN.sep.ion_adsorption_medium_y",
    "MMR.mine.ree": "CHN.sep.ion_adsorption_high_y",
    "THA.mine.ree": "CHN.sep.ion_adsorption_medium_y",
    "NGA.mine.ree": "CHN.sep.monazite",
    "MDG.mine.ree": "CHN.sep.monazite",
    "MYS.mine.ree": "CHN.sep.monazite",
    "BRA.mine.ree": "CHN.sep.monazite",
    "VNM.mine.ree": "CHN.sep.bastnaesite_bayan_obo",
    "AUS.mine.mount_weld": "MYS.sep.lynas_malaysia",
    "IND.mine.ree": "IND.sep.ree",
    "RUS.mine.ree": "RUS.sep.ree",
}
ROUTE_WHY = {
    "CHN.mine.light_ree": "R6: domestic feed to China's light-RE separation",
    "CHN.mine.ion_adsorption": "R6: domestic feed to China's ion-adsorption separation",
    "AUS.mine.mount_weld": "R5: Mount Weld concentrate goes to Lynas Malaysia (company reports; the Kalgoorlie cracking step is not modelled)",
    "IND.mine.ree": "R6: India separates its own output (assumed)",
    "RUS.mine.ree": "R6: Russia processes its own loparite (assumed)",
}
feed = {sid: {} for sid in SEP}

mp_mine = "USA.mine.mountain_pass"
mp_dep = "bastnaesite_carbonatite_mountain_pass"
mp_feed = P["mp_ndpr_oxide_2024"] / sep_coef[mp_dep]["ndpr_oxide"]
mp_feed_rounded = q3(mp_feed)
feed["USA.sep.mountain_pass"][mp_mine] = mp_feed_rounded
feed["CHN.sep.bastnaesite_mountain_pass"][mp_mine] = q3(mine_out[(mp_mine, YEAR)] - mp_feed_rounded)
for mine, sep in ROUTE.items():
    feed[sep][mine] = mine_out[(mine, YEAR)]

for sup_sep, d in feed.items():
    for mine, qty in sorted(d.items()):
        if mine == mp_mine and sup_sep.startswith("USA"):
            why = "R5: feed that yields MP's reported %s t NdPr oxide at the Mountain Pass composition (NdPr %s of REO)" % (
                fmt(P["mp_ndpr_oxide_2024"]), fmt(sep_coef[mp_dep]["ndpr_oxide"]))
            basis = "company_report"
        elif mine == mp_mine:
            why = "R5: Mountain Pass output not separated on site goes to China (Shenghe offtake; MP 2024 results)"
            basis = "estimate"
        else:
            why = ROUTE_WHY.get(mine, "R4: USGS estimates this country's output from China import data, so it is shipped to China")
            basis = "estimate"
        add_flow(mine, sup_sep, "ree_concentrate", qty, basis, "critmin-estimates", "estimated", why)

sep_out = {}  # (producer, commodity) -> t
SEP_ORDER = ["ndpr_oxide", "dy_oxide", "tb_oxide", "la_ce_oxide", "other_reo"]
for sid, (name, kind, iso, dep, op) in SEP.items():
    add_producer(sid, name, kind, iso, "ndpr_oxide", process=SEP_PROCESS[dep], operator=op,
                 source="critmin-estimates", confidence="estimated",
                 derivation="R6: one separation producer per country and feed type")
    activity = sum(feed[sid].values())
    if sid == "USA.sep.mountain_pass":
        sep_out[(sid, "ndpr_oxide")] = add_prod(sid, "ndpr_oxide", YEAR, P["mp_ndpr_oxide_2024"],
                                                "mp-2024-results", "reported", "")
        activity = sep_out[(sid, "ndpr_oxide")] / sep_coef[dep]["ndpr_oxide"]
    for com in SEP_ORDER:
        if (sid, com) in sep_out:
            continue
        qty = sep_coef[dep][com] * activity
        sep_out[(sid, com)] = add_prod(
            sid, com, YEAR, qty, "critmin-estimates", "estimated",
            "R6: feed %s t REO x %s coefficient %s of process %s" % (fmt(q3(activity)), com,
                                                                  fmt(sep_coef[dep][com]), SEP_PROCESS[dep]))

# R7: China's recycling of NdFeB production scrap (swarf) as a separation-stage supply without a
# modelled feed (the scrap loop magnet -> oxide would run against the chain order).
REC = "CHN.recycling.magnet_scrap"
add_producer(REC, "China recycling of NdFeB magnet scrap", "country", "CHN", "ndpr_oxide",
             source="argus-2025-recycling", confidence="secondary",
             derivation="R7: REO recovered from NdFeB scrap; about 40 plants; feed not modelled")
for y in (2023, 2024):
    nd = add_prod(REC, "ndpr_oxide", y, P["recycled_ndpr_oxide_%d" % y], "argus-2025-recycling", "secondary")
    dy = add_prod(REC, "dy_oxide", y, P["recycled_dy_oxide_%d" % y], "argus-2025-recycling", "secondary")
    tb = add_prod(REC, "tb_oxide", y, P["recycled_tb_oxide_%d" % y], "argus-2025-recycling", "secondary")
    add_prod(REC, "other_reo", y, P["recycled_reo_%d" % y] - nd - dy - tb, "argus-2025-recycling",
             "estimated", "R7: total REO from scrap %s t minus the PrNd, Dy and Tb oxide parts (Gd, Ho and others)"
             % fmt(P["recycled_reo_%d" % y]))
    if y == YEAR:
        for com, val in (("ndpr_oxide", nd), ("dy_oxide", dy), ("tb_oxide", tb)):
            sep_out[(REC, com)] = val

# --------------------------------------------------------------------------------------------
# Metal (R8). Stoichiometric reduction of oxide to metal; one joint process makes NdPr, Dy and Tb
# metal in the world-average proportions set by the separated Dy and Tb that reach metal makers.
# Which oxides reach metal makers: all Chinese separation output and recycling; Lynas and MP NdPr.
# Lynas' and MP's Dy/Tb were not separated into oxides in 2024 (Lynas' first Dy oxide: May 2025),
# India's and Russia's output is not traced further: those joint outputs have no outflow.

O, Nd, Pr, Dy, Tb = (P["aw_O"], P["aw_Nd"], P["aw_Pr"], P["aw_Dy"], P["aw_Tb"])
w_nd = 2 * Nd / (2 * Nd + 3 * O)       # Nd in Nd2O3
w_pr = 6 * Pr / (6 * Pr + 11 * O)      # Pr in Pr6O11 (REO basis)
w_dy = 2 * Dy / (2 * Dy + 3 * O)       # Dy in Dy2O3
w_tb = 4 * Tb / (4 * Tb + 7 * O)       # Tb in Tb4O7

CHN_SEP = [s for s in SEP if s.startswith("CHN.")] + [REC]
LYNAS = "MYS.sep.lynas_malaysia"
MPSEP = "USA.sep.mountain_pass"

# Pr share of the NdPr oxide sent to metal (primary feeds by composition; recycling assumed alike)
prim = [s for s in SEP if s.startswith("CHN.")] + [LYNAS, MPSEP]
pr_t = sum(sep_out[(s, "ndpr_oxide")] * pr_share[SEP[s][3]] for s in prim)
nd_t = sum(sep_out[(s, "ndpr_oxide")] for s in prim)
s_pr = pr_t / nd_t
f_ndpr = (1 - s_pr) * w_nd + s_pr * w_pr          # t NdPr metal per t NdPr oxide
pr_in_metal = s_pr * w_pr / f_ndpr                 # Pr mass fraction of NdPr metal

pool = {com: {s: sep_out[(s, com)] for s in CHN_SEP} for com in ("ndpr_oxide", "dy_oxide", "tb_oxide")}
ndpr_ox_world = sum(pool["ndpr_oxide"].values()) + sep_out[(LYNAS, "ndpr_oxide")] + sep_out[(MPSEP, "ndpr_oxide")]
dy_ox_world = sum(pool["dy_oxide"].values())
tb_ox_world = sum(pool["tb_oxide"].values())

c_ox = sig(1 / f_ndpr)                                     # t NdPr oxide per t NdPr metal
metal_act_world = ndpr_ox_world / c_ox                     # t NdPr metal
c_dy_ox = sig_floor(dy_ox_world / metal_act_world)         # t Dy2O3 per t NdPr metal
c_tb_ox = sig_floor(tb_ox_world / metal_act_world)
c_dy_m = sig(c_dy_ox * w_dy)                               # t Dy metal per t NdPr metal
c_tb_m = sig(c_tb_ox * w_tb)

# Alloy (R9): 30% rare earths; the Dy and Tb share is what the supply allows (fleet average).
ree = P["ree_mass_fraction_ndfeb"]
a_ndpr = sig(ree / (1 + c_dy_m + c_tb_m))
a_dy = sig(a_ndpr * c_dy_m)
a_tb = sig(a_ndpr * c_tb_m)
# Magnet (R10): sintering and machining scrap of 25-30% of output -> alloy per t of magnet.
c_alloy = sig(1 + P["magnet_scrap_ratio"])

PROC_METAL = "metal_reduction_ndpr_dy_tb"
PROC_ALLOY = "alloy_ndfeb_casting"
PROC_MAGNET = "magnet_ndfeb_sintering"

# --------------------------------------------------------------------------------------------
# World magnet output and country shares (R11), Japan's sourcing (R12).
alloy_world = metal_act_world / a_ndpr
magnet_world = alloy_world / c_alloy
s_chn = P["magnet_share_chn_2024"]
s_euu = P["magnet_share_euu_2024"]
s_jpn = 1 - s_chn - s_euu
mag = {"CHN.magnet": q3(s_chn * magnet_world), "EUU.magnet": q3(s_euu * magnet_world),
       "JPN.magnet": q3(s_jpn * magnet_world)}
alloy = {"CHN.alloy": q3(c_alloy * (mag["CHN.magnet"] + mag["EUU.magnet"])),
         "JPN.alloy": q3(c_alloy * mag["JPN.magnet"])}

# Japan: needs a_ndpr * JPN.alloy t of NdPr metal.  Non-China supply: MP NdPr oxide not sold to
# China, made into metal in Vietnam (Sumitomo route), and Lynas NdPr not sold to China (JARE
# priority).  The China-origin rest arrives half as oxide (to Japanese metal makers), half as metal.
n_j = a_ndpr * alloy["JPN.alloy"]
mp_to_chn = sep_out[(MPSEP, "ndpr_oxide")] * P["mp_ndpr_to_china_2024"] / P["mp_ndpr_oxide_2024"]
mp_to_vnm = sep_out[(MPSEP, "ndpr_oxide")] - mp_to_chn
ly_share_chn = P["lynas_ndpr_to_china_2024"] / P["lynas_ndpr_fy2024"]
ly_to_chn = sep_out[(LYNAS, "ndpr_oxide")] * ly_share_chn
ly_to_jpn = sep_out[(LYNAS, "ndpr_oxide")] - ly_to_chn
metal = {}
metal["VNM.metal"] = q3(mp_to_vnm / c_ox)
china_origin = n_j - metal["VNM.metal"] - ly_to_jpn / c_ox
if china_origin < 0:
    sys.exit("Japan's non-China supply exceeds its need; revise the rules")
y_metal = china_origin * P["japan_china_origin_as_metal"]       # CHN.metal -> JPN.alloy
x_oxide = (china_origin - y_metal) * c_ox                        # CHN separation -> JPN.metal
metal["JPN.metal"] = q3((ly_to_jpn + x_oxide) / c_ox)
chn_ndpr_ox_in = sum(pool["ndpr_oxide"].values()) - x_oxide + ly_to_chn + mp_to_chn
metal["CHN.metal"] = q3(chn_ndpr_ox_in / c_ox)
japan_china_share = china_origin / n_j


def allocate(suppliers, customers):
    """Pro-rata allocation of a pooled supply: each supplier ships q_p * d_c / max(sum q, sum d)."""
    total_q = sum(suppliers.values())
    total_d = sum(customers.values())
    denom = max(total_q, total_d)
    out = []
    for c, d in customers.items():
        for p, q in suppliers.items():
            out.append((p, c, floor3(q * d / denom)))
    return out


# Oxide flows into metal makers
ox_need = {
    "ndpr_oxide": {"CHN.metal": sum(pool["ndpr_oxide"].values()) - x_oxide, "JPN.metal": x_oxide},
}
for com, c in (("dy_oxide", c_dy_ox), ("tb_oxide", c_tb_ox)):
    ox_need[com] = {m: c * metal[m] for m in ("CHN.metal", "JPN.metal", "VNM.metal")}
for com in ("ndpr_oxide", "dy_oxide", "tb_oxide"):
    for p, c, qty in allocate(pool[com], ox_need[com]):
        dom = SEP.get(p, ("", "", "CHN"))[2] == "CHN" and c.startswith("CHN")
        add_flow(p, c, com, qty, "estimate", "critmin-estimates", "estimated",
                 "R8: pooled Chinese separated %s shared pro rata over its customers; %s" % (
                     com, "domestic supply" if dom else
                     "China-origin supply of Japan/Vietnam metal makers (R12)"))
add_flow(LYNAS, "CHN.metal", "ndpr_oxide", floor3(ly_to_chn), "trade_statistics", "treo-2025-china-trade",
         "estimated", "R12: Lynas NdPr x %s (China's 2024 imports of Lynas NdPr %s t / Lynas FY2024 NdPr %s t)"
         % (fmt(sig(ly_share_chn)), fmt(P["lynas_ndpr_to_china_2024"]), fmt(P["lynas_ndpr_fy2024"])))
add_flow(LYNAS, "JPN.metal", "ndpr_oxide", floor3(ly_to_jpn), "estimate", "lynas-jare-2023",
         "estimated", "R12: Lynas NdPr not sold to China goes to Japan (JARE priority supply of up to 7200 t/yr)")
add_flow(MPSEP, "CHN.metal", "ndpr_oxide", floor3(mp_to_chn), "trade_statistics", "treo-2025-china-trade",
         "estimated", "R12: MP NdPr x 232/1294 (China's 2024 imports of MP NdPr / MP 2024 NdPr output)")
add_flow(MPSEP, "VNM.metal", "ndpr_oxide", floor3(mp_to_vnm), "estimate", "mp-sumitomo-2023",
         "estimated", "R12: rest of MP NdPr to Japan via Sumitomo, refined to metal in Vietnam before reaching Japanese magnet makers")

METAL_NAMES = {"CHN.metal": ("China rare-earth metal makers (NdPr, Dy, Tb)", "CHN"),
               "JPN.metal": ("Japan rare-earth metal makers", "JPN"),
               "VNM.metal": ("Vietnam rare-earth metal makers (serving Japanese magnet makers)", "VNM")}
for m, (name, iso) in METAL_NAMES.items():
    add_producer(m, name, "country", iso, "ndpr_metal", process=PROC_METAL,
                 derivation="R8/R12: country aggregate of metal makers")
    why = {"CHN.metal": "R8: NdPr oxide reaching China's metal makers (Chinese pool less exports to Japan, plus Lynas and MP NdPr sold to China) / %s t oxide per t metal",
           "JPN.metal": "R12: Lynas NdPr to Japan plus half of Japan's China-origin NdPr need as oxide / %s t oxide per t metal",
           "VNM.metal": "R12: MP NdPr sold via Sumitomo / %s t oxide per t metal"}[m] % fmtc(c_ox)
    add_prod(m, "ndpr_metal", YEAR, metal[m], "critmin-estimates", "estimated", why)
    add_prod(m, "dy_metal", YEAR, c_dy_m * metal[m], "critmin-estimates", "estimated",
             "R8: joint output %s t Dy metal per t NdPr metal" % fmt(c_dy_m))
    add_prod(m, "tb_metal", YEAR, c_tb_m * metal[m], "critmin-estimates", "estimated",
             "R8: joint output %s t Tb metal per t NdPr metal" % fmt(c_tb_m))

# Metal flows into alloy makers
metal_need = {"CHN.metal": {"CHN.alloy": a_ndpr * alloy["CHN.alloy"], "JPN.alloy": y_metal},
              "JPN.metal": {"JPN.alloy": metal["JPN.metal"]},
              "VNM.metal": {"JPN.alloy": metal["VNM.metal"]}}
for m, custs in metal_need.items():
    for com, ratio in (("ndpr_metal", 1.0), ("dy_metal", c_dy_m), ("tb_metal", c_tb_m)):
        made = {m: q3(ratio * metal[m])}
        need = {c: ratio * v for c, v in custs.items()}
        for p, c, qty in allocate(made, need):
            why = "R9: domestic metal to alloy makers"
            if c == "JPN.alloy" and m == "CHN.metal":
                why = "R12: half of Japan's China-origin need arrives as Chinese metal"
            elif c == "JPN.alloy" and m == "VNM.metal":
                why = "R12: Vietnamese metal from MP oxide to Japanese alloy makers (Sumitomo route)"
            add_flow(p, c, com, qty, "estimate", "critmin-estimates", "estimated", why)

for a, (name, iso) in {"CHN.alloy": ("China NdFeB alloy makers", "CHN"),
                       "JPN.alloy": ("Japan NdFeB alloy makers (in-house at magnet makers)", "JPN")}.items():
    add_producer(a, name, "country", iso, "ndfeb_alloy", process=PROC_ALLOY,
                 derivation="R9: country aggregate of alloy makers; each magnet maker's alloy is cast in the same country, except EU magnet makers who buy Chinese alloy")
    add_prod(a, "ndfeb_alloy", YEAR, alloy[a], "critmin-estimates", "estimated",
             "R10: magnet output of the customers x %s t alloy per t magnet" % fmt(c_alloy))
for com, ratio in (("ndfeb_alloy", c_alloy),):
    for p, c, qty in allocate({"CHN.alloy": alloy["CHN.alloy"]},
                              {"CHN.magnet": ratio * mag["CHN.magnet"], "EUU.magnet": ratio * mag["EUU.magnet"]}):
        add_flow(p, c, com, qty, "estimate", "critmin-estimates", "estimated",
                 "R10: alloy for China's magnet makers" if c == "CHN.magnet" else "R10: EU magnet makers buy Chinese alloy (estimate)")
    for p, c, qty in allocate({"JPN.alloy": alloy["JPN.alloy"]}, {"JPN.magnet": ratio * mag["JPN.magnet"]}):
        add_flow(p, c, com, qty, "estimate", "critmin-estimates", "estimated", "R10: in-house alloy of Japanese magnet makers")

MAG_NAMES = {
    "CHN.magnet": ("China sintered NdFeB magnet makers", "CHN", "",
                   "R11: world magnet output x China share 0.94 (IEA 2024)", "iea-2025-commentary"),
    "JPN.magnet": ("Japan sintered NdFeB magnet makers", "JPN", "Shin-Etsu Chemical; Proterial; TDK; Daido Electronics",
                   "R11: world magnet output x (1 - 0.94 China - 0.005 EU) = 0.055; Japan is second (under 9%% in 2022, Argus)", "critmin-estimates"),
    "EUU.magnet": ("EU sintered NdFeB magnet makers", "EUU", "",
                   "R11: world magnet output x 0.005 (placeholder; no sourced EU share)", "critmin-estimates"),
}
for mg, (name, iso, op, why, src) in MAG_NAMES.items():
    add_producer(mg, name, "country", iso, "ndfeb_magnet", process=PROC_MAGNET, operator=op,
                 source="critmin-ref-japan" if iso == "JPN" else "critmin-estimates",
                 derivation="R11: country aggregate of sintered magnet makers")
    add_prod(mg, "ndfeb_magnet", YEAR, mag[mg], src, "estimated",
             why + "; world output %s t = NdPr metal %s t / %s t NdPr metal per t alloy / %s t alloy per t magnet"
             % (fmt(q3(magnet_world)), fmt(q3(metal_act_world)), fmt(a_ndpr), fmt(c_alloy)))

# --------------------------------------------------------------------------------------------
# Demand (R13): first use of magnets by country and end use, 2024 (t NdFeB).
X = P["china_magnet_exports_2024"]
three = P["exports_share_deu_kor_usa_janjul_2024"]
base = P["exports_2020_deu"] + P["exports_2020_usa"] + P["exports_2020_kor"]
sh_deu = three * P["exports_2020_deu"] / base
sh_usa = three * P["exports_2020_usa"] / base
sh_kor = three * P["exports_2020_kor"] / base
sh_euu = sh_deu * P["exports_2025_07_euu"] / P["exports_2025_07_deu"]
sh_row = 1 - sh_euu - sh_usa - sh_kor
supply = {  # region -> {supplier: t}
    "CHN": {"CHN.magnet": mag["CHN.magnet"] - X},
    "EUU": {"CHN.magnet": sh_euu * X, "EUU.magnet": mag["EUU.magnet"]},
    "USA": {"CHN.magnet": sh_usa * X},
    "KOR": {"CHN.magnet": sh_kor * X},
    "JPN": {"JPN.magnet": mag["JPN.magnet"]},
    "ROW": {"CHN.magnet": sh_row * X},
}
REGIONS = ["CHN", "JPN", "EUU", "USA", "KOR", "ROW"]
total = {r: sum(supply[r].values()) for r in REGIONS}
M = sum(total.values())
c_ev = P["ev_share_magnet_ree_2023"] * P["magnet_ree_demand_2023"] / P["ev_sales_2023"] / ree  # t NdFeB / vehicle
c_ev = sig(c_ev)
c_wind = P["ndfeb_per_mw_wind_fleet"]
ev_world = c_ev * P["ev_sales_2024"]
wind_world = c_wind * P["wind_2024_world"]
ce_world = P["consumer_electronics_share_ndfeb"] * M
rest_world = M - ev_world - wind_world - ce_world
ind_world = rest_world * P["industrial_share_of_remainder"]
oth_world = rest_world - ind_world
split3 = {"consumer_electronics": ce_world, "industrial_motors": ind_world, "other": oth_world}
s3 = sum(split3.values())

D = {r: {} for r in REGIONS}
note = {r: {} for r in REGIONS}
for r in ("CHN", "USA", "EUU"):
    D[r]["ev_traction_motors"] = c_ev * P["ev_sales_2024_%s" % r.lower()]
    D[r]["wind_generators"] = c_wind * P["wind_2024_%s" % r.lower()]
    note[r]["ev_traction_motors"] = "R13: %s electric cars sold in 2024 x %s t NdFeB per vehicle" % (
        fmt(P["ev_sales_2024_%s" % r.lower()]), fmt(c_ev))
    note[r]["wind_generators"] = "R13: %s MW installed in 2024 x %s t NdFeB per MW" % (
        fmt(P["wind_2024_%s" % r.lower()]), fmt(c_wind))
for r in ("JPN", "KOR"):
    D[r]["ev_traction_motors"] = total[r] * ev_world / M
    D[r]["wind_generators"] = 0.0
    note[r]["ev_traction_motors"] = "R13: no sourced sales figure; regional total x world EV share of magnet use (%s)" % fmt(sig(ev_world / M, 4))
    note[r]["wind_generators"] = "R13: no sourced installation figure; set to zero (counted in ROW)"
D["ROW"]["ev_traction_motors"] = ev_world - sum(D[r]["ev_traction_motors"] for r in REGIONS if r != "ROW")
D["ROW"]["wind_generators"] = wind_world - sum(D[r]["wind_generators"] for r in REGIONS if r != "ROW")
note["ROW"]["ev_traction_motors"] = "R13: world EV magnet use (%s vehicles x %s t) less the named regions" % (
    fmt(P["ev_sales_2024"]), fmt(c_ev))
note["ROW"]["wind_generators"] = "R13: world wind magnet use (%s MW x %s t) less the named regions" % (
    fmt(P["wind_2024_world"]), fmt(c_wind))
for r in REGIONS:
    rem = total[r] - D[r]["ev_traction_motors"] - D[r]["wind_generators"]
    if rem < 0:
        sys.exit("negative remainder for %s" % r)
    for u, w in split3.items():
        D[r][u] = rem * w / s3
        note[r][u] = ("R13: regional magnet use less EV and wind, split consumer electronics / industrial motors / other as %s / %s / %s (world: consumer electronics 30%% of NdFeB; the rest split half and half)"
                     % (fmt(sig(ce_world / s3, 4)), fmt(sig(ind_world / s3, 4)), fmt(sig(oth_world / s3, 4))))

TOTAL_WHY = {
    "CHN": "China's magnet output less its 2024 exports (%s t, customs via Adamas)" % fmt(X),
    "JPN": "Japan's own magnet output (imports of Chinese magnets not estimated; they sit in ROW)",
    "EUU": "EU share %s of China's magnet exports (Germany share x EU/Germany ratio of July 2025) plus EU output" % fmt(sig(sh_euu, 4)),
    "USA": "US share %s of China's magnet exports (Jan-Jul 2024 Germany+Korea+US 42%% split by 2020 volumes)" % fmt(sig(sh_usa, 4)),
    "KOR": "Korea share %s of China's magnet exports (as for the USA)" % fmt(sig(sh_kor, 4)),
    "ROW": "rest %s of China's magnet exports" % fmt(sig(sh_row, 4)),
}
END_USES = ["ev_traction_motors", "wind_generators", "consumer_electronics", "industrial_motors", "other"]
wind_value = (P["wind_cost_onshore_2024"] * P["wind_2024_onshore"] + P["wind_cost_offshore_2024"] * P["wind_2024_offshore"]) / P["wind_2024_world"] * 1000
demand_rows = []
DEMAND_SRC = {"ev_traction_motors": "iea-gevo-2025", "wind_generators": "gwec-gwr-2025",
              "consumer_electronics": "heim-vanderwal-2023", "industrial_motors": "critmin-estimates",
              "other": "critmin-estimates"}
for r in REGIONS:
    for u in END_USES:
        did = "%s.demand.%s" % (r, u)
        got = 0.0
        for sup, amount in sorted(supply[r].items()):
            qty = floor3(amount * D[r][u] / total[r])
            got += add_flow(sup, did, "ndfeb_magnet", qty,
                            "trade_statistics" if sup == "CHN.magnet" and r != "CHN" else "estimate",
                            "adamas-2025-magnet-exports" if sup == "CHN.magnet" and r != "CHN" else "critmin-estimates",
                            "estimated", "R13: supplier's share of %s magnet use x end-use share" % r)
        row = {"id": did, "country": r, "end_use": u, "commodity": "ndfeb_magnet", "year": YEAR,
               "quantity": fmt(q3(got)), "source": DEMAND_SRC[u], "confidence": "estimated",
               "derivation": note[r][u] + "; regional total: " + TOTAL_WHY[r]}
        if u == "ev_traction_motors":
            row.update({"product_unit": "vehicle", "content_per_product": fmt(c_ev)})
        if u == "wind_generators":
            row.update({"product_unit": "MW", "content_per_product": fmt(c_wind),
                        "value_per_product": fmt(round(wind_value))})
        demand_rows.append(row)

# --------------------------------------------------------------------------------------------
# Other critical minerals (R14): country production = share x world (USGS MCS 2025).
UNIT_MAP = {"lithium": "t Li", "cobalt": "t Co", "nickel": "t Ni", "natural_graphite": "t",
            "gallium_low_purity_primary": "kg"}
seen_world = set()
for row in read_csv("other-minerals-2024.csv"):
    m, iso = row["mineral"], row["country_iso3"]
    world = float(row["world_2024e"])
    share = float(row["share_of_world_mining"])
    pid = "%s.mine.%s" % (iso, m)
    add_producer(pid, "%s %s mining" % (iso, m.replace("_", " ")), "country", iso, m,
                 source="usgs-mcs-2025", confidence="reported")
    add_prod(pid, m, 2024, share * world, "usgs-mcs-2025", "reported",
             "R14: share of world mining %s x world %s %s (MCS 2025 shares as compiled)" % (
                 row["share_of_world_mining"], fmt(world), UNIT_MAP[m]))
    if m not in seen_world:
        seen_world.add(m)
        world_rows.append({"commodity": m, "year": 2024, "quantity": fmt(world), "source": "usgs-mcs-2025",
                           "confidence": "reported",
                           "derivation": "world excludes US output (withheld)" if m == "lithium" else ""})

# --------------------------------------------------------------------------------------------
# Processes and recipes
process_rows, recipe_rows = [], []
for did in sorted(deposits):
    pid = SEP_PROCESS[did]
    process_rows.append({"id": pid, "name": "Separation of %s feed (%s composition)" % (did, deposit_meta[did][0]),
                         "deposit_type": did, "source": "critmin-ref-deposits", "confidence": "estimated",
                         "derivation": "R2: one separation process per deposit type"})
    recipe_rows.append({"process": pid, "commodity": "ree_concentrate", "role": "input", "coefficient": "1",
                        "source": "critmin-ref-deposits", "confidence": "estimated",
                        "derivation": "R2: per t REO of feed"})
    for com in SEP_ORDER:
        recipe_rows.append({"process": pid, "commodity": com, "role": "output",
                            "coefficient": fmtc(sep_coef[did][com]), "source": "critmin-ref-deposits",
                            "confidence": "estimated",
                            "derivation": {"ndpr_oxide": "R2: Pr+Nd fraction of REO", "dy_oxide": "R2: Dy fraction of REO",
                                           "tb_oxide": "R2: Tb fraction of REO", "la_ce_oxide": "R2: La+Ce fraction of REO",
                                           "other_reo": "R2: 1 minus the other outputs (Sm Eu Gd Y Ho-Lu)"}[com]})
process_rows.append({"id": PROC_METAL, "name": "Reduction of NdPr, Dy and Tb oxides to metal (joint, world-average proportions)",
                     "source": "critmin-estimates", "confidence": "estimated",
                     "derivation": "R8: stoichiometric oxide-to-metal ratios; Dy and Tb proportions from the 2024 supply reaching metal makers"})
for com, role, c, d in (
        ("ndpr_oxide", "input", c_ox, "R8: 1/(%.5f Nd in Nd2O3 x %.4f + %.5f Pr in Pr6O11 x %.4f); Pr share of NdPr oxide from the feed mix" % (w_nd, 1 - s_pr, w_pr, s_pr)),
        ("dy_oxide", "input", c_dy_ox, "R8: Dy2O3 reaching metal makers / NdPr metal made (rounded down)"),
        ("tb_oxide", "input", c_tb_ox, "R8: Tb4O7 reaching metal makers / NdPr metal made (rounded down)"),
        ("ndpr_metal", "output", 1.0, "R8: main product"),
        ("dy_metal", "output", c_dy_m, "R8: Dy2O3 input x %.5f Dy in Dy2O3" % w_dy),
        ("tb_metal", "output", c_tb_m, "R8: Tb4O7 input x %.5f Tb in Tb4O7" % w_tb)):
    recipe_rows.append({"process": PROC_METAL, "commodity": com, "role": role, "coefficient": fmtc(c),
                        "source": "critmin-estimates", "confidence": "estimated", "derivation": d})
process_rows.append({"id": PROC_ALLOY, "name": "Casting of NdFeB alloy (30% rare earths; Fe and B not modelled)",
                     "source": "heim-vanderwal-2023", "confidence": "estimated",
                     "derivation": "R9: rare-earth fraction 0.30 of NdFeB; Dy and Tb at the supply-derived fleet average"})
for com, c, d in (("ndpr_metal", a_ndpr, "R9: 0.30 x NdPr share of the rare-earth metals available"),
                  ("dy_metal", a_dy, "R9: fleet-average Dy (supply-derived; below the typical 4%)"),
                  ("tb_metal", a_tb, "R9: fleet-average Tb (supply-derived)")):
    recipe_rows.append({"process": PROC_ALLOY, "commodity": com, "role": "input", "coefficient": fmtc(c),
                        "source": "critmin-estimates", "confidence": "estimated", "derivation": d})
recipe_rows.append({"process": PROC_ALLOY, "commodity": "ndfeb_alloy", "role": "output", "coefficient": "1",
                    "source": "critmin-estimates", "confidence": "estimated", "derivation": "R9: main product"})
process_rows.append({"id": PROC_MAGNET, "name": "Sintering and machining of NdFeB magnets (scrap leaves the chain)",
                     "source": "argus-2025-recycling", "confidence": "estimated",
                     "derivation": "R10: scrap about 25-30% of magnet output; recovered scrap re-enters as CHN.recycling.magnet_scrap"})
recipe_rows.append({"process": PROC_MAGNET, "commodity": "ndfeb_alloy", "role": "input", "coefficient": fmtc(c_alloy),
                    "source": "argus-2025-recycling", "confidence": "estimated", "derivation": "R10: 1 + scrap ratio 0.275 (midpoint of 25-30%)"})
recipe_rows.append({"process": PROC_MAGNET, "commodity": "ndfeb_magnet", "role": "output", "coefficient": "1",
                    "source": "argus-2025-recycling", "confidence": "estimated", "derivation": "R10: main product"})

# --------------------------------------------------------------------------------------------
# Element content (kg per unit)
el_rows = []


def el(com, e, kg, d):
    el_rows.append({"commodity": com, "element": e, "kg_per_unit": fmtc(sig(kg)),
                    "source": "ciaaw-2021" if "stoichiometric" in d else "critmin-estimates",
                    "confidence": "estimated", "derivation": d})


el("ndpr_oxide", "Nd", 1000 * (1 - s_pr) * w_nd, "stoichiometric: Nd2O3 share %.4f of NdPr oxide (feed mix) x Nd in Nd2O3 %.5f" % (1 - s_pr, w_nd))
el("ndpr_oxide", "Pr", 1000 * s_pr * w_pr, "stoichiometric: Pr6O11 share %.4f of NdPr oxide (feed mix) x Pr in Pr6O11 %.5f" % (s_pr, w_pr))
el("dy_oxide", "Dy", 1000 * w_dy, "stoichiometric: 2 Dy / Dy2O3")
el("tb_oxide", "Tb", 1000 * w_tb, "stoichiometric: 4 Tb / Tb4O7")
el("ndpr_metal", "Nd", 1000 * (1 - pr_in_metal), "R8: Nd share of NdPr metal from the oxide feed mix")
el("ndpr_metal", "Pr", 1000 * pr_in_metal, "R8: Pr share of NdPr metal from the oxide feed mix")
el("dy_metal", "Dy", 1000, "pure metal")
el("tb_metal", "Tb", 1000, "pure metal")
for com in ("ndfeb_alloy", "ndfeb_magnet"):
    el(com, "Nd", 1000 * a_ndpr * (1 - pr_in_metal), "R9: 1000 x NdPr metal per t alloy x Nd share (magnet composition = alloy composition)")
    el(com, "Pr", 1000 * a_ndpr * pr_in_metal, "R9: 1000 x NdPr metal per t alloy x Pr share")
    el(com, "Dy", 1000 * a_dy, "R9: supply-derived fleet-average Dy")
    el(com, "Tb", 1000 * a_tb, "R9: supply-derived fleet-average Tb")

# --------------------------------------------------------------------------------------------
# Governance (WGI 2019 as reported)
gov_rows = []
for row in read_csv("wgi-2019.csv"):
    r = {"iso3": row["iso3"], "year": 2019, "source": "wgi-2019", "confidence": "reported", "derivation": ""}
    for k in ("voice_accountability", "political_stability", "government_effectiveness",
              "regulatory_quality", "rule_of_law", "control_of_corruption"):
        r[k] = row[k]
    gov_rows.append(r)

# --------------------------------------------------------------------------------------------
# Projects (planned or under construction at the end of 2024)
mw = deposits["monazite_laterite"]
segh = sum(mw[e] for e in ("Sm", "Eu", "Gd", "Tb", "Dy", "Y") + tuple(OTHER_HEAVY))
proj_rows = [
    {"id": "minamitorishima_mud", "name": "Minamitorishima deep-sea rare-earth mud (full-scale test)", "kind": "mine",
     "country": "JPN", "commodity": "ree_concentrate",
     "capacity": fmt(q3(P["minamitorishima_mud_per_day"] * 365 * P["minamitorishima_grade"])),
     "earliest_start": 2027, "operator": "Cabinet Office SIP programme; JAMSTEC", "status": "planned",
     "source": "kyodo-2026-minamitorishima", "confidence": "estimated",
     "derivation": "350 t mud/day (February 2027 test) x 365 days x 964 ppm REY (Takaya et al. 2018, taken as REO); test scale only; commercial output aimed for about 2030 has no announced capacity; a press grade of about 2 kg REE/t would double it"},
    {"id": "lynas_malaysia_hre_dy", "name": "Lynas Malaysia heavy rare-earth circuit (Dy)", "kind": "separation",
     "country": "MYS", "commodity": "dy_oxide", "capacity": fmt(q3(P["lynas_hre_circuit_segh"] * mw["Dy"] / segh)),
     "earliest_start": 2025, "operator": "Lynas Rare Earths", "status": "under_construction",
     "source": "lynas-hre-2024", "confidence": "estimated",
     "derivation": "1500 t/yr SEGH feed x Dy share of Mount Weld heavy fraction (Sm Eu Gd Tb Dy Y Ho-Lu) of the reference composition; status at end-2024 (first Dy oxide May 2025)"},
    {"id": "lynas_malaysia_hre_tb", "name": "Lynas Malaysia heavy rare-earth circuit (Tb)", "kind": "separation",
     "country": "MYS", "commodity": "tb_oxide", "capacity": fmt(q3(P["lynas_hre_circuit_segh"] * mw["Tb"] / segh)),
     "earliest_start": 2025, "operator": "Lynas Rare Earths", "status": "under_construction",
     "source": "lynas-hre-2024", "confidence": "estimated",
     "derivation": "1500 t/yr SEGH feed x Tb share of Mount Weld heavy fraction of the reference composition; status at end-2024 (first Tb June 2025)"},
    {"id": "mp_independence_magnets", "name": "MP Materials Independence magnet factory (Fort Worth, Texas)", "kind": "magnet",
     "country": "USA", "commodity": "ndfeb_magnet", "capacity": fmt(P["mp_independence_capacity"]),
     "earliest_start": 2025, "operator": "MP Materials", "status": "under_construction",
     "source": "mp-10k-2024", "confidence": "reported",
     "derivation": "about 1000 t/yr finished magnets; NdPr metal and trial magnets from December 2024; status at end-2024"},
    {"id": "neo_narva_magnets", "name": "Neo Performance Materials Narva magnet plant (phase 1)", "kind": "magnet",
     "country": "EST", "commodity": "ndfeb_magnet", "capacity": fmt(P["neo_narva_capacity"]),
     "earliest_start": 2025, "operator": "Neo Performance Materials", "status": "under_construction",
     "source": "argus-2023-neo-narva", "confidence": "secondary",
     "derivation": "phase 1 about 2000 t/yr sintered magnets (5000 t/yr phase 2 considered); status at end-2024 (opened September 2025)"},
]

# --------------------------------------------------------------------------------------------
# Write everything
PROV = ["source", "confidence", "derivation"]
write_csv("deposits.csv", ["deposit_type", "element", "fraction", "example"] + PROV, deposit_rows)
write_csv("processes.csv", ["id", "name", "deposit_type"] + PROV, process_rows)
write_csv("recipes.csv", ["process", "commodity", "role", "coefficient"] + PROV, recipe_rows)
write_csv("element_content.csv", ["commodity", "element", "kg_per_unit"] + PROV, el_rows)
write_csv("governance.csv", ["iso3", "year", "voice_accountability", "political_stability",
                             "government_effectiveness", "regulatory_quality", "rule_of_law",
                             "control_of_corruption"] + PROV, gov_rows)
write_csv("producers.csv", ["id", "name", "kind", "country", "commodity", "process", "capacity", "status",
                            "operator", "deposit_type"] + PROV, producers)
write_csv("production.csv", ["producer", "commodity", "year", "quantity"] + PROV, production)
write_csv("world_production.csv", ["commodity", "year", "quantity"] + PROV, world_rows)
write_csv("flows.csv", ["supplier", "customer", "commodity", "year", "quantity", "basis"] + PROV, flows)
write_csv("demand.csv", ["id", "country", "end_use", "commodity", "year", "quantity", "product_unit",
                         "content_per_product", "value_per_product"] + PROV, demand_rows)
write_csv("projects.csv", ["id", "name", "kind", "country", "commodity", "capacity", "earliest_start",
                           "ramp_up_years", "capex", "opex", "operator", "status"] + PROV, proj_rows)

# --------------------------------------------------------------------------------------------
# Summary on stdout (not written to any file)


def share(commodity, country_of):
    tot, chn = 0.0, 0.0
    for r in production:
        if r["commodity"] == commodity and int(r["year"]) == YEAR:
            q = float(r["quantity"])
            tot += q
            if country_of[r["producer"]] == "CHN":
                chn += q
    return chn, tot


country_of = {p["id"]: p["country"] for p in producers}
print("critmin rare-earth dataset, derived %d chain" % YEAR)
print("  Pr share of NdPr oxide %.4f; t oxide per t NdPr metal %s" % (s_pr, fmtc(c_ox)))
print("  world NdPr metal %.0f t; Dy metal %.0f t; Tb metal %.0f t" % (metal_act_world, c_dy_m * metal_act_world, c_tb_m * metal_act_world))
print("  fleet-average alloy: NdPr %.4f Dy %.4f Tb %.4f (Dy typical %.2f)" % (a_ndpr, a_dy, a_tb, P["dy_mass_fraction_ndfeb_typical"]))
print("  world alloy %.0f t; magnets %.0f t; magnet REE %.0f t (gross RE metal into alloy %.0f t; IEA 2023 demand %.0f t)"
      % (alloy_world, magnet_world, magnet_world * ree, alloy_world * ree, P["magnet_ree_demand_2023"]))
print("  Japan: NdPr need %.0f t metal; China-origin share %.3f (reference 0.60-0.70)" % (n_j, japan_china_share))
print("  Lynas NdPr derived %.0f t (reported FY2024 %.0f t)" % (sep_out[(LYNAS, "ndpr_oxide")], P["lynas_ndpr_fy2024"]))
sep_feed_tot = sum(sum(d.values()) for d in feed.values())
sep_feed_chn = sum(sum(d.values()) for s, d in feed.items() if s.startswith("CHN"))
print("  separation feed t REO: China %.0f of %.0f = %.4f" % (sep_feed_chn, sep_feed_tot, sep_feed_chn / sep_feed_tot))
for com in ("ree_concentrate", "ndpr_oxide", "dy_oxide", "tb_oxide", "ndpr_metal", "ndfeb_alloy", "ndfeb_magnet"):
    c, t = share(com, country_of)
    wt = 390000.0 if com == "ree_concentrate" else t
    print("  China share %-16s %.4f  (China %.0f of %.0f t)" % (com, c / wt, c, wt))
for row in STAGE_SHARES:
    if row["year"] in ("2023", "2024"):
        print("  published: %-22s %s %-18s %s (%s; %s)" % (row["stage"], row["year"], row["country_iso3"],
                                                        row["share"], row["basis"], row["source"]))
c, t = share("ndpr_oxide", country_of)
rec = sep_out[(REC, "ndpr_oxide")]
print("  China share ndpr_oxide excl. recycling %.4f" % ((c - rec) / (t - rec)))
print("  demand total %.0f t NdFeB; EV %.0f wind %.0f" % (M, ev_world, wind_world))
