"""critmin.load_dataset and critmin.assess against `critmin assess --format json`."""

import shutil

import pytest

import critmin
from conftest import assert_frame_matches_rows, cli_error, cli_json


def test_dataset_is_the_embedded_one(dataset):
    assert dataset.name == "rare-earths"
    assert dataset.base_year == 2025
    assert "rare-earths" in repr(dataset)


def test_assess_japan_equals_the_cli(dataset):
    frame = critmin.assess(dataset, for_="JPN")
    expected = cli_json("assess", "--for", "JPN")
    assert_frame_matches_rows(frame, expected["rows"])
    assert frame.attrs["economy"] == "JPN"
    assert frame.attrs["year"] == expected["year"]


def test_assess_methods_commodities_and_years_equal_the_cli(dataset):
    frame = critmin.assess(dataset, for_="EU", commodities=["ndpr_oxide", "dy_oxide", "cobalt"],
                           method="all", years=2024)
    expected = cli_json("assess", "--for", "EU", "--commodity", "ndpr_oxide", "--commodity",
                        "dy_oxide", "--commodity", "cobalt", "--method", "all", "--year", "2024")
    assert_frame_matches_rows(frame, expected["rows"])
    assert {"production", "geopolrisk", "eu"} <= set(frame["view"])


def test_assess_a_dataset_folder(source):
    tiny = source / "tests" / "data" / "tiny"
    frame = critmin.assess(tiny)
    assert_frame_matches_rows(frame, cli_json("assess", "--dataset", tiny)["rows"])


def test_unknown_commodity_is_a_usage_error(dataset):
    with pytest.raises(critmin.UsageError) as caught:
        critmin.assess(dataset, commodities="unobtainium")
    assert str(caught.value) == cli_error("assess", "--commodity", "unobtainium", expect=2)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, critmin.Error)


def test_bad_dataset_raises_with_locations(source, tmp_path):
    # The dataset of the CLI case bad-number: tests/data/tiny with its files over it.
    bad = tmp_path / "dataset"
    shutil.copytree(source / "tests/data/tiny", bad)
    shutil.copytree(source / "tests/cases/bad-number/files", bad, dirs_exist_ok=True)
    with pytest.raises(critmin.InputError) as caught:
        critmin.load_dataset(bad)
    error = caught.value
    assert str(error) == cli_error("assess", "--dataset", bad)
    assert (error.file, error.line, error.column) == (str(bad / "production.csv"), 7, 24)
    assert error.path is None
    assert error.problems[0]["message"] in str(error)
    assert error.exit_code == 3
