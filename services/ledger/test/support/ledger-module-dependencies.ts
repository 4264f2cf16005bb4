import { createPgDb, type Db } from '@vezel/db';
import type { EventLog } from '@vezel/messaging';
import type { ServiceDependencies } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';

/**
 * What a host gives the ledger module in a test: its database in schema `ledger` (so rebuilds and the figure thread
 * work as in production), the test's event log, and a logger that only speaks up on errors.
 */
export function ledgerModuleDependencies(databaseUrl: string, db: Db, eventLog: EventLog): ServiceDependencies {
  return {
    db,
    eventLog,
    logger: createLogger('ledger', { level: 'error' }),
    schema: 'ledger',
    openSchema: (schema) => createPgDb({ connectionString: databaseUrl, schema }),
    databaseUrl,
  };
}
