#!/usr/bin/env bash
# Warm wall time of `conf get` against the simulator, side by side with `curl -s … | jq .` on the same endpoint,
# in one run. Prints the median and mean of N runs each and the ratio to curl|jq. Usage: bench/get-vs-curl.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10}
SEED=conf-04c62a3d-1cd6-4bb9-8c91-27ed04140964

log=$(mktemp)
./jbang conf.java simulate --port 0 >"$log" 2>/dev/null &
sim=$!
trap 'kill $sim 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q '^BW_USERNAME=' "$log" && break; sleep 0.1; done
eval "export $(grep '^BW_USERNAME=' "$log")"
export CONF_BASE_URL=$(sed -n 's/^Bandwidth Voice API simulator listening on //p' "$log")
url="$CONF_BASE_URL/accounts/$BW_ACCOUNT_ID/conferences/$SEED"

./jbang build conf.java >/dev/null 2>&1
cp=$(./jbang info classpath conf.java 2>/dev/null)
opts="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"

time_ms() { # prints the wall time of "$@" in ms; output discarded
  local s e
  s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
  echo $(( (e - s) / 1000000 ))
}
stats() { sort -n | awk '{a[NR]=$1; s+=$1} END {printf "%d %d\n", a[int((NR+1)/2)], s/NR}'; }

run_curl() { curl -s -u "$BW_USERNAME:$BW_PASSWORD" "$url" | jq . ; }
run_jbang() { ./jbang conf.java get "$SEED" -o json; }
run_java() { java $opts -cp "$cp" conftool.cli.Main get "$SEED" -o json; }

# the three must agree before they are timed
[ "$(run_curl | jq -c .id)" = "$(run_java | jq -c .id)" ] || { echo "conf and curl disagree" >&2; exit 1; }

declare -A median mean
for name in curl java jbang; do
  for _ in 1 2 3; do "run_$name" >/dev/null 2>&1; done   # warm: page cache, jbang's jar cache
  read -r median[$name] mean[$name] < <(for _ in $(seq "$N"); do time_ms "run_$name"; done | stats)
done

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
printf '%-34s %10s %10s %14s\n' "command (N=$N, warm)" "median ms" "mean ms" "x curl|jq"
printf '%-34s %10d %10d %14s\n' "curl -s | jq ." "${median[curl]}" "${mean[curl]}" "1.0"
for name in java jbang; do
  label=$([ $name = java ] && echo "conf get (java -cp, direct)" || echo "conf get (./jbang conf.java)")
  printf '%-34s %10d %10d %14.1f\n' "$label" "${median[$name]}" "${mean[$name]}" \
    "$(echo "${median[$name]} ${median[curl]}" | awk '{print $1 / ($2 > 0 ? $2 : 1)}')"
done
if [ -x /usr/bin/time ]; then
  echo "peak RSS conf get (java -cp): $(rss java $opts -cp "$cp" conftool.cli.Main get "$SEED" -o json) KiB"
fi
