#!/usr/bin/env bash
# A run killed with SIGKILL and resumed with --resume loses no finished sample and ends with the
# aggregates of an uninterrupted run (docs/stress.md, "Checkpoints").
source "$(dirname "$0")/common.sh"
N=1500
ARGS=(stress "$CATALOG" --samples $N --horizon-days 60 --seed 3 --threads 2 --format json --no-progress)
"$CRITMIN" "${ARGS[@]}" --out "$WORK/whole.db" > "$WORK/whole.json"

"$CRITMIN" "${ARGS[@]}" --out "$WORK/killed.db" > /dev/null 2>&1 &
pid=$!
count() { python3 -c 'import sqlite3,sys
try:
    print(sqlite3.connect(sys.argv[1]).execute("select count(*) from stress_samples").fetchone()[0])
except Exception:
    print(0)' "$1"; }
for _ in $(seq 600); do
  c=$(count "$WORK/killed.db")
  if [ "$c" -ge 256 ]; then break; fi
  if ! kill -0 $pid 2>/dev/null; then break; fi
  sleep 0.1
done
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
before=$(count "$WORK/killed.db")
if [ "$before" -ge "$N" ]; then echo "the run finished before it could be killed; raise N" >&2; exit 1; fi
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
