"""critmin.simulate against `critmin simulate --format json` and its `--csv` series."""

import shutil

import numpy as np
import pandas as pd
import pytest
import yaml

import critmin
from conftest import assert_frame_matches_rows, cli_error, cli_json

SCENARIO = "scenarios/china-hree-licensing-6m.yaml"


@pytest.fixture(scope="module")
def licensing(source, dataset):
    return critmin.simulate(source / SCENARIO, dataset=dataset)


@pytest.fixture(scope="module")
def licensing_cli(source, tmp_path_factory):
    folder = tmp_path_factory.mktemp("series")
    document = cli_json("simulate", source / SCENARIO, "--no-progress", "--csv", folder)
    return document, folder


def test_summary_equals_the_cli(licensing, licensing_cli):
    document, _ = licensing_cli
    assert licensing.document == document
    shortfall = [r for r in document["rows"] if r["view"] == "shortfall"]
    assert_frame_matches_rows(licensing.summary, [
        {k: v for k, v in r.items() if k != "view"} for r in shortfall])
    assert_frame_matches_rows(licensing.rows, document["rows"])
    assert licensing.info["steps_done"] == document["steps_done"] == 365


@pytest.mark.parametrize("scenario", [SCENARIO,
                                      "scenarios/china-hree-licensing-6m-japan-response.yaml"])
def test_rows_from_columns_equal_the_rows_of_the_document(source, dataset, scenario):
    # Read before the document, the rows come as columns built in C++ (mixed views: strings,
    # integers, numbers and keys absent from some rows); they must be the frame of the JSON rows.
    result = critmin.simulate(source / scenario, dataset=dataset)
    rows, info = result.rows, result.info
    assert "document" not in result.__dict__
    expected = critmin._frames.rows_frame(result.document["rows"],
                                          critmin._frames.document_info(result.document))
    pd.testing.assert_frame_equal(rows, expected)
    assert info == expected.attrs == rows.attrs
    assert_frame_matches_rows(rows, result.document["rows"])


def test_series_equal_the_cli_csv(licensing, licensing_cli):
    _, folder = licensing_cli
    for variable, file in [("production", "production.csv"), ("capacity", "capacity.csv"),
                           ("ordered", "final_demand_ordered.csv"),
                           ("delivered", "final_demand_delivered.csv"),
                           ("unmet", "final_demand_unmet.csv")]:
        expected = pd.read_csv(folder / file, index_col="step", float_precision="round_trip")
        got = licensing.series[variable]
        assert list(got.columns) == list(expected.columns)
        assert np.array_equal(got.to_numpy(), expected.to_numpy()), variable


def test_delivered_share(licensing):
    share = licensing.delivered_share()
    assert share.shape == licensing.series["delivered"].shape
    assert ((share >= 0) & (share <= 1 + 1e-12)).all().all()
    assert share.min().min() < 0.9  # the licensing bites somewhere


def test_a_dict_runs_as_its_file(source, licensing):
    scenario = yaml.safe_load((source / SCENARIO).read_text())
    assert isinstance(scenario["start"], __import__("datetime").date)  # dates go through too
    result = critmin.simulate(scenario)
    assert result.document == licensing.document


def test_with_responses_equals_the_cli(source, dataset):
    path = source / "scenarios/china-hree-licensing-6m-japan-response.yaml"
    result = critmin.simulate(path, dataset=dataset, threads=1)
    assert result.document == cli_json("simulate", path, "--no-progress")
    assert len(result.stockpiles) > 0


def test_unknown_names_raise_with_yaml_paths(source, tmp_path):
    shutil.copytree(source / "tests/data/tiny", tmp_path / "dataset")
    scenario = tmp_path / "names.yaml"
    shutil.copy(source / "tests/cases/simulate-bad-unknown-names/files/names.yaml", scenario)
    scenario.write_text(scenario.read_text().replace("name: unknown names",
                                                     "name: unknown names\ndataset: dataset"))
    with pytest.raises(critmin.InputError) as caught:
        critmin.simulate(scenario)
    error = caught.value
    assert str(error) == cli_error("simulate", scenario, "--no-progress")
    paths = {p["path"] for p in error.problems}
    assert "shocks[1].exporter" in paths and "responses.projects[0].id" in paths
    assert all(p["file"] == str(scenario) and p["line"] for p in error.problems)


def test_a_bad_dict_names_the_yaml_path(source):
    scenario = yaml.safe_load((source / SCENARIO).read_text())
    scenario["shocks"][0]["licensed"] = 1.5
    with pytest.raises(critmin.InputError) as caught:
        critmin.simulate(scenario)
    error = caught.value
    assert error.file == "<scenario dict>"
    assert error.path == "shocks[0].licensed"
    assert error.line is not None
    assert str(error).startswith(f"<scenario dict>:{error.line}:{error.column}: error: ")


def test_a_missing_file_raises(tmp_path):
    with pytest.raises(critmin.InputError) as caught:
        critmin.simulate(tmp_path / "nothing.yaml")
    assert caught.value.file == str(tmp_path / "nothing.yaml")


def test_firm_scenarios_point_to_the_cli(source):
    with pytest.raises(critmin.UsageError, match="CLI only"):
        critmin.simulate(source / "tests/data/firms/scenario.yaml")
