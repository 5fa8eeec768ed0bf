"""Shared helpers of the Python package's tests: the CLI of the same build, run with
`--format json`, is the reference every function is compared with (tests/python/README.md)."""

import json
import math
import os
import pathlib
import subprocess

import pytest

SOURCE = pathlib.Path(__file__).resolve().parents[2]


def _critmin_bin():
    given = os.environ.get("CRITMIN_BIN")
    if given:
        return given
    return str(SOURCE / "build" / "bin" / "critmin")


CRITMIN = _critmin_bin()


def run_cli(*args, expect=0):
    """(stdout, stderr) of `critmin ARGS`; fails the test if the exit code is not `expect`."""
    done = subprocess.run([CRITMIN, *map(str, args)], capture_output=True, text=True, check=False)
    assert done.returncode == expect, f"critmin {' '.join(map(str, args))}: {done.stderr}"
    return done.stdout, done.stderr


def cli_json(*args):
    """The CLI's JSON document for `critmin ARGS --format json`."""
    out, _ = run_cli(*args, "--format", "json")
    return json.loads(out)


def cli_error(*args, expect=3):
    """The CLI's error text on stderr, without its closing summary line, as Python raises it."""
    _, err = run_cli(*args, expect=expect)
    lines = err.rstrip("\n").split("\n")
    if lines[-1].startswith("critmin: invalid input"):
        lines = lines[:-1]
    text = "\n".join(lines)
    return text[len("critmin: "):] if text.startswith("critmin: ") else text


def _missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


def assert_frame_matches_rows(frame, rows):
    """Each DataFrame row holds exactly its JSON row: same keys present, same values (null in
    JSON is NaN or None in the frame; keys other rows have are missing here)."""
    assert len(frame) == len(rows)
    for i, (record, row) in enumerate(zip(frame.to_dict("records"), rows)):
        present = {k: v for k, v in record.items() if not _missing(v)}
        expected = {k: v for k, v in row.items() if v is not None}
        assert present == expected, f"row {i}"


@pytest.fixture(scope="session")
def source():
    return SOURCE


@pytest.fixture(scope="session")
def dataset():
    import critmin

    return critmin.load_dataset()
