"""critmin.stress, ttr, optimize and mfa_stock against the CLI's JSON of the same input."""

import shutil

import pandas as pd
import pytest

import critmin
from conftest import assert_frame_matches_rows, cli_error, cli_json


def _without_timing(document):
    return {k: v for k, v in document.items() if k != "timing"}


def test_stress_equals_the_cli(source):
    catalogue = source / "scenarios/stress-rare-earths.yaml"
    result = critmin.stress(catalogue, samples=64, seed=7, threads=2)
    expected = cli_json("stress", catalogue, "--samples", 64, "--seed", 7, "--threads", 2,
                        "--no-progress")
    assert _without_timing(result.document) == _without_timing(expected)
    assert result.info["timing"]["samples_run"] == 64
    assert {"shortfall", "exceedance", "tail"} <= set(result.views)
    assert "var95_t" in result.summary.columns


def test_stress_bad_catalogue_is_located(source, tmp_path):
    catalogue = tmp_path / "cat.yaml"
    shutil.copy(source / "tests/cases/stress-bad-duplicate-key/files/cat.yaml", catalogue)
    with pytest.raises(critmin.InputError) as caught:
        critmin.stress(catalogue, samples=10)
    error = caught.value
    assert str(error) == cli_error("stress", catalogue, "--samples", 10)
    assert (error.file, error.line, error.column) == (str(catalogue), 5, 47)
    assert error.path == "events[0].probability"


def test_ttr_japan_equals_the_cli(dataset):
    frame = critmin.ttr(dataset, for_="JPN")
    assert_frame_matches_rows(frame, cli_json("ttr", "--for", "JPN")["rows"])


def test_ttr_by_country_stage_equals_the_cli():
    frame = critmin.ttr(by="country-stage", inventory_days=30)
    expected = cli_json("ttr", "--by", "country-stage", "--inventory-days", 30)
    assert_frame_matches_rows(frame, expected["rows"])


def test_ttr_instance_equals_the_cli(source):
    instance = source / "tests/data/reference/ttr/prob1/instance.json"
    frame = critmin.ttr(instance=instance)
    assert_frame_matches_rows(frame, cli_json("ttr", "--instance", instance)["rows"])


def test_optimize_equals_the_cli(source):
    plan = source / "scenarios/plan-japan-ndpr-dy-tb.yaml"
    result = critmin.optimize(plan, samples=40, out_of_sample=10, threads=2)
    expected = cli_json("optimize", plan, "--samples", 40, "--out-of-sample", 10, "--threads", 2)
    strip = lambda d: {k: v for k, v in d.items() if k not in ("timing", "seconds")}  # noqa: E731
    assert strip(result.document) == strip(expected)
    assert len(result.views) > 1


@pytest.mark.parametrize("lifetime", ["normal:5:1.5", "weibull:2:8", "fixed:3"])
def test_mfa_stock_equals_the_cli(source, lifetime):
    csv = source / "tests/data/mfa/odym-inflow.csv"
    inflow = pd.read_csv(csv, index_col="year")["inflow"]
    frame = critmin.mfa_stock(inflow, lifetime=lifetime)
    expected = cli_json("mfa", "stock", "--inflow", csv, "--lifetime", lifetime)
    assert_frame_matches_rows(frame.reset_index(), expected["rows"])
    assert frame.attrs["max_imbalance"] == expected["max_imbalance"]


def test_mfa_stock_frame_types_and_attrs_are_the_clis(source, tmp_path):
    # The frame comes from columns built in C++, not from the JSON rows: same numbers, years as
    # an int64 index, the document's other keys as attrs; a stock-driven run as well.
    csv = source / "tests/data/mfa/odym-inflow.csv"
    inflow = pd.read_csv(csv, index_col="year")["inflow"]
    frame = critmin.mfa_stock(inflow, lifetime="normal:5:1.5")
    assert frame.index.name == "year" and str(frame.index.dtype) == "int64"
    assert list(frame.columns) == ["inflow", "stock", "outflow", "balance"]
    assert all(str(t) == "float64" for t in frame.dtypes)
    expected = cli_json("mfa", "stock", "--inflow", csv, "--lifetime", "normal:5:1.5")
    assert frame.attrs == {k: v for k, v in expected.items() if k != "rows"}
    stock = frame["stock"]
    stock_csv = tmp_path / "stock.csv"
    stock.rename("stock").to_frame().to_csv(stock_csv, float_format="%.17g")
    driven = critmin.mfa_stock(stock=stock, lifetime="normal:5:1.5")
    expected = cli_json("mfa", "stock", "--stock", stock_csv, "--lifetime", "normal:5:1.5")
    assert_frame_matches_rows(driven.reset_index(), expected["rows"])
    assert driven.attrs["model"] == "stock-driven"


def test_mfa_stock_years_and_values_are_checked_in_place():
    # Float years that are whole, and a plain list (years 0, 1, ...), are accepted.
    floats = critmin.mfa_stock(pd.Series([1.0, 2.0, 3.0], index=[2000.0, 2001.0, 2002.0]),
                               lifetime="fixed:2")
    assert list(floats.index) == [2000, 2001, 2002]
    assert list(critmin.mfa_stock([1.0, 2.0], lifetime="fixed:2").index) == [0, 1]
    with pytest.raises(critmin.InputError) as caught:
        critmin.mfa_stock(pd.Series([1.0, 2.0], index=["a", "b"]), lifetime="fixed:2")
    assert caught.value.path == "inflow.index"
    with pytest.raises(critmin.InputError) as caught:
        critmin.mfa_stock(pd.Series([1.0, -2.0, float("nan")], index=[2010, 2011, 2012]),
                          lifetime="fixed:2")
    assert caught.value.path == "inflow[2011]"
    assert str(caught.value) == "inflow[2011]: error: -2.0 is not a finite number of zero or more"
    with pytest.raises(critmin.InputError) as caught:
        critmin.mfa_stock(pd.Series([1.0, 2.0, 3.0], index=[2010, 2011, 2011]), lifetime="fixed:2")
    assert caught.value.path == "inflow[2011]"
    assert "year 2011 comes after 2011" in str(caught.value)


def test_mfa_stock_bad_lifetime_and_years(source):
    csv = source / "tests/data/mfa/odym-inflow.csv"
    inflow = pd.read_csv(csv, index_col="year")["inflow"]
    with pytest.raises(critmin.InputError) as caught:
        critmin.mfa_stock(inflow, lifetime="normal:5")
    assert str(caught.value) == cli_error("mfa", "stock", "--inflow", csv, "--lifetime",
                                          "normal:5")
    assert caught.value.file == "--lifetime"
    gap = inflow.drop(inflow.index[3])
    with pytest.raises(critmin.InputError) as caught:
        critmin.mfa_stock(gap, lifetime="fixed:3")
    assert caught.value.path == f"inflow[{inflow.index[4]}]"
