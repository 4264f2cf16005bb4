import { createServer } from 'node:net';
import { InvalidInputError, UnavailableError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import { createPgDb, type Db } from '../src/index.ts';

/** A port on this machine that nothing listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

describe('pg adapter without a server', () => {
  it.each<[string, (db: Db) => Promise<unknown>]>([
    ['query', (db) => db.query(`select 1`)],
    ['transaction', (db) => db.transaction(async (tx) => tx.query(`select 1`))],
    ['listen', (db) => db.listen('outbox', () => undefined)],
  ])('reports an unreachable server from %s as a retriable UnavailableError keeping the cause', async (_, use) => {
    const db = createPgDb({
      connectionString: `postgres://vezel@127.0.0.1:${await closedPort()}/vezel`,
      schema: 'sorting',
    });

    const error = await use(db).catch((caught: unknown) => caught);
    await db.close();

    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).retriable).toBe(true);
    expect((error as UnavailableError).details).toEqual({ code: 'ECONNREFUSED' });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('rejects a schema name that is not a lower-case identifier before connecting', () => {
    expect(() => createPgDb({ connectionString: 'postgres://127.0.0.1/x', schema: 'Sorting"; drop' })).toThrow(
      InvalidInputError,
    );
  });
});
