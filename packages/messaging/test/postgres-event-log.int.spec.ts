import { createPgDb, type Db } from '@vezel/db';
import { createTestDatabase } from '@vezel/testing';
import { createPostgresEventLog } from '../src/index.ts';
import { describeEventLogContract } from './event-log-contract.ts';

describeEventLogContract('postgres (real PostgreSQL)', async () => {
  const url = await createTestDatabase('event_log');
  const dbs: Db[] = [];
  return {
    // Short leases so a killed consumer's partition moves on quickly.
    open: async () => {
      const db = createPgDb({ connectionString: url });
      dbs.push(db);
      return createPostgresEventLog({ db, leaseMs: 2_000 });
    },
    childEnv: { EVENT_LOG: 'postgres', DATABASE_URL: url },
    dispose: async () => {
      await Promise.all(dbs.map((db) => db.close()));
    },
  };
});
