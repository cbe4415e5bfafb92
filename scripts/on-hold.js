// Members on hold (they neither hear nor speak), with a warning for each one.
//   conf get CONF --hook scripts/on-hold.js
export const options = { name: 'on-hold' };

export function filter(member) {
  return member.hold === true;
}

export function alert(conference) {
  return conference.activeMembers
    .filter((m) => m.hold)
    .map((m) => ({
      level: 'warning',
      message: `${m.callId} is on hold in ${conference.name}`,
      key: `on-hold:${m.callId}`,
      callId: m.callId,
    }));
}
