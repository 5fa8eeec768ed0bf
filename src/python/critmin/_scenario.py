"""Scenario inputs: a file path, or a dict with the YAML file's schema (docs/scenarios.md)."""

import datetime
import json
import os
from collections.abc import Mapping

# How problems in a dict are located: "<scenario dict>:LINE:COLUMN: error: PATH: message", the
# line and column in the JSON text below, the YAML path as in a file.
DICT_NAME = "<scenario dict>"


def _plain(value):
    """JSON for what json.dumps cannot write itself: dates, numpy scalars, paths."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "tolist"):  # numpy arrays
        return value.tolist()
    raise TypeError(f"a scenario cannot hold {type(value).__name__} values")


def source(scenario, name=DICT_NAME):
    """(path, text): a file is read by path (text None); a dict becomes JSON text, which the
    YAML reader takes as it is (JSON is YAML), so a dict and a file go through one reader."""
    if isinstance(scenario, (str, os.PathLike)):
        return os.fspath(scenario), None
    if isinstance(scenario, Mapping):
        return name, json.dumps(scenario, indent=2, default=_plain)
    raise TypeError("a scenario is a file path or a dict with the scenario file's schema")
