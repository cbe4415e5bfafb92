// Muted members only.   conf get CONF --hook scripts/muted-members.js
export const options = { name: 'muted-members' };

export function filter(member) {
  return member.mute === true;
}
