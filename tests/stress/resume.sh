#!/usr/bin/env bash
# A run killed with SIGKILL and resumed with --resume loses no finished sample and ends with the
# aggregates of an uninterrupted run (docs/stress.md, "Checkpoints").
source "$(dirname "$0")/common.sh"
N=3000
ARGS=(stress "$CATALOG" --samples $N --horizon-days 30 --seed 3 --threads 2 --format json --no-progress)
count() { python3 -c 'import sqlite3,sys
try:
    print(sqlite3.connect(sys.argv[1]).execute("select count(*) from stress_samples").fetchone()[0])
except Exception:
    print(0)' "$1"; }
"$CRITMIN" "${ARGS[@]}" --out "$WORK/whole.db" > "$WORK/whole.json"
[ "$(count "$WORK/whole.db")" -eq $N ] || { echo "the uninterrupted run stored $(count "$WORK/whole.db") samples" >&2; exit 1; }

# A second run dies like kill -9 right after its first checkpoint (1,024 samples; the test
# hook CRITMIN_TEST_KILL_AFTER_CHECKPOINTS makes the stop point deterministic).
rm -f "$WORK"/killed.db*
set +e
CRITMIN_TEST_KILL_AFTER_CHECKPOINTS=1 "$CRITMIN" "${ARGS[@]}" --out "$WORK/killed.db" > /dev/null 2>&1
rc=$?
set -e
if [ $rc -ne 137 ]; then echo "the run was not killed after its first checkpoint (exit $rc)" >&2; exit 1; fi
before=$(count "$WORK/killed.db")
if [ "$before" -ne 1024 ]; then
  echo "the killed run stored $before samples, not one checkpoint of 1024" >&2; exit 1
fi
echo "killed with $before of $N samples stored"
"$CRITMIN" "${ARGS[@]}" --out "$WORK/killed.db" --resume > "$WORK/resumed.json"
resumed=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["timing"]["samples_resumed"])' "$WORK/resumed.json")
if [ "$resumed" -ne "$before" ]; then echo "resumed $resumed samples, $before were stored" >&2; exit 1; fi
if [ "$(rows "$WORK/whole.json")" != "$(rows "$WORK/resumed.json")" ]; then
  echo "resumed aggregates differ from the uninterrupted run" >&2; exit 1
fi
# Without --resume an existing database is refused (exit 2), never overwritten.
set +e
"$CRITMIN" "${ARGS[@]}" --out "$WORK/killed.db" > /dev/null 2>&1
rc=$?
set -e
if [ $rc -ne 2 ]; then echo "an existing database was not refused (exit $rc)" >&2; exit 1; fi
echo "resume: $before stored + $((N - before)) run == uninterrupted"
