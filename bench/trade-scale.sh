#!/usr/bin/env bash
# The speed goal of issue 4: GeoPolRisk for every economy x commodity on a trade table the size of
# a full BACI year (10 million rows, seeded generator), timed end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
data=build/bench-data/trade-10m
if [ ! -f "$data/trade.csv" ]; then
  build/bin/critmin-gen-trade "$data" 10000000 1
fi
start=$(date +%s.%N)
build/bin/critmin assess --method geopolrisk --production "$data/production.csv" \
  --trade "$data/trade.csv" --wgi "$data/wgi.csv" --economy all --commodity all --year all \
  --format csv -o "$data/result.csv"
end=$(date +%s.%N)
rows=$(($(wc -l < "$data/result.csv") - 1))
printf 'trade-scale: 10,000,000 trade rows, %d result rows (economies x commodities), %.2f s wall\n' \
  "$rows" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
