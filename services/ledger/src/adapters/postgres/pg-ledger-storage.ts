import { migrate, type Db, type Migration } from '@vezel/db';
import type { LedgerStorage, PrepareRebuildTables } from '../../app/ledger-storage.ts';
import { analyzeGrownTables, analyzeGrownTablesEvery } from './analyze-grown-tables.ts';
import { applyEventBatch } from './apply-event-batch.ts';
import { withFigureWork, type FigureWork } from './figure-thread.ts';
import { pgRebuildClaims } from './pg-rebuild-claims.ts';
import { readStoredPosition } from './read-stored-position.ts';
import { countDirtyNodes, countFigureBacklog, refreshDerivedFigures } from './refresh-derived-figures.ts';
import { copyReferenceData, swapSchemas } from './swap-schemas.ts';
import { tablesIdOf } from './tables-id-of.ts';

/** How often, at most, the refresher and the rebuild look at table growth. */
const ANALYZE_CHECK_MS = 5_000;

/** The ledger's storage in one PostgreSQL schema (the one `db` works in). */
export function createPgLedgerStorage(db: Db): LedgerStorage {
  const analyzeIfGrown = analyzeGrownTablesEvery(db, ANALYZE_CHECK_MS);
  return {
    applyBatch: (batch, options) => applyEventBatch(db, batch, options),
    tablesId: () => tablesIdOf(db),
    storedPosition: (topic, partition) => readStoredPosition(db, topic, partition),
    refreshFigures: (options = {}) => refreshDerivedFigures(db, options),
    countDirtyNodes: () => countDirtyNodes(db),
    countFigureBacklog: () => countFigureBacklog(db),
    analyzeIfGrown,
    analyzeGrownTables: async () => {
      await analyzeGrownTables(db);
    },
  };
}

/** Where a rebuild of the ledger in schema `schema` puts its fresh tables: `<schema>_rebuild`, dropped first. */
export interface PgRebuildTablesOptions {
  /** The live Db (the reference data is copied and the schemas swapped there). */
  readonly db: Db;
  readonly schema: string;
  /** Opens a Db on another schema of the ledger's database. */
  readonly openSchema: (schema: string) => Db;
  readonly migrations: readonly Migration[];
  /** Figure work on a thread of its own for the rebuild's schema; absent, it runs in this thread. */
  readonly figureWorkOf?: (schema: string) => FigureWork;
}

/** Prepares `<schema>_rebuild` from nothing each time: a failed rebuild's leftovers never leak into the next. */
export function pgRebuildTables(options: PgRebuildTablesOptions): PrepareRebuildTables {
  const { db, schema } = options;
  const rebuildSchema = `${schema}_rebuild`;
  return async () => {
    await db.query(`drop schema if exists "${rebuildSchema}" cascade`);
    const fresh = options.openSchema(rebuildSchema);
    try {
      await migrate(fresh, options.migrations);
      await copyReferenceData(db, schema, rebuildSchema);
    } catch (error) {
      await fresh.close();
      throw error;
    }
    const figureWork = options.figureWorkOf?.(rebuildSchema);
    return {
      storage: withFigureWork(createPgLedgerStorage(fresh), figureWork),
      claims: pgRebuildClaims(fresh),
      swapIn: () => swapSchemas(db, schema, rebuildSchema),
      close: async () => {
        try {
          await figureWork?.release();
        } finally {
          await fresh.close();
        }
      },
    };
  };
}
