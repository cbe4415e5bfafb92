// Critical when a member stays muted for more than five minutes; resolved when unmuted or gone.
//   conf watch --all --hook scripts/muted-too-long.js
//   conf check CONF --hook scripts/muted-too-long.js --state-file ~/.local/state/conf-check.json   (run every minute)
export const options = { name: 'muted-too-long', limit: '5m' };

export function alert(conference) {
  return (conference.activeMembers ?? [])
    .filter((m) => m.mute)
    .map((m) => ({
      level: 'critical',
      message: `${m.callId} muted for more than ${options.limit} in ${conference.name}`,
      key: `muted:${m.callId}`,
      callId: m.callId,
      for: options.limit,   // pending until the condition has held this long
    }));
}
