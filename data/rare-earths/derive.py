#!/usr/bin/env python3
"""Derive the estimated tables of critmin's embedded rare-earth dataset.

Reads only files in data/rare-earths/inputs/ (copies of the project's reference figures and
assumptions.csv, every figure with its source id) and writes these tables next to this script:

  deposits.csv  processes.csv  recipes.csv  element_content.csv  governance.csv
  producers.csv production.csv world_production.csv flows.csv demand.csv projects.csv

countries.csv, commodities.csv, stockpiles.csv, controls.csv and dataset.yaml are written by hand.
The rules are numbered R1..R20 below and described in plain words in docs/data-sources.md.
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
YEAR = 2025  # base year of the chain below the mine (dataset 0.2)

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
# 0.2: every element China controls is its own oxide (Sm Gd Tb Dy Lu Y in April 2025; Ho Er Tm Eu
# Yb in October 2025); other_reo keeps what a plant does not separate (rounding for full plants).
SEP_ELEMENTS = {"ndpr_oxide": ("Pr", "Nd"), "dy_oxide": ("Dy",), "tb_oxide": ("Tb",),
                "la_ce_oxide": ("La", "Ce"), "sm_oxide": ("Sm",), "eu_oxide": ("Eu",),
                "gd_oxide": ("Gd",), "y_oxide": ("Y",), "ho_oxide": ("Ho",), "er_oxide": ("Er",),
                "tm_oxide": ("Tm",), "yb_oxide": ("Yb",), "lu_oxide": ("Lu",)}
SEP_ORDER = list(SEP_ELEMENTS) + ["other_reo"]
sep_coef = {}       # deposit id -> {commodity: coefficient}
pr_share = {}       # deposit id -> Pr fraction of the NdPr oxide


def separation_coefficients(c):
    k = {com: sig(sum(c[e] for e in els)) for com, els in SEP_ELEMENTS.items()}
    k["other_reo"] = max(0.0, round(1.0 - sum(k.values()), 6))
    return k


for did, c in deposits.items():
    sep_coef[did] = separation_coefficients(c)
    pr_share[did] = c["Pr"] / (c["Pr"] + c["Nd"])

# R15. Minamitorishima deep-sea mud: its own composition (per-element pattern scaled to the
# published Y+HREE share), so that its Dy and Tb are not read off the Mount Weld recipe.
mud_raw = {r["element"]: float(r["ppm"]) for r in read_csv("minamitorishima-mud.csv")}
heavy = ["Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Y"]
hv = sum(mud_raw[e] for e in heavy)
lt = sum(v for e, v in mud_raw.items() if e not in heavy)
yh = P["minamitorishima_yhree_share"]
MUD = {e: (v * yh / hv if e in heavy else v * (1 - yh) / lt) for e, v in mud_raw.items()}
deposits["deep_sea_mud_minamitorishima"] = MUD
deposit_meta["deep_sea_mud_minamitorishima"] = ("Minamitorishima REY-rich mud", 1.0)
for e in ELEMENTS + OTHER_HEAVY:
    deposit_rows.append({
        "deposit_type": "deep_sea_mud_minamitorishima", "element": e, "fraction": fmtc(sig(MUD[e])),
        "example": "Minamitorishima REY-rich mud", "source": "takaya-2018", "confidence": "estimated",
        "derivation": "R15: per-element pattern of extremely REY-rich mud (inputs/minamitorishima-mud.csv; estimated) scaled so that Y and Eu-Lu make %s of REY (Takaya et al. 2018)" % fmt(yh)})
SEP_PROCESS["deep_sea_mud_minamitorishima"] = "sep_deep_sea_mud_minamitorishima"
sep_coef["deep_sea_mud_minamitorishima"] = separation_coefficients(MUD)
pr_share["deep_sea_mud_minamitorishima"] = MUD["Pr"] / (MUD["Pr"] + MUD["Nd"])

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

# R3b. Mine output 2025. USGS MCS 2026 figures were not available to the maintainers: MP's own
# 2025 figure for Mountain Pass; Mount Weld's feed implied by Lynas's reported NdPr (USGS's
# Australia figure counts saleable product, below the REO the NdPr needs); every other producer's
# 2024 figure held (China's 2025 quota was issued but not published).
mount_weld_2025 = P["lynas_ndpr_fy2025"] / sep_coef["monazite_laterite"]["ndpr_oxide"]
MINE_2025_WHY = {}
for (pid, y), q in sorted(mine_out.items()):
    if y != 2024:
        continue
    if pid == "USA.mine.mountain_pass":
        v, src, conf, why = P["mp_reo_in_concentrate_2025"], "mp-2025-results", "reported", ""
    elif pid == "AUS.mine.mount_weld":
        v, src, conf = mount_weld_2025, "lynas-fy2025", "estimated"
        why = ("R3b: REO in the concentrate Lynas processed: reported NdPr %s t (FY2025) / NdPr fraction %s of Mount Weld REO; "
               "USGS gives Australia 13000 t for 2024 on a saleable-product basis" % (fmt(P["lynas_ndpr_fy2025"]), fmt(sep_coef["monazite_laterite"]["ndpr_oxide"])))
    else:
        v, src, conf = q, "usgs-mcs-2025", "estimated"
        why = "R3b: 2024 figure held (no 2025 figure found; USGS MCS 2026 not read%s)" % (
            "; China's 2025 quota was issued but not published" if pid.startswith("CHN") else
            "; press reports of lower Kachin output after October 2024 not quantified" if pid.startswith("MMR") else "")
    mine_out[(pid, 2025)] = add_prod(pid, "ree_concentrate", 2025, v, src, conf, why)
world_2025 = 390000 + sum(mine_out[(p_, 2025)] - mine_out[(p_, 2024)] for (p_, y) in list(mine_out) if y == 2024)
world_rows.append({"commodity": "ree_concentrate", "year": 2025, "quantity": fmt(round(world_2025, -2)),
                   "source": "usgs-mcs-2025", "confidence": "estimated",
                   "derivation": "R3b: USGS 2024 world total 390000 t plus the 2025 changes of the producers above (MP and Mount Weld), rounded to 100 t"})

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
mp_feed = P["mp_ndpr_oxide_2025"] / sep_coef[mp_dep]["ndpr_oxide"]
mp_feed_rounded = q3(mp_feed)
# R5 (2025): MP stopped shipping concentrate to China on 17 April 2025: the first quarter's output
# less what it separated that quarter went to China; the rest of the year's surplus concentrate
# stayed at Mountain Pass (stock for its own separation; no flow).
mp_to_china_conc = P["mp_reo_q1_2025"] - P["mp_ndpr_q1_2025"] / sep_coef[mp_dep]["ndpr_oxide"]
feed["USA.sep.mountain_pass"][mp_mine] = mp_feed_rounded
feed["CHN.sep.bastnaesite_mountain_pass"][mp_mine] = q3(mp_to_china_conc)
for mine, sep in ROUTE.items():
    feed[sep][mine] = mine_out[(mine, YEAR)]

for sup_sep, d in feed.items():
    for mine, qty in sorted(d.items()):
        src = "critmin-estimates"
        if mine == mp_mine and sup_sep.startswith("USA"):
            why = "R5: feed that yields MP's reported %s t NdPr oxide (2025) at the Mountain Pass composition (NdPr %s of REO)" % (
                fmt(P["mp_ndpr_oxide_2025"]), fmt(sep_coef[mp_dep]["ndpr_oxide"]))
            basis = "company_report"
        elif mine == mp_mine:
            why = ("R5: Mountain Pass concentrate shipped to China in 2025 before MP stopped on 17 April: first-quarter output %s t REO "
                   "less the feed it separated that quarter (%s t NdPr oxide); the rest of 2025's surplus stayed on site"
                   % (fmt(P["mp_reo_q1_2025"]), fmt(P["mp_ndpr_q1_2025"])))
            basis, src = "company_report", "mp-2025-results"
        else:
            why = ROUTE_WHY.get(mine, "R4: USGS estimates this country's output from China import data, so it is shipped to China")
            basis = "estimate"
        add_flow(mine, sup_sep, "ree_concentrate", qty, basis, src, "estimated", why)

# R6b. Lynas Malaysia runs its own process: the Mount Weld composition, with Dy and Tb oxide at
# what its heavy rare-earth circuit made in 2025 (first Dy May, Tb June 2025); the heavy rare
# earths it did not separate stay in other_reo (its mixed heavy concentrate).
lynas_act = feed["MYS.sep.lynas_malaysia"]["AUS.mine.mount_weld"]
mw_c = dict(sep_coef["monazite_laterite"])
dy_tb = P["lynas_dytb_oxide_2025"]
mw_dy_share = mw_c["dy_oxide"] / (mw_c["dy_oxide"] + mw_c["tb_oxide"])
lynas_c = dict(mw_c)
lynas_c["dy_oxide"] = sig(dy_tb * mw_dy_share / lynas_act)
lynas_c["tb_oxide"] = sig(dy_tb * (1 - mw_dy_share) / lynas_act)
lynas_c["other_reo"] = round(mw_c["other_reo"] + mw_c["dy_oxide"] - lynas_c["dy_oxide"] + mw_c["tb_oxide"] - lynas_c["tb_oxide"], 6)
sep_coef["lynas_malaysia"] = lynas_c
SEP_PROCESS["lynas_malaysia"] = "sep_lynas_malaysia"
pr_share["lynas_malaysia"] = pr_share["monazite_laterite"]
SEP["MYS.sep.lynas_malaysia"] = SEP["MYS.sep.lynas_malaysia"][:3] + ("lynas_malaysia",) + SEP["MYS.sep.lynas_malaysia"][4:]

sep_out = {}  # (producer, commodity) -> t
for sid, (name, kind, iso, dep, op) in SEP.items():
    add_producer(sid, name, kind, iso, "ndpr_oxide", process=SEP_PROCESS[dep], operator=op,
                 source="critmin-estimates", confidence="estimated",
                 derivation="R6: one separation producer per country and feed type")
    activity = sum(feed[sid].values())
    if sid == "USA.sep.mountain_pass":
        sep_out[(sid, "ndpr_oxide")] = add_prod(sid, "ndpr_oxide", YEAR, P["mp_ndpr_oxide_2025"],
                                                "mp-2025-results", "reported", "")
        activity = sep_out[(sid, "ndpr_oxide")] / sep_coef[dep]["ndpr_oxide"]
    for com in SEP_ORDER:
        if (sid, com) in sep_out:
            continue
        qty = sep_coef[dep][com] * activity
        if qty <= 0:
            continue
        why = "R6: feed %s t REO x %s coefficient %s of process %s" % (fmt(q3(activity)), com, fmt(sep_coef[dep][com]), SEP_PROCESS[dep])
        if sid == "MYS.sep.lynas_malaysia" and com == "ndpr_oxide":
            why += " (= Lynas's reported FY2025 NdPr %s t)" % fmt(P["lynas_ndpr_fy2025"])
        sep_out[(sid, com)] = add_prod(sid, com, YEAR, qty, "lynas-fy2025" if sid.startswith("MYS") else "critmin-estimates", "estimated", why)

# R7: China's recycling of NdFeB production scrap (swarf) as a separation-stage supply without a
# modelled feed (the scrap loop magnet -> oxide would run against the chain order). 2025: the
# 2024 figures held (no 2025 figure found).
REC = "CHN.recycling.magnet_scrap"
add_producer(REC, "China recycling of NdFeB magnet scrap", "country", "CHN", "ndpr_oxide",
             source="argus-2025-recycling", confidence="secondary",
             derivation="R7: REO recovered from NdFeB scrap; about 40 plants; feed not modelled")
for y in (2023, 2024, 2025):
    k = min(y, 2024)
    held = "" if y == k else "R7: 2024 figure held (no 2025 figure found)"
    conf = "secondary" if y == k else "estimated"
    nd = add_prod(REC, "ndpr_oxide", y, P["recycled_ndpr_oxide_%d" % k], "argus-2025-recycling", conf, held)
    dy = add_prod(REC, "dy_oxide", y, P["recycled_dy_oxide_%d" % k], "argus-2025-recycling", conf, held)
    tb = add_prod(REC, "tb_oxide", y, P["recycled_tb_oxide_%d" % k], "argus-2025-recycling", conf, held)
    add_prod(REC, "other_reo", y, P["recycled_reo_%d" % k] - nd - dy - tb, "argus-2025-recycling",
             "estimated", "R7: total REO from scrap %s t minus the PrNd, Dy and Tb oxide parts (Gd, Ho and others)%s"
             % (fmt(P["recycled_reo_%d" % k]), "; 2024 figure held" if y != k else ""))
    if y == YEAR:
        for com, val in (("ndpr_oxide", nd), ("dy_oxide", dy), ("tb_oxide", tb)):
            sep_out[(REC, com)] = val

# --------------------------------------------------------------------------------------------
# Metal (R8). Stoichiometric reduction of each oxide to its metal, one process per element (0.2:
# Dy and Tb metal no longer ride on NdPr's recipe, so where Japan's Dy and Tb metal come from is
# set by where Dy and Tb oxide go, not by MP's NdPr routing).
# Which oxides reach metal makers: all Chinese separation output and recycling; Lynas NdPr and
# its 2025 Dy/Tb (Japan's JARE share); MP's NdPr sold. India's, Russia's and the rest of Lynas's
# and MP's output is not traced further (no outflow).

O, Nd, Pr, Dy, Tb = (P["aw_O"], P["aw_Nd"], P["aw_Pr"], P["aw_Dy"], P["aw_Tb"])
w_nd = 2 * Nd / (2 * Nd + 3 * O)       # Nd in Nd2O3
w_pr = 6 * Pr / (6 * Pr + 11 * O)      # Pr in Pr6O11 (REO basis)
w_dy = 2 * Dy / (2 * Dy + 3 * O)       # Dy in Dy2O3
w_tb = 4 * Tb / (4 * Tb + 7 * O)       # Tb in Tb4O7

CHN_SEP = [s_ for s_ in SEP if s_.startswith("CHN.")] + [REC]
LYNAS = "MYS.sep.lynas_malaysia"
MPSEP = "USA.sep.mountain_pass"

prim = [s_ for s_ in SEP if s_.startswith("CHN.")] + [LYNAS, MPSEP]
pr_t = sum(sep_out[(s_, "ndpr_oxide")] * pr_share[SEP[s_][3]] for s_ in prim)
nd_t = sum(sep_out[(s_, "ndpr_oxide")] for s_ in prim)
s_pr = pr_t / nd_t
f_ndpr = (1 - s_pr) * w_nd + s_pr * w_pr          # t NdPr metal per t NdPr oxide
pr_in_metal = s_pr * w_pr / f_ndpr                 # Pr mass fraction of NdPr metal
c_ox = sig(1 / f_ndpr)                             # t NdPr oxide per t NdPr metal
c_dy = sig(1 / w_dy)                               # t Dy2O3 per t Dy metal
c_tb = sig(1 / w_tb)                               # t Tb4O7 per t Tb metal

pool = {com: {s_: sep_out[(s_, com)] for s_ in CHN_SEP} for com in ("ndpr_oxide", "dy_oxide", "tb_oxide")}
# R12 (2025): MP sold 1994 t of its 2599 t; China's imports of MP NdPr ran at the 2024 pace
# (232 t/yr) until shipments stopped on 17 April (a quarter of it); Japan got the 2024 volume of
# the Sumitomo route (made into metal in Vietnam); the rest of its sales went to buyers no source
# names (not traced) and unsold NdPr stayed with MP (Independence metal).
mp_to_chn = P["mp_ndpr_to_china_2024"] / 4
mp_to_vnm = P["mp_ndpr_oxide_2024"] - P["mp_ndpr_to_china_2024"]  # the 2024 Sumitomo volume held
ly_share_chn = P["lynas_ndpr_to_china_2024"] / P["lynas_ndpr_fy2024"]
ly_to_chn = sep_out[(LYNAS, "ndpr_oxide")] * ly_share_chn
ly_to_jpn = sep_out[(LYNAS, "ndpr_oxide")] - ly_to_chn
ly_dy_jpn = sep_out[(LYNAS, "dy_oxide")] * P["lynas_jare_dytb_share"]
ly_tb_jpn = sep_out[(LYNAS, "tb_oxide")] * P["lynas_jare_dytb_share"]

ndpr_metal_world = (sum(pool["ndpr_oxide"].values()) + sep_out[(LYNAS, "ndpr_oxide")] + mp_to_chn + mp_to_vnm) / c_ox
dy_metal_world = (sum(pool["dy_oxide"].values()) + ly_dy_jpn) / c_dy
tb_metal_world = (sum(pool["tb_oxide"].values()) + ly_tb_jpn) / c_tb
c_dy_m = dy_metal_world / ndpr_metal_world
c_tb_m = tb_metal_world / ndpr_metal_world

# Alloy (R9): 30% rare earths; the Dy and Tb share is what the supply allows (fleet average).
ree = P["ree_mass_fraction_ndfeb"]
a_ndpr = sig(ree / (1 + c_dy_m + c_tb_m))
a_dy = sig_floor(a_ndpr * c_dy_m)
a_tb = sig_floor(a_ndpr * c_tb_m)
# Magnet (R10): sintering and machining scrap of 25-30% of output -> alloy per t of magnet.
c_alloy = sig(1 + P["magnet_scrap_ratio"])

PROC_METAL = {"ndpr_metal": "metal_reduction_ndpr", "dy_metal": "metal_reduction_dy", "tb_metal": "metal_reduction_tb"}
PROC_ALLOY = "alloy_ndfeb_casting"
PROC_MAGNET = "magnet_ndfeb_sintering"

# --------------------------------------------------------------------------------------------
# World magnet output and country shares (R11), Japan's sourcing (R12).
alloy_world = ndpr_metal_world / a_ndpr
magnet_world = alloy_world / c_alloy
s_euu = P["magnet_share_euu_2024"]
mag = {"JPN.magnet": q3(P["jpn_magnet_output"]), "EUU.magnet": q3(s_euu * magnet_world)}
mag["CHN.magnet"] = q3(magnet_world - mag["JPN.magnet"] - mag["EUU.magnet"])
alloy = {"CHN.alloy": q3(c_alloy * (mag["CHN.magnet"] + mag["EUU.magnet"])),
         "JPN.alloy": q3(c_alloy * mag["JPN.magnet"])}

# Japan needs a_x * JPN.alloy of each metal. Non-China supply: MP NdPr made into metal in Vietnam,
# Lynas NdPr and Lynas Dy/Tb (JARE shares) reduced in Japan. The China-origin rest arrives half as
# oxide (to Japanese metal makers), half as metal (assumption japan_china_origin_as_metal).
metal = {}
need_j = {"ndpr_metal": a_ndpr * alloy["JPN.alloy"], "dy_metal": a_dy * alloy["JPN.alloy"],
          "tb_metal": a_tb * alloy["JPN.alloy"]}
non_china_j = {"ndpr_metal": mp_to_vnm / c_ox + ly_to_jpn / c_ox, "dy_metal": ly_dy_jpn / c_dy,
               "tb_metal": ly_tb_jpn / c_tb}
china_origin, y_metal, x_oxide = {}, {}, {}
OXIDE_OF = {"ndpr_metal": "ndpr_oxide", "dy_metal": "dy_oxide", "tb_metal": "tb_oxide"}
C_OX = {"ndpr_metal": c_ox, "dy_metal": c_dy, "tb_metal": c_tb}
for m in ("ndpr_metal", "dy_metal", "tb_metal"):
    china_origin[m] = need_j[m] - non_china_j[m]
    if china_origin[m] < 0:
        sys.exit("Japan's non-China %s exceeds its need; revise the rules" % m)
    y_metal[m] = china_origin[m] * P["japan_china_origin_as_metal"]         # CHN metal -> JPN.alloy
    x_oxide[m] = (china_origin[m] - y_metal[m]) * C_OX[m]                  # CHN oxide -> JPN metal
metal[("VNM.metal", "ndpr_metal")] = q3(mp_to_vnm / c_ox)
metal[("JPN.metal", "ndpr_metal")] = q3((ly_to_jpn + x_oxide["ndpr_metal"]) / c_ox)
metal[("JPN.metal_dy", "dy_metal")] = q3((ly_dy_jpn + x_oxide["dy_metal"]) / c_dy)
metal[("JPN.metal_tb", "tb_metal")] = q3((ly_tb_jpn + x_oxide["tb_metal"]) / c_tb)
metal[("CHN.metal", "ndpr_metal")] = q3((sum(pool["ndpr_oxide"].values()) - x_oxide["ndpr_metal"] + ly_to_chn + mp_to_chn) / c_ox)
metal[("CHN.metal_dy", "dy_metal")] = q3((sum(pool["dy_oxide"].values()) - x_oxide["dy_metal"]) / c_dy)
metal[("CHN.metal_tb", "tb_metal")] = q3((sum(pool["tb_oxide"].values()) - x_oxide["tb_metal"]) / c_tb)
japan_china_share = {m: china_origin[m] / need_j[m] for m in need_j}


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
    "ndpr_oxide": {"CHN.metal": sum(pool["ndpr_oxide"].values()) - x_oxide["ndpr_metal"], "JPN.metal": x_oxide["ndpr_metal"]},
    "dy_oxide": {"CHN.metal_dy": sum(pool["dy_oxide"].values()) - x_oxide["dy_metal"], "JPN.metal_dy": x_oxide["dy_metal"]},
    "tb_oxide": {"CHN.metal_tb": sum(pool["tb_oxide"].values()) - x_oxide["tb_metal"], "JPN.metal_tb": x_oxide["tb_metal"]},
}
for com in ("ndpr_oxide", "dy_oxide", "tb_oxide"):
    for p_, c, qty in allocate(pool[com], ox_need[com]):
        dom = c.startswith("CHN")
        add_flow(p_, c, com, qty, "estimate", "critmin-estimates", "estimated",
                 "R8: pooled Chinese separated %s shared pro rata over its customers; %s" % (
                     com, "domestic supply" if dom else "China-origin supply of Japan's metal makers (R12)"))
add_flow(LYNAS, "CHN.metal", "ndpr_oxide", floor3(ly_to_chn), "trade_statistics", "treo-2025-china-trade",
         "estimated", "R12: Lynas NdPr x %s (China's 2024 imports of Lynas NdPr %s t / Lynas FY2024 NdPr %s t; 2024 share held for 2025)"
         % (fmt(sig(ly_share_chn)), fmt(P["lynas_ndpr_to_china_2024"]), fmt(P["lynas_ndpr_fy2024"])))
add_flow(LYNAS, "JPN.metal", "ndpr_oxide", floor3(ly_to_jpn), "estimate", "lynas-jare-2023",
         "estimated", "R12: Lynas NdPr not sold to China goes to Japan (JARE priority supply of up to 7200 t/yr)")
add_flow(LYNAS, "JPN.metal_dy", "dy_oxide", floor3(ly_dy_jpn), "estimate", "lynas-jare-2023",
         "estimated", "R12: Japan's JARE share %s of Lynas's 2025 Dy oxide (the rest is not traced)" % fmt(P["lynas_jare_dytb_share"]))
add_flow(LYNAS, "JPN.metal_tb", "tb_oxide", floor3(ly_tb_jpn), "estimate", "lynas-jare-2023",
         "estimated", "R12: Japan's JARE share %s of Lynas's 2025 Tb oxide (the rest is not traced)" % fmt(P["lynas_jare_dytb_share"]))
add_flow(MPSEP, "CHN.metal", "ndpr_oxide", floor3(mp_to_chn), "trade_statistics", "treo-2025-china-trade",
         "estimated", "R12: China's 2024 imports of MP NdPr (232 t) for the quarter before MP stopped shipping to China on 17 April 2025")
add_flow(MPSEP, "VNM.metal", "ndpr_oxide", floor3(mp_to_vnm), "estimate", "mp-sumitomo-2023",
         "estimated", "R12: MP NdPr to Japan via Sumitomo (made into metal in Vietnam) at its 2024 volume (1294 - 232 t); the rest of MP's %s t sold in 2025 went to buyers no source names (not traced)" % fmt(P["mp_ndpr_oxide_sold_2025"]))

METAL_NAMES = {("CHN.metal", "ndpr_metal"): ("China NdPr metal makers", "CHN", "R8: NdPr oxide reaching China's metal makers (Chinese pool less oxide exports to Japan, plus Lynas and MP NdPr sold to China) / %s t oxide per t metal" % fmtc(c_ox)),
               ("CHN.metal_dy", "dy_metal"): ("China Dy metal makers", "CHN", "R8: Chinese Dy oxide less oxide exports to Japan / %s t oxide per t metal" % fmtc(c_dy)),
               ("CHN.metal_tb", "tb_metal"): ("China Tb metal makers", "CHN", "R8: Chinese Tb oxide less oxide exports to Japan / %s t oxide per t metal" % fmtc(c_tb)),
               ("JPN.metal", "ndpr_metal"): ("Japan NdPr metal makers", "JPN", "R12: Lynas NdPr to Japan plus half of Japan's China-origin NdPr need as oxide / %s t oxide per t metal" % fmtc(c_ox)),
               ("JPN.metal_dy", "dy_metal"): ("Japan Dy metal makers", "JPN", "R12: Lynas Dy oxide to Japan plus half of Japan's China-origin Dy need as oxide / %s t oxide per t metal" % fmtc(c_dy)),
               ("JPN.metal_tb", "tb_metal"): ("Japan Tb metal makers", "JPN", "R12: Lynas Tb oxide to Japan plus half of Japan's China-origin Tb need as oxide / %s t oxide per t metal" % fmtc(c_tb)),
               ("VNM.metal", "ndpr_metal"): ("Vietnam NdPr metal makers (serving Japanese magnet makers)", "VNM", "R12: MP NdPr sold via Sumitomo / %s t oxide per t metal" % fmtc(c_ox))}
for (m, com), (name, iso, why) in METAL_NAMES.items():
    add_producer(m, name, "country", iso, com, process=PROC_METAL[com],
                 derivation="R8/R12: country aggregate of metal makers")
    add_prod(m, com, YEAR, metal[(m, com)], "critmin-estimates", "estimated", why)

# Metal flows into alloy makers
for com in ("ndpr_metal", "dy_metal", "tb_metal"):
    a_x = {"ndpr_metal": a_ndpr, "dy_metal": a_dy, "tb_metal": a_tb}[com]
    chn = [k for k in metal if k[1] == com and k[0].startswith("CHN")][0][0]
    jpn = [k for k in metal if k[1] == com and k[0].startswith("JPN")][0][0]
    for p_, c, qty in allocate({chn: metal[(chn, com)]}, {"CHN.alloy": a_x * alloy["CHN.alloy"], "JPN.alloy": y_metal[com]}):
        add_flow(p_, c, com, qty, "estimate", "critmin-estimates", "estimated",
                 "R9: domestic metal to alloy makers" if c == "CHN.alloy" else "R12: half of Japan's China-origin need arrives as Chinese metal")
    for p_, c, qty in allocate({jpn: metal[(jpn, com)]}, {"JPN.alloy": metal[(jpn, com)]}):
        add_flow(p_, c, com, qty, "estimate", "critmin-estimates", "estimated", "R9: domestic metal to alloy makers")
for p_, c, qty in allocate({"VNM.metal": metal[("VNM.metal", "ndpr_metal")]}, {"JPN.alloy": metal[("VNM.metal", "ndpr_metal")]}):
    add_flow(p_, c, "ndpr_metal", qty, "estimate", "critmin-estimates", "estimated",
             "R12: Vietnamese metal from MP oxide to Japanese alloy makers (Sumitomo route)")

for a_, (name, iso) in {"CHN.alloy": ("China NdFeB alloy makers", "CHN"),
                        "JPN.alloy": ("Japan NdFeB alloy makers (in-house at magnet makers)", "JPN")}.items():
    add_producer(a_, name, "country", iso, "ndfeb_alloy", process=PROC_ALLOY,
                 derivation="R9: country aggregate of alloy makers; each magnet maker's alloy is cast in the same country, except EU magnet makers who buy Chinese alloy")
    add_prod(a_, "ndfeb_alloy", YEAR, alloy[a_], "critmin-estimates", "estimated",
             "R10: magnet output of the customers x %s t alloy per t magnet" % fmt(c_alloy))
for p_, c, qty in allocate({"CHN.alloy": alloy["CHN.alloy"]},
                           {"CHN.magnet": c_alloy * mag["CHN.magnet"], "EUU.magnet": c_alloy * mag["EUU.magnet"]}):
    add_flow(p_, c, "ndfeb_alloy", qty, "estimate", "critmin-estimates", "estimated",
             "R10: alloy for China's magnet makers" if c == "CHN.magnet" else "R10: EU magnet makers buy Chinese alloy (estimate)")
for p_, c, qty in allocate({"JPN.alloy": alloy["JPN.alloy"]}, {"JPN.magnet": c_alloy * mag["JPN.magnet"]}):
    add_flow(p_, c, "ndfeb_alloy", qty, "estimate", "critmin-estimates", "estimated", "R10: in-house alloy of Japanese magnet makers")

MAG_NAMES = {
    "CHN.magnet": ("China sintered NdFeB magnet makers", "CHN", "",
                   "R11: world magnet output less Japan's and the EU's (China %s of the world; IEA: 94%% in 2024)" % fmt(sig(mag["CHN.magnet"] / magnet_world, 4)), "iea-2025-commentary"),
    "JPN.magnet": ("Japan sintered NdFeB magnet makers", "JPN", "Shin-Etsu Chemical; Proterial; TDK; Daido Electronics",
                   "R11: Japan's sintered NdFeB output %s t (Japan Society of Newer Metals, 2020, the latest tonnage found; 13000 t in 2017) held for 2025; overseas plants of Japanese makers (Shin-Etsu Vietnam 2200 t/yr; TDK and Proterial plants in China) are counted where they are" % fmt(P["jpn_magnet_output"]), "jsnm-2025"),
    "EUU.magnet": ("EU sintered NdFeB magnet makers (VAC, Hanau, Germany)", "DEU", "Vacuumschmelze",
                   "R11: world magnet output x 0.005 (placeholder; no sourced EU share; id kept from 0.1, plant in Germany)", "critmin-estimates"),
}
for mg, (name, iso, op, why, src) in MAG_NAMES.items():
    add_producer(mg, name, "country", iso, "ndfeb_magnet", process=PROC_MAGNET, operator=op,
                 source="critmin-ref-japan" if iso == "JPN" else "critmin-estimates",
                 derivation="R11: country aggregate of sintered magnet makers")
    add_prod(mg, "ndfeb_magnet", YEAR, mag[mg], src, "estimated",
             why + "; world output %s t = NdPr metal %s t / %s t NdPr metal per t alloy / %s t alloy per t magnet"
             % (fmt(q3(magnet_world)), fmt(q3(ndpr_metal_world)), fmt(a_ndpr), fmt(c_alloy)))

# --------------------------------------------------------------------------------------------
# Demand (R13): first use of magnets by country and end use, 2025 (t NdFeB). 0.2: every G7
# member, Korea, India and Australia is its own demand country; EUU is the rest of the EU.
X = P["china_magnet_exports_2025"]
imp = {  # China's 2025 magnet exports by destination, t (R13a)
    "USA": P["china_magnet_exports_usa_2025"],
    "JPN": 12 * P["china_magnet_exports_jpn_2025_monthly"],
    "DEU": 12 * P["china_magnet_exports_deu_2025_monthly"],
    "KOR": 12 * P["china_magnet_exports_kor_2025_09"],
    "IND": 12 * P["china_magnet_exports_ind_2025_06"],
}
IMP_WHY = {
    "USA": "China's 2025 magnet exports to the USA %s t (customs via Reuters)" % fmt(imp["USA"]),
    "JPN": "China's magnet exports to Japan: 12 x the September-December 2025 monthly mean %s t (customs via Reuters); plus Japan's own output" % fmt(P["china_magnet_exports_jpn_2025_monthly"]),
    "DEU": "China's magnet exports to Germany: 12 x the July/September 2025 monthly mean %s t (customs via Reuters); plus the EU magnet makers' output (VAC, Germany)" % fmt(P["china_magnet_exports_deu_2025_monthly"]),
    "KOR": "China's magnet exports to Korea: 12 x September 2025 (%s t; customs via Reuters)" % fmt(P["china_magnet_exports_kor_2025_09"]),
    "IND": "China's magnet exports to India: 12 x June 2025 (%s t, a month still held down by the licensing; customs via Reuters)" % fmt(P["china_magnet_exports_ind_2025_06"]),
}
# The EU other than Germany: July 2025 EU less Germany, split by battery-electric registrations.
eu_rest_imp = 12 * (P["china_magnet_exports_eu_2025_07"] - 1116.0)
bev_rest = P["bev_2025_eu27"] - P["bev_2025_deu"]
phev_factor = P["ev_sales_2025_eu27"] / P["bev_2025_eu27"]
for r, bev in (("FRA", P["bev_2025_fra"]), ("ITA", P["bev_2025_ita"]), ("EUU", bev_rest - P["bev_2025_fra"] - P["bev_2025_ita"])):
    imp[r] = eu_rest_imp * bev / bev_rest
    IMP_WHY[r] = ("China's magnet exports to the EU other than Germany (12 x (July 2025 EU 2140 t less Germany 1116 t)) x this country's share %s of those countries' battery-electric registrations (a proxy; no country series found)"
                  % fmt(sig(bev / bev_rest, 4)))

c_ev = sig(P["ev_share_magnet_ree_2023"] * P["magnet_ree_demand_2023"] / P["ev_sales_2023"] / ree)  # t NdFeB / vehicle
c_wind = P["ndfeb_per_mw_wind_fleet"]
c_hev = P["hev_ndfeb_per_vehicle"]
c_ac = P["ac_ndfeb_per_unit"]
EV = {"CHN": P["ev_sales_2025_chn"], "USA": P["ev_sales_2025_usa"], "GBR": P["ev_sales_2025_gbr"],
      "CAN": P["ev_sales_2024_can"], "KOR": P["ev_sales_2025_kor"], "AUS": P["ev_sales_2025_aus"],
      "JPN": P["jpn_bev_sales_2025"] + P["jpn_phev_sales_2024_jan_nov"] * 12 / 11,
      "DEU": P["bev_2025_deu"] * phev_factor, "FRA": P["bev_2025_fra"] * phev_factor,
      "ITA": P["bev_2025_ita"] * phev_factor,
      "EUU": (bev_rest - P["bev_2025_fra"] - P["bev_2025_ita"]) * phev_factor,
      "IND": P["ev_sales_2025_ind"], "ROW": 0.0}
EV_WHY = {r: "%s electric cars" % fmt(round(EV[r])) for r in EV}
EV_WHY["JPN"] = "%s battery-electric (2025) + %s plug-in hybrids (January-November 2024 x 12/11)" % (fmt(P["jpn_bev_sales_2025"]), fmt(round(P["jpn_phev_sales_2024_jan_nov"] * 12 / 11)))
for r in ("DEU", "FRA", "ITA", "EUU"):
    EV_WHY[r] = "%s electric cars (battery-electric registrations x EU27 (BEV+PHEV)/BEV %s)" % (fmt(round(EV[r])), fmt(sig(phev_factor, 4)))
EV_WHY["IND"] = "%s EVs (April 2024-March 2025 registrations, mostly two- and three-wheelers) at %s t NdFeB each" % (fmt(EV["IND"]), fmt(P["ind_ndfeb_per_ev"]))
EV_WHY["ROW"] = "none: the named countries' sales (Chinese makers' exports counted in China) exceed the IEA's 2025 world projection"
ev_content = {r: (P["ind_ndfeb_per_ev"] if r == "IND" else c_ev) for r in EV}
WIND = {"CHN": P["wind_2025_chn"], "USA": P["wind_2025_usa"], "IND": P["wind_2025_ind"],
        "DEU": P["wind_2025_deu"], "FRA": P["wind_2025_fra"], "GBR": P["wind_2025_gbr"],
        "EUU": P["wind_2025_europe"] - P["wind_2025_deu"] - P["wind_2025_fra"] - P["wind_2025_gbr"] - P["wind_2025_tur"],
        "AUS": P["wind_2024_aus"], "JPN": P["wind_2025_jpn"], "ITA": 0.0, "CAN": 0.0, "KOR": 0.0}
WIND["ROW"] = 0.0  # see WIND_WHY
WIND_WHY = {r: "%s MW installed" % fmt(WIND[r]) for r in WIND}
WIND_WHY["EUU"] = "%s MW: Europe 19100 less Germany, France, UK and Turkey (includes non-EU Europe such as Norway)" % fmt(WIND["EUU"])
for r in ("ITA", "CAN", "KOR"):
    WIND_WHY[r] = "no sourced 2025 installation figure; zero (counted in ROW)"
WIND_WHY["ROW"] = ("not counted: the %s MW installed outside the named countries (world 150000 less them) are mostly geared turbines without permanent magnets or turbines imported complete, whose magnets are used where they were made (estimated)"
                   % fmt(P["wind_2025_world"] - sum(v for k, v in WIND.items() if k != "ROW")))

REGIONS = ["CHN", "JPN", "USA", "DEU", "FRA", "ITA", "GBR", "CAN", "EUU", "KOR", "IND", "AUS", "ROW"]
# Regions without a China export series (GBR, CAN, AUS): their magnet use is the content of the
# EVs and turbines they bought (other uses not estimated).
for r in ("GBR", "CAN", "AUS"):
    imp[r] = EV[r] * c_ev + WIND[r] * c_wind
    IMP_WHY[r] = "no China export series found: the NdFeB content of the electric cars and wind turbines bought (other uses not estimated)"
imp["ROW"] = X - sum(imp.values())
IMP_WHY["ROW"] = "the rest of China's 2025 magnet exports (%s t, customs via Reuters)" % fmt(X)
if imp["ROW"] < 0:
    sys.exit("ROW imports negative")
supply = {r: {"CHN.magnet": imp[r]} for r in REGIONS if r != "CHN"}
supply["CHN"] = {"CHN.magnet": mag["CHN.magnet"] - X}
supply["JPN"]["JPN.magnet"] = mag["JPN.magnet"]
supply["DEU"]["EUU.magnet"] = mag["EUU.magnet"]
TOTAL_WHY = dict(IMP_WHY)
TOTAL_WHY["CHN"] = "China's magnet output less its 2025 exports (%s t, customs via Reuters)" % fmt(X)
total = {r: sum(supply[r].values()) for r in REGIONS}
M = sum(total.values())

D = {r: {} for r in REGIONS}
note = {r: {} for r in REGIONS}
for r in REGIONS:
    ev_t, wind_t = EV[r] * ev_content[r], WIND[r] * c_wind
    extra = 0.0
    if r == "JPN":
        D[r]["hybrid_vehicle_motors"] = P["jpn_hev_sales"] * c_hev
        D[r]["air_conditioners"] = P["jpn_ac_units"] * c_ac
        note[r]["hybrid_vehicle_motors"] = "R13: %s hybrid cars sold in Japan (April 2024-March 2025; 2025 not found) x %s t NdFeB per hybrid (estimated)" % (fmt(P["jpn_hev_sales"]), fmt(c_hev))
        note[r]["air_conditioners"] = "R13: %s room air conditioners with NdFeB compressors (data/mfa R-M8) x %s t each" % (fmt(P["jpn_ac_units"]), fmt(c_ac))
        extra = D[r]["hybrid_vehicle_motors"] + D[r]["air_conditioners"]
    scale = 1.0
    if ev_t + wind_t + extra > total[r]:
        scale = (total[r] - extra) / (ev_t + wind_t)
    D[r]["ev_traction_motors"] = ev_t * scale
    D[r]["wind_generators"] = wind_t * scale
    cut = "" if scale == 1.0 else "; scaled by %s to the region's magnet supply (vehicles and turbines imported complete carry magnets counted where they were made)" % fmt(sig(scale, 4))
    note[r]["ev_traction_motors"] = "R13: %s x %s t NdFeB per vehicle%s" % (EV_WHY[r], fmt(ev_content[r]), cut)
    note[r]["wind_generators"] = "R13: %s x %s t NdFeB per MW%s" % (WIND_WHY[r], fmt(c_wind), cut)

ev_world = sum(D[r]["ev_traction_motors"] for r in REGIONS)
wind_world = sum(D[r]["wind_generators"] for r in REGIONS)
jp_extra = D["JPN"]["hybrid_vehicle_motors"] + D["JPN"]["air_conditioners"]
ce_world = P["consumer_electronics_share_ndfeb"] * M
rest_world = M - ev_world - wind_world - jp_extra - ce_world
ind_world = rest_world * P["industrial_share_of_remainder"]
oth_world = rest_world - ind_world
split3 = {"consumer_electronics": ce_world, "industrial_motors": ind_world, "other": oth_world}
s3 = sum(split3.values())
for r in REGIONS:
    rem = total[r] - sum(D[r].values())
    for u, w in split3.items():
        D[r][u] = max(0.0, rem) * w / s3
        note[r][u] = ("R13: regional magnet use less the uses above, split consumer electronics / industrial motors / other as %s / %s / %s (world: consumer electronics 30%% of NdFeB; the rest split half and half)"
                     % (fmt(sig(ce_world / s3, 4)), fmt(sig(ind_world / s3, 4)), fmt(sig(oth_world / s3, 4))))

END_USES = ["ev_traction_motors", "hybrid_vehicle_motors", "wind_generators", "air_conditioners",
            "consumer_electronics", "industrial_motors", "other"]
# R13b: who supplies which end use. Imports fill end uses in this order, domestic makers the rest:
# Japanese (and German) makers supply their car, compressor and industrial customers with
# high-grade magnets; imported Chinese magnets go first to electronics and other uses.
IMPORT_ORDER = ["consumer_electronics", "other", "industrial_motors", "wind_generators", "air_conditioners",
                "hybrid_vehicle_motors", "ev_traction_motors"]
GRADES = {}  # (region, end use) -> (grade, Dy kg/t, Tb kg/t) (R13c)
MFA_GRADE = {"ev_traction_motors": ("conventional_high_temperature", 40.0, 5.806),
             "hybrid_vehicle_motors": ("conventional_high_temperature", 40.0, 5.806),
             "wind_generators": ("wind_generator", 15.043, 0.0),
             "air_conditioners": ("conventional_high_temperature", 40.0, 0.0),
             "consumer_electronics": ("standard", 10.0, 0.0),
             "industrial_motors": ("industrial", 20.0, 0.0), "other": ("standard", 10.0, 0.0)}
for r in REGIONS:
    for u in END_USES:
        GRADES[(r, u)] = MFA_GRADE[u]
for u in ("ev_traction_motors", "hybrid_vehicle_motors"):
    GRADES[("JPN", u)] = ("grain_boundary_diffused", 15.0, 5.0)

wind_value = (P["wind_cost_onshore_2024"] * P["wind_2024_onshore"] + P["wind_cost_offshore_2024"] * P["wind_2024_offshore"]) / P["wind_2024_world"] * 1000
demand_rows = []
DEMAND_SRC = {"ev_traction_motors": "iea-gevo-2025", "wind_generators": "gwec-gwr-2025",
              "consumer_electronics": "heim-vanderwal-2023", "industrial_motors": "critmin-estimates",
              "other": "critmin-estimates", "hybrid_vehicle_motors": "nikkan-2025-hev",
              "air_conditioners": "jraia-2022"}
for r in REGIONS:
    imported = {k: v for k, v in supply[r].items() if not k.startswith(r) and not (r == "DEU" and k == "EUU.magnet")}
    domestic = {k: v for k, v in supply[r].items() if k not in imported}
    left = sum(imported.values())
    from_imports = {}
    for u in IMPORT_ORDER:
        if u not in D[r]:
            continue
        take = min(left, D[r][u]) if domestic else D[r][u]
        from_imports[u] = take
        left -= take
    for u in END_USES:
        if u not in D[r]:
            continue
        did = "%s.demand.%s" % (r, u)
        got = 0.0
        for sup, amount in sorted(supply[r].items()):
            if sup in imported:
                share = amount / sum(imported.values()) if imported else 0
                qty = floor3(from_imports[u] * share)
            else:
                dom_total = sum(domestic.values())
                qty = floor3((D[r][u] - from_imports[u]) * amount / dom_total)
            trade = sup in imported
            got += add_flow(sup, did, "ndfeb_magnet", qty,
                            "trade_statistics" if trade else "estimate",
                            "reuters-2026-magnet-exports" if trade else "critmin-estimates",
                            "estimated", "R13b: %s (imports fill electronics, other and industrial uses first)" % (
                                "imports from China" if trade else "domestic makers"))
        row = {"id": did, "country": r, "end_use": u, "commodity": "ndfeb_magnet", "year": YEAR,
               "quantity": fmt(q3(got)), "source": DEMAND_SRC[u], "confidence": "estimated",
               "derivation": note[r][u] + "; regional total: " + TOTAL_WHY[r]}
        grade, gdy, gtb = GRADES[(r, u)]
        row.update({"grade": grade, "dy_kg_per_t": fmt(gdy), "tb_kg_per_t": fmt(gtb)})
        if u == "ev_traction_motors":
            row.update({"product_unit": "vehicle", "content_per_product": fmt(ev_content[r])})
        if u == "hybrid_vehicle_motors":
            row.update({"product_unit": "vehicle", "content_per_product": fmt(c_hev)})
        if u == "air_conditioners":
            row.update({"product_unit": "unit", "content_per_product": fmt(c_ac)})
        if u == "wind_generators":
            row.update({"product_unit": "MW", "content_per_product": fmt(c_wind),
                        "value_per_product": fmt(round(wind_value))})
        demand_rows.append(row)

# --------------------------------------------------------------------------------------------
# Other critical minerals (R14): country mine production = share x world (USGS MCS 2025) for 2024;
# the 2024 figures are held for 2025 (no 2025 figure; the base year of every chain is 2025).
# Gallium is a by-product of alumina and zinc refining: its low-purity output is a refining stage.
UNIT_MAP = {"lithium": "t Li", "cobalt": "t Co", "nickel": "t Ni", "natural_graphite": "t",
            "gallium_low_purity_primary": "kg"}
STAGE_WORD = {"gallium_low_purity_primary": "refining"}
seen_world = set()
mineral_out = {}  # (commodity) -> {producer: 2025 quantity}
for row in read_csv("other-minerals-2024.csv"):
    m, iso = row["mineral"], row["country_iso3"]
    world = float(row["world_2024e"])
    share = float(row["share_of_world_mining"])
    word = STAGE_WORD.get(m, "mine")
    pid = "%s.%s.%s" % (iso, word, m)
    add_producer(pid, "%s %s %s" % (iso, m.replace("_", " "), "refining (alumina and zinc by-product)" if word == "refining" else "mining"),
                 "country", iso, m, source="usgs-mcs-2025", confidence="reported")
    add_prod(pid, m, 2024, share * world, "usgs-mcs-2025", "reported",
             "R14: share of world %s %s x world %s %s (MCS 2025 shares as compiled)" % (
                 "output" if word == "refining" else "mining", row["share_of_world_mining"], fmt(world), UNIT_MAP[m]))
    mineral_out.setdefault(m, {})[pid] = add_prod(pid, m, 2025, share * world, "usgs-mcs-2025", "estimated",
                                                  "R14: 2024 figure held (no 2025 figure found)")
    if m not in seen_world:
        seen_world.add(m)
        for y in (2024, 2025):
            world_rows.append({"commodity": m, "year": y, "quantity": fmt(world), "source": "usgs-mcs-2025",
                               "confidence": "reported" if y == 2024 else "estimated",
                               "derivation": ("world excludes US output (withheld)" if m == "lithium" else "") +
                               ("" if y == 2024 else "R14: 2024 world total held")})

# R16. Other controlled minerals through refining to their first industrial use: each stage's
# producers by country share (inputs/minerals-chains.csv), each buyer drawing its input pro rata
# from the stage above (a pooled market), content basis (one unit of element in per unit out,
# except the graphite yield), end users by country share (inputs/minerals-demand.csv).
chain_rows = read_csv("minerals-chains.csv")
CHAIN_UPSTREAM = {"spherical_graphite": ("natural_graphite", 2.5, "R16: 2.5 t of flake per t of spherical graphite (yield about 40%; estimated)"),
                  "graphite_anode_material": ("spherical_graphite", 1.0, "R16: coated spherical graphite, one t per t of anode (content basis)"),
                  "gallium_high_purity": ("gallium_low_purity_primary", 1.0, "R16: content basis (recycled feed not modelled)"),
                  "gaas_gan_wafers": ("gallium_high_purity", 1.0, "R16: gallium content of substrates and epitaxy (content basis)"),
                  "antimony_refined": ("antimony_concentrate", 1.0, "R16: Sb content basis"),
                  "apt": ("tungsten_concentrate", 1.0, "R16: W content basis")}
WORD = {"spherical_graphite": "refining", "graphite_anode_material": "component", "gallium_high_purity": "metal",
        "gaas_gan_wafers": "component", "germanium_refined": "refining", "antimony_concentrate": "mine",
        "antimony_refined": "refining", "tungsten_concentrate": "mine", "apt": "refining"}
extra_processes = []   # (id, name, source, derivation, [(commodity, role, coefficient, derivation)])
by_com = {}
for r_ in chain_rows:
    by_com.setdefault(r_["commodity"], []).append(r_)
ORDER = ["germanium_refined", "antimony_concentrate", "tungsten_concentrate", "spherical_graphite",
         "gallium_high_purity", "antimony_refined", "apt", "graphite_anode_material", "gaas_gan_wafers"]
for com in ORDER:
    rows_ = by_com[com]
    up = CHAIN_UPSTREAM.get(com)
    if up:
        up_com, coef, why = up
        supply_up = mineral_out[up_com]
        world = float(rows_[0]["world"]) if rows_[0]["world"] else sum(supply_up.values()) / coef
        world = min(world, sum(supply_up.values()) / coef)   # cannot use more than the stage above makes
        proc = "refine_" + com
        extra_processes.append((proc, "%s from %s" % (com.replace("_", " "), up_com.replace("_", " ")), rows_[0]["source"],
                                "R16: one process per stage of the chain", [(up_com, "input", coef, why), (com, "output", 1.0, "R16: main product")]))
    else:
        world, proc = float(rows_[0]["world"]), ""
    made = {}
    for r_ in rows_:
        iso = r_["iso3"]
        pid = "%s.%s.%s" % (iso, WORD[com], com)
        qty = float(r_["share"]) * world
        add_producer(pid, "%s %s" % (iso, com.replace("_", " ")), "country", iso, com, process=proc,
                     source=r_["source"], confidence=r_["confidence"] if r_["confidence"] != "estimated" else "estimated",
                     derivation="R16: country aggregate")
        made[pid] = add_prod(pid, com, YEAR, qty, r_["source"], "estimated",
                             "R16: share %s x world %s (%s); %s" % (r_["share"], fmt(round(world, 1)), r_["year"], r_["note"]))
        if not up and r_["year"] != str(YEAR):
            add_prod(pid, com, int(r_["year"]), qty, r_["source"], r_["confidence"], "R16: share %s x world %s; %s" % (r_["share"], fmt(world), r_["note"]))
    if not up:
        world_rows.append({"commodity": com, "year": YEAR, "quantity": fmt(world), "source": rows_[0]["source"],
                           "confidence": "estimated", "derivation": "R16: world %s (%s) held for %d" % (fmt(world), rows_[0]["year"], YEAR)})
    if up:
        up_com, coef, _ = up
        need = {p_: q * coef for p_, q in made.items()}
        for p_, c, qty in allocate(mineral_out[up_com], need):
            add_flow(p_, c, up_com, qty, "estimate", "critmin-estimates", "estimated",
                     "R16: pooled %s shared pro rata over its buyers" % up_com)
    mineral_out[com] = made

# R17. First uses of the other controlled minerals and rare-earth oxides by country share.
# Rare-earth oxides (Y, Gd, Lu) come from China's separators (pooled); Sm goes through SmCo magnets.
sm_w = 2 * 150.36 / (2 * 150.36 + 3 * O)
SMCO_WORLD = 2500.0
SMCO_SM_OXIDE = sig(0.25 / sm_w)
smco_makers = {"CHN": 0.80, "JPN": 0.08, "USA": 0.07, "DEU": 0.05}
chn_pool = {com: {s_: sep_out[(s_, com)] for s_ in SEP if s_.startswith("CHN.") and sep_out.get((s_, com), 0) > 0}
            for com in ("sm_oxide", "gd_oxide", "y_oxide", "lu_oxide")}
made = {}
for iso, sh in smco_makers.items():
    pid = "%s.magnet_smco" % iso
    add_producer(pid, "%s samarium-cobalt magnet makers" % iso, "country", iso, "smco_magnet", process="magnet_smco_sintering",
                 derivation="R17: country aggregate of SmCo magnet makers")
    made[pid] = add_prod(pid, "smco_magnet", YEAR, sh * SMCO_WORLD, "critmin-estimates", "estimated",
                         "R17: world SmCo magnet output %s t (estimated; no sourced figure) x share %s (estimated: China dominant; Shin-Etsu in Japan; Arnold and EEC in the USA; VAC in Germany)" % (fmt(SMCO_WORLD), fmt(sh)))
for p_, c, qty in allocate(chn_pool["sm_oxide"], {p_: q * SMCO_SM_OXIDE for p_, q in made.items()}):
    add_flow(p_, c, "sm_oxide", qty, "estimate", "critmin-estimates", "estimated",
             "R17: Chinese Sm oxide shared pro rata over SmCo makers (China makes essentially all samarium)")
extra_processes.append(("magnet_smco_sintering", "Sintering of samarium-cobalt magnets (Co not modelled)", "critmin-estimates",
                        "R17: SmCo magnets hold 25-34% Sm; 25% taken (Sm2Co17)",
                        [("sm_oxide", "input", SMCO_SM_OXIDE, "R17: 0.25 t Sm per t magnet / %s Sm in Sm2O3" % fmt(sig(sm_w, 5))),
                         ("smco_magnet", "output", 1.0, "R17: main product")]))
mineral_out["smco_magnet"] = made
for com in ("y_oxide", "gd_oxide", "lu_oxide"):
    mineral_out[com] = chn_pool[com]

# R17b. Scandium oxide: a by-product (TiO2 pigment, nickel laterite, uranium and REE residues), not
# in the deposit compositions; producers by estimated share of a world of 15-20 t a year.
SC_WORLD = 17.5
for iso, sh, why in (("CHN", 0.60, "China, by-product of titanium dioxide and rare-earth processing; share estimated"),
                     ("RUS", 0.20, "Russia; share estimated"),
                     ("PHL", 0.15, "Philippines (Sumitomo Metal Mining, Taganito nickel HPAL); share estimated")):
    pid = "%s.refining.sc_oxide" % iso
    add_producer(pid, "%s scandium oxide recovery" % iso, "country", iso, "sc_oxide",
                 source="stockhead-scandium", confidence="estimated", derivation="R17b: country aggregate (by-product recovery; feed not modelled)")
    add_prod(pid, "sc_oxide", YEAR, sh * SC_WORLD, "stockhead-scandium", "estimated",
             "R17b: share %s x world %s t Sc2O3 (midpoint of 15-20 t a year, weak source); %s" % (fmt(sh), fmt(SC_WORLD), why))
world_rows.append({"commodity": "sc_oxide", "year": YEAR, "quantity": fmt(SC_WORLD), "source": "stockhead-scandium",
                   "confidence": "estimated", "derivation": "R17b: midpoint of 15-20 t a year (weak source)"})

for r_ in read_csv("minerals-demand.csv"):
    com, use = r_["commodity"], r_["end_use"]
    supply_ = mineral_out[com]
    total_ = sum(supply_.values())
    shares = [(x.split(":")[0], float(x.split(":")[1])) for x in r_["shares"].split(";")]
    for iso, sh in shares:
        did = "%s.demand.%s.%s" % (iso, use, com)
        got = 0.0
        for p_, c, qty in allocate(supply_, {did: sh * total_}):
            got += add_flow(p_, c, com, qty, "estimate", "critmin-estimates", "estimated",
                            "R17: supplier's share of world %s x this country's share of use" % com)
        demand_rows.append({"id": did, "country": iso, "end_use": use, "commodity": com, "year": YEAR,
                            "quantity": fmt(q3(got)), "source": r_["source"], "confidence": "estimated",
                            "derivation": "R17: share %s of world %s output %s; %s" % (fmt(sh), com, fmt(q3(total_)), r_["note"])})

# --------------------------------------------------------------------------------------------
# Processes and recipes
process_rows, recipe_rows = [], []
SEP_WHY = {com: "R2: %s fraction of REO" % "+".join(els) for com, els in SEP_ELEMENTS.items()}
SEP_WHY["other_reo"] = "R2: 1 minus the other outputs (not separated)"
for did in sorted(sep_coef):
    pid = SEP_PROCESS[did]
    if did == "lynas_malaysia":
        name, dep = "Lynas Malaysia separation (Mount Weld feed; 2025 heavy rare-earth circuit)", "monazite_laterite"
        src, why = "lynas-fy2025", "R6b: Mount Weld composition with Dy and Tb at the heavy circuit's 2025 output; the rest of the heavy rare earths in other_reo"
    else:
        name, dep = "Separation of %s feed (%s composition)" % (did, deposit_meta[did][0]), did
        src, why = "takaya-2018" if did.startswith("deep_sea") else "critmin-ref-deposits", "R2: one separation process per deposit type"
    process_rows.append({"id": pid, "name": name, "deposit_type": dep, "source": src, "confidence": "estimated", "derivation": why})
    recipe_rows.append({"process": pid, "commodity": "ree_concentrate", "role": "input", "coefficient": "1",
                        "source": src, "confidence": "estimated", "derivation": "R2: per t REO of feed"})
    for com in SEP_ORDER:
        if sep_coef[did][com] <= 0:
            continue
        d = SEP_WHY[com]
        if did == "lynas_malaysia" and com in ("dy_oxide", "tb_oxide"):
            d = "R6b: Lynas's 2025 Dy+Tb oxide %s t split as the Mount Weld Dy:Tb ratio, per t REO of its 2025 feed" % fmt(P["lynas_dytb_oxide_2025"])
        recipe_rows.append({"process": pid, "commodity": com, "role": "output",
                            "coefficient": fmtc(sep_coef[did][com]), "source": src,
                            "confidence": "estimated", "derivation": d})
for com, proc in PROC_METAL.items():
    ox = OXIDE_OF[com]
    c = C_OX[com]
    d = {"ndpr_metal": "R8: 1/(%.5f Nd in Nd2O3 x %.4f + %.5f Pr in Pr6O11 x %.4f); Pr share of NdPr oxide from the feed mix" % (w_nd, 1 - s_pr, w_pr, s_pr),
         "dy_metal": "R8: 1 / %.5f Dy in Dy2O3" % w_dy, "tb_metal": "R8: 1 / %.5f Tb in Tb4O7" % w_tb}[com]
    process_rows.append({"id": proc, "name": "Reduction of %s to %s" % (ox.replace("_", " "), com.replace("_", " ")),
                         "source": "critmin-estimates", "confidence": "estimated",
                         "derivation": "R8: stoichiometric oxide-to-metal ratio; one process per element (0.2)"})
    recipe_rows.append({"process": proc, "commodity": ox, "role": "input", "coefficient": fmtc(c),
                        "source": "critmin-estimates", "confidence": "estimated", "derivation": d})
    recipe_rows.append({"process": proc, "commodity": com, "role": "output", "coefficient": "1",
                        "source": "critmin-estimates", "confidence": "estimated", "derivation": "R8: main product"})
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
for pid, name, src, why, rec in extra_processes:
    process_rows.append({"id": pid, "name": name, "source": src, "confidence": "estimated", "derivation": why})
    for com, role, c, d in rec:
        recipe_rows.append({"process": pid, "commodity": com, "role": role, "coefficient": fmtc(c),
                            "source": src, "confidence": "estimated", "derivation": d})

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
AW_MORE = {"Sm": 150.36, "Eu": 151.964, "Gd": 157.25, "Y": 88.905838, "Ho": 164.930329,
           "Er": 167.259, "Tm": 168.934219, "Yb": 173.045, "Lu": 174.9668}
for com, els in SEP_ELEMENTS.items():
    if len(els) == 1 and els[0] in AW_MORE:
        e = els[0]
        el(com, e, 1000 * 2 * AW_MORE[e] / (2 * AW_MORE[e] + 3 * O), "stoichiometric: 2 %s / %s2O3" % (e, e))
el("smco_magnet", "Sm", 250, "R17: Sm2Co17 grade, 25% Sm by mass")
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
# Projects (R19): the pipeline of announced capacity to 2030 (inputs/pipeline.csv, every row with
# its source, status at the end of 2025 and a probability of being on time), and Minamitorishima
# per oxide from its own composition (R15).
proj_rows = [dict(r_) for r_ in read_csv("pipeline.csv")]
mw = deposits["monazite_laterite"]
mud_c = sep_coef["deep_sea_mud_minamitorishima"]
mud_reo_test = P["minamitorishima_mud_per_day"] * 365 * P["minamitorishima_grade_test"] * 1.2
for scale_name, factor, start, prob, status in (("test", 1.0, 2027, 0.7, "planned"),
                                                ("commercial", P["minamitorishima_commercial_factor"], 2030, 0.2, "planned")):
    for com in ("ndpr_oxide", "dy_oxide", "tb_oxide", "y_oxide"):
        cap = mud_reo_test * factor * P["minamitorishima_recovery"] * mud_c[com]
        pid = "minamitorishima_%s_%s" % (scale_name, com.split("_")[0])
        proj_rows.append({
            "id": pid, "name": "Minamitorishima deep-sea mud, %s scale (%s)" % (scale_name, com.replace("_", " ")),
            "kind": "separation", "country": "JPN", "commodity": com, "capacity": fmt(q3(cap)),
            "earliest_start": start, "ramp_up_years": "1" if scale_name == "commercial" else "",
            "operator": "Cabinet Office SIP programme; JAMSTEC", "status": status, "probability_on_time": fmt(prob),
            "source": "kyodo-2026-minamitorishima", "confidence": "estimated",
            "derivation": ("R15: %s t mud/day x %s (%s) x 365 days x %s t REY per t mud x 1.2 t REO per t REY x recovery %s x %s fraction %s of the mud's REO (its own composition, not Mount Weld's); "
                           "first mud recovered 1 February 2026 from 5,600 m (Chikyu); 350 t/day test planned February 2027, dewatering on the island, separation in Japan (route as planned; no plant named)"
                           % (fmt(P["minamitorishima_mud_per_day"]), fmt(factor), "test" if factor == 1 else "commercial scale assumed ten times the test; no announced capacity",
                              fmt(P["minamitorishima_grade_test"]), fmt(P["minamitorishima_recovery"]), com, fmt(sig(mud_c[com], 4))))})

# --------------------------------------------------------------------------------------------
# Capacities (R18): nameplate capacity of every producer in its main commodity's unit.
# A published nameplate where found (inputs/capacities.csv); else China's quota-bound mines at
# their quota; else the highest output of the years in the dataset divided by the stage's
# typical utilisation (estimated: mines 0.90, other stages 0.80).
cap_in = {r_["producer"]: r_ for r_ in read_csv("capacities.csv")}
main_of = {p_["id"]: p_["commodity"] for p_ in producers}
best = {}
for r_ in production:
    if r_["commodity"] == main_of.get(r_["producer"]):
        best[r_["producer"]] = max(best.get(r_["producer"], 0.0), float(r_["quantity"]))
UTIL = {"mine": 0.90}
for p_ in producers:
    pid = p_["id"]
    if pid in cap_in:
        r_ = cap_in[pid]
        p_["capacity"] = r_["capacity"]
        p_["derivation"] = (p_["derivation"] + "; " if p_["derivation"] else "") + "capacity: " + r_["note"] + " (" + r_["source"] + ")"
        continue
    q = best.get(pid, 0.0)
    if q <= 0:
        continue
    if pid.startswith("CHN.mine."):
        p_["capacity"] = fmt(q3(q))
        p_["derivation"] = (p_["derivation"] + "; " if p_["derivation"] else "") + "capacity: R18: bound by China's mining quota (output = quota; estimated)"
        continue
    u = UTIL.get(pid.split(".")[1], 0.80)
    p_["capacity"] = fmt(q3(q / u))
    p_["derivation"] = (p_["derivation"] + "; " if p_["derivation"] else "") + \
        "capacity: R18: no published nameplate found; highest output in the dataset %s / typical utilisation %s (estimated)" % (fmt(q3(q)), fmt(u))

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
                         "content_per_product", "value_per_product", "grade", "dy_kg_per_t", "tb_kg_per_t"] + PROV, demand_rows)
write_csv("projects.csv", ["id", "name", "kind", "country", "commodity", "capacity", "earliest_start",
                           "ramp_up_years", "capex", "opex", "operator", "status", "probability_on_time"] + PROV, proj_rows)

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
print("  world NdPr metal %.0f t; Dy metal %.0f t; Tb metal %.0f t" % (ndpr_metal_world, dy_metal_world, tb_metal_world))
print("  fleet-average alloy: NdPr %.4f Dy %.4f Tb %.4f (Dy typical %.2f)" % (a_ndpr, a_dy, a_tb, P["dy_mass_fraction_ndfeb_typical"]))
print("  world alloy %.0f t; magnets %.0f t" % (alloy_world, magnet_world))
for m in need_j:
    print("  Japan: %s need %.1f t; China-origin share %.3f" % (m, need_j[m], japan_china_share[m]))
print("  Lynas NdPr %.0f t (reported FY2025 %.0f t)" % (sep_out[(LYNAS, "ndpr_oxide")], P["lynas_ndpr_fy2025"]))
for com in ("ree_concentrate", "ndpr_oxide", "dy_oxide", "tb_oxide", "ndpr_metal", "ndfeb_alloy", "ndfeb_magnet"):
    c, t = share(com, country_of)
    wt = world_2025 if com == "ree_concentrate" else t
    print("  China share %-16s %.4f  (China %.0f of %.0f t)" % (com, c / wt, c, wt))
c, t = share("ndpr_oxide", country_of)
rec = sep_out[(REC, "ndpr_oxide")]
print("  China share ndpr_oxide excl. recycling %.4f" % ((c - rec) / (t - rec)))
print("  magnet use %.0f t; EV %.0f wind %.0f; Japan %.0f (imports from China %.0f)" % (M, ev_world, wind_world, total["JPN"], imp["JPN"]))
n_cap = sum(1 for p_ in producers if p_["capacity"])
print("  producers with a capacity: %d of %d" % (n_cap, len(producers)))
