"""The CLI's JSON document (`--format json`) as pandas objects: one DataFrame row per JSON row,
columns in the CLI's key order, null as NaN (numbers) or None (text)."""

import numpy as np
import pandas as pd


def rows_frame(rows, info=None):
    """A DataFrame of JSON rows; `info` (the document's other keys) goes to `.attrs`."""
    frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
    if info:
        frame.attrs.update(info)
    return frame


def columns_frame(columns, info=None):
    """A DataFrame of the columns the C++ side built from a report's rows (convert.h,
    report_columns); `info` goes to `.attrs`. The same frame as rows_frame of the JSON rows."""
    frame = pd.DataFrame(columns) if columns else pd.DataFrame()
    if info:
        frame.attrs.update(info)
    return frame


def document_info(document):
    """The document's keys other than rows: scenario, steps_done, dataset, timing, ..."""
    return {k: v for k, v in document.items() if k != "rows"}


def view_frame(frame, view):
    """The rows of one `view` (shortfall, stockpile, ...), without the columns other views use."""
    if "view" not in frame.columns:
        return frame
    part = frame[frame["view"] == view].drop(columns="view").dropna(axis=1, how="all")
    part = part.reset_index(drop=True)
    part.attrs.update(frame.attrs)
    return part


def series_frame(blocks, index_name):
    """Daily series: `blocks` is [(variable, labels, steps x labels array)]; the result has one row
    per step (index `index_name`) and (variable, label) columns, so frame["delivered"] is a
    steps x labels frame.
    Built from one array and the MultiIndex's codes: pandas' concat and from_product cost more
    than the run itself on the embedded dataset."""
    if not blocks:
        return pd.DataFrame()
    index = pd.RangeIndex(blocks[0][2].shape[0], name=index_name)
    values = np.concatenate([block for _, _, block in blocks], axis=1)
    variables = [variable for variable, _, _ in blocks]
    labels, label_codes, variable_codes = [], [], []
    position = {}
    for v, (_, names, _) in enumerate(blocks):
        for name in names:
            if name not in position:
                position[name] = len(labels)
                labels.append(name)
            label_codes.append(position[name])
            variable_codes.append(v)
    columns = pd.MultiIndex(levels=[variables, labels], codes=[variable_codes, label_codes],
                            names=["variable", "label"], verify_integrity=False)
    return pd.DataFrame(values, index=index, columns=columns, copy=False)
