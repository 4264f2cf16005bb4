import { UnavailableError } from '@vezel/errors';
import pg from 'pg';
import { classifyPgError } from './classify-pg-error.ts';
import type { Db, QueryResult, Row, Transaction, TransactionOptions } from './db.ts';
import { isolationLevelSql } from './isolation-level-sql.ts';
import { quoteIdentifier } from './quote-identifier.ts';
import { sqlStateOf } from './sql-state.ts';
import { TransactionScope } from './transaction-scope.ts';
import { urlStartupOptions } from './url-startup-options.ts';

export interface PgDbOptions {
  /** `postgres://user:password@host:port/database`. */
  readonly connectionString: string;
  /**
   * The schema this Db works in (one per service): created when missing, and the whole search_path of every
   * connection, so unqualified names resolve there and nowhere else. A lower-case SQL identifier.
   */
  readonly schema?: string;
  /** Pool size; defaults to 10. */
  readonly maxConnections?: number;
  /** Shown in `pg_stat_activity`, so a busy server says which service holds the connections. */
  readonly applicationName?: string;
  /** How long to wait for a connection (a new one, or a free one from a full pool); defaults to 10 s. */
  readonly connectTimeoutMs?: number;
  /**
   * The longest a statement may run before the server stops it, for a pool that serves requests (a query API),
   * so one expensive question cannot hold a connection and the server's work indefinitely. Default: none.
   */
  readonly statementTimeoutMs?: number;
}

const int8Oid = 20;
/** SQLSTATE of a statement the server stopped (statement_timeout, or a cancel). */
const queryCanceled = '57014';
const int8ArrayOid = 1016;

/**
 * The `pg` adapter of the Db port: a connection pool on a PostgreSQL server. The pool connects lazily, so creating
 * it never fails; an unreachable server surfaces on first use as a retriable `UnavailableError`.
 */
export function createPgDb(options: PgDbOptions): Db {
  const schema = options.schema === undefined ? undefined : quoteIdentifier(options.schema, 'schema');
  const fromUrl = urlStartupOptions(options.connectionString);
  const clientConfig: pg.ClientConfig = {
    connectionString: fromUrl.connectionString,
    types: int8AsBigint(),
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    // Startup parameters rather than SETs after connecting: they hold from the first statement of every
    // connection, cost no round trip, and a RESET ALL cannot undo them.
    // JIT off: the services' statements are index lookups and bounded sums, but with large tables or arrays the
    // planner's estimates pass the cost at which PostgreSQL compiles a statement, and compiling took longer than
    // running (the ledger's feed append spent about 30 of its 90 ms a batch compiling).
    // After the URL's own startup options: PostgreSQL takes the last of a setting named twice, so the schema and JIT
    // hold whatever the URL sets.
    options: [
      ...(fromUrl.options === undefined ? [] : [fromUrl.options]),
      '-c jit=off',
      ...(schema === undefined ? [] : [`-c search_path=${schema}`]),
    ].join(' '),
    ...(options.applicationName === undefined ? {} : { application_name: options.applicationName }),
    ...(options.statementTimeoutMs === undefined ? {} : { statement_timeout: options.statementTimeoutMs }),
  };
  const pool = new pg.Pool({ ...clientConfig, max: options.maxConnections ?? 10 });
  // An idle client that loses its connection is dropped by the pool; the next checkout reconnects or reports the
  // failure to its caller. Without a listener the error event would crash the process.
  pool.on('error', () => {});
  const scope = new TransactionScope();
  const listenerClients = new Set<pg.Client>();
  let schemaCreated: Promise<void> | undefined;
  let closed: Promise<void> | undefined;

  function ensureSchema(): Promise<void> {
    if (schema === undefined) return Promise.resolve();
    schemaCreated ??= createSchema(pool, schema).catch((error: unknown) => {
      // Not cached: the server may be back on the next call.
      schemaCreated = undefined;
      throw error;
    });
    return schemaCreated;
  }

  return {
    dialect: 'pg',

    async query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      scope.assertOutside('query()');
      await ensureSchema();
      try {
        return lastResult<R>(await pool.query(sql, parameters(params)));
      } catch (error) {
        if (options.statementTimeoutMs !== undefined && sqlStateOf(error) === queryCanceled) {
          throw new UnavailableError(
            `the query ran longer than its limit of ${options.statementTimeoutMs} ms and was stopped; ask for less ` +
              '(a shorter period, one municipality or node)',
            { cause: error, details: { statementTimeoutMs: options.statementTimeoutMs } },
          );
        }
        throw classifyPgError(error);
      }
    },

    async transaction<T>(
      work: (tx: Transaction) => Promise<T>,
      transactionOptions: TransactionOptions = {},
    ): Promise<T> {
      scope.assertOutside('transaction()');
      const begin =
        transactionOptions.isolation === undefined
          ? 'begin'
          : `begin isolation level ${isolationLevelSql(transactionOptions.isolation)}`;
      await ensureSchema();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw classifyPgError(error);
      }
      // While checked out the pool does not watch the client; a dropped connection fails the pending query anyway.
      const ignore = (): void => {};
      client.on('error', ignore);
      let broken = false;
      // Only our own statements decide that: `work` may throw an UnavailableError about some other dependency.
      const discardIfDisconnected = (error: unknown): never => {
        if (error instanceof UnavailableError) broken = true;
        throw error;
      };
      try {
        await runOn(client, begin).catch(discardIfDisconnected);
        const tx = transactionOn(client);
        let result: T;
        try {
          result = await scope.run(() => work(tx.queryable));
        } catch (error) {
          tx.end();
          try {
            await client.query('rollback');
          } catch {
            // A connection that cannot roll back must not go back to the pool half inside a transaction.
            broken = true;
          }
          throw error;
        }
        tx.end();
        const commit = await runOn(client, 'commit').catch(discardIfDisconnected);
        // PostgreSQL answers COMMIT of a transaction in which a statement failed with ROLLBACK, not an error.
        if (!Array.isArray(commit) && commit.command === 'ROLLBACK') throw transactionAbortedError();
        return result;
      } finally {
        client.off('error', ignore);
        client.release(broken);
      }
    },

    async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
      scope.assertOutside('listen()');
      const quoted = quoteIdentifier(channel, 'channel');
      // A connection of its own: LISTEN belongs to a session, and a pooled client goes back to serve others.
      const client = new pg.Client(clientConfig);
      client.on('error', () => {});
      const deliver = scope.detach(onNotify);
      client.on('notification', (notification) => {
        if (notification.channel === channel) deliver(notification.payload ?? '');
      });
      try {
        await client.connect();
        await client.query(`listen ${quoted}`);
      } catch (error) {
        await client.end().catch(() => {});
        throw classifyPgError(error);
      }
      listenerClients.add(client);
      return async () => {
        if (!listenerClients.delete(client)) return;
        try {
          await client.query(`unlisten ${quoted}`);
        } catch {
          // Ending the session below unlistens as well.
        } finally {
          await client.end().catch(() => {});
        }
      };
    },

    close(): Promise<void> {
      closed ??= (async () => {
        const clients = [...listenerClients];
        listenerClients.clear();
        await Promise.allSettled(clients.map((client) => client.end()));
        await pool.end();
      })();
      return closed;
    },
  };
}

