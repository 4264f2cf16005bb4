/**
 * How long a count of the figures' backlog is answered again before it is counted anew, per mark counted: counting
 * costs about a third of a microsecond per mark, so with 100 µs a backlog of any size is counted for well under 1 % of
 * a core however often the lag is asked for (a monitor watching the figures settle asks several times a second).
 */
const REUSE_MS_PER_MARK = 0.1;

/** The longest a count is reused, so that a large backlog is never reported for long after it has been worked off. */
const REUSE_MOST_MS = 5_000;

/**
 * A backlog count (`count`, which costs in proportion to the backlog; `marksOf` says how many marks a count found) that
 * is counted anew only once the last count has aged REUSE_MS_PER_MARK per mark it found (at most REUSE_MOST_MS): an
 * empty or small backlog is counted at every ask, so a backlog that has just been worked off reads 0 within a few
 * milliseconds of the count before it per mark, while a large one, which takes the refresher far longer to work off
 * than the count is reused, costs a count every few seconds instead of at every ask. A count of no marks is never
 * reused, so a reused count can only say that figures still wait. Asks made while a count runs count for themselves:
 * the running count began before them and may miss marks they must see (a caller that has just seen an event applied
 * must not read 0 from a count that began before its marks committed).
 */
export function backlogCount<Counted>(
  count: () => Promise<Counted>,
  marksOf: (counted: Counted) => number,
  clock: () => Date,
): () => Promise<Counted> {
  let last: { readonly counted: Counted; readonly marks: number; readonly countedAt: number } | undefined;
  return async () => {
    const now = clock().getTime();
    if (last !== undefined && now - last.countedAt < Math.min(last.marks * REUSE_MS_PER_MARK, REUSE_MOST_MS)) {
      return last.counted;
    }
    const counted = await count();
    // Aged from when the count began: the marks it found were there then. A later count is not replaced by an
    // earlier one that ended after it.
    if (last === undefined || last.countedAt <= now) last = { counted, marks: marksOf(counted), countedAt: now };
    return counted;
  };
}
