import { loadMigrations, type Migration } from '@vezel/db';
import { outboxSchemaSql } from '@vezel/messaging';
import { processedCommandsSchemaSql } from './processed-commands.ts';

/**
 * The tables every write-side service needs before its own: the transactional outbox (owned by
 * `@vezel/messaging`) and `processed_commands`. Numbered 0000 so it runs first; services number theirs from 0001 and
 * stay below 9000, which is kept for later kit migrations (an `alter table outbox ...` would be `9001-...`). Its
 * checksum follows `outboxSchemaSql`: a change there must come as such a new migration, never as an edit (a unit
 * test pins the checksum).
 */
export const serviceKitMigration: Migration = {
  id: '0000-service-kit',
  sql: outboxSchemaSql + processedCommandsSchemaSql,
  source: '@vezel/service-kit (outbox, processed_commands)',
};

/**
 * A service's migrations: {@link serviceKitMigration}, then the `NNNN-name.sql` files of `dir` (pass
 * `new URL('../migrations/', import.meta.url)` from the service's `src/module.ts`).
 */
export async function loadServiceMigrations(dir: string | URL): Promise<Migration[]> {
  return [serviceKitMigration, ...(await loadMigrations(dir))];
}
