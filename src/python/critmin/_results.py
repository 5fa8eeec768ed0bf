"""Result objects of runs with several views (simulate, stress, optimize, simulate_mrio).
Frames are made on first use (functools.cached_property): a call returns as soon as the engine
has, and a notebook that only reads the summary never pays for the daily series."""

import functools

from . import _frames


class Result:
    """A run's rows as the CLI's JSON has them.

    document  the CLI's JSON document (dict), exactly as `--format json` prints it
    rows      every row, one DataFrame (with a `view` column where the command has views)
    info      the document's other keys (scenario, steps_done, timing, ...)
    views     the view names present, in order of first appearance
    view(v)   the rows of one view
    summary   the main view (`summary_view`), or every row
    """

    summary_view = None

    def __init__(self, document):
        # A dict, or the engine's PendingReport, converted on first use.
        self._document = document

    @functools.cached_property
    def document(self):
        if isinstance(self._document, dict):
            return self._document
        return self._document.document()

    @functools.cached_property
    def _columns(self):
        # The rows as columns straight from C++ (convert.h, report_columns), while the document
        # has not been converted: a frame without the JSON round trip.
        if isinstance(self._document, dict) or "document" in self.__dict__:
            return None
        return self._document.columns()

    @functools.cached_property
    def info(self):
        if self._columns is not None:
            return self._columns["info"]
        return _frames.document_info(self.document)

    @functools.cached_property
    def rows(self):
        if self._columns is not None:
            return _frames.columns_frame(self._columns["columns"], self.info)
        return _frames.rows_frame(self.document.get("rows", []), self.info)

    @property
    def views(self):
        if "view" not in self.rows.columns:
            return []
        return list(dict.fromkeys(self.rows["view"]))

    def view(self, name):
        return _frames.view_frame(self.rows, name)

    @property
    def summary(self):
        if self.summary_view is None or self.summary_view not in self.views:
            return self.rows
        return self.view(self.summary_view)

    def __repr__(self):
        name = type(self).__name__
        rows = len(self.document.get("rows", []))
        return f"<critmin.{name} {self.document.get('command')}: {rows} rows, views {self.views}>"


class SimulationResult(Result):
    """critmin.simulate: `summary` is the shortfall per country and end use (S32-S36), as the
    CLI's rows; `stockpiles` the stockpile rows; `series` one row per day with (variable, label)
    columns: production and capacity per producer node, ordered, delivered, unmet and stock_days
    per final-demand column (the CLI's --csv files, at full precision); `engine_seconds` the time
    spent in C++ (dataset loading when not given, the run and its report)."""

    summary_view = "shortfall"

    def __init__(self, document, series_blocks):
        super().__init__(document)
        self._series_blocks = series_blocks
        self.engine_seconds = None

    @functools.cached_property
    def series(self):
        blocks = dict((variable, values) for variable, _, values in self._series_blocks)
        unmet = blocks["ordered"] - blocks["delivered"]  # as the CLI's final_demand_unmet.csv
        return _frames.series_frame(
            [(v, labels, unmet if v == "unmet" else values)
             for v, labels, values in self._series_blocks], "day")

    @property
    def stockpiles(self):
        return self.view("stockpile")

    def delivered_share(self):
        """Delivered / ordered per final-demand column and day (1 where nothing was ordered)."""
        ordered = self.series["ordered"]
        share = self.series["delivered"] / ordered.where(ordered > 0)
        return share.fillna(1.0)


class StressResult(Result):
    """critmin.stress: `summary` is VaR and CVaR of shortfall per country and end use; views
    exceedance, tail and tail_producers as in the CLI."""

    summary_view = "shortfall"


class MrioResult(Result):
    """critmin.simulate_mrio: `summary` one row per industry (lowest production ratio, output
    lost), `series` production, capacity and final_demand_unmet per step (the CLI's --csv)."""

    def __init__(self, document, series_blocks):
        super().__init__(document)
        self._series_blocks = series_blocks

    @functools.cached_property
    def series(self):
        return _frames.series_frame(self._series_blocks, "step")
