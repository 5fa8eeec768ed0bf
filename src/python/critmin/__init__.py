"""critmin from Python: the engine the CLI runs, with pandas in and out (docs/python.md).

Every function calls the same library functions as the matching CLI command and returns the
rows of its `--format json` output as pandas objects, so results are identical to the CLI's.
Long runs release the GIL; Ctrl-C (or a notebook's interrupt) stops them between steps and
raises KeyboardInterrupt. Failures raise critmin.Error, critmin.UsageError or
critmin.InputError, with the CLI's message and, for input, the file, line, column and YAML path.
"""

import os

import numpy as np
import pandas as pd

from . import _critmin, _frames, _scenario
from ._critmin import Dataset, Error, InputError, UsageError
from ._results import MrioResult, Result, SimulationResult, StressResult

__version__ = _critmin.__version__

__all__ = [
    "Dataset", "Error", "InputError", "UsageError", "Result", "SimulationResult", "StressResult",
    "MrioResult", "load_dataset", "assess", "simulate", "stress", "ttr", "optimize", "mfa_stock",
    "simulate_mrio",
]


def _path(value):
    return "" if value is None else os.fspath(value)


def _names(value):
    """None, one name, or several names, as a list of str."""
    if value is None:
        return []
    if isinstance(value, (str, int)):
        return [str(value)]
    return [str(v) for v in value]


def _threads(threads):
    return 0 if threads is None else int(threads)


def load_dataset(path=None):
    """The dataset in folder `path` (default: the embedded rare-earths dataset), loaded and
    checked as every CLI command does; InputError names each problem's file, line and column."""
    return _critmin.load_dataset(_path(path))


def _dataset(dataset):
    if dataset is None:
        return load_dataset()
    if isinstance(dataset, Dataset):
        return dataset
    return load_dataset(dataset)


def assess(dataset=None, for_=None, commodities=None, method="concentration", years=None):
    """`critmin assess`: concentration per commodity and stage (view "production"); with `for_`
    (ISO3 or group: "JPN", "G7", "EU") import reliance and sources, the look-through rows (view
    "lookthrough"), and with method "geopolrisk", "eu" or "all" those indices' rows.

    dataset      a Dataset, a folder, or None (embedded)
    commodities  a commodity id or a list (default: all produced in the year; "all")
    years        a year or a list (default: the base year; "all")
    Returns a DataFrame, one row per JSON row of the CLI; `.attrs` holds dataset, year, economy.
    """
    document = _critmin.assess(_dataset(dataset), for_ or "", _names(commodities), _names(years),
                               method or "")
    return _frames.rows_frame(document["rows"], _frames.document_info(document))


def simulate(scenario, dataset=None, threads=None):
    """`critmin simulate SCENARIO.yaml`: a shock propagated day by day through the dataset.

    scenario  a scenario file, or a dict with the file's schema (relative paths are then
              relative to the working folder)
    dataset   a Dataset to run on (default: the one the scenario names, else the embedded one)
    threads   OpenMP threads (default: all cores)
    Returns a SimulationResult: .summary, .stockpiles, .series, .info, .document.
    """
    path, text = _scenario.source(scenario)
    if dataset is not None and not isinstance(dataset, Dataset):
        dataset = load_dataset(dataset)
    out = _critmin.simulate(path, text, dataset, _threads(threads))
    result = SimulationResult(out["report"], [
        ("production", out["node_labels"], out["production"]),
        ("capacity", out["node_labels"], out["capacity"]),
        ("ordered", out["final_labels"], out["ordered"]),
        ("delivered", out["final_labels"], out["delivered"]),
        ("unmet", out["final_labels"], None),  # ordered - delivered, made with the frame
        ("stock_days", out["final_labels"], out["stock_days"]),
    ])
    result.engine_seconds = out["engine_seconds"]
    return result


def stress(catalogue, samples=1000, seed=1, threads=None, horizon_days=None, dataset=None):
    """`critmin stress CATALOG.yaml`: `samples` scenario-years drawn from the event catalogue
    (Philox, seeded: the same seed gives the same years at any thread count). Returns a
    StressResult: .summary (VaR, CVaR per country and end use), .view("exceedance"), ...
    Ctrl-C stops after the current chunk and raises KeyboardInterrupt."""
    document = _critmin.stress(_path(catalogue), int(samples), int(seed), _threads(threads),
                               int(horizon_days or 0), _path(dataset))
    return StressResult(document)


def ttr(dataset=None, for_=None, by="producer", inventory_days=60, sharing="proportional",
        ttr_table=None, shortfall_value=None, instance=None):
    """`critmin ttr`: time to survive against time to recover per producer (by="producer") or
    country and stage (by="country-stage"), for the end users of `for_` (default: all); or a
    plain instance file with `instance`. Returns a DataFrame of the CLI's rows."""
    options = _critmin.TtrOptions()
    options.instance = _path(instance)
    if dataset is not None and not isinstance(dataset, Dataset):
        options.dataset = _path(dataset)
        dataset = None
    options.economy = for_ or ""
    options.by = by
    options.inventory_days = float(inventory_days)
    options.sharing = sharing
    options.ttr_table = _path(ttr_table)
    options.shortfall_value = _path(shortfall_value)
    document = _critmin.ttr(dataset, options)
    return _frames.rows_frame(document["rows"], _frames.document_info(document))


