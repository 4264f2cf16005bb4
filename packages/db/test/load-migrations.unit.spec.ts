import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, MigrationError } from '../src/index.ts';

describe('loadMigrations', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vezel-migrations-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the NNNN-name.sql files sorted by name, keeping each file as the source', async () => {
    await writeFile(join(dir, '0002-add-grams.sql'), 'alter table batch add column grams int8;\n');
    await writeFile(join(dir, '0001-create-batch.sql'), 'create table batch (id text);\n');
    await writeFile(join(dir, 'README.md'), 'not a migration');

    const migrations = await loadMigrations(dir);

    expect(migrations).toEqual([
      { id: '0001-create-batch', sql: 'create table batch (id text);\n', source: join(dir, '0001-create-batch.sql') },
      {
        id: '0002-add-grams',
        sql: 'alter table batch add column grams int8;\n',
        source: join(dir, '0002-add-grams.sql'),
      },
    ]);
  });

  it('accepts a file URL such as new URL("../migrations/", import.meta.url)', async () => {
    await writeFile(join(dir, '0001-create-batch.sql'), 'select 1;');

    const migrations = await loadMigrations(pathToFileURL(`${dir}/`));

    expect(migrations.map((migration) => migration.id)).toEqual(['0001-create-batch']);
  });

  it('refuses a .sql file that does not follow the naming rule instead of leaving it out', async () => {
    await writeFile(join(dir, '0001-create-batch.sql'), 'select 1;');
    await writeFile(join(dir, '2-Add Grams.sql'), 'select 2;');

    const error = await loadMigrations(dir).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toContain('2-Add Grams.sql');
  });
});
