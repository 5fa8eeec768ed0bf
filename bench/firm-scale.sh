#!/usr/bin/env bash
# The firm-level speed goal of issues 3 and 18: a year of daily steps on 1,000,000 firms and
# 5,000,000 supply links (seeded scale-free network, critmin-gen-firms), with the 1% largest firms
# losing half their capacity for 60 days. Times loading, building and the 365 steps of the sparse
# kernel (the engine's default for firm runs) with 1 and 2 threads, reports peak memory, and fails
# if the final production differs between thread counts; then CSR_STEPS steps of the CSR step on
# the same network for comparison (phase by phase, with the memory-pass measurements).
#   STEPS=365 CSR_STEPS=20 ORDER=locality bench/firm-scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
data=build/bench-data/firms-1m-5m
if [ ! -f "$data/edges.csv" ]; then
  build/bin/critmin-gen-firms --firms 1000000 --links 5000000 --sectors 50 --regions 20 --seed 1 \
    --out "$data"
fi
common=(--firms "$data/firms.csv" --edges "$data/edges.csv" --threads 1,2 --shock-share 0.01
  --shock-steps 60 --shock-delta 0.5 --order "${ORDER:-locality}")
build/bin/critmin-bench-firms "${common[@]}" --steps "${STEPS:-365}" --kernel sparse
if [ "${CSR_STEPS:-20}" -gt 0 ]; then
  build/bin/critmin-bench-firms "${common[@]}" --steps "${CSR_STEPS:-20}" --kernel csr \
    --phase-steps "${CSR_STEPS:-20}"
fi
