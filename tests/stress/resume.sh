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
start=$(date +%s.%N)
"$CRITMIN" "${ARGS[@]}" --out "$WORK/whole.db" > "$WORK/whole.json"
whole=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
[ "$(count "$WORK/whole.db")" -eq $N ] || { echo "the uninterrupted run stored $(count "$WORK/whole.db") samples" >&2; exit 1; }

# Kill a second run part way (some chunks committed, not all); retry at other moments if the
# kill lands before the first commit or after the last.
before=0
for fraction in 0.6 0.4 0.8 0.3 0.9; do
  rm -f "$WORK"/killed.db*
  "$CRITMIN" "${ARGS[@]}" --out "$WORK/killed.db" > /dev/null 2>&1 &
  pid=$!
  sleep "$(python3 -c "print($whole * $fraction)")"
  kill -9 $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  before=$(count "$WORK/killed.db")
  if [ "$before" -gt 0 ] && [ "$before" -lt $N ]; then break; fi
done
if [ "$before" -le 0 ] || [ "$before" -ge $N ]; then
  echo "could not kill the run between two checkpoints ($before of $N stored)" >&2; exit 1
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
