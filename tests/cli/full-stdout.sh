#!/usr/bin/env bash
# Output that cannot be written is a failed run: `critmin ... > /dev/full` exits 1 and says so
# (issue 17, item 6). Arguments: the critmin binary, the repository root.
set -uo pipefail
CRITMIN="$1"
[ -w /dev/full ] || { echo "no /dev/full here: nothing to check"; exit 0; }
for args in "assess --dataset $2/tests/data/tiny" "data summary $2/tests/data/tiny" "--version"; do
  # shellcheck disable=SC2086
  "$CRITMIN" $args > /dev/full 2> /tmp/critmin-full-stdout.$$
  rc=$?
  if [ "$rc" -ne 1 ]; then echo "critmin $args > /dev/full exited $rc, expected 1" >&2; exit 1; fi
  grep -q "could not write the output to stdout" /tmp/critmin-full-stdout.$$ ||
    { echo "critmin $args > /dev/full did not say why" >&2; cat /tmp/critmin-full-stdout.$$ >&2; exit 1; }
done
rm -f /tmp/critmin-full-stdout.$$
echo "full stdout: exit 1 with a message"
