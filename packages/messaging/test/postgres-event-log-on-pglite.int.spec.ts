import { createPgliteDb, type Db } from '@vezel/db';
import { createPostgresEventLog } from '../src/index.ts';
import { describeEventLogContract } from './event-log-contract.ts';

let db: Db | undefined;

describeEventLogContract(
  'postgres (PGlite in-process, the embedded default)',
  async () => {
    db = await createPgliteDb({});
    const shared = db;
    return {
      // A "restart" is a new event log over the same database, as after a process restart on the same data dir.
      open: async () => createPostgresEventLog({ db: shared, leaseMs: 2_000 }),
      dispose: async () => {
        await shared.close();
      },
    };
  },
  { sharedAcrossProcesses: false },
);