def optimize(plan, samples=None, out_of_sample=None, threads=None, shortfall_value=None):
    """`critmin optimize PLAN.yaml`: the diversification programme, its frontier and the engine
    check. Returns a Result with the CLI's views (.views, .view(name))."""
    options = _critmin.OptimizeOptions()
    options.plan = _path(plan)
    options.samples = int(samples or 0)
    options.out_of_sample = -1 if out_of_sample is None else int(out_of_sample)
    options.threads = _threads(threads)
    options.shortfall_value = _path(shortfall_value)
    return Result(_critmin.optimize(options))


def _yearly(series, name):
    """Years and values of a yearly pandas Series (or mapping), checked as the CLI checks its
    CSV: consecutive whole years, values finite and not negative."""
    series = pd.Series(series, dtype="float64")
    if pd.api.types.is_integer_dtype(series.index.dtype):
        years = series.index.to_numpy(dtype=np.int64).tolist()  # no per-year checks needed
    else:
        years = []
        for year in series.index:
            if isinstance(year, (pd.Timestamp, pd.Period)):
                year = year.year
            if isinstance(year, float) and year.is_integer():
                year = int(year)
            if not isinstance(year, (int, np.integer)):
                raise _input_error(f"{name}.index", f"year `{year}` is not a whole number")
            years.append(int(year))
    if not years:
        raise _input_error(name, "the series has no rows")
    steps = np.diff(np.asarray(years, dtype=np.int64))
    if (steps != 1).any():
        k = int(np.argmax(steps != 1))
        raise _input_error(f"{name}[{years[k + 1]}]", f"year {years[k + 1]} comes after "
                           f"{years[k]}; years must increase by one")
    values = series.to_numpy()
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        k = int(np.argmax(bad))
        raise _input_error(f"{name}[{years[k]}]",
                           f"{values[k]} is not a finite number of zero or more")
    return years, values.tolist()


def _input_error(path, message):
    error = InputError(f"{path}: error: {message}")
    error.file, error.line, error.column, error.path = None, None, None, path
    error.problems = [dict(file=None, line=None, column=None, path=path, message=message)]
    error.exit_code = 3
    return error


def mfa_stock(inflow=None, lifetime="fixed:10", stock=None):
    """`critmin mfa stock`: the dynamic stock model (docs/mfa.md) driven by a yearly `inflow`
    Series (index: years) or by a `stock` Series. lifetime: "fixed:L", "normal:MEAN:SD",
    "lognormal:MEAN:SD", "weibull:SHAPE:SCALE", "foldednormal:MEAN:SD". Returns a DataFrame
    indexed by year: inflow, stock, outflow, balance (`.attrs`: model, lifetime, max_imbalance)."""
    if (inflow is None) == (stock is None):
        raise UsageError("give exactly one of inflow and stock")
    name = "inflow" if inflow is not None else "stock"
    years, values = _yearly(inflow if inflow is not None else stock, name)
    result = _critmin.mfa_stock(years, values, inflow is not None, lifetime)
    frame = _frames.columns_frame(result["columns"], result["info"])
    return frame.set_index("year")


def _labels(index, what):
    labels = list(index)
    if not labels or not all(isinstance(k, tuple) and len(k) == 2 for k in labels):
        raise UsageError(f"{what} must be a (region, sector) MultiIndex as pymrio gives it")
    return [(str(a), str(b)) for a, b in labels]


def simulate_mrio(Z, Y, x, scenario, compat=None):
    """`critmin simulate --mrio DIR --boario-scenario S.json [--compat boario]` on pymrio-style
    tables: Z (industries x industries), Y (industries x final-demand columns) and x (gross
    output, a one-column DataFrame or a Series), each with (region, sector) or (region, category)
    MultiIndexes in any order, as a pymrio IOSystem holds them. `scenario` is a BoARIO
    scenario.json path or a dict of the same schema; compat="boario" keeps BoARIO 0.6.3's
    quirks. Returns an MrioResult: .summary per industry, .series, .info."""
    if isinstance(x, pd.DataFrame):
        if x.shape[1] != 1:
            raise UsageError("x must have one column (pymrio's indout)")
        x = x.iloc[:, 0]
    if isinstance(scenario, (str, os.PathLike)):
        scenario_path, scenario_text = os.fspath(scenario), None
    else:
        import json
        scenario_path, scenario_text = "<scenario dict>", json.dumps(scenario, indent=2)
    out = _critmin.simulate_mrio(
        _labels(Z.index, "Z.index"), _labels(Z.columns, "Z.columns"),
        np.ascontiguousarray(Z.to_numpy(dtype="float64")),
        _labels(Y.index, "Y.index"), _labels(Y.columns, "Y.columns"),
        np.ascontiguousarray(Y.to_numpy(dtype="float64")),
        _labels(x.index, "x.index"), np.ascontiguousarray(x.to_numpy(dtype="float64")),
        scenario_path, scenario_text, compat or "")
    return MrioResult(out["report"], [
        ("production", out["industries"], out["production"]),
        ("capacity", out["industries"], out["capacity"]),
        ("final_demand_unmet", out["final_columns"], out["final_demand_unmet"]),
    ])
