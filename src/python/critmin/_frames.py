"""The CLI's JSON document (`--format json`) as pandas objects: one DataFrame row per JSON row,
columns in the CLI's key order, null as NaN (numbers) or None (text)."""

import pandas as pd


def rows_frame(rows, info=None):
    """A DataFrame of JSON rows; `info` (the document's other keys) goes to `.attrs`."""
    frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
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


def series_frame(blocks, index):
    """Daily series: `blocks` is [(variable, labels, steps x labels array)]; the result has one row
    per step and (variable, label) columns, so frame["delivered"] is a steps x labels frame."""
    parts = []
    for variable, labels, values in blocks:
        columns = pd.MultiIndex.from_product([[variable], list(labels)], names=["variable", "label"])
        parts.append(pd.DataFrame(values, index=index, columns=columns))
    return pd.concat(parts, axis=1) if parts else pd.DataFrame(index=index)
