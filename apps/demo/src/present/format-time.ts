/**
 * When something will happen, relative to `now`: `now`, `in 12 s`, `in 3 min`, or a clock time
 * past an hour. Never negative: an overdue time reads `now`.
 */
export function formatRelativeTime(at: number, now: number): string {
  const seconds = Math.ceil((at - now) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 60) return `in ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  return `at ${new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

/** "1 change waiting", "3 changes waiting", "No changes waiting". */
export function formatWaiting(count: number): string {
  if (count === 0) return 'No changes waiting';
  return `${count} ${count === 1 ? 'change' : 'changes'} waiting`;
}
