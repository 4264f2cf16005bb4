import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Migration } from './migrate.ts';
import { MigrationError } from './migration-error.ts';

const fileNamePattern = /^(\d{4}-[a-z0-9][a-z0-9_-]*)\.sql$/;

/**
 * Reads the `NNNN-name.sql` files of a directory (a path, or a `file:` URL such as
 * `new URL('../migrations/', import.meta.url)`), sorted by name. Other files are ignored, but a `.sql` file that
 * does not follow the naming rule is an error rather than a migration silently left out.
 */
export async function loadMigrations(dir: string | URL): Promise<Migration[]> {
  const directory = dir instanceof URL ? fileURLToPath(dir) : dir;
  const names = (await readdir(directory)).filter((name) => name.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    const source = join(directory, name);
    const id = fileNamePattern.exec(name)?.[1];
    if (id === undefined) {
      throw new MigrationError(`${source}: migration files are named NNNN-name.sql (lower case)`, name);
    }
    migrations.push({ id, sql: await readFile(source, 'utf8'), source });
  }
  return migrations;
}
