#!/usr/bin/env bash
# The firm-level speed goal of issue 3: a year of daily steps on 1,000,000 firms and 5,000,000
# supply links (seeded scale-free network, critmin-gen-firms), with the 1% largest firms losing
# half their capacity for 60 days. Times loading, building and the 365 steps with 1 and 2 threads,
# reports peak memory, and fails if the final production differs between thread counts.
#   STEPS=365 PHASE_STEPS=20 bench/firm-scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
data=build/bench-data/firms-1m-5m
if [ ! -f "$data/edges.csv" ]; then
  build/bin/critmin-gen-firms --firms 1000000 --links 5000000 --sectors 50 --regions 20 --seed 1 \
    --out "$data"
fi
build/bin/critmin-bench-firms --firms "$data/firms.csv" --edges "$data/edges.csv" \
  --steps "${STEPS:-365}" --threads 1,2 --shock-share 0.01 --shock-steps 60 --shock-delta 0.5 \
  --phase-steps "${PHASE_STEPS:-20}"
