// Counts of members by state as an info alert (labels carry the numbers), and the last counts in ctx.state.
//   conf get CONF --hook scripts/counts-by-state.js -o ndjson 2>&1 >/dev/null | jq .labels
export const options = { name: 'counts-by-state' };

export function alert(conference, ctx) {
  const members = conference.activeMembers ?? [];
  const counts = {
    members: members.length,
    muted: members.filter((m) => m.mute).length,
    held: members.filter((m) => m.hold).length,
    talking: members.filter((m) => !m.mute && !m.hold).length,
    coaching: members.filter((m) => (m.callIdsToCoach ?? []).length > 0).length,
  };
  ctx.state.last = counts;
  return {
    level: 'info',
    message: `${counts.members} members: ${counts.muted} muted, ${counts.held} held, ${counts.talking} talking,`
      + ` ${counts.coaching} coaching`,
    key: `counts:${conference.id}`,
    labels: counts,
  };
}