function transactionOn(client: pg.PoolClient): { queryable: Transaction; end(): void } {
  let open = true;
  return {
    queryable: {
      async query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
        // The client goes back to the pool when the transaction ends; a leaked `tx` must not reach whoever has it next.
        if (!open) throw new Error('transaction has already ended: its tx cannot be used any more');
        return lastResult<R>(await runOn(client, sql, params));
      },
    },
    end() {
      open = false;
    },
  };
}

async function runOn(
  client: pg.PoolClient,
  sql: string,
  params?: readonly unknown[],
): Promise<pg.QueryResult | pg.QueryResult[]> {
  try {
    return await client.query(sql, parameters(params));
  } catch (error) {
    throw classifyPgError(error);
  }
}

// With no values node-postgres uses the simple protocol, which accepts several statements in one text.
function parameters(params: readonly unknown[] | undefined): unknown[] | undefined {
  return params === undefined || params.length === 0 ? undefined : [...params];
}

// The simple protocol answers a multi-statement text with one result per statement.
function lastResult<R extends object>(result: pg.QueryResult | pg.QueryResult[]): QueryResult<R> {
  const last = Array.isArray(result) ? result.at(-1) : result;
  return { rows: (last?.rows ?? []) as R[], rowCount: last?.rowCount ?? 0 };
}

async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`create schema if not exists ${schema}`);
  } catch (error) {
    // Two processes creating it at once: the slower one trips over the faster one's catalog row.
    const state = sqlStateOf(error);
    if (state === '23505' || state === '42P06') return;
    throw classifyPgError(error);
  }
}

// Per pool, never the global pg.types: other code in the process may rely on the driver's defaults.
function int8AsBigint(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(int8Oid, 'text', (text: string) => BigInt(text));
  // int8[] is not among the driver's typed builtins, though it has a parser for it.
  const parseArray = (pg.types.getTypeParser as (oid: number, format: 'text') => (text: string) => unknown)(
    int8ArrayOid,
    'text',
  );
  types.setTypeParser(int8ArrayOid, 'text', (text: string) => toBigints(parseArray(text)));
  return types;
}

// The driver's int8[] parser yields (nested) arrays of strings and nulls.
function toBigints(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toBigints);
  return typeof value === 'string' ? BigInt(value) : value;
}

/** The error PGlite raises for the same situation, so both adapters fail alike (SQLSTATE 25P02). */
function transactionAbortedError(): pg.DatabaseError {
  const error = new pg.DatabaseError(
    'transaction was rolled back instead of committed: a statement in it failed and the failure was caught',
    0,
    'error',
  );
  error.severity = 'ERROR';
  error.code = '25P02';
  return error;
}
