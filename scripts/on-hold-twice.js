// Warning when the same member is put on hold twice within ten minutes.
//   conf watch CONF --hook scripts/on-hold-twice.js
export const options = { name: 'on-hold-twice', windowMinutes: 10 };

export function onEvent(event, ctx) {
  if (event.type !== 'held') return;
  const call = event.member.callId;
  const now = Date.parse(event.time);
  const recent = (ctx.state[call] ?? []).filter((t) => now - t < options.windowMinutes * 60_000);
  recent.push(now);
  ctx.state[call] = recent;
  if (recent.length >= 2) {
    return {
      level: 'warning',
      message: `${call} put on hold ${recent.length} times in ${options.windowMinutes} minutes in ${event.conferenceName}`,
      callId: call,
    };
  }
}
