// One compact row per member, for tables, CSV and dashboards.
//   conf get CONF --hook scripts/compact-row.js -o csv
export const options = { name: 'compact-row' };

export function map(member) {
  const state = member.hold ? 'held' : member.mute ? 'muted' : 'talking';
  return {
    call: member.callId,
    state,
    coaching: (member.callIdsToCoach ?? []).length,
  };
}
