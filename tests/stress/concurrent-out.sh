#!/usr/bin/env bash
# Several `critmin simulate --out same.db` at once all land in the database (SQLite's lock, one
# transaction per run), and a run into a file that is not a database leaves it and its folder as
# they were (issue 17, items 5 and 8).
source "$(dirname "$0")/common.sh"
SC="$SRC/scenarios/china-hree-licensing-6m.yaml"
cd "$WORK"
pids=()
for i in 1 2 3 4; do
  "$CRITMIN" simulate "$SC" --out runs.db > "out$i.txt" 2> "err$i.txt" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { echo "a concurrent run failed" >&2; cat err*.txt >&2; exit 1; }; done
count() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])' "$@"; }
runs=$(count runs.db "select count(*) from runs")
summaries=$(count runs.db "select count(distinct run_id) from summary")
[ "$runs" = 4 ] && [ "$summaries" = 4 ] || { echo "4 runs written at once, $runs runs and $summaries summaries in the database" >&2; exit 1; }
# Each run's rows are complete: the same number of series rows per run.
per_run=$(count runs.db "select count(distinct n) from (select count(*) n from series group by run_id)")
[ "$per_run" = 1 ] || { echo "runs have different numbers of series rows" >&2; exit 1; }
# Nothing but the database beside it (no copies, no journals).
extra=$(ls -A | grep -v -E '^(runs\.db|out[0-9]\.txt|err[0-9]\.txt)$' || true)
[ -z "$extra" ] || { echo "left beside the database: $extra" >&2; exit 1; }
# A file that is not a database: refused, unchanged, nothing left beside it.
mkdir other && printf 'not a database\n' > other/notes.db
if "$CRITMIN" simulate "$SC" --out other/notes.db > /dev/null 2> err.txt; then
  echo "a run into a text file succeeded" >&2; exit 1
fi
grep -q "not a database" err.txt || { echo "unclear error: $(cat err.txt)" >&2; exit 1; }
[ "$(cat other/notes.db)" = "not a database" ] || { echo "the text file was changed" >&2; exit 1; }
[ "$(ls -A other)" = "notes.db" ] || { echo "left in the folder: $(ls -A other)" >&2; exit 1; }
# A first run that fails leaves no empty database behind.
if "$CRITMIN" simulate "$SRC/scenarios/no-such-scenario.yaml" --out other/new.db > /dev/null 2>&1; then
  echo "a missing scenario succeeded" >&2; exit 1
fi
[ ! -e other/new.db ] || { echo "a failed first run left other/new.db" >&2; exit 1; }
echo "concurrent --out: 4 runs of 4 landed; a non-database is refused and left as it was"
