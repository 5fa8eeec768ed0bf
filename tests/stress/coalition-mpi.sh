#!/usr/bin/env bash
# `critmin coalition` under mpirun -np 2 gives the same rows, bit for bit, as one process
# (docs/coalition.md, section 4).
source "$(dirname "$0")/common.sh"
ARGS=(coalition "$SRC/scenarios/coalition-g7-dy-tb.yaml" --samples 30 --threads 1 --format json)
"$CRITMIN" "${ARGS[@]}" 2>/dev/null | grep -v '"processes"' > "$WORK/one.json"
mpi_flags=(--oversubscribe)
if [ "$(id -u)" -eq 0 ]; then mpi_flags+=(--allow-run-as-root); fi
OMPI_MCA_plm_rsh_agent= mpirun "${mpi_flags[@]}" -np 2 "$CRITMIN" "${ARGS[@]}" 2>/dev/null > "$WORK/two-full.json"
grep -q '"processes": 2' "$WORK/two-full.json" || { echo "the MPI run did not use 2 processes" >&2; exit 1; }
grep -v '"processes"' "$WORK/two-full.json" > "$WORK/two.json"
if ! cmp -s "$WORK/one.json" "$WORK/two.json"; then
  echo "mpirun -np 2 and one process disagree" >&2
  diff "$WORK/one.json" "$WORK/two.json" | head -20 >&2
  exit 1
fi
echo "coalition mpi: 2 processes == 1 process"
