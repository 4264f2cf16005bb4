import { createHash } from 'node:crypto';
import { isDomainError } from '@vezel/errors';
import type { Db, Transaction } from './db.ts';
import { MigrationError } from './migration-error.ts';

/** One schema change, applied once per database in id order. */
export interface Migration {
  /** `NNNN-name`: the file name without `.sql`. Migrations apply in id order; numbers are unique. */
  readonly id: string;
  /** The statements, without BEGIN/COMMIT: the runner wraps each migration in its own transaction. */
  readonly sql: string;
  /** Where the SQL came from (a file path), named in errors. */
  readonly source?: string;
}

const idPattern = /^(\d{4})-[a-z0-9][a-z0-9_-]*$/;
// Two-key advisory lock: a fixed first key meaning "migrations" (0x7665_7a6c), the schema as the second, so
// services sharing one database but not a schema do not wait for each other.
const lockStatement = `select pg_advisory_xact_lock(${0x7665_7a6c}, hashtext(coalesce(current_schema(), '')))`;

const createTable = `
create table if not exists schema_migrations (
  id text primary key,
  checksum text not null,
  applied_at timestamptz not null default now()
)`;

/**
 * Brings the database (the Db's schema) up to date: applies, in id order, each migration not yet recorded in
 * `schema_migrations`, each in its own transaction together with its record, and returns the ids it applied.
 * Runners in several processes may start at once: an advisory lock lets one apply a migration while the others
 * wait and then skip it. A migration whose SQL changed after it was applied is a `MigrationError` naming it.
 * Recorded ids missing from `migrations` (a newer release has run) are left alone.
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<string[]> {
  const ordered = inIdOrder(migrations);
  const recorded = await db.transaction(
    async (tx) => {
      await tx.query(lockStatement);
      await tx.query(createTable);
      const { rows } = await tx.query<{ id: string; checksum: string }>(`select id, checksum from schema_migrations`);
      return new Map(rows.map((row) => [row.id, row.checksum]));
    },
    { isolation: 'read committed' },
  );
  // Every applied migration is checked before anything new runs on top of an edited history.
  for (const migration of ordered) {
    const checksum = recorded.get(migration.id);
    if (checksum !== undefined) assertUnchanged(migration, checksum);
  }
  const applied: string[] = [];
  for (const migration of ordered) {
    if (recorded.has(migration.id)) continue;
    // Read committed on purpose: each statement after the lock sees what a runner that held it before committed.
    const didApply = await db.transaction((tx) => applyOnce(tx, migration), { isolation: 'read committed' });
    if (didApply) applied.push(migration.id);
  }
  return applied;
}

async function applyOnce(tx: Transaction, migration: Migration): Promise<boolean> {
  await tx.query(lockStatement);
  const { rows } = await tx.query<{ checksum: string }>(`select checksum from schema_migrations where id = $1`, [
    migration.id,
  ]);
  const row = rows[0];
  if (row !== undefined) {
    // Another runner applied it while this one waited for the lock.
    assertUnchanged(migration, row.checksum);
    return false;
  }
  try {
    await tx.query(migration.sql);
  } catch (error) {
    // An unreachable database stays the retriable error it is; an SQL error gets the file's name on it.
    if (isDomainError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${describe(migration)} failed: ${reason}`, migration.id, { cause: error });
  }
  await tx.query(`insert into schema_migrations (id, checksum) values ($1, $2)`, [migration.id, checksumOf(migration)]);
  return true;
}

function inIdOrder(migrations: readonly Migration[]): Migration[] {
  const numbers = new Map<string, string>();
  for (const migration of migrations) {
    const match = idPattern.exec(migration.id);
    if (match === null) {
      throw new MigrationError(`migration ${describe(migration)}: the id must look like 0001-name`, migration.id);
    }
    const number = match[1] ?? '';
    const other = numbers.get(number);
    if (other !== undefined) {
      throw new MigrationError(`migrations ${other} and ${migration.id} share the number ${number}`, migration.id);
    }
    numbers.set(number, migration.id);
  }
  return [...migrations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function assertUnchanged(migration: Migration, recordedChecksum: string): void {
  const checksum = checksumOf(migration);
  if (checksum !== recordedChecksum) {
    throw new MigrationError(
      `migration ${describe(migration)} was changed after it was applied (checksum ${recordedChecksum.slice(0, 12)} ` +
        `recorded, ${checksum.slice(0, 12)} now): add a new migration instead of editing an applied one`,
      migration.id,
    );
  }
}

// Line endings are normalised so a checkout with CRLF (Windows, git autocrlf) does not look like an edit.
function checksumOf(migration: Migration): string {
  return createHash('sha256').update(migration.sql.replace(/\r\n/g, '\n')).digest('hex');
}

function describe(migration: Migration): string {
  return migration.source ?? `${migration.id}.sql`;
}
