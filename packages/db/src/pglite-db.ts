import { PGlite, types, type Results, type Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type { Db, QueryResult, Row, Transaction, TransactionOptions } from './db.ts';
import { isolationLevelSql } from './isolation-level-sql.ts';
import { quoteIdentifier } from './quote-identifier.ts';
import { TransactionScope } from './transaction-scope.ts';

export interface PgliteDbOptions {
  /** Directory holding the database, kept across restarts. Omitted: in memory, gone on close. */
  readonly dataDir?: string;
}

/**
 * The PGlite adapter of the Db port: PostgreSQL compiled to WASM, in this process, over a single connection.
 * PGlite itself queues callers: `query()` and `transaction()` share one lock, so concurrent transactions run one
 * after the other and a query issued while a transaction is open waits for it to end. There is no autovacuum:
 * run `analyzeAfterBulkLoad` after loading many rows.
 */
export async function createPgliteDb(options: PgliteDbOptions = {}): Promise<Db> {
  const pglite = await PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    // PGlite's own int8 parser returns a number when the value fits and a bigint when it does not; one type is
    // what callers can rely on. Its default serializer already sends a bigint parameter as its decimal text.
    parsers: { [types.INT8]: (text: string) => BigInt(text) },
  });
  const scope = new TransactionScope();
  let closed: Promise<void> | undefined;

  return {
    dialect: 'pglite',

    async query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      scope.assertOutside('query()');
      return await runOn<R>(pglite, sql, params);
    },

    async transaction<T>(
      work: (tx: Transaction) => Promise<T>,
      transactionOptions: TransactionOptions = {},
    ): Promise<T> {
      scope.assertOutside('transaction()');
      const isolation =
        transactionOptions.isolation === undefined ? undefined : isolationLevelSql(transactionOptions.isolation);
      // PGlite's transaction() issues BEGIN and COMMIT/ROLLBACK itself (raising SQLSTATE 25P02 when COMMIT turns
      // into a rollback); the isolation level can still be set as the first statement.
      return await pglite.transaction(async (pgliteTx) => {
        if (isolation !== undefined) await pgliteTx.exec(`set transaction isolation level ${isolation}`);
        let open = true;
        const tx: Transaction = {
          async query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
            if (!open) throw new Error('transaction has already ended: its tx cannot be used any more');
            return await runOn<R>(pgliteTx, sql, params);
          },
        };
        try {
          return await scope.run(() => work(tx));
        } finally {
          open = false;
        }
      });
    },

    async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
      scope.assertOutside('listen()');
      // PGlite splices the channel into LISTEN unquoted.
      quoteIdentifier(channel, 'channel');
      const unlisten = await pglite.listen(channel, scope.detach(onNotify));
      let listening = true;
      return async () => {
        if (!listening) return;
        listening = false;
        // Closing the database has already ended every subscription.
        if (!pglite.closed) await unlisten();
      };
    },

    close(): Promise<void> {
      closed ??= pglite.closed ? Promise.resolve() : pglite.close();
      return closed;
    },
  };
}

async function runOn<R extends object>(
  target: PGlite | PgliteTransaction,
  sql: string,
  params: readonly unknown[] | undefined,
): Promise<QueryResult<R>> {
  // query() uses the extended protocol, one statement only; exec() the simple one, which takes a whole script.
  // Choosing by the presence of parameters matches what node-postgres does, so both adapters accept the same text.
  const result =
    params === undefined || params.length === 0
      ? (await target.exec(sql)).at(-1)
      : await target.query<R>(sql, [...params]);
  return toQueryResult<R>(result);
}

function toQueryResult<R extends object>(result: Results | undefined): QueryResult<R> {
  // rowCount comes from the statement's command tag, as with node-postgres; affectedRows would add up the
  // statements of a script.
  return { rows: (result?.rows ?? []) as R[], rowCount: result?.rowCount ?? 0 };
}
