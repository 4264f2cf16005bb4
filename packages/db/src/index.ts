export type { Db, Queryable, Transaction, TransactionOptions, IsolationLevel, QueryResult, Row } from './db.ts';
export { createPgDb, type PgDbOptions } from './pg-db.ts';
export { createPgliteDb, type PgliteDbOptions } from './pglite-db.ts';
export { sqlStateOf } from './sql-state.ts';
export { migrate, type Migration } from './migrate.ts';
export { loadMigrations } from './load-migrations.ts';
export { MigrationError } from './migration-error.ts';
export { analyzeAfterBulkLoad } from './analyze-after-bulk-load.ts';
