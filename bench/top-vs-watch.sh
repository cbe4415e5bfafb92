#!/usr/bin/env bash
# CPU of `conf top --all` against `conf watch --all` at the same settings, over the same simulated account: each runs
# in turn for SECONDS after a warm-up, top in a tmux pane of 120x40 (a real terminal), watch piped to /dev/null.
# CPU is the process's user+system clock ticks from /proc/PID/stat over the measured window.
# Usage: bench/top-vs-watch.sh [CONFERENCES] [SECONDS] [INTERVAL]
set -euo pipefail
cd "$(dirname "$0")/.."
CONFERENCES=${1:-100}
SECONDS_RUN=${2:-30}
INTERVAL=${3:-2s}
WARMUP=8
command -v tmux >/dev/null || { echo "bench/top-vs-watch.sh needs tmux (apt-get install tmux)" >&2; exit 1; }

./jbang build conf.java >/dev/null 2>&1
cp=$(./jbang info classpath conf.java 2>/dev/null)
work=$(mktemp -d)
sim=""
cleanup() {
  tmux -S "$work/tmux.sock" kill-server 2>/dev/null || true
  [ -n "$sim" ] && kill "$sim" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

java -XX:+UseSerialGC -cp "$cp" conftool.cli.Main simulate --port 0 --conferences "$CONFERENCES" \
  >"$work/sim.log" 2>&1 &
sim=$!
for _ in $(seq 300); do grep -q '^BW_USERNAME=' "$work/sim.log" && break; sleep 0.1; done
eval "export $(grep '^BW_USERNAME=' "$work/sim.log")"
export CONF_BASE_URL=$(sed -n 's/^Bandwidth Voice API simulator listening on //p' "$work/sim.log")
export CONF_CONFIG=/nonexistent/conf-config
unset BW_CLIENT_ID BW_CLIENT_SECRET
echo "simulator: $CONFERENCES living conferences (+1 example), $CONF_BASE_URL; interval $INTERVAL," \
  "${SECONDS_RUN}s measured after ${WARMUP}s"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime, in clock ticks
hz=$(getconf CLK_TCK)
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }

measure() { # pid → CPU seconds over SECONDS_RUN, after the warm-up
  local pid=$1 a b
  sleep "$WARMUP"
  a=$(ticks "$pid")
  sleep "$SECONDS_RUN"
  b=$(ticks "$pid")
  calc "($b - $a) / $hz"
}

java -XX:+UseSerialGC -cp "$cp" conftool.cli.Main watch --all --interval "$INTERVAL" -o ndjson >/dev/null \
  2>"$work/watch.err" &
watch=$!
watch_cpu=$(measure "$watch")
kill "$watch"; wait "$watch" 2>/dev/null || true

cat >"$work/top.sh" <<SCRIPT
exec java -XX:+UseSerialGC -cp '$cp' conftool.cli.Main top --all --interval '$INTERVAL' 2>'$work/top.err'
SCRIPT
tmux -S "$work/tmux.sock" -f /dev/null new-session -d -x 120 -y 40 "bash '$work/top.sh'"
sleep 1
top=$(tmux -S "$work/tmux.sock" display-message -p '#{pane_pid}')
top_cpu=$(measure "$top")
tmux -S "$work/tmux.sock" capture-pane -p | head -3 | cut -c1-110
tmux -S "$work/tmux.sock" send-keys q
sleep 2

echo "watch --all: ${watch_cpu} s CPU in ${SECONDS_RUN} s ($(calc "100 * $watch_cpu / $SECONDS_RUN")% of a core)"
echo "top --all:   ${top_cpu} s CPU in ${SECONDS_RUN} s ($(calc "100 * $top_cpu / $SECONDS_RUN")% of a core)"
echo "top / watch: $(calc "$top_cpu / $watch_cpu")"
