"""critmin.simulate_mrio on pymrio-style tables against `critmin simulate --mrio DIR
--compat boario`: the test MRIO that ships with pymrio (tests/data/reference/mrio-test, the
layout of shared/reference/mrio-test) and BoARIO's recovery scenario."""

import json

import numpy as np
import pandas as pd
import pytest

import critmin
from conftest import cli_json


def read_pymrio_folder(folder):
    """Z, Y and x as a pymrio IOSystem holds them: (region, sector) row MultiIndexes, (region,
    sector) or (region, category) column MultiIndexes, x with one column `indout`."""
    exact = {"float_precision": "round_trip"}  # the default parser may be off by an ulp
    z = pd.read_csv(folder / "Z.csv", header=[0, 1], index_col=[0, 1], **exact)
    y = pd.read_csv(folder / "Y.csv", header=[0, 1], index_col=[0, 1], **exact)
    x = pd.read_csv(folder / "x.csv", index_col=[0, 1], **exact)
    for frame in (z, y):
        frame.index.names = ["region", "sector"]
    z.columns.names = ["region", "sector"]
    y.columns.names = ["region", "category"]
    return z, y, x


@pytest.fixture(scope="module")
def mrio(source):
    return source / "tests/data/reference/mrio-test"


@pytest.fixture(scope="module")
def scenario(source):
    return source / "tests/data/reference/boario/testmrio_recovery/scenario.json"


@pytest.fixture(scope="module")
def cli_run(mrio, scenario, tmp_path_factory):
    folder = tmp_path_factory.mktemp("mrio-series")
    document = cli_json("simulate", "--mrio", mrio, "--compat", "boario", "--boario-scenario",
                        scenario, "--csv", folder)
    return document, folder


def test_boario_compat_equals_the_cli(mrio, scenario, cli_run):
    z, y, x = read_pymrio_folder(mrio)
    result = critmin.simulate_mrio(z, y, x, scenario, compat="boario")
    document, folder = cli_run
    assert result.document == document
    for variable, file in [("production", "production_realised.csv"),
                           ("capacity", "production_capacity.csv"),
                           ("final_demand_unmet", "final_demand_unmet.csv")]:
        expected = pd.read_csv(folder / file, index_col="step", float_precision="round_trip")
        got = result.series[variable]
        assert list(got.columns) == list(expected.columns)
        assert np.array_equal(got.to_numpy(), expected.to_numpy()), variable


def test_order_of_rows_and_columns_does_not_matter(mrio, scenario, cli_run):
    z, y, x = read_pymrio_folder(mrio)
    rng = np.random.default_rng(3)
    z = z.iloc[rng.permutation(len(z)), rng.permutation(z.shape[1])]
    y = y.iloc[rng.permutation(len(y)), rng.permutation(y.shape[1])]
    x = x["indout"].iloc[rng.permutation(len(x))]  # a Series works as well
    with open(scenario) as f:
        as_dict = json.load(f)
    result = critmin.simulate_mrio(z, y, x, as_dict, compat="boario")
    assert result.document == cli_run[0]


def test_native_mode_equals_the_cli(mrio, scenario):
    z, y, x = read_pymrio_folder(mrio)
    result = critmin.simulate_mrio(z, y, x, scenario)
    assert result.document == cli_json("simulate", "--mrio", mrio, "--boario-scenario", scenario)


def test_bad_tables_raise_with_locations(mrio, scenario):
    z, y, x = read_pymrio_folder(mrio)
    z.iloc[2, 5] = -1.0
    with pytest.raises(critmin.InputError) as caught:
        critmin.simulate_mrio(z, y, x, scenario)
    assert caught.value.file == "Z"
    assert caught.value.path == f"[{z.index[2][0]}|{z.index[2][1]}, {z.columns[5][0]}|" \
                                f"{z.columns[5][1]}]"
    z, y, x = read_pymrio_folder(mrio)
    with pytest.raises(critmin.InputError, match="no output for industry"):
        critmin.simulate_mrio(z, y, x.iloc[1:], scenario)


def test_bad_scenario_dict_names_the_json_path(mrio, scenario):
    z, y, x = read_pymrio_folder(mrio)
    with open(scenario) as f:
        as_dict = json.load(f)
    as_dict["model_parameters"]["order_type"] = "sideways"
    with pytest.raises(critmin.InputError) as caught:
        critmin.simulate_mrio(z, y, x, as_dict)
    assert caught.value.path == "model_parameters.order_type"
    assert caught.value.file == "<scenario dict>"
