#!/usr/bin/env bash
# --resume refuses a database when any input changed since the run started: the catalogue, or
# any file of the dataset (docs/stress.md, "Checkpoints"; issue 17 item 9). Before, a changed
# dataset was mixed into the old samples with exit 0.
source "$(dirname "$0")/common.sh"
cp -r "$SRC/data/rare-earths" "$WORK/ds"
sed "s|^dataset: .*|dataset: $WORK/ds|" "$CATALOG" > "$WORK/cat.yaml"
ARGS=(stress "$WORK/cat.yaml" --samples 3000 --horizon-days 20 --seed 4 --threads 2 --format json --no-progress)
refused() {  # $1: what changed
  set +e
  "$CRITMIN" "${ARGS[@]}" --out "$WORK/run.db" --resume > /dev/null 2> "$WORK/err.txt"
  local rc=$?
  set -e
  if [ $rc -ne 2 ] || ! grep -q "cannot be resumed" "$WORK/err.txt"; then
    echo "resume after $1 changed: exit $rc, $(cat "$WORK/err.txt")" >&2; exit 1
  fi
}
kill_once() {
  rm -f "$WORK"/run.db*
  set +e
  CRITMIN_TEST_KILL_AFTER_CHECKPOINTS=1 "$CRITMIN" "${ARGS[@]}" --out "$WORK/run.db" > /dev/null 2>&1
  set -e
}
# A file of the dataset changes (here one more file in its folder).
kill_once
echo "an analyst's note" > "$WORK/ds/notes.txt"
refused "the dataset"
rm "$WORK/ds/notes.txt"
# Unchanged inputs resume.
"$CRITMIN" "${ARGS[@]}" --out "$WORK/run.db" --resume > /dev/null
# The catalogue changes (a comment is enough: its bytes are fingerprinted).
kill_once
echo "# edited" >> "$WORK/cat.yaml"
refused "the catalogue"
echo "resume-changed: changed dataset and catalogue refused, unchanged inputs resumed"
