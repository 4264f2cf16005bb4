import type { Queryable } from '@vezel/db';

/**
 * Which tables `db` works on: its schema's object id. A rebuild renames its fresh schema to the live one's name, so
 * the name stays and the id changes.
 */
export async function tablesIdOf(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ id: string | null }>(
    `select (select oid::text from pg_namespace where nspname = current_schema()) as id`,
  );
  const id = rows[0]?.id;
  // current_schema() is null when no schema of the search path exists (renamed away by a rebuild's swap).
  if (id === null || id === undefined) throw new Error('the ledger schema of this connection does not exist');
  return id;
}
