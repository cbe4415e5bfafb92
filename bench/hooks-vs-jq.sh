#!/usr/bin/env bash
# Hook throughput through conf's whole path (Java record -> JSON -> GraalJS filter and map -> JSON), beside jq doing
# the same filter and map over the same members as NDJSON, in one run. Usage: bench/hooks-vs-jq.sh [MEMBERS]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
data=$(mktemp --suffix=.ndjson)
rounds=$(mktemp)
trap 'rm -f "$data" "$rounds"' EXIT
command -v jq >/dev/null || { echo "jq is not installed (apt-get install jq)" >&2; exit 1; }

echo "members: $N (conferences of 20); filter: m.mute && !m.hold; map: {call, muted}"
./jbang bench/HookThroughput.java "$N" "$data" | tee "$rounds"
best=$(awk '/^conf-hooks/ {print $4}' "$rounds" | sort -n | head -1)

jq_ms=()
for round in 1 2 3; do
  s=$(date +%s%N)
  kept=$(jq -c 'select(.mute and (.hold | not)) | {call: .callId, muted: .mute}' "$data" | wc -l)
  e=$(date +%s%N)
  jq_ms+=($(( (e - s) / 1000000 )))
  echo "jq round $round: ${jq_ms[-1]} ms, $kept kept"
done
jq_best=$(printf '%s\n' "${jq_ms[@]}" | sort -n | head -1)
awk -v c="$best" -v j="$jq_best" 'BEGIN { printf "best of 3: conf hooks %d ms, jq %d ms; jq/conf = %.2f (above 1: conf is faster)\n", c, j, j / c }'
