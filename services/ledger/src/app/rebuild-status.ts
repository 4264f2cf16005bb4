/** Where a rebuild stands. */
export interface RebuildStatus {
  readonly state: 'idle' | 'running' | 'done' | 'failed';
  /** replay: reading the log into fresh tables; figures: computing per-batch figures; swap: switching tables. */
  readonly phase?: 'replay' | 'figures' | 'swap';
  readonly appliedEvents: number;
  /** Events in the log when the rebuild started: the replay's target. */
  readonly totalEvents: number;
  /** In the figures phase: nodes whose figures are computed, of those the replay marked. */
  readonly figureNodesDone?: number;
  /**
   * In the figures phase: nodes looked up (books written, the batches above them marked), which comes first; the
   * phase is done when every node is looked up and then done.
   */
  readonly figureNodesLookedUp?: number;
  readonly figureNodesTotal?: number;
  /**
   * In the figures phase: batch recomputations so far (each for all the nodes below it looked up by then; a batch a
   * later lookup marks again is recomputed again, and counted again).
   */
  readonly figureBatchesDone?: number;
  /**
   * In the figures phase, once every node is looked up: the batch recomputations in all (those done and the marks
   * left then; once the batches ran out, those done). Most of the phase's time goes to them, at a steady rate, so the
   * ETA is theirs from then on, and the finishing node marks' after them.
   */
  readonly figureBatchesTotal?: number;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly eventsPerSecond?: number;
  /**
   * Estimated seconds until the phase in hand ends, from its rate so far: in the figures phase, from the batches'
   * rate once every node is looked up (none before: node marks finish late and then all at once, and projecting from
   * them said 2,317 s where 80 s were left at 1,000,000 events), and after the last batch from the rate at which the
   * node marks left are finished.
   */
  readonly etaSeconds?: number;
  readonly error?: string;
  /** The process that runs or ran it (host:pid and a claim id), where processes share one database. */
  readonly holder?: string;
  /** True when that is another process than the one asked: its progress as it last reported it. */
  readonly elsewhere?: boolean;
}
