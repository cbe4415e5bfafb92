#!/usr/bin/env bash
# Mutes every member of a conference who is not muted yet (e.g. before a presenter starts).
# Usage: scripts/mute-all.sh CONFERENCE_ID [--except CALL_ID]
# Needs conf's credentials in the environment (BW_CLIENT_ID, BW_CLIENT_SECRET, BW_ACCOUNT_ID) or a profile.
set -euo pipefail
conf=${CONF:-"$(dirname "$0")/../jbang $(dirname "$0")/../conf.java"}
id=${1:?usage: mute-all.sh CONFERENCE_ID [--except CALL_ID]}
except=${3:-}
# CSV columns: callId,conferenceId,memberUrl,mute,hold,callIdsToCoach
$conf get "$id" -o csv | awk -F, -v skip="$except" 'NR > 1 && $4 == "false" && $1 != skip { print $1 }' |
while read -r call; do
  $conf member "$id" "$call" --mute -o csv >/dev/null && echo "muted $call"
done
