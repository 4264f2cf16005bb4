/** A row as returned by a query: column name to value. int8 columns arrive as `bigint`. */
export type Row = Record<string, unknown>;

// Row types are bounded by `object` rather than `Row` so callers can describe rows with interfaces, which lack the
// index signature `Record<string, unknown>` demands. The shape is the caller's claim; nothing checks it at run time.
export interface QueryResult<R extends object = Row> {
  readonly rows: R[];
  /** Rows inserted, updated or deleted (or returned, for SELECT). */
  readonly rowCount: number;
}

/** Anything SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  /**
   * Runs one parameterised statement (`$1`, `$2`, ...). `bigint` parameters are sent as int8.
   * Without parameters the text may hold several statements (a schema script, a migration); the result is the
   * last statement's.
   */
  query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

/** A transaction in progress. Everything sent through it commits or rolls back together. */
export type Transaction = Queryable;

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  readonly isolation?: IsolationLevel;
}

/**
 * The database port. Two adapters implement it and pass one contract suite: `pg` (PostgreSQL server, production)
 * and PGlite (PostgreSQL compiled to WASM, in-process: the embedded default).
 */
export interface Db extends Queryable {
  readonly dialect: 'pg' | 'pglite';
  /**
   * Runs `work` in one transaction: commits when it resolves, rolls back when it throws (and rethrows).
   * Serialization failures and deadlocks surface as errors with `code` `40001` / `40P01` for the caller to retry
   * (read it with `sqlStateOf`). Inside `work`, send everything through `tx`: calling this Db's own `query`,
   * `transaction` or `listen` from there is rejected, because on a single connection (PGlite) or a full pool it
   * would wait for the very transaction it runs in.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Subscribes to `NOTIFY` on a channel. Used to wake pollers (outbox relay, postgres event log) without sleeping.
   * Resolves once listening; the returned function stops listening. A notification is a hint, not a delivery
   * guarantee (a dropped connection loses them): pollers still poll on a timer. Channel names are lower-case SQL
   * identifiers; `onNotify` must not throw.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
