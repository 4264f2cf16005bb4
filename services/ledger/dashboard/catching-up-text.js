/**
 * What the overview says while the ledger trails the log or its figures wait for the refresher (`GET /lag`), or
 * undefined once both are done. The figures are refreshed in two steps, so the note names what is left of each: after
 * a large catch-up, most of the wait is batches to recompute.
 *
 * @param {{ eventsBehind: number, derivedPending: number, lookupsPending: number, batchesPending: number }} lag
 * @returns {string | undefined}
 */
export function catchingUpText(lag) {
  if (lag.eventsBehind === 0 && lag.derivedPending === 0) return undefined;
  const figures =
    lag.derivedPending === 0
      ? 'figures up to date so far'
      : `figures of ${lag.derivedPending} nodes to refresh: ${lag.lookupsPending} nodes to look up, ` +
        `${lag.batchesPending} batches to recompute`;
  return `The ledger is catching up (${lag.eventsBehind} events to apply, ${figures}): reload for the settled figures.`;
}
