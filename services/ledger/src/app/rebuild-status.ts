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
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly eventsPerSecond?: number;
  /** Estimated seconds until the phase in hand ends, from its rate so far. */
  readonly etaSeconds?: number;
  readonly error?: string;
  /** The process that runs or ran it (host:pid and a claim id), where processes share one database. */
  readonly holder?: string;
  /** True when that is another process than the one asked: its progress as it last reported it. */
  readonly elsewhere?: boolean;
}
