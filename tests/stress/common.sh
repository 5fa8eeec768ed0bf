# Shared by the stress-test scripts: CRITMIN (binary), SRC (repository root), WORK (temp dir).
set -euo pipefail
CRITMIN="$1"
SRC="$2"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
CATALOG="$SRC/scenarios/stress-rare-earths.yaml"
# The rows of a JSON report, without timing: what must agree between runs.
rows() { python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["rows"], sort_keys=True))' "$1"; }
