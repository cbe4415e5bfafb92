// Who coaches whom: one row per coach with the calls it coaches.
//   conf get CONF --hook scripts/who-coaches-whom.js -o table
export const options = { name: 'who-coaches-whom' };

export function filter(member) {
  return Array.isArray(member.callIdsToCoach) && member.callIdsToCoach.length > 0;
}

export function map(member, conference) {
  const present = new Set(conference.activeMembers.map((m) => m.callId));
  return {
    coach: member.callId,
    coaches: member.callIdsToCoach.join(' '),
    // a coached call that has not joined (yet) hears nothing from its coach
    absent: member.callIdsToCoach.filter((id) => !present.has(id)).join(' ') || '-',
  };
}
