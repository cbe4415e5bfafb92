// Members on hold, labelled for an Alertmanager route: `team` picks the receiver, `severity` (the level) the
// urgency. Resolved when the member is off hold or gone. Level and labels stay the same for a key: in Alertmanager
// they are the alert's identity, so a changing one would start a new alert.
//   conf watch --all --hook scripts/held-for-ops.js --alertmanager http://127.0.0.1:9093
// Route on the labels (alertmanager.yml):  routes: [{matchers: ['team="voice-ops"'], receiver: voice-ops}]
export const options = { name: 'held-for-ops', team: 'voice-ops' };

export function alert(conference) {
  const members = conference.activeMembers ?? [];
  const held = members.filter((m) => m.hold);
  return held.map((m) => ({
    level: 'warning',
    message: `${m.callId} is on hold in ${conference.name} (${held.length} of ${members.length} held)`,
    key: `held:${m.callId}`,
    callId: m.callId,
    labels: { team: options.team, service: 'conferencing' },
  }));
}
