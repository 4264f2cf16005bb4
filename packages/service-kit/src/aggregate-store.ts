import type { Queryable, Transaction } from '@vezel/db';

/** An aggregate's state as stored, with the version optimistic concurrency checks against. */
export interface Versioned<State> {
  readonly state: State;
  /** How many times the aggregate has been saved; 0 for one that does not exist yet. */
  readonly version: number;
}

/** How `executeCommand` wants an aggregate loaded. */
export interface LoadOptions {
  /**
   * The only parts of a large aggregate the command reads (the stock lines of the nodes it touches, from the
   * definition's `partsReadBy`): load just those and leave the others out of the state, but always return the whole
   * aggregate's version. Absent: load everything.
   */
  readonly parts?: readonly string[];
  /**
   * Lock the aggregate's version row (`select ... for update`) until the transaction ends. Asked for when a command
   * is re-run after losing a race: it then waits its turn instead of racing again, so a hot aggregate (one centre's
   * stock) serialises its commands rather than failing them. The version check stays the guarantee either way.
   */
  readonly forUpdate?: boolean;
}

/** What a command changed about one aggregate, handed to {@link AggregateStore.save}. */
export interface AggregateChange<State, Event> {
  readonly id: string;
  /** The state after the command's events. */
  readonly state: State;
  /** The events the command produced, in order; a store may write child rows from them (append-only tables). */
  readonly events: readonly Event[];
  /** The version `load` returned; the save must fail if the stored aggregate is no longer at it. */
  readonly expectedVersion: number;
}

/**
 * Persistence of one aggregate type, implemented per aggregate by a service's postgres adapter and used by
 * `executeCommand`. State is stored as rows (not as an event stream): the events go to the outbox.
 */
export interface AggregateStore<State, Event = unknown> {
  /**
   * The aggregate, or `undefined` when it has never been saved. Works on the Db (queries) or a transaction.
   * `executeCommand` passes {@link LoadOptions}; queries pass none.
   */
  load(queryable: Queryable, id: string, options?: LoadOptions): Promise<Versioned<State> | undefined>;
  /**
   * Writes the new state as version `expectedVersion + 1`. When the stored version is not `expectedVersion` (a
   * concurrent command saved first) it throws a `VersionConflictError`, or lets the unique violation (23505) of
   * inserting an aggregate that now exists propagate; `executeCommand` retries the whole command on either.
   */
  save(tx: Transaction, change: AggregateChange<State, Event>): Promise<void>;
}
