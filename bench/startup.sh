#!/usr/bin/env bash
# Start-up of the one-liner: warm `conf get` against the simulator through the installed launcher (no hooks, a
# --filter, a hook file; legacy Basic and client credentials with a cached token, and the first run's token request),
# through ./jbang conf.java and the catalog, beside `curl -s … | jq …` on the same endpoint and jbang's own hello
# world (bench/hello.java) through the same jbang, in one run. Prints median wall times, ratios to curl|jq, peak RSS,
# and each goal's ratio against its floor. Usage: bench/startup.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10}
SEED=conf-04c62a3d-1cd6-4bb9-8c91-27ed04140964
work=$(mktemp -d)
cleanup() {
  kill ${sim:-} 2>/dev/null
  if [ -n "${tokens_dir:-}" ] && [ -d "$tokens_dir" ] && [ -f "$work/tokens.before" ]; then
    comm -13 "$work/tokens.before" <(ls "$tokens_dir" | sort) | while read -r f; do rm -f "$tokens_dir/$f"; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# the launcher as README installs it (the newest JDK found), and one on the java of PATH when that is older
./jbang conf.java install --dir "$work/bin" 2>&1 | grep -o 'on Java [0-9]* ([^)]*), with [^;]*' | sed 's/^/installed: /' >&2
conf="$work/bin/conf"
path_java=$(readlink -f "$(command -v java)")
conf_path="$work/bin-path/conf"
if ./jbang conf.java install --dir "$work/bin-path" --java "$path_java" >/dev/null 2>&1 \
   && ! cmp -s <(sed -n 's/^java=//p' "$conf") <(sed -n 's/^java=//p' "$conf_path"); then
  path_feature=$("$path_java" -version 2>&1 | sed -n '1s/^[^"]*"\([0-9]*\).*/\1/p')
else
  conf_path=""
fi

"$conf" simulate --port 0 >"$work/sim.log" 2>/dev/null &
sim=$!
for _ in $(seq 100); do grep -q '^BW_USERNAME=' "$work/sim.log" && break; sleep 0.1; done
eval "export $(grep '^BW_USERNAME=' "$work/sim.log")"
eval "$(grep '^BW_CLIENT_ID=' "$work/sim.log" | sed 's/BW_/oauth_/g; s/ oauth_ACCOUNT_ID=[^ ]*//')"
token_url=$(sed -n 's/^OAuth token endpoint on \([^ ]*\).*/\1/p' "$work/sim.log")
export CONF_BASE_URL=$(sed -n 's/^Bandwidth Voice API simulator listening on //p' "$work/sim.log")
url="$CONF_BASE_URL/accounts/$BW_ACCOUNT_ID/conferences/$SEED"
printf 'export function filter(m) { return m.mute && !m.hold; }\n' > "$work/muted.js"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

curl_jq()      { curl -s -u "$BW_USERNAME:$BW_PASSWORD" "$url" | jq '.activeMembers[] | select(.mute and (.hold | not))'; }
conf_plain()   { "$conf" get "$SEED" -o json; }
conf_filter()  { "$conf" get "$SEED" -o json --filter 'm.mute && !m.hold'; }
conf_hook()    { "$conf" get "$SEED" -o json --hook "$work/muted.js"; }
# client credentials win over the exported BW_USERNAME. The token goes to the user's token cache (another
# XDG_CACHE_HOME would move the launcher's cache too, and rebuild it); the file it adds is removed at the end.
oauth()        { BW_CLIENT_ID=$oauth_CLIENT_ID BW_CLIENT_SECRET=$oauth_CLIENT_SECRET CONF_TOKEN_URL=$token_url "$@"; }
tokens_dir="${XDG_CACHE_HOME:-$HOME/.cache}/conf/tokens"
ls "$tokens_dir" 2>/dev/null | sort >"$work/tokens.before" || true
conf_oauth_cached() { oauth "$conf" get "$SEED" -o json; }
conf_oauth_first()  { oauth "$conf" get "$SEED" -o json --no-token-cache; }   # one more round trip, each run
path_plain()   { "$conf_path" get "$SEED" -o json; }
path_filter()  { "$conf_path" get "$SEED" -o json --filter 'm.mute && !m.hold'; }
jbang_script() { ./jbang conf.java get "$SEED" -o json; }
jbang_catalog(){ ./jbang "conf@$PWD" get "$SEED" -o json; }   # the catalog by its folder: no global change
jbang_hello()  { ./jbang bench/hello.java; }                      # the floor of the two rows above

conf_plain | grep -q '"myconf"' || { echo "conf get failed" >&2; exit 1; }
printf '%-38s %10s %10s %12s\n' "warm, median of $N rounds" "ms" "x curl|jq" "peak RSS MiB"
base=0
names="curl_jq conf_plain conf_oauth_cached conf_oauth_first conf_filter conf_hook"
[ -n "$conf_path" ] && names="$names path_plain path_filter"
names="$names jbang_hello jbang_script jbang_catalog"
for name in $names; do for _ in 1 2; do "$name" >/dev/null 2>&1; done; done
# Rounds run every command once, in turn: a busy spell of a shared machine then slows every row alike, and the
# ratios between rows (Basic against client credentials, conf against curl|jq) hold.
for _ in $(seq "$N"); do
  for name in $names; do ms "$name" >>"$work/$name.ms"; done
done
for name in $names; do
  m=$(median <"$work/$name.ms")
  [ "$name" = curl_jq ] && base=$m
  [ "$name" = conf_plain ] && basic=$m
  [ "$name" = conf_oauth_cached ] && cached=$m
  [ "$name" = conf_filter ] && filter=$m
  [ "$name" = jbang_hello ] && hello=$m
  [ "$name" = jbang_script ] && script=$m
  [ "$name" = jbang_catalog ] && catalog=$m
  case $name in
    conf_plain)  r=$(rss "$conf" get "$SEED" -o json) ;;
    conf_filter) r=$(rss "$conf" get "$SEED" -o json --filter 'm.mute && !m.hold') ;;
    conf_hook)   r=$(rss "$conf" get "$SEED" -o json --hook "$work/muted.js") ;;
    conf_oauth_cached) r=$(oauth rss "$conf" get "$SEED" -o json) ;;
    path_plain)  r=$(rss "$conf_path" get "$SEED" -o json) ;;
    *) r="" ;;
  esac
  label=$name
  case $name in path_*) label="$name (Java $path_feature)" ;; esac
  printf '%-38s %10d %10.1f %12s\n' "$label" "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN{print a/(b>0?b:1)}')" \
    "${r:+$((r / 1024))}"
done
awk -v c="$cached" -v b="$basic" 'BEGIN{printf "client credentials with a cached token vs Basic: %+.1f%% (goal: within 5%%)\n", (c-b)*100/(b>0?b:1)}'
goal() { awk -v a="$2" -v b="$3" -v g="$4" -v what="$1" \
  'BEGIN{r=a/(b>0?b:1); printf "%-52s %5.2fx  (goal <= %sx: %s)\n", what, r, g, (r<=g?"met":"not met")}'; }
goal "./jbang conf.java get vs jbang hello world" "$script" "$hello" 1.25
goal "./jbang conf@catalog get vs jbang hello world" "$catalog" "$hello" 1.25
goal "installed conf get vs curl|jq" "$basic" "$base" 5
goal "installed conf get --filter vs curl|jq" "$filter" "$base" 8
