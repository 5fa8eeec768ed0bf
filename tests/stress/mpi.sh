#!/usr/bin/env bash
# Two MPI processes give the same aggregates, bit for bit, as one process (docs/stress.md).
source "$(dirname "$0")/common.sh"
ARGS=(stress "$CATALOG" --samples 300 --horizon-days 90 --seed 7 --threads 1 --format json --no-progress)
"$CRITMIN" "${ARGS[@]}" > "$WORK/one.json"
mpi_flags=(--oversubscribe)
if [ "$(id -u)" -eq 0 ]; then mpi_flags+=(--allow-run-as-root); fi
OMPI_MCA_plm_rsh_agent= mpirun "${mpi_flags[@]}" -np 2 "$CRITMIN" "${ARGS[@]}" > "$WORK/two.json"
if [ "$(rows "$WORK/one.json")" != "$(rows "$WORK/two.json")" ]; then
  echo "mpirun -np 2 and one process disagree" >&2
  diff <(rows "$WORK/one.json" | tr '{' '\n') <(rows "$WORK/two.json" | tr '{' '\n') | head -20 >&2
  exit 1
fi
grep -q '"processes": 2' "$WORK/two.json" || { echo "the MPI run did not use 2 processes" >&2; exit 1; }
# Every process's samples are counted, not rank 0's alone (issue 17, item 21).
grep -q '"samples_run": 300' "$WORK/two.json" || { echo "samples_run does not count every process" >&2; grep samples_run "$WORK/two.json" >&2; exit 1; }
echo "mpi: 2 processes == 1 process"
