import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ConflictError, UnavailableError } from '@vezel/errors';
import type { EventLog } from '@vezel/messaging';
import { REFRESH_BUSY_PAUSE_MS } from './figure-refresher.ts';
import { createFigureStepScale } from './figure-step-scale.ts';
import { FigureWorkRestingError } from './figure-work-errors.ts';
import { startLeaseRenewals } from './lease-renewals.ts';
import { takeFigureTurn, UNPACED, type FigurePacer } from './query-time-pacing.ts';
import { startLedgerConsumer } from './ledger-consumer.ts';
import type { DecodeEventBatch, PrepareRebuildTables, RebuildClaims } from './ledger-storage.ts';
import type { RebuildStatus } from './rebuild-status.ts';
import { startRebuildStatusReporter } from './rebuild-status-reporter.ts';

export interface LedgerRebuilds {
  /**
   * Starts a rebuild in the background; ConflictError while one is running, here or in another process of the
   * group. Returns its first status.
   */
  start(): Promise<RebuildStatus>;
  /**
   * Where the rebuild in hand stands, here or in another process of the group (`elsewhere`, as that process last
   * reported it), or else how the last one ended.
   */
  status(): Promise<RebuildStatus>;
  /** Resolves when the rebuild in hand (if any) has finished, whatever its result. */
  settled(): Promise<void>;
}

