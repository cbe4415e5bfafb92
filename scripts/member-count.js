// Alerts when a conference nears or reaches Bandwidth's limit of 20 calls, or has emptied out.
//   conf check CONF --hook scripts/member-count.js            (Nagios/Icinga: exit 0/1/2/3)
//   conf get CONF --hook scripts/member-count.js --fail-on warning
export const options = {
  name: 'member-count',
  timeout: '200ms',
  warnAt: 16,      // members
  criticalAt: 20,  // the API's maximum per conference
};

export function alert(conference) {
  const n = (conference.activeMembers ?? []).length;
  const labels = { members: n, conference: conference.name };
  if (n >= options.criticalAt) {
    return { level: 'critical', message: `${conference.name} is full: ${n} members`, key: 'member-count', labels };
  }
  if (n >= options.warnAt) {
    return { level: 'warning', message: `${conference.name} has ${n} members`, key: 'member-count', labels };
  }
  if (n === 0 && !conference.completedTime) {
    return { level: 'warning', message: `${conference.name} is active with nobody in it`, key: 'member-count', labels };
  }
}
