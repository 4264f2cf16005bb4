import type { EventBatch } from '@vezel/messaging';
import type { LedgerEventBatch } from './ledger-event-batch.ts';
import type { FigureBacklog } from './ledger-queries.ts';
import type { RebuildStatus } from './rebuild-status.ts';

/** How much one refresh of the derived figures may do. */
export interface FigureRefreshOptions {
  /** Dirty node marks to finish at most. */
  readonly maxNodes?: number;
  /** Batches to recompute at most: bounds the memory and time of one refresh. */
  readonly maxBatches?: number;
  /** Node marks to look up at most. */
  readonly maxLookups?: number;
  /**
   * Recompute batches even while node marks remain to be looked up. By default a refresh that finds more marks than
   * one lookup takes only looks them up (and answers `lookedUp`): a catch-up then recomputes each batch once, after
   * the books of the nodes below it are written, instead of once per lookup that reached it. A caller facing a steady
   * stream of marks passes this now and then, so that figures move meanwhile.
   */
  readonly recomputeNow?: boolean;
  /**
   * Scales what bounds a refresh's memory (its batches, node marks, and the nodes of each step of a lookup), given or
   * default, to at least one each (default 1): a loop whose refreshes ran out of memory asks for smaller ones
   * (figure-step-scale.ts).
   */
  readonly sizeFactor?: number;
}

/** What one refresh of the derived figures did. */
export interface FigureRefreshResult {
  /** Dirty node marks worked off: the batches above them are up to date and their anomalies written. */
  readonly nodes: number;
  /**
   * Batches whose figures were recomputed. Nothing is left to do when this, `nodes` and `lookedUp` are 0 and not
   * `busy`.
   */
  readonly batches: number;
  /** Dirty node marks looked up: the batches above them marked, their books written. */
  readonly lookedUp: number;
  /** Whether another refresher held the lock, so this one did nothing. */
  readonly busy: boolean;
  /** Feed events whose visibility became known (they may now be delivered). */
  readonly feedSettled: number;
}

/**
 * Where the ledger keeps one copy of the projection (the live tables, or a rebuild's): the port the consumer, the
 * refresher and the rebuild work through. The postgres adapter implements it (`createPgLedgerStorage`).
 */
export interface LedgerStorage {
  /**
   * Stores a decoded batch's facts with the partition's position, in one transaction. With `tables` (what
   * {@link LedgerStorage.tablesId} answered when the consumer started), it rolls back with a
   * LedgerTablesReplacedError if other tables have taken the place of those meanwhile (another process's rebuild
   * swapped them in): the consumer's position in memory belongs to the old tables, so it must resume from the new
   * tables' stored positions instead of going on past events they lack.
   */
  applyBatch(batch: LedgerEventBatch, options: { readonly feed: boolean; readonly tables?: string }): Promise<void>;
  /** Which tables this storage writes to now; it changes when a rebuild's tables are swapped in. */
  tablesId(): Promise<string>;
  /**
   * The offset of the last event applied from a partition, from the ledger's own positions; -1 for one these tables
   * hold nothing of (consumption then starts at the log's start).
   */
  storedPosition(topic: string, partition: number): Promise<bigint>;
  /** Brings a share of the out-of-date figures up to date (a lookup, then the recomputation, each one transaction). */
  refreshFigures(options?: FigureRefreshOptions): Promise<FigureRefreshResult>;
  /** Nodes whose figures are not yet up to date. */
  countDirtyNodes(): Promise<number>;
  /** The refresher's work left, by step (what the lag reports). */
  countFigureBacklog(): Promise<FigureBacklog>;
  /** Refreshes the planner's statistics of tables that grew by a fifth; cheap to call often (it checks now and then). */
  analyzeIfGrown(): Promise<void>;
  /** Refreshes the statistics of every table that grew, now (after a bulk load such as a replay). */
  analyzeGrownTables(): Promise<void>;
}

/** Turns a batch from the event log into facts and rejected events (the protobuf adapter implements it). */
export type DecodeEventBatch = (batch: EventBatch) => LedgerEventBatch;

/** Fresh tables beside the live ones, for a rebuild: filled through `storage`, then swapped in. */
export interface RebuildTables {
  readonly storage: LedgerStorage;
  /**
   * The rebuild claim as the fresh tables hold it: the rebuild writes its end there before the swap, so the group
   * knows it from the moment the tables are live, even if this process stops right after.
   */
  readonly claims: RebuildClaims;
  /** Makes these tables the live ones in one step (the live consumer and refresher are paused meanwhile). */
  swapIn(): Promise<void>;
  /** Releases what the fresh tables hold open (their connections); after a swap, or when the rebuild fails. */
  close(): Promise<void>;
}

/** Where a rebuild's fresh tables come from: migrated, holding a copy of the live reference data. */
export type PrepareRebuildTables = () => Promise<RebuildTables>;

/**
 * Who is rebuilding: one process of the group at a time, since every rebuild fills the same fresh tables. A claim
 * lasts `ttlMs` unless renewed, so a process that dies mid-rebuild does not block the next one for long.
 */
export interface RebuildClaims {
  /** Claims the rebuild for `holder`; false while another holder's claim lasts. */
  claim(holder: string, ttlMs: number): Promise<boolean>;
  /**
   * Extends `holder`'s own claim; false if it has none any more (it lapsed and was taken, or a swap ended it). Never
   * claims anew, so a renewal arriving late cannot revive a claim that was finished.
   */
  renew(holder: string, ttlMs: number): Promise<boolean>;
  /** Records where `holder`'s rebuild stands, for the other processes to answer with; nothing if it lost its claim. */
  report(holder: string, status: RebuildStatus): Promise<void>;
  /**
   * Ends `holder`'s claim and keeps `status`, its final one, as the last rebuild's: in its own row, or in tables that
   * hold no claim yet (the fresh tables, before they are swapped in); another holder's row is left alone.
   */
  finish(holder: string, status: RebuildStatus): Promise<void>;
  /** The claim that lasts, or else the last one finished or left to lapse; undefined if none was ever made here. */
  latest(): Promise<RebuildClaim | undefined>;
}

/** A rebuild claim as other processes see it. */
export interface RebuildClaim {
  readonly holder: string;
  /** Whether it still lasts: false once finished, or when its process stopped renewing it. */
  readonly lasting: boolean;
  /** What its holder last reported, if it reported anything. */
  readonly status?: RebuildStatus;
}