export interface LedgerRebuildsOptions {
  readonly eventLog: EventLog;
  readonly topics: readonly string[];
  readonly decode: DecodeEventBatch;
  /**
   * Fresh tables beside the live ones (in PostgreSQL, `<schema>_rebuild`); without them (the ledger not in a schema
   * of its own, or embedded), rebuilds are unavailable.
   */
  readonly prepareTables?: PrepareRebuildTables;
  /** One rebuild at a time across processes; without it, only within this one (embedded, tests of one process). */
  readonly claims?: RebuildClaims;
  /** How this process names itself in its claim (host and process id), so that a refusal says who is rebuilding. */
  readonly processName?: string;
  /** Stops the live consumer and refresher for the swap, and starts them again on the swapped-in tables. */
  readonly pauseLive: () => Promise<void>;
  readonly resumeLive: () => Promise<void>;
  readonly clock?: () => Date;
  /** Figure refreshes run side by side in the figures phase (default 2). */
  readonly figureConcurrency?: number;
  /**
   * The process's pacing of figure work by the queries it answers (query-time-pacing.ts), shared with the live
   * refresher, so the live tables' readers keep their latency during a rebuild; default every refresh in full.
   */
  readonly pacer?: FigurePacer;
  /**
   * How long a figures-phase loop waits before it tries a failed refresh again, doubled at each further failure in a
   * row (default 1,000 ms: the figure thread, when it died, restarts after 1 s, then 2, 4...).
   */
  readonly figureRetryPauseMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** How long a rebuild claim lasts unless renewed. */
const CLAIM_TTL_MS = 60_000;
/** How often, at most, a rebuild records its progress for the other processes to answer with. */
const REPORT_EVERY_MS = 1_000;
/**
 * How many refreshes in a row a figures-phase loop tries before the rebuild fails. A refresh is one transaction, so a
 * failed one left nothing half-done and is simply tried again: a deadlock, a dropped connection or a restart of the
 * figure thread would otherwise throw away a rebuild's whole replay and the figures done so far, as the live refresher
 * never does. What keeps failing (tables gone, a bug) still fails the rebuild, with its error.
 */
export const FIGURE_REFRESH_TRIES = 5;

/**
 * Rebuilds the projection from the log (docs/architecture.md, "The ledger", Rebuild):
 * 1. replay: fresh tables in `<schema>_rebuild` (migrated, reference data copied), filled by a consumer in a new
 *    group from the start of every topic up to the end offsets the rebuild began with; the live ledger keeps
 *    serving and consuming meanwhile;
 * 2. figures: every per-batch figure and anomaly computed in the fresh tables;
 * 3. swap: the live consumer and refresher stop, the schemas are renamed in one transaction (the old one dropped),
 *    and they start again on the new tables, resuming from the positions the replay stored, so events that arrived
 *    during the rebuild are applied there too.
 * Progress (events applied of the total, rate, ETA) is what {@link LedgerRebuilds.status} reports.
 */
export function createLedgerRebuilds(options: LedgerRebuildsOptions): LedgerRebuilds {
  const clock = options.clock ?? (() => new Date());
  let status: RebuildStatus = { state: 'idle', appliedEvents: 0, totalEvents: 0 };
  let running: Promise<void> | undefined;
  /** The claim holder of this process's last rebuild. */
  let ownHolder: string | undefined;

  const run = async (
    started: Date,
    claim: { readonly keep: () => Promise<void>; readonly report: () => void },
  ): Promise<void> => {
    const setStatus = (next: RebuildStatus): void => {
      status = next;
      claim.report();
    };
    const { prepareTables } = options;
    if (prepareTables === undefined) throw new Error('unreachable: checked by start');
    const tables = await prepareTables();
    const fresh = tables.storage;
    try {
      const ends = new Map<string, bigint>();
      let totalEvents = 0n;
      for (const topic of options.topics) {
        for (const [partition, end] of await options.eventLog.endOffsets(topic)) {
          if (end <= 0n) continue;
          ends.set(`${topic}\u0000${partition}`, end);
          totalEvents += end;
        }
      }
      const applied = new Map<string, bigint>();
      const appliedEvents = (): number => {
        let sum = 0n;
        for (const [key, next] of applied) sum += next < (ends.get(key) ?? 0n) ? next : (ends.get(key) ?? 0n);
        return Number(sum);
      };
      const progress = (phase: NonNullable<RebuildStatus['phase']>): void => {
        const done = appliedEvents();
        const seconds = (clock().getTime() - started.getTime()) / 1000;
        const rate = seconds > 0 ? done / seconds : 0;
        setStatus({
          state: 'running',
          phase,
          appliedEvents: done,
          totalEvents: Number(totalEvents),
          startedAt: started.toISOString(),
          ...(rate > 0
            ? { eventsPerSecond: Math.round(rate), etaSeconds: Math.ceil((Number(totalEvents) - done) / rate) }
            : {}),
          ...(ownHolder === undefined ? {} : { holder: ownHolder }),
        });
      };
      progress('replay');

      let reachedEnd: () => void = () => undefined;
      const replayed = new Promise<void>((resolve) => {
        reachedEnd = resolve;
      });
      const isAtEnd = (): boolean => [...ends].every(([key, end]) => (applied.get(key) ?? 0n) >= end);
      if (isAtEnd()) reachedEnd();
      const consumer = await startLedgerConsumer({
        storage: fresh,
        decode: options.decode,
        eventLog: options.eventLog,
        topics: options.topics,
        groupId: `vezel-ledger-rebuild-${randomUUID()}`,
        // The feed keeps its positions: the live one is carried over at the swap.
        feed: false,
        onBatchApplied: (batch) => {
          applied.set(`${batch.topic}\u0000${batch.partition}`, batch.lastOffset + 1n);
          progress('replay');
          if (isAtEnd()) reachedEnd();
        },
        ...(options.onError === undefined ? {} : { onError: options.onError }),
      });
      try {
        await replayed;
      } finally {
        await consumer.stop();
      }

      // The replay grew every table from nothing: without fresh statistics the refresh's lookups become scans.
      await fresh.analyzeGrownTables();
      const figureNodesTotal = await fresh.countDirtyNodes();
      let figureNodesDone = 0;
      let figureNodesLookedUp = 0;
      let figureBatchesDone = 0;
      // Lookups come first; then the batches they marked are recomputed, most of the phase, at a steady rate: the
      // ETA is theirs, counted from when every node is looked up (then, what is left is known).
      let batches: { readonly total: number; readonly doneThen: number; readonly at: number } | undefined;
      // Set once the batches are done (as many as counted, or a refresh found none left to claim: the count may have
      // taken another loop's batches in hand for marks left). The node marks left then get their anomalies written
      // (about 20 s of 160 at 1,000,000 events), at a rate of their own, counted from then.
      let lastNodes: { readonly doneThen: number; readonly at: number } | undefined;
      let countingBatches = false;
      // Only progress: a count that fails, or that finds nodes still to look up (a refresh whose lookups committed and
      // whose recomputation then failed never reported them), is asked again after a later refresh, and is never the
      // rebuild's failure. The total is the batches done as the count was asked plus the marks it found: a batch
      // recomputed meanwhile is among those marks, and is counted once.
      const countBatches = (): void => {
        if (batches !== undefined || countingBatches) return;
        countingBatches = true;
        const doneAsked = figureBatchesDone;
        fresh
          .countFigureBacklog()
          .then(
            (backlog) => {
              if (backlog.lookupsPending > 0) return;
              batches = {
                total: doneAsked + backlog.batchesPending,
                doneThen: figureBatchesDone,
                at: clock().getTime(),
              };
              figuresProgress();
            },
            (error: unknown) => options.onError?.(error),
          )
          .catch(() => undefined)
          .finally(() => {
            countingBatches = false;
          });
      };
      const figuresProgress = (): void => {
        let eta: number | undefined;
        const now = clock().getTime();
        const rateSince = (since: { readonly doneThen: number; readonly at: number }, done: number): number =>
          now > since.at ? (done - since.doneThen) / ((now - since.at) / 1000) : 0;
        if (batches !== undefined && lastNodes === undefined) {
          const rate = rateSince(batches, figureBatchesDone);
          if (rate > 0) eta = Math.ceil(Math.max(0, batches.total - figureBatchesDone) / rate);
        } else if (lastNodes !== undefined) {
          const rate = rateSince(lastNodes, figureNodesDone);
          if (rate > 0) eta = Math.ceil(Math.max(0, figureNodesTotal - figureNodesDone) / rate);
        }
        // Once the batches ran out, the ones done are all there were.
        const batchesTotal =
          batches === undefined
            ? undefined
            : lastNodes === undefined
              ? Math.max(batches.total, figureBatchesDone)
              : figureBatchesDone;
        setStatus({
          state: 'running',
          phase: 'figures',
          appliedEvents: appliedEvents(),
          totalEvents: Number(totalEvents),
          figureNodesDone,
          figureNodesLookedUp,
          figureNodesTotal,
          figureBatchesDone,
          ...(batchesTotal === undefined ? {} : { figureBatchesTotal: batchesTotal }),
          startedAt: started.toISOString(),
          ...(eta === undefined ? {} : { etaSeconds: eta }),
          ...(ownHolder === undefined ? {} : { holder: ownHolder }),
        });
      };
      figuresProgress();
      // Side by side, as the live refresher runs them (figure-refresher.ts). A loop ends after a refresh that found
      // nothing to do; the last to end began its final refresh when no other was in hand, so nothing is left then. A
      // failed refresh is tried again after a pause (FIGURE_REFRESH_TRIES); a loop that gives up stops the others
      // before the rebuild fails, so none goes on working on abandoned tables.
      let failed = false;
      // Ends the pauses before a retry once a loop gives up.
      const givenUp = new AbortController();
      const pacer = options.pacer ?? UNPACED;
      const retryPauseMs = options.figureRetryPauseMs ?? 1_000;
      const refreshLoop = async (): Promise<void> => {
        let failuresInARow = 0;
        const scale = createFigureStepScale();
        try {
          while (!failed) {
            let step: Awaited<ReturnType<typeof takeFigureTurn>>;
            try {
              step = await takeFigureTurn(pacer, fresh, scale.options);
            } catch (error) {
              // A refresh too large for the heap is taken smaller next, and is no reason to give up while it can be;
              // nor is a request the figure thread, resting after a death, did not take.
              const resting = error instanceof FigureWorkRestingError;
              if (!scale.failed(error) && !resting) failuresInARow += 1;
              if (failuresInARow >= FIGURE_REFRESH_TRIES) {
                throw new Error(
                  `a figure refresh failed ${failuresInARow} times in a row: ${error instanceof Error ? error.message : String(error)}`,
                  { cause: error },
                );
              }
              options.onError?.(error);
              const pause = resting ? error.restartInMs : retryPauseMs * 2 ** Math.max(0, failuresInARow - 1);
              await delay(Math.max(0, pause), undefined, { signal: givenUp.signal }).catch(() => undefined);
              continue;
            }
            failuresInARow = 0;
            if (step === undefined) continue;
            scale.succeeded();
            const { result } = step;
            if (result.nodes === 0 && result.batches === 0 && result.lookedUp === 0 && !result.busy) return;
            // Busy: the other loop is looking marks up, and this one's turn comes after.
            if (result.busy) await delay(REFRESH_BUSY_PAUSE_MS);
            figureNodesDone += result.nodes;
            figureNodesLookedUp += result.lookedUp;
            figureBatchesDone += result.batches;
            if (figureNodesLookedUp >= figureNodesTotal || (result.lookedUp === 0 && !result.busy)) countBatches();
            const batchesRanOut =
              batches !== undefined && ((result.batches === 0 && !result.busy) || figureBatchesDone >= batches.total);
            if (batchesRanOut && lastNodes === undefined) {
              lastNodes = { doneThen: figureNodesDone, at: clock().getTime() };
            }
            figuresProgress();
          }
        } catch (error) {
          failed = true;
          givenUp.abort();
          throw error;
        }
      };
      const loops = await Promise.allSettled(
        Array.from({ length: Math.max(1, options.figureConcurrency ?? 2) }, refreshLoop),
      );
      for (const loop of loops) if (loop.status === 'rejected') throw loop.reason;
      progress('swap');
      await claim.keep();
      const finishedAt = clock();
      const seconds = (finishedAt.getTime() - started.getTime()) / 1000;
      const final: RebuildStatus = {
        state: 'done',
        appliedEvents: appliedEvents(),
        totalEvents: Number(totalEvents),
        startedAt: started.toISOString(),
        finishedAt: finishedAt.toISOString(),
        ...(seconds > 0 ? { eventsPerSecond: Math.round(appliedEvents() / seconds) } : {}),
        ...(ownHolder === undefined ? {} : { holder: ownHolder }),
      };
      // Seen only once the fresh tables are live (a failed swap leaves them to be dropped), and then at once. Only a
      // safeguard against this process stopping right after the swap (the finish after it writes the row anyway), so
      // a failure to write it does not fail the rebuild.
      if (ownHolder !== undefined) {
        await tables.claims.finish(ownHolder, final).catch((error: unknown) => options.onError?.(error));
      }
      await options.pauseLive();
      try {
        await tables.swapIn();
      } finally {
        await options.resumeLive();
      }
      status = final;
    } finally {
      // Releasing the fresh tables must not turn a finished swap into a failure, nor hide the rebuild's own error.
      await tables.close().catch((error: unknown) => options.onError?.(error));
    }
  };

  let claiming = false;
  return {
    async start() {
      if (running !== undefined || claiming) {
        throw new ConflictError('a rebuild is already running', { field: 'rebuild', details: { ...status } });
      }
      if (options.prepareTables === undefined) {
        throw new UnavailableError('rebuild needs the ledger in its own schema (DATABASE_SCHEMA)', {
          field: 'rebuild',
        });
      }
      // Which process holds the claim, for the answer another process gives meanwhile.
      const holder = `${options.processName ?? 'a ledger process'} (${randomUUID()})`;
      const { claims } = options;
      if (claims !== undefined) {
        claiming = true;
        try {
          if (!(await claims.claim(holder, CLAIM_TTL_MS))) {
            const latest = await claims.latest();
            const other = latest?.lasting === true ? latest.holder : undefined;
            throw new ConflictError(
              `another ledger process${other === undefined ? '' : `, ${other},`} is rebuilding this ledger; every process answers its progress (GET /v1/ledger/rebuild)`,
              { field: 'rebuild', details: { elsewhere: true, ...(other === undefined ? {} : { holder: other }) } },
            );
          }
        } finally {
          claiming = false;
        }
      }
      // Renewed well before it lapses; a process that dies leaves it to lapse within CLAIM_TTL_MS. A claim found gone
      // fails the rebuild before its swap: another process may be filling the same fresh tables.
      const renewals =
        claims === undefined
          ? undefined
          : startLeaseRenewals({
              renew: () => claims.renew(holder, CLAIM_TTL_MS),
              everyMs: CLAIM_TTL_MS / 3,
              since: performance.now(),
              onError: (error) => options.onError?.(error),
            });
      const keep = async (): Promise<void> => {
        if (claims === undefined) return;
        if (renewals?.refused === true || !(await claims.renew(holder, CLAIM_TTL_MS))) {
          throw new Error('the rebuild lost its claim (it lapsed while this process did not renew it)');
        }
      };
      const reporter =
        claims === undefined
          ? undefined
          : startRebuildStatusReporter({
              claims,
              holder,
              current: () => status,
              everyMs: REPORT_EVERY_MS,
              clock,
              ...(options.onError === undefined ? {} : { onError: options.onError }),
            });
      const report = (): void => reporter?.changed();
      const started = clock();
      ownHolder = claims === undefined ? undefined : holder;
      status = {
        state: 'running',
        phase: 'replay',
        appliedEvents: 0,
        totalEvents: 0,
        startedAt: started.toISOString(),
        ...(ownHolder === undefined ? {} : { holder: ownHolder }),
      };
      report();
      running = run(started, { keep, report })
        .catch((error: unknown) => {
          options.onError?.(error);
          status = {
            ...status,
            state: 'failed',
            finishedAt: clock().toISOString(),
            error: error instanceof Error ? error.message : String(error),
          };
        })
        .finally(async () => {
          try {
            // A renewal or report still on its way must not land after the end. After a swap the claim went with
            // the old schema and the final status goes into the new one; after a failure the claim ends here.
            await renewals?.stop();
            await reporter?.end();
            await claims?.finish(holder, status);
          } catch (error) {
            options.onError?.(error);
          } finally {
            running = undefined;
          }
        });
      return status;
    },
    async status() {
      if (running !== undefined || options.claims === undefined) return status;
      const latest = await options.claims.latest();
      // This process's own last rebuild: what it knows is at least as recent as what it wrote.
      if (latest === undefined || latest.holder === ownHolder) return status;
      const reported: RebuildStatus = {
        // Claimed, nothing reported yet: it is preparing its tables.
        ...(latest.status ?? { state: 'running', phase: 'replay', appliedEvents: 0, totalEvents: 0 }),
        holder: latest.holder,
        elsewhere: true,
      };
      // A claim that lapsed while its rebuild ran: the process stopped (killed, or cut off from the database).
      if (!latest.lasting && reported.state === 'running') {
        return {
          ...reported,
          state: 'failed',
          error: 'the process running it stopped before it finished (it no longer renews its claim)',
        };
      }
      return reported;
    },
    settled: async () => {
      await running;
    },
  };
}
