import type { RebuildStatus } from '../app/rebuild-status.ts';

/**
 * One line showing where a rebuild stands, for a terminal: a bar over the phase in hand (the replay counts events,
 * the figures phase nodes looked up, then batches recomputed, then node marks finished), the counts, the rate and
 * the time left. `width` is the bar's width in characters.
 */
export function rebuildProgressLine(status: RebuildStatus, width = 30): string {
  if (status.state === 'idle') return 'no rebuild has run since the ledger started';
  // A rebuild another process runs or ran names it: the one asked only relays its reports.
  const by = status.elsewhere === true && status.holder !== undefined ? ` (by ${status.holder})` : '';
  if (status.state === 'failed') return `rebuild failed${by}: ${status.error ?? 'no reason given'}`;
  if (status.state === 'done') {
    const seconds = elapsedSeconds(status);
    return (
      `rebuild done${by}: ${count(status.appliedEvents)} events` +
      (seconds === undefined ? '' : ` in ${duration(seconds)}`) +
      (status.eventsPerSecond === undefined ? '' : ` (${count(status.eventsPerSecond)} events/s)`)
    );
  }
  // The figures phase looks every node up, recomputes the batches that marked, and finishes the node marks left:
  // the bar follows the step in hand.
  const batchesLeft =
    status.figureBatchesTotal !== undefined && (status.figureBatchesDone ?? 0) < status.figureBatchesTotal;
  const [done, total, unit] =
    status.phase !== 'figures'
      ? [status.appliedEvents, status.totalEvents, 'events']
      : status.figureBatchesTotal === undefined
        ? [status.figureNodesLookedUp ?? 0, status.figureNodesTotal ?? 0, 'nodes looked up']
        : batchesLeft
          ? [status.figureBatchesDone ?? 0, status.figureBatchesTotal, 'batches']
          : [status.figureNodesDone ?? 0, status.figureNodesTotal ?? 0, 'nodes finished'];
  const share = status.phase === 'swap' ? 1 : total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const phase = (status.phase ?? 'replay').padEnd(7);
  const parts = [`${phase} ${bar} ${String(Math.floor(share * 100)).padStart(3)}%`];
  if (status.phase !== 'swap') parts.push(`${count(done)}/${count(total)} ${unit}`);
  if (status.phase === 'replay' && status.eventsPerSecond !== undefined)
    parts.push(`${count(status.eventsPerSecond)} events/s`);
  if (status.etaSeconds !== undefined && status.phase !== 'swap') parts.push(`ETA ${duration(status.etaSeconds)}`);
  return parts.join('  ') + by;
}

function elapsedSeconds(status: RebuildStatus): number | undefined {
  if (status.startedAt === undefined || status.finishedAt === undefined) return undefined;
  return (Date.parse(status.finishedAt) - Date.parse(status.startedAt)) / 1000;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** Seconds as m:ss, or h:mm:ss from an hour on. */
function duration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}
